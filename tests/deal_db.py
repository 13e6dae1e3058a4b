"""One database of real ingested articles, shared by the API, brief, export and stats tests.

The articles of ``examples/`` and ``tests/articles/summit/`` (plus the seed article when
``../shared`` is there) go through the real extractor and store once per test session; tests
that write get a copy of the file. ``facts`` reads the same file with the standard library's
sqlite3, so expectations come from the stored rows, not from the code under test.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from dealscope.pipeline import Extractor
from dealscope.store import Store, ingest
from tests.conftest import ROOT, need_shared

SOURCES = [ROOT / "examples", ROOT / "tests" / "articles" / "summit"]
_built: dict[str, Path] = {}

# An article whose title and text carry markup, with one deal and a quote about it.
SCRIPT_TITLE = '<script>alert("brief")</script> Somon Air buys Airbus jets'
SCRIPT_TEXT = (
    "Tajik airline Somon Air signed an agreement to buy four Airbus A320neo jets for $480mn, "
    "the company said on Wednesday.\n\n"
    '"The Airbus order opens a new chapter for our passengers," said Rustam Nazarov, chief '
    'executive of Somon Air. <script>alert("text")</script>\n'
)


def _seed() -> list[Path]:
    """The seed article's folder when ../shared exists (in CI it must)."""
    try:
        return [need_shared() / "corpus" / "seed"]
    except pytest.skip.Exception:
        return []


def fill(url: str, extractor: Extractor) -> None:
    """Ingest the test articles into the database at ``url``."""
    store = Store(url)
    try:
        summary = ingest(store, [str(s) for s in [*_seed(), *SOURCES]], extractor=extractor)
    finally:
        store.close()
    assert summary.new >= 10, summary


def ingested_db(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Path:
    """The shared database file, built on first use."""
    if "path" not in _built:
        path = tmp_path_factory.mktemp("deal-db") / "deals.sqlite"
        fill(str(path), extractor)
        _built["path"] = path
    return _built["path"]


def writable_copy(source: Path, tmp_path: Path) -> Path:
    """A private copy of the database for a test that writes."""
    target = tmp_path / "deals.sqlite"
    shutil.copyfile(source, target)
    return target


@dataclass(frozen=True)
class Deal:
    """A deal row as stored, read without dealscope's code."""

    id: int
    type: str
    sector: str
    status: str
    usd: float | None
    usd_estimated: bool
    countries: list[str]
    first_seen: str | None
    last_seen: str | None
    package: bool
    aggregate_safe: bool
    parent_id: int | None
    has_conflicts: bool


def facts(path: Path) -> list[Deal]:
    with sqlite3.connect(path) as connection:
        rows: list[Any] = connection.execute(
            "SELECT id, type, sector, status, usd, usd_estimated, countries, first_seen, "
            "last_seen, package, aggregate_safe, parent_id, has_conflicts FROM deals"
        ).fetchall()
    return [
        Deal(
            id=r[0], type=r[1], sector=r[2], status=r[3], usd=r[4], usd_estimated=bool(r[5]),
            countries=json.loads(r[6]), first_seen=r[7], last_seen=r[8], package=bool(r[9]),
            aggregate_safe=bool(r[10]), parent_id=r[11], has_conflicts=bool(r[12]),
        )
        for r in rows
    ]


def safe_usd(deals: list[Deal]) -> float:
    """The honest total: packages left out, each deal once."""
    return sum(d.usd for d in deals if d.aggregate_safe and d.usd is not None)


def execute(path: Path, sql: str, *params: Any) -> list[Any]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql, params).fetchall()
