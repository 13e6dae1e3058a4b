"""Does consolidation stay linear as the store grows? The store against all-pairs matching.

Synthetic but realistic deal mentions (about 60 countries with skewed frequency, about 3,000
company names with Zipf-like frequency, every deal type, sector and status, values,
quantities, stakes, loan periods, dates over three years; about 30% of the mentions re-report
an earlier deal with the same parties and slightly varied figures) are written through the real
store API: one ``Extraction`` per synthetic article of about three mentions, each written with
``Store.write(extraction, "bench")`` into a fresh SQLite file. Only the ``Store.write`` calls are
timed (building the synthetic objects is not).

It prints, in one run:

* the time for the store to grow to each size, mentions/s overall and in each window, and the
  growth ratio (time per mention in the last window before the largest size / in the first);
* the naive baseline: every new mention scored against every mention of every existing deal
  (``dealscope.store.matching.best_match`` over all deals, in memory, no database) on the same
  first mentions, for the ``--naive`` sizes, showing its quadratic growth;
* how well the known re-reports were merged (merge precision and recall, and pairwise
  precision and recall of the deals against the synthetic truth) by the store and by the naive
  baseline, and how far the store's deals agree with the naive ones — any merge the naive
  baseline makes and the store misses is lost to blocking.

    python benchmarks/consolidation_growth.py [--sizes 10000 100000] [--naive 2000 5000 10000]
                                              [--window N] [--seed 0] [--zipf 0.8] [--db FILE]

The largest size takes a while (about 10 minutes for 100,000 mentions on the project's 2-core
machine; the time per mention rises while blocks fill, then levels off): see
``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import bisect
import math
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from provenance import code_version
from sqlalchemy import func, select

from dealscope.core.model import (
    Article,
    Deal,
    Duration,
    Extraction,
    Financing,
    Money,
    Party,
    Quantity,
    Span,
    Stake,
)
from dealscope.store import Store
from dealscope.store.matching import Profile, best_match, profile
from dealscope.store.tables import DealRow, MentionRow

START = date(2022, 1, 1)
DAYS = 3 * 365
REREPORT_SHARE = 0.30
REREPORT_MEAN_DAYS = 30  # how long after the previous report a deal is usually reported again
OLD_REREPORT_SHARE = 0.05  # re-reports of any earlier deal, however old


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


COUNTRIES = words(
    "USA CHN GBR DEU FRA JPN IND RUS KAZ CAN AUS BRA KOR ITA ESP NLD CHE SAU ARE TUR SGP MEX "
    "IDN UZB POL SWE NOR ZAF EGY NGA ARG CHL ISR IRN QAT KWT MYS THA VNM PHL PAK BGD UKR AZE "
    "GEO KGZ TJK MNG BEL AUT DNK FIN IRL PRT GRC CZE HUN ROU NZL KEN"
)
SECTORS = words(
    "mining energy aviation agriculture telecom technology finance manufacturing transport "
    "consumer healthcare infrastructure defense tourism"
)
SECTOR_WORDS = {
    "mining": "Mining",
    "energy": "Energy",
    "aviation": "Airlines",
    "agriculture": "Agro",
    "telecom": "Telecom",
    "technology": "Systems",
    "finance": "Capital",
    "manufacturing": "Industries",
    "transport": "Logistics",
    "consumer": "Foods",
    "healthcare": "Pharma",
    "infrastructure": "Construction",
    "defense": "Defence",
    "tourism": "Resorts",
}
ITEMS = {
    "aviation": ("aircraft", "jets", "helicopters"),
    "transport": ("locomotives", "freight wagons", "buses"),
    "energy": ("wind turbines", "gas turbines"),
    "defense": ("fighter jets", "armoured vehicles"),
    "agriculture": ("tonnes of wheat", "tractors"),
    "telecom": ("base stations",),
    "mining": ("haul trucks",),
}
LEGAL = ("Corp", "Ltd", "Group", "SA", "AG", "PLC", "Inc", "JSC", "Holdings", "")
ALTERNATE = {"Corp": "Corporation", "Ltd": "Limited", "Inc": "Incorporated", "": "Group"}
HEAD = words(
    "Nor Tex Al Vel Cor Zen Mar Bal Sol Kar Tri Pan Ori Vor Lum Astra Neo Gal Hel Kro Sib Tur "
    "Ural Avi Rus Mega Tera Gran Bor Del"
)
TAIL = words(
    "tex com via tron gen lux mar dyne ix on ar ico ora ium bit gas air rail steel tel net ex "
    "link corp nova star wave"
)
TYPES = ("purchase", "investment", "financing", "trade", "cooperation")
TYPE_WEIGHTS = (35, 20, 15, 15, 15)
ROLES = {
    "purchase": ("buyer", "seller"),
    "investment": ("investor", "recipient"),
    "financing": ("lender", "borrower"),
    "trade": ("supplier", "buyer"),
    "cooperation": ("partner", "partner"),
}
STATUSES = (
    "announced",
    "signed",
    "intended",
    "completed",
    "expanded",
    "financing_offered",
    "cancelled",
    "suspended",
)
STATUS_WEIGHTS = (45, 20, 15, 10, 3, 3, 2, 2)
PROGRESS = {"intended": "announced", "announced": "signed", "signed": "completed"}


def zipf_cumulative(n: int, exponent: float = 1.0) -> list[float]:
    total = 0.0
    out = []
    for rank in range(1, n + 1):
        total += 1.0 / rank**exponent
        out.append(total)
    return out


@dataclass
class Company:
    base: str
    legal: str
    country: str
    sector: str
    kind: str

    def name(self, alternate: bool = False) -> str:
        legal = ALTERNATE.get(self.legal, "") if alternate else self.legal
        return f"{self.base} {legal}".strip()


@dataclass
class TrueDeal:
    """A synthetic real-world deal: what every report of it is drawn from."""

    id: int
    type: str
    parties: list[tuple[int, str]]  # company index, role
    government: str | None
    countries: list[str]
    sector: str
    status: str
    usd: float | None
    count: int | None
    item: str | None
    stake: float | None
    years: int | None
    first_mention: int
    last_article: int = -1


@dataclass
class Mention:
    index: int
    article: int
    day: date
    truth: int
    companies: frozenset[int]
    data: dict[str, Any] = field(default_factory=dict)


class World:
    """Companies, countries and the deals between them, drawn from one seeded generator."""

    def __init__(self, seed: int, total: int, zipf: float = 0.8) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        self.total = total
        self.country_cum = zipf_cumulative(len(COUNTRIES), 1.1)
        names: set[str] = set()
        self.companies: list[Company] = []
        while len(self.companies) < 3000:
            bank = len(self.companies) < 150
            sector = "finance" if bank else rng.choice(SECTORS)
            base = rng.choice(HEAD) + rng.choice(TAIL)
            base += " Bank" if bank else f" {SECTOR_WORDS[sector]}" if rng.random() < 0.5 else ""
            if base.lower() in names:
                continue
            names.add(base.lower())
            country = self.country()
            self.companies.append(
                Company(base, rng.choice(LEGAL), country, sector, "bank" if bank else "company")
            )
        # Ranks are shuffled so that banks are not the most frequent companies.
        self.banks = list(range(150))
        self.others = list(range(150, 3000))
        rng.shuffle(self.banks)
        rng.shuffle(self.others)
        self.bank_cum = zipf_cumulative(len(self.banks), zipf)
        self.other_cum = zipf_cumulative(len(self.others), zipf)
        self.deals: list[TrueDeal] = []
        self.created_at: list[int] = []  # mention index at which each true deal first appeared

    def country(self) -> str:
        return self.rng.choices(COUNTRIES, cum_weights=self.country_cum)[0]

    def company(self, bank: bool = False) -> int:
        pool, cum = (self.banks, self.bank_cum) if bank else (self.others, self.other_cum)
        return self.rng.choices(pool, cum_weights=cum)[0]

    def day(self, mention_index: int) -> date:
        return START + timedelta(days=mention_index * DAYS // self.total)

    def new_deal(self, mention_index: int) -> TrueDeal:
        rng = self.rng
        kind = rng.choices(TYPES, weights=TYPE_WEIGHTS)[0]
        first_role, second_role = ROLES[kind]
        first = self.company(bank=kind == "financing")
        second = self.company()
        while second == first:
            second = self.company()
        parties = [(first, first_role), (second, second_role)]
        if kind == "financing":  # the borrower's sector is the deal's
            sector = self.companies[second].sector
        else:
            sector = self.companies[first].sector
        if rng.random() < 0.1:
            sector = rng.choice(SECTORS)
        countries = sorted({self.companies[c].country for c, _ in parties})
        government = rng.choice(countries) if rng.random() < 0.1 else None
        usd = None
        if rng.random() < 0.75:
            usd = float(f"{math.exp(rng.gauss(math.log(50e6), 1.6)):.3g}")
        count = item = None
        if kind in ("purchase", "trade") and sector in ITEMS and rng.random() < 0.6:
            item = rng.choice(ITEMS[sector])
            count = rng.randint(2, 200)
        stake = (
            float(rng.choice((10, 15, 20, 25, 30, 49, 51, 70, 100)))
            if (kind in ("investment", "purchase") and rng.random() < 0.3)
            else None
        )
        years = rng.randint(3, 15) if kind == "financing" and rng.random() < 0.5 else None
        status = rng.choices(STATUSES, weights=STATUS_WEIGHTS)[0]
        deal = TrueDeal(
            len(self.deals),
            kind,
            parties,
            government,
            countries,
            sector,
            status,
            usd,
            count,
            item,
            stake,
            years,
            mention_index,
        )
        self.deals.append(deal)
        self.created_at.append(mention_index)
        return deal

    def earlier_deal(self, mention_index: int, article: int) -> TrueDeal | None:
        """A deal reported before, usually recently, never one this article reports already."""
        rng = self.rng
        if not self.deals:
            return None
        for _ in range(10):
            if rng.random() < OLD_REREPORT_SHARE:
                deal = rng.choice(self.deals)
            else:
                per_day = self.total / DAYS
                back = int(rng.expovariate(1 / (REREPORT_MEAN_DAYS * per_day)))
                at = bisect.bisect_right(self.created_at, mention_index - back) - 1
                # Further back than the first deal: any deal so far, not always the first.
                deal = self.deals[at] if at >= 0 else rng.choice(self.deals)
            if deal.last_article != article:
                return deal
        return None


class ArticleWriter:
    """Builds an article's text piece by piece, so that every span is exact."""

    def __init__(self, heading: str) -> None:
        self.text = heading

    def add(self, piece: str) -> tuple[int, int]:
        start = len(self.text)
        self.text += piece
        return start, len(self.text)


def money_text(usd: float) -> str:
    if usd >= 1e9:
        return f"${usd / 1e9:.3g} billion"
    return f"${usd / 1e6:.3g} million"


def report(world: World, deal: TrueDeal, again: bool, writer: ArticleWriter) -> dict[str, Any]:
    """One report of ``deal`` appended to the article; returns the pieces of its Deal."""
    rng = world.rng
    names = [
        world.companies[c].name(alternate=again and rng.random() < 0.3) for c, _ in deal.parties
    ]
    usd, count, status, sector = deal.usd, deal.count, deal.status, deal.sector
    if again:
        roll = rng.random()
        if usd is not None:
            if roll < 0.7:
                usd = float(f"{usd * rng.uniform(0.98, 1.02):.3g}")
            elif roll < 0.8:
                usd = float(f"{usd * rng.choice((0.8, 1.25)):.3g}")  # a conflicting figure
            else:
                usd = None
        if count is not None and rng.random() < 0.2:
            count = max(1, count + rng.choice((-3, -1, 1, 3))) if rng.random() < 0.5 else None
        if rng.random() < 0.4:
            status = PROGRESS.get(status, status)
        if rng.random() < 0.05:
            sector = "other"
    sentence_start = len(writer.text)
    article = "an" if deal.type == "investment" else "a"
    writer.add(f"{names[0]} and {names[1]} reached {article} {deal.type} agreement")
    value = quantity = period = None
    if usd is not None:
        writer.add(" worth ")
        start, end = writer.add(money_text(usd))
        value = (start, end, usd)
    if count is not None and deal.item:
        writer.add(" covering ")
        start, end = writer.add(f"{count} {deal.item}")
        quantity = (start, end, count)
    if deal.years is not None:
        writer.add(" over ")
        start, end = writer.add(f"{deal.years} years")
        period = (start, end, deal.years)
    if deal.stake is not None:
        writer.add(f" for a {deal.stake:g}% stake")
    writer.add(f", status {status}.")
    end = len(writer.text)
    writer.add("\n\n")
    return {
        "names": names,
        "usd": usd,
        "value": value,
        "quantity": quantity,
        "period": period,
        "status": status,
        "sector": sector,
        "evidence": (sentence_start, end),
    }


def build_deal(world: World, deal: TrueDeal, key: str, text: str, parts: dict[str, Any]) -> Deal:
    parties = [
        Party(
            name=name,
            role=role,  # type: ignore[arg-type]
            kind=world.companies[c].kind,  # type: ignore[arg-type]
            country=world.companies[c].country,
        )
        for name, (c, role) in zip(parts["names"], deal.parties, strict=True)
    ]
    if deal.government:
        parties.append(
            Party(
                name=f"Government of {deal.government}",
                role="government",
                kind="government",
                country=deal.government,
            )
        )
    value = quantity = period = None
    if parts["value"]:
        start, end, usd = parts["value"]
        value = Money(span=Span.of(text, start, end), amount=usd, currency="USD", usd=usd)
    if parts["quantity"]:
        start, end, count = parts["quantity"]
        quantity = Quantity(span=Span.of(text, start, end), count=count, item=deal.item)
    if parts["period"]:
        start, end, years = parts["period"]
        period = Duration(span=Span.of(text, start, end), years=years)
    stakes = [Stake(party=parts["names"][1], percent=deal.stake)] if deal.stake else []
    financing = None
    if deal.type == "financing":
        financing = Financing(instrument="loan", lender=parts["names"][0])
    start, end = parts["evidence"]
    return Deal(
        id=key,
        type=deal.type,  # type: ignore[arg-type]
        summary=text[start:end],
        parties=parties,
        countries=deal.countries,
        value=value,
        quantity=quantity,
        stakes=stakes,
        period=period,
        financing=financing,
        sector=parts["sector"],
        status=parts["status"],
        evidence=[Span.of(text, start, end)],
        confidence=0.7,
    )


def synthetic(world: World, total: int) -> Iterator[tuple[Extraction, list[Mention]]]:
    """Articles of 1-5 mentions (3 on average) until ``total`` mentions are written."""
    rng = world.rng
    index = 0
    article = 0
    while index < total:
        size = min(1 + sum(rng.random() < 0.5 for _ in range(4)), total - index)
        day = world.day(index)
        writer = ArticleWriter(f"Synthetic deal report no. {article} of {day.isoformat()}.\n\n")
        chosen: list[tuple[TrueDeal, bool]] = []
        for _ in range(size):
            deal = world.earlier_deal(index, article) if rng.random() < REREPORT_SHARE else None
            again = deal is not None
            deal = deal or world.new_deal(index + len(chosen))
            deal.last_article = article
            chosen.append((deal, again))
        pieces = [(deal, report(world, deal, again, writer)) for deal, again in chosen]
        text = writer.text.rstrip()
        deals = []
        mentions = []
        for deal, parts in pieces:
            key = f"m{index}"
            built = build_deal(world, deal, key, text, parts)
            deals.append(built)
            between = frozenset(c for c, _ in deal.parties)
            data = built.model_dump(mode="json")
            mentions.append(Mention(index, article, day, deal.id, between, data))
            index += 1
        source = Article(id=f"synthetic-{article}", text=text, date=day, source="synthetic")
        yield Extraction(article=source, deals=deals), mentions
        article += 1


# Scoring of merges against the synthetic truth.


def merge_quality(
    truth: Sequence[int], predicted: Sequence[int], companies: Sequence[frozenset[int]] = ()
) -> dict[str, float]:
    """Merge decisions and pairwise clustering of ``predicted`` deal ids against ``truth``.

    A mention *merges* when its deal holds an earlier mention; the merge is right when one of
    those earlier mentions reports the same true deal. Pairwise: every pair of mentions in one
    predicted deal against every pair in one true deal. With ``companies`` (the companies of
    each mention), wrong merges into a deal that already holds a mention between exactly the
    same companies are counted apart: a different deal between the same two companies.
    """
    seen_pred: dict[int, tuple[set[int], set[frozenset[int]]]] = {}
    seen_truth: set[int] = set()
    merges = right = rereports = same_companies = 0
    for i, (t, p) in enumerate(zip(truth, predicted, strict=True)):
        rereports += t in seen_truth
        earlier, between = seen_pred.setdefault(p, (set(), set()))
        if earlier:
            merges += 1
            right += t in earlier
            if t not in earlier and companies:
                same_companies += companies[i] in between
        earlier.add(t)
        if companies:
            between.add(companies[i])
        seen_truth.add(t)
    both = Counter(zip(truth, predicted, strict=True))
    pairs = lambda counts: sum(n * (n - 1) // 2 for n in counts)  # noqa: E731
    same_both = pairs(both.values())
    same_pred = pairs(Counter(predicted).values())
    same_truth = pairs(Counter(truth).values())
    return {
        "rereports": rereports,
        "merges": merges,
        "wrong_same_companies": same_companies,
        "merge_p": right / merges if merges else 1.0,
        "merge_r": right / rereports if rereports else 1.0,
        "pair_p": same_both / same_pred if same_pred else 1.0,
        "pair_r": same_both / same_truth if same_truth else 1.0,
    }


def naive(
    mentions: Sequence[Mention], checkpoints: Sequence[int]
) -> tuple[dict[int, float], list[int]]:
    """All-pairs consolidation in memory; (seconds at each checkpoint, deal of each mention)."""
    deals: dict[int, list[Profile]] = {}
    assigned: list[int] = []
    times: dict[int, float] = {}
    wanted = sorted(checkpoints)
    start = time.perf_counter()
    for m in mentions:
        own = profile(m.index, m.article, m.data, m.day)
        deal_id = best_match(own, deals)
        if deal_id is None:
            deal_id = len(deals) + 1
            deals[deal_id] = []
        deals[deal_id].append(own)
        assigned.append(deal_id)
        if len(assigned) in wanted:
            times[len(assigned)] = time.perf_counter() - start
            n = len(assigned)
            print(f"  naive: {n} mentions, {times[n]:.1f} s", file=sys.stderr)
    return times, assigned


def store_assignments(store: Store) -> list[int]:
    """The deal of every stored mention, in the synthetic order (mention keys are m<index>)."""
    with store.session() as session:
        rows = session.execute(select(MentionRow.key, MentionRow.deal_id)).all()
    out = [0] * len(rows)
    for key, deal_id in rows:
        out[int(key[1:])] = deal_id
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[10_000, 100_000],
        help="store sizes (mentions) to report; the largest is written",
    )
    parser.add_argument(
        "--naive",
        type=int,
        nargs="+",
        default=[2_000, 5_000, 10_000],
        help="sizes for the all-pairs baseline (0 to skip it)",
    )
    parser.add_argument(
        "--window",
        type=int,
        default=None,
        help="mentions per reported window (default: the largest size / 10)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--zipf",
        type=float,
        default=0.8,
        help="exponent of the company frequencies (default 0.8: the most frequent company is "
        "a party to about 10%% of the deals)",
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="SQLite file to write (must not exist; default: a temporary one)",
    )
    args = parser.parse_args()
    total = max(args.sizes)
    naive_sizes = sorted(n for n in args.naive if 0 < n <= total)
    window = args.window or max(total // 10, 1)
    marks = sorted({*args.sizes, *naive_sizes, *range(window, total + 1, window)})

    code = code_version()
    world = World(args.seed, total, args.zipf)
    with tempfile.TemporaryDirectory(prefix="dealscope-growth-") as tmp:
        path = args.db or Path(tmp) / "growth.sqlite"
        if path.exists():
            raise SystemExit(f"{path} exists: give a new file")
        store = Store(f"sqlite:///{path}")  # migrations run here, outside the timings
        kept: list[Mention] = []
        truth: list[int] = []
        companies: list[frozenset[int]] = []
        at: dict[int, float] = {}
        reached: dict[int, int] = {}
        written = 0
        spent = 0.0
        articles = 0
        pending = list(marks)
        for extraction, mentions in synthetic(world, total):
            start = time.perf_counter()
            store.write(extraction, "bench")
            spent += time.perf_counter() - start
            articles += 1
            written += len(mentions)
            truth.extend(m.truth for m in mentions)
            companies.extend(m.companies for m in mentions)
            if naive_sizes and written <= naive_sizes[-1] + 5:
                kept.extend(mentions)
            while pending and written >= pending[0]:
                at[pending[0]] = spent
                reached[pending[0]] = written
                print(f"  store: {written} mentions, {spent:.1f} s", file=sys.stderr)
                pending.pop(0)
        stored = store_assignments(store)
        with store.session() as session:
            deals = session.scalar(select(func.count()).select_from(DealRow)) or 0
            multi = (
                session.scalar(
                    select(func.count()).select_from(DealRow).where(DealRow.sources >= 2)
                )
                or 0
            )
            conflicted = (
                session.scalar(
                    select(func.count()).select_from(DealRow).where(DealRow.has_conflicts)
                )
                or 0
            )
        store.close()
        size_mb = sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20

    print(f"code: {code}")
    involved = Counter(c for d in world.deals for c in {c for c, _ in d.parties})
    pairs_seen: set[frozenset[int]] = set()
    repeats = 0
    for d in world.deals:
        between = frozenset(c for c, _ in d.parties)
        repeats += between in pairs_seen
        pairs_seen.add(between)
    largest = max(Counter(stored).values())
    print(
        f"synthetic mentions: {written} in {articles} articles, {len(world.deals)} true deals, "
        f"seed {args.seed}, Zipf exponent {args.zipf}: the most frequent company is in "
        f"{involved.most_common(1)[0][1] / len(world.deals):.1%} of the deals, "
        f"{repeats / len(world.deals):.1%} of the deals are between two companies that had a "
        "deal before"
    )
    print(
        f"store: {deals} deals ({multi} with 2+ sources, {conflicted} with conflicts, the largest "
        f"with {largest} mentions), SQLite {size_mb:.0f} MB"
    )
    print()
    print("store growth (Store.write time only):")
    print(
        f"{'mentions':>9} {'seconds':>9} {'mentions/s':>11} {'window':>13} {'window m/s':>11} "
        f"{'ms/mention':>11}"
    )
    previous_n, previous_t = 0, 0.0
    for mark in marks:
        if mark not in at:
            continue
        n, t = reached[mark], at[mark]
        if n == previous_n:
            continue
        rate = (n - previous_n) / (t - previous_t)
        print(
            f"{n:>9} {t:9.1f} {n / t:11.1f} {f'{previous_n}-{n}':>13} {rate:11.1f} "
            f"{1000 / rate:11.2f}"
        )
        previous_n, previous_t = n, t
    windows = [m for m in range(window, total + 1, window) if m in at]
    if len(windows) >= 2:
        first = reached[windows[0]] / at[windows[0]]
        last_n = reached[windows[-1]] - reached[windows[-2]]
        last = last_n / (at[windows[-1]] - at[windows[-2]])
        print(
            f"growth ratio (time per mention, window ending at {windows[-1]} / first "
            f"{windows[0]}): {first / last:.2f}"
        )

    if naive_sizes:
        times, assigned = naive(kept[: naive_sizes[-1]], naive_sizes)
        print()
        print("store vs naive all-pairs baseline on the same first N mentions:")
        print(
            f"{'N':>7} {'store s':>8} {'naive s':>8} {'naive/store':>12} "
            f"{'naive ms/mention':>17} {'store merge P/R':>16} {'naive merge P/R':>16} "
            f"{'store~naive pair P/R':>21}"
        )
        for n in naive_sizes:
            store_t = at[n] * n / reached[n]  # the store reached n at the end of an article
            s = merge_quality(truth[:n], stored[:n])
            b = merge_quality(truth[:n], assigned[:n])
            agree = merge_quality(assigned[:n], stored[:n])
            print(
                f"{n:>7} {store_t:8.1f} {times[n]:8.1f} {times[n] / store_t:11.2f}x "
                f"{1000 * times[n] / n:17.2f} {s['merge_p']:7.3f}/{s['merge_r']:.3f} "
                f"{b['merge_p']:8.3f}/{b['merge_r']:.3f} {agree['pair_p']:13.3f}/"
                f"{agree['pair_r']:.3f}"
            )
        if len(naive_sizes) >= 2:
            a, b_ = naive_sizes[0], naive_sizes[-1]
            exponent = math.log(times[b_] / times[a]) / math.log(b_ / a)
            print(
                f"naive time grows as N^{exponent:.2f} from {a} to {b_}; "
                f"store as N^{math.log(at[b_] / at[a]) / math.log(reached[b_] / reached[a]):.2f}"
            )
        print(
            "store~naive: pairwise P/R of the store's deals taking the naive deals as truth "
            "(R < 1: merges lost to blocking)"
        )

    print()
    print("merge quality against the synthetic truth (all mentions written):")
    q = merge_quality(truth, stored, companies)
    wrong = q["merges"] - round(q["merge_p"] * q["merges"])
    print(
        f"re-reports {q['rereports']}, merges made {q['merges']}; merge precision "
        f"{q['merge_p']:.3f}, recall {q['merge_r']:.3f}; pairwise precision {q['pair_p']:.3f}, "
        f"recall {q['pair_r']:.3f}"
    )
    print(
        f"wrong merges: {wrong}, of which {q['wrong_same_companies']} into a deal that already "
        "holds another deal between exactly the same companies"
    )


if __name__ == "__main__":
    main()
