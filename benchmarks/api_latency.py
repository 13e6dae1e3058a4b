"""Latency of the API over 100,000 deals: /api/deals, /api/stats and the dashboard overview.

Builds a SQLite database with the real example articles ingested plus N synthetic deals
inserted in bulk (SQLAlchemy core; a realistic spread of countries, sectors, types, statuses,
values, dates and parties, a few umbrella packages with deals inside), starts the real server
(`dealscope serve`) in a subprocess on 127.0.0.1, and times requests with httpx.

    .venv/bin/python benchmarks/api_latency.py                  # 100,000 deals, 200 requests
    .venv/bin/python benchmarks/api_latency.py --deals 10000 --requests 50
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, insert, select

from dealscope.store import Store, ingest
from dealscope.store.state import bump
from dealscope.store.tables import DealCountryRow, DealPartyRow, DealRow, PartyRow

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = {  # weight: how often a country is party to a deal
    "USA": 30,
    "CHN": 22,
    "KAZ": 18,
    "UZB": 14,
    "RUS": 12,
    "TUR": 10,
    "DEU": 9,
    "FRA": 9,
    "GBR": 8,
    "JPN": 7,
    "KOR": 7,
    "ARE": 7,
    "SAU": 6,
    "IND": 6,
    "KGZ": 5,
    "TJK": 5,
    "TKM": 3,
    "AZE": 4,
    "GEO": 3,
    "ARM": 2,
    "MNG": 2,
    "PAK": 3,
    "IRN": 2,
    "ITA": 4,
    "ESP": 3,
    "NLD": 3,
    "CAN": 3,
    "AUS": 3,
    "BRA": 3,
    "QAT": 3,
    "SGP": 3,
    "CHE": 2,
    "SWE": 2,
    "POL": 2,
    "UKR": 2,
    "EGY": 2,
    "ZAF": 2,
    "IDN": 2,
    "VNM": 2,
    "MYS": 1,
    "THA": 1,
    "NOR": 1,
    "AUT": 1,
    "BEL": 1,
}
SECTORS = {
    "aviation": 10,
    "mining": 12,
    "energy": 15,
    "agriculture": 8,
    "finance": 10,
    "transport": 8,
    "telecom": 6,
    "technology": 8,
    "infrastructure": 9,
    "consumer": 4,
    "defense": 3,
    "health": 3,
    "other": 4,
}
TYPES = {"purchase": 30, "investment": 25, "financing": 15, "trade": 10, "cooperation": 20}
STATUSES = {
    "announced": 25,
    "intended": 15,
    "signed": 35,
    "expanded": 3,
    "financing_offered": 5,
    "completed": 12,
    "cancelled": 3,
    "suspended": 2,
}
ROLES = {
    "purchase": ("buyer", "seller"),
    "investment": ("investor", "recipient"),
    "financing": ("lender", "borrower"),
    "trade": ("buyer", "supplier"),
    "cooperation": ("partner", "partner"),
}
WORDS = [
    "Astana",
    "Silk",
    "Steppe",
    "Caspian",
    "Pamir",
    "Aral",
    "Tien",
    "Golden",
    "Eastern",
    "Northern",
    "Global",
    "United",
    "Pacific",
    "Atlas",
    "Nova",
    "Orion",
    "Vertex",
    "Delta",
]
KINDS = [
    "Air",
    "Energy",
    "Mining",
    "Bank",
    "Holding",
    "Telecom",
    "Motors",
    "Power",
    "Capital",
    "Rail",
    "Agro",
    "Steel",
    "Logistics",
    "Systems",
    "Resources",
]


def pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def build(path: Path, count: int, seed: int) -> None:
    """The real examples ingested, then ``count`` synthetic deals in bulk."""
    store = Store(str(path))
    ingest(store, [str(ROOT / "examples"), str(ROOT / "tests" / "articles" / "summit")])
    rng = random.Random(seed)
    with store.engine.begin() as connection:
        first_party = (connection.scalar(select(func.max(PartyRow.id))) or 0) + 1
        first_deal = (connection.scalar(select(func.max(DealRow.id))) or 0) + 1
        parties = _parties(rng, first_party, 6000)
        connection.execute(insert(PartyRow), parties)
        by_country: dict[str, list[dict[str, Any]]] = {}
        for party in parties:
            by_country.setdefault(party["country"], []).append(party)
        for chunk in _chunks(_deals(rng, first_deal, count, by_country), 5000):
            connection.execute(insert(DealRow), [d for d, _, _ in chunk])
            connection.execute(insert(DealCountryRow), [c for _, cs, _ in chunk for c in cs])
            connection.execute(insert(DealPartyRow), [p for _, _, ps in chunk for p in ps])
    store.close()


def _parties(rng: random.Random, first: int, count: int) -> list[dict[str, Any]]:
    out = []
    for index in range(count):
        name = f"{rng.choice(WORDS)} {rng.choice(KINDS)} {index}"
        out.append(
            {
                "id": first + index,
                "key": name.lower(),
                "name": name,
                "country": pick(rng, COUNTRIES),
                "kind": "company",
            }
        )
    return out


def _chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _deals(
    rng: random.Random, first: int, count: int, parties: dict[str, list[dict[str, Any]]]
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]]:
    start = dt.date(2015, 1, 1)
    package_id: int | None = None
    for deal_id in range(first, first + count):
        kind = pick(rng, TYPES)
        countries = sorted({pick(rng, COUNTRIES) for _ in range(rng.choice((1, 2, 2, 2, 3)))})
        if len(countries) == 1 and rng.random() < 0.8:
            countries = sorted({*countries, pick(rng, COUNTRIES)})
        package = rng.random() < 0.01
        usd = None if rng.random() < 0.3 else round(10 ** rng.uniform(6, 10.3), -5)
        if package:
            usd = round(10 ** rng.uniform(9.5, 11), -8)
        first_seen = start + dt.timedelta(days=rng.randrange(0, 4200))
        last_seen = first_seen + dt.timedelta(days=rng.choice((0, 0, 0, 3, 30, 200)))
        members = [rng.choice(parties[c]) for c in countries]
        roles = ROLES[kind]
        deal_parties = {(p["id"], roles[i % 2]) for i, p in enumerate(members)}
        value = f", ${usd / 1e6:,.0f}mn" if usd else ""
        summary = (
            f"{kind.capitalize()}: "
            + "; ".join(
                f"{p['name']} ({roles[i % 2]}, {p['country']})" for i, p in enumerate(members)
            )
            + value
        )
        parent = package_id if package_id and not package and rng.random() < 0.3 else None
        deal = {
            "id": deal_id,
            "type": kind,
            "sector": pick(rng, SECTORS),
            "status": pick(rng, STATUSES),
            "summary": summary,
            "usd": usd,
            "usd_max": None,
            "usd_estimated": usd is not None and rng.random() < 0.1,
            "count": float(rng.randrange(2, 60))
            if kind == "purchase" and rng.random() < 0.5
            else None,
            "item": "aircraft" if kind == "purchase" else None,
            "countries": countries,
            "first_seen": first_seen,
            "last_seen": last_seen,
            "package": package,
            "aggregate_safe": not package,
            "parent_id": parent,
            "sources": rng.choice((1, 1, 1, 2, 2, 3, 5)),
            "conflicts": [],
            "has_conflicts": rng.random() < 0.05,
            "edits": {},
        }
        if package:
            package_id = deal_id
        yield (
            deal,
            [{"deal_id": deal_id, "country": c} for c in countries],
            [{"deal_id": deal_id, "party_id": p, "role": r} for p, r in sorted(deal_parties)],
        )


def deal_queries(rng: random.Random, count: int, party_names: list[str]) -> list[dict[str, Any]]:
    """Varied /api/deals requests: filters alone and combined, every sort, deep pages."""
    queries = []
    for _ in range(count):
        params: dict[str, Any] = {}
        for name, chance, value in (
            ("country", 0.45, lambda: pick(rng, COUNTRIES)),
            ("counterparty", 0.15, lambda: pick(rng, COUNTRIES)),
            ("sector", 0.25, lambda: pick(rng, SECTORS)),
            ("type", 0.2, lambda: pick(rng, TYPES)),
            ("status", 0.2, lambda: pick(rng, STATUSES)),
            ("min_usd", 0.2, lambda: rng.choice((1e7, 1e8, 1e9))),
            ("since", 0.2, lambda: f"{rng.randrange(2016, 2026)}-01-01"),
            ("until", 0.1, lambda: f"{rng.randrange(2017, 2026)}-06-30"),
            ("party", 0.08, lambda: rng.choice(party_names)),
            ("q", 0.08, lambda: rng.choice(("aircraft", "Energy", "Astana", "Bank 12"))),
            ("conflicts", 0.05, lambda: "true"),
        ):
            if rng.random() < chance:
                params[name] = value()
        if params.get("counterparty") == params.get("country"):
            params.pop("counterparty", None)
        params["sort"] = rng.choice(("usd", "first_seen", "last_seen", "sources", "id"))
        params["order"] = rng.choice(("asc", "desc"))
        params["limit"] = rng.choice((25, 50, 50, 100))
        params["offset"] = rng.choice((0, 0, 0, 50, 200, 1000))
        queries.append(params)
    return queries


def timed(client: httpx.Client, path: str, params: dict[str, Any] | None = None) -> float:
    started = time.perf_counter()
    response = client.get(path, params=params)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path} {params}: {response.status_code} {response.text[:300]}")
    return elapsed


def report(name: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    print(
        f"{name:<28} {len(times):>5} {statistics.median(ordered):>9.1f} {p95:>9.1f} "
        f"{ordered[-1]:>9.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", type=Path, help="reuse (or keep) this database file")
    args = parser.parse_args()

    folder = tempfile.TemporaryDirectory(prefix="dealscope-bench-")
    path = args.db or Path(folder.name) / "bench.sqlite"
    if not path.exists():
        started = time.perf_counter()
        build(path, args.deals, args.seed)
        print(f"built {path} in {time.perf_counter() - started:.1f} s")
    store = Store(str(path))
    with store.engine.connect() as connection:
        total = connection.scalar(select(func.count()).select_from(DealRow)) or 0
        names = list(connection.scalars(select(PartyRow.name).limit(300)))
    store.close()
    print(f"deals: {total:,}  database: {path.stat().st_size / 1e6:.0f} MB")

    port = free_port()
    command = [
        str(Path(sys.executable).parent / "dealscope"),
        "serve",
        "--db",
        str(path),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    log = (Path(folder.name) / "server.log").open("w+b")
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=60) as client:
            for _ in range(100):
                try:
                    client.get("/api/stats", params={"country": "ATA"})
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            rng = random.Random(args.seed)
            queries = deal_queries(rng, args.requests, [n.split()[0] for n in names])
            for params in queries[:10]:  # warm the caches
                timed(client, "/api/deals", params)
            print(f"{'endpoint':<28} {'n':>5} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
            report("/api/deals (varied)", [timed(client, "/api/deals", q) for q in queries])
            report("/api/deals (no filter)", [timed(client, "/api/deals") for _ in range(30)])
            ids = rng.sample(range(1, total + 1), 50)
            report("/api/deals/{id}", [timed(client, f"/api/deals/{i}") for i in ids])
            # Aggregates are cached until the next write: time both the first request after a
            # write (the store's counter bumped as a write would) and the cached ones.
            writer = Store(str(path))

            def after_write(route: str, params: dict[str, Any] | None = None) -> float:
                with writer.session() as session:
                    bump(session)
                return timed(client, route, params)

            report("/api/stats (after a write)", [after_write("/api/stats") for _ in range(10)])
            report("/api/stats (cached)", [timed(client, "/api/stats") for _ in range(20)])
            countries = [{"country": pick(rng, COUNTRIES)} for _ in range(20)]
            report(
                "/api/stats?country= (write)", [after_write("/api/stats", c) for c in countries]
            )
            if client.get("/").status_code == 200:
                report("/ overview (after a write)", [after_write("/") for _ in range(10)])
                report("/ overview (cached)", [timed(client, "/") for _ in range(20)])
            writer.close()
            started = time.perf_counter()
            size = len(client.get("/api/export/deals.csv").content)
            print(
                f"/api/export/deals.csv: {size / 1e6:.1f} MB in "
                f"{time.perf_counter() - started:.2f} s"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.returncode not in (0, -15):
            log.seek(0)
            print(log.read().decode(errors="replace")[-2000:], file=sys.stderr)
        log.close()
        folder.cleanup()


if __name__ == "__main__":
    main()
