"""Consolidation on real text: the seed article plus six follow-up articles written for the tests.

Each real-world deal must come out once with all its sources and the right conflict flags, no
two distinct deals may be merged, and the status must follow the latest report. Runs on SQLite
and on a real PostgreSQL server.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from dealscope.pipeline import Extractor
from dealscope.store import Store, ingest
from dealscope.store.consolidate import current_status
from dealscope.store.queries import deal_detail
from dealscope.store.tables import (
    ArticleRow,
    DealRow,
    MentionRow,
    PartyRow,
    QuoteRow,
    StatusEventRow,
)
from tests.conftest import SUMMIT, SUMMIT_EXPECTED, need_shared

EXPECTED = json.loads(SUMMIT_EXPECTED.read_text(encoding="utf-8"))


def _seed_dir() -> Path:
    return need_shared() / "corpus" / "seed"


@pytest.fixture
def summit_store(db_url: str, extractor: Extractor) -> Store:
    store = Store(db_url)
    summary = ingest(store, [str(_seed_dir()), str(SUMMIT)], extractor=extractor)
    assert summary.new == 7 and not summary.skipped
    return store


def _mentions_by_key(store: Store) -> dict[str, list[MentionRow]]:
    """For every expected deal, the mention that reports it in each of its sources."""
    with store.session() as session:
        articles = {Path(a.source_id).name: a.id for a in session.scalars(select(ArticleRow))}
        mentions = list(session.scalars(select(MentionRow)))
    seed = next(aid for name, aid in articles.items() if name.startswith("c5plus1"))
    found: dict[str, list[MentionRow]] = {}
    for deal in EXPECTED["deals"]:
        match = deal["match"]
        for source in deal["sources"]:
            article = seed if source == "seed" else articles[Path(source).stem]
            candidates = [
                m
                for m in mentions
                if m.article_id == article
                and m.type in match["type"]
                and set(match["countries"]) <= set(m.data["countries"])
                and any(match["party"].lower() in p["name"].lower() for p in m.data["parties"])
            ]
            assert len(candidates) == 1, f"{deal['key']} in {source}: {len(candidates)} mentions"
            found.setdefault(deal["key"], []).append(candidates[0])
    return found


def test_each_deal_once_with_all_its_sources(summit_store: Store) -> None:
    found = _mentions_by_key(summit_store)
    with summit_store.session() as session:
        for deal in EXPECTED["deals"]:
            deal_ids = {m.deal_id for m in found[deal["key"]]}
            assert len(deal_ids) == 1, f"{deal['key']} is split over deals {deal_ids}"
            deal_id = deal_ids.pop()
            members = session.scalars(select(MentionRow).where(MentionRow.deal_id == deal_id))
            assert {m.id for m in members} == {m.id for m in found[deal["key"]]}, (
                f"{deal['key']}: deal {deal_id} holds mentions of other deals"
            )
            row = session.get(DealRow, deal_id)
            assert row is not None and row.sources == len(deal["sources"])


def test_distinct_deals_stay_apart(summit_store: Store) -> None:
    found = _mentions_by_key(summit_store)
    for first, second in EXPECTED["distinct_pairs"]:
        assert found[first][0].deal_id != found[second][0].deal_id, (first, second)


def test_conflicting_figures_are_flagged_with_their_sources(summit_store: Store) -> None:
    found = _mentions_by_key(summit_store)
    with summit_store.session() as session:
        for deal in EXPECTED["deals"]:
            detail = deal_detail(session, found[deal["key"]][0].deal_id or 0)
            fields = {c.field for c in detail.conflicts}
            wanted = {"stake" if f == "stakes" else f for f in deal["conflicts"]}
            assert fields == wanted, deal["key"]
            assert detail.has_conflicts == bool(wanted)
            for conflict in detail.conflicts:
                assert len(conflict.values) >= 2
                cited = [a for v in conflict.values for a in v.article_ids]
                assert len(set(cited)) >= 2, "a conflict names the articles on each side"


def test_status_follows_the_latest_report(summit_store: Store) -> None:
    found = _mentions_by_key(summit_store)
    with summit_store.session() as session:
        for deal in EXPECTED["deals"]:
            detail = deal_detail(session, found[deal["key"]][0].deal_id or 0)
            dates = [step.date for step in detail.timeline]
            assert dates == sorted(dates), "the timeline is in report order"
            assert detail.status == current_status([s.status for s in detail.timeline])
        # The designed change: intended in 2025, a firm order in March 2026.
        astana = deal_detail(session, found["air-astana-787"][0].deal_id or 0)
    assert [s.status for s in astana.timeline][-1] == "signed"
    assert "intended" in [s.status for s in astana.timeline]
    assert astana.status == "signed"
    assert str(astana.timeline[-1].date) == "2026-03-10"


def test_status_matches_what_the_articles_report(summit_store: Store) -> None:
    found = _mentions_by_key(summit_store)
    dates = {name: info["date"] for name, info in EXPECTED["articles"].items()}
    dates["seed"] = "2025-11-09"
    with summit_store.session() as session:
        for deal in EXPECTED["deals"]:
            reported = deal.get("statuses") or {}
            if not reported:
                continue
            ordered = [reported[s] for s in sorted(reported, key=lambda s: dates[s])]
            row = session.get(DealRow, found[deal["key"]][0].deal_id)
            assert row is not None and row.status == current_status(ordered), deal["key"]


def test_evidence_offsets_point_into_the_stored_text(summit_store: Store) -> None:
    with summit_store.session() as session:
        texts = dict(session.execute(select(ArticleRow.id, ArticleRow.text)).tuples().all())
        for mention in session.scalars(select(MentionRow)):
            for span in mention.data["evidence"]:
                assert texts[mention.article_id][span["start"] : span["end"]] == span["text"]
        for quote in session.scalars(select(QuoteRow)):
            assert texts[quote.article_id][quote.start : quote.end]


def test_umbrella_package_links_children_and_stays_out_of_totals(summit_store: Store) -> None:
    with summit_store.session() as session:
        packages = session.scalars(select(DealRow).where(DealRow.package.is_(True))).all()
        assert packages, "the seed's $100bn umbrella deal is a package"
        for package in packages:
            assert package.aggregate_safe is False
        children = session.scalars(select(DealRow).where(DealRow.parent_id.is_not(None))).all()
        assert children and all(c.parent_id in {p.id for p in packages} for c in children)


def _counts(store: Store) -> dict[str, Any]:
    with store.session() as session:
        return {
            table.__tablename__: session.scalar(select(func.count()).select_from(table))
            for table in (ArticleRow, MentionRow, DealRow, PartyRow, QuoteRow, StatusEventRow)
        } | {
            "deals": sorted(
                session.execute(select(DealRow.id, DealRow.sources, DealRow.status)).tuples()
            )
        }


def test_ingesting_again_changes_nothing(summit_store: Store, extractor: Extractor) -> None:
    before = _counts(summit_store)
    summary = ingest(summit_store, [str(_seed_dir()), str(SUMMIT)], extractor=extractor)
    assert (summary.new, summary.updated, summary.unchanged) == (0, 0, 7)
    assert _counts(summit_store) == before


def test_extractor_upgrade_replaces_mentions_and_keeps_corrections(
    summit_store: Store, extractor: Extractor
) -> None:
    found = _mentions_by_key(summit_store)
    starlink = found["tj-starlink"][0].deal_id or 0
    summit_store.edit(starlink, {"status": "completed"})
    with summit_store.session() as session:
        old_ids = set(session.scalars(select(MentionRow.id)))
        session.execute(ArticleRow.__table__.update().values(extractor_version="older"))
    summary = ingest(summit_store, [str(_seed_dir()), str(SUMMIT)], extractor=extractor)
    assert summary.updated == 7 and summary.new == 0
    with summit_store.session() as session:
        new_ids = set(session.scalars(select(MentionRow.id)))
        assert not old_ids & new_ids, "every mention was extracted again"
    found = _mentions_by_key(summit_store)
    for deal in EXPECTED["deals"]:
        assert len({m.deal_id for m in found[deal["key"]]}) == 1, deal["key"]
    with summit_store.session() as session:
        row = session.get(DealRow, found["tj-starlink"][0].deal_id)
        assert row is not None and row.status == "completed", "the manual edit survived"


def _partition(store: Store) -> set[tuple[frozenset[int], str, str]]:
    """Which mentions are together, with each deal's status and summary (ids aside)."""
    groups: dict[int, set[int]] = {}
    with store.session() as session:
        for mention_id, deal_id in session.execute(select(MentionRow.id, MentionRow.deal_id)):
            groups.setdefault(deal_id, set()).add(mention_id)
        deals = {d.id: d for d in session.scalars(select(DealRow))}
    return {(frozenset(ids), deals[d].status, deals[d].summary) for d, ids in groups.items()}


def test_corrections_survive_a_full_reconsolidation(summit_store: Store) -> None:
    found = _mentions_by_key(summit_store)
    denali = found["uz-denali-rare-earths"][0].deal_id or 0
    denali_mention = found["uz-denali-rare-earths"][0].id
    re_element = found["uz-re-element-rare-earths"][0].deal_id or 0
    astana = found["air-astana-787"][0].deal_id or 0
    assert summit_store.merge(denali, [re_element]) == denali
    parts = summit_store.split(astana)
    assert len(parts) == 4, "every source of the Air Astana deal on its own"
    summit_store.edit(denali, {"sector": "mining", "summary": "Uzbek rare earths (two firms)"})
    before, counts = _partition(summit_store), _counts(summit_store)
    summit_store.rebuild()
    assert _partition(summit_store) == before
    assert _counts(summit_store) == counts, "deal ids, sources and statuses are kept"
    with summit_store.session() as session:
        denali = session.scalar(select(MentionRow.deal_id).where(MentionRow.id == denali_mention))

        merged = {
            m.deal_id
            for m in session.scalars(
                select(MentionRow).where(
                    MentionRow.id.in_(
                        [
                            m.id
                            for m in found["uz-denali-rare-earths"]
                            + found["uz-re-element-rare-earths"]
                        ]
                    )
                )
            )
        }
        assert merged == {denali}
        split = {
            m.deal_id
            for m in session.scalars(
                select(MentionRow).where(MentionRow.id.in_([m.id for m in found["air-astana-787"]]))
            )
        }
        assert len(split) == 4
        row = session.get(DealRow, denali)
        assert row is not None and row.summary == "Uzbek rare earths (two firms)"
