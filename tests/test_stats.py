"""The overview statistics against the stored rows: packages never in a sum, estimates marked."""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import pytest

from dealscope.pipeline import Extractor
from dealscope.store import Store, ingest
from dealscope.store.queries import DealFilter
from dealscope.store.stats import Stats, overview
from tests.deal_db import execute, facts, safe_usd, writable_copy


def stats_of(path: Path, f: DealFilter | None = None) -> Stats:
    store = Store(str(path))
    try:
        with store.session() as session:
            return overview(session, f)
    finally:
        store.close()


def test_totals_count_packages_as_deals_but_never_in_the_sum(db: Path) -> None:
    deals = facts(db)
    packages = [d for d in deals if not d.aggregate_safe]
    assert any(p.usd for p in packages), "the test data should hold a package with a value"
    # and deals inside a package with values of their own, which count like any other deal
    assert any(d.parent_id is not None and d.usd for d in deals)
    totals = stats_of(db).totals
    assert totals.deals == len(deals)
    assert totals.packages == len(packages)
    assert totals.usd == pytest.approx(safe_usd(deals))
    assert totals.usd < sum(d.usd or 0 for d in deals)  # the packages' dollars are left out
    assert totals.with_value == sum(1 for d in deals if d.aggregate_safe and d.usd is not None)
    assert totals.conflicts == sum(1 for d in deals if d.has_conflicts)


def test_by_country_counts_each_deal_once_per_country(db: Path) -> None:
    deals = facts(db)
    stats = stats_of(db)
    expected = Counter(c for d in deals for c in set(d.countries))
    assert {b.key: b.deals for b in stats.by_country} == dict(expected)
    for bucket in stats.by_country:
        mine = [d for d in deals if bucket.key in d.countries]
        assert bucket.usd == pytest.approx(safe_usd(mine)), bucket.key
    usds = [b.usd for b in stats.by_country]
    assert usds == sorted(usds, reverse=True)


def test_by_sector_type_and_status_add_up_to_the_totals(db: Path) -> None:
    stats = stats_of(db)
    for buckets in (stats.by_sector, stats.by_type, stats.by_status):
        assert sum(b.deals for b in buckets) == stats.totals.deals
        assert sum(b.usd for b in buckets) == pytest.approx(stats.totals.usd)


def test_counterparty_matrix_has_every_ordered_pair_of_a_deals_countries(db: Path) -> None:
    deals = facts(db)
    expected: Counter[tuple[str, str]] = Counter()
    usd: dict[tuple[str, str], float] = {}
    for deal in deals:
        for countries in itertools.permutations(sorted(set(deal.countries)), 2):
            expected[countries] += 1
            if deal.aggregate_safe and deal.usd is not None:
                usd[countries] = usd.get(countries, 0.0) + deal.usd
    matrix = stats_of(db).by_counterparty
    assert {(p.country, p.counterparty): p.deals for p in matrix} == dict(expected)
    for pair in matrix:
        assert pair.usd == pytest.approx(usd.get((pair.country, pair.counterparty), 0.0))
    assert any(len(set(d.countries)) > 2 for d in deals)  # a three-country deal is in the data


def test_months_follow_first_seen(db: Path) -> None:
    deals = facts(db)
    months = stats_of(db).by_month
    expected = Counter(d.first_seen[:7] for d in deals if d.first_seen)
    assert {b.key: b.deals for b in months} == dict(expected)
    assert [b.key for b in months] == sorted(expected)


def test_filters_apply_to_every_figure(db: Path) -> None:
    deals = [d for d in facts(db) if "KAZ" in d.countries]
    stats = stats_of(db, DealFilter(country="kaz"))
    assert stats.totals.deals == len(deals) > 0
    assert stats.totals.usd == pytest.approx(safe_usd(deals))
    assert {b.key for b in stats.by_country} >= {"KAZ"}
    assert next(b for b in stats.by_country if b.key == "KAZ").deals == len(deals)
    none = stats_of(db, DealFilter(country="ATA"))
    assert none.totals.deals == 0 and none.totals.usd == 0 and none.by_country == []


def test_estimated_dollars_are_reported_apart_and_packages_still_left_out(
    db: Path, tmp_path: Path
) -> None:
    copy = writable_copy(db, tmp_path)
    deals = facts(copy)
    plain = next(d for d in deals if d.aggregate_safe and d.usd)
    package = next(d for d in deals if not d.aggregate_safe and d.usd)
    execute(copy, "UPDATE deals SET usd_estimated = 1 WHERE id IN (?, ?)", plain.id, package.id)
    stats = stats_of(copy)
    assert stats.totals.estimated_usd == pytest.approx(plain.usd)
    assert stats.totals.usd == pytest.approx(safe_usd(deals))
    for code in plain.countries:
        bucket = next(b for b in stats.by_country if b.key == code)
        assert bucket.estimated_usd == pytest.approx(plain.usd)


def test_postgresql_gives_the_same_figures(db: Path, extractor: Extractor) -> None:
    """The same articles on PostgreSQL: every statistic, the brief and the exports agree
    (the SQL written for SQLite's planner must mean the same there)."""
    from fastapi.testclient import TestClient

    from dealscope.api import Settings, create_app
    from dealscope.report.brief import build_brief
    from dealscope.report.export import pages
    from tests.conftest import need_postgres, reset_postgres
    from tests.deal_db import fill

    url = need_postgres()
    reset_postgres(url)
    fill(url, extractor)
    lite, pg = Store(str(db)), Store(url)
    try:
        with lite.session() as a, pg.session() as b:
            assert overview(b) == overview(a)
            f = DealFilter(country="KAZ", min_usd=1e6)
            assert overview(b, f) == overview(a, f)
            assert build_brief(b, event="summit").model_dump() == build_brief(
                a, event="summit").model_dump()
            assert list(pages(b, DealFilter(), 7)) == list(pages(a, DealFilter(), 7))
        with TestClient(create_app(pg, Settings())) as there, TestClient(
            create_app(lite, Settings())
        ) as here:
            for path in ("/api/deals?party=boeing&sort=usd", "/api/articles?q=summit",
                         "/api/parties?q=air", "/api/quotes?speaker=japarov", "/api/parties/1",
                         "/api/quotes?q=the", "/api/articles/1"):
                answer = there.get(path)
                assert answer.status_code == 200, answer.text
                assert answer.json() == here.get(path).json(), path
    finally:
        lite.close()
        pg.close()


def test_overview_is_cached_until_the_store_is_written(tmp_path: Path) -> None:
    from dealscope.store.stats import _CACHE
    from tests.conftest import ROOT

    store = Store(str(tmp_path / "cache.sqlite"))
    summary_one = ingest(store, [str(ROOT / "examples" / "astana-forum-airbus.txt")])
    assert summary_one.new == 1
    with store.session() as session:
        first = overview(session)
        version = store.version()
        assert overview(session) == first
    assert any(key[1] == version for key in _CACHE)
    ingest(store, [str(ROOT / "examples" / "dushanbe-mining.txt")])
    assert store.version() == version + 1
    with store.session() as session:
        second = overview(session)
    assert second.totals.deals > first.totals.deals, "a write makes the cached figures stale"
    store.close()
