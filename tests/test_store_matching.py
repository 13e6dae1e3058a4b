"""The matching rules of consolidation, on hand-built deal mentions (no database, no model)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dealscope.store.matching import (
    Figure,
    best_match,
    blocking_keys,
    conflicts,
    figures,
    item_key,
    party_key,
    profile,
    score,
)


def _deal(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "type": "purchase",
        "countries": ["KAZ", "USA"],
        "sector": "aviation",
        "status": "intended",
        "parties": [
            {"name": "Air Astana", "role": "buyer", "kind": "airline"},
            {"name": "Boeing", "role": "seller", "kind": "company"},
        ],
    }
    return base | fields


def _p(article: int, day: date = date(2025, 11, 7), **fields: Any) -> Any:
    return profile(article * 10, article, _deal(**fields), day)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("The Boeing Co.", "boeing"),
        ("Boeing", "boeing"),
        ("Air Astana JSC", "air astana"),
        ("Société Générale SA", "societe generale"),
        ("Deere & Company", "deere"),
        ("Group", "group"),  # a name is never reduced to nothing
    ],
)
def test_party_key_drops_case_accents_and_legal_forms(name: str, key: str) -> None:
    assert party_key(name) == key


def test_item_key_is_the_head_noun() -> None:
    assert item_key("long-haul Boeing 787-9 Dreamliners") == "dreamliner"
    assert item_key("of the") is None


def test_same_deal_from_two_outlets_matches_despite_different_figures() -> None:
    first = _p(1, quantity={"count": 18, "item": "Dreamliners", "span": {"text": "18"}})
    second = _p(2, quantity={"count": 15, "item": "787 Dreamliners", "span": {"text": "15"}})
    assert (score(first, second) or 0) >= 3


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"type": "financing"}, "a financing letter is not the order it finances"),
        ({"countries": ["TJK", "USA"]}, "another host country is another deal"),
        ({"package": True}, "an umbrella package is not one of its deals"),
        (
            {
                "parties": [
                    {"name": "Somon Air", "role": "buyer"},
                    {"name": "Boeing", "role": "seller"},
                ]
            },
            "another buyer is another order",
        ),
    ],
)
def test_rules_that_keep_deals_apart(change: dict[str, Any], why: str) -> None:
    assert score(_p(1), _p(2, **change)) is None, why


def test_mentions_of_one_article_never_merge() -> None:
    assert score(_p(1), _p(1)) is None


def test_a_shared_lender_alone_is_weak_evidence() -> None:
    exim = {
        "name": "Export-Import Bank of the United States",
        "role": "lender",
        "kind": "export_credit_agency",
    }
    letter = _p(
        1,
        type="financing",
        sector="finance",
        parties=[exim],
        value={"usd": 9e8, "span": {"text": "$900mn"}},
    )
    guarantee = _p(
        2,
        type="financing",
        sector="finance",
        parties=[exim, {"name": "Air Astana", "role": "borrower"}],
        value={"usd": 1.5e9, "span": {"text": "$1.5bn"}},
    )
    same_letter = _p(
        3,
        type="financing",
        sector="finance",
        parties=[exim],
        value={"usd": 9e8, "span": {"text": "$900mn"}},
    )
    assert (score(letter, guarantee) or 0) < 3
    assert (score(letter, same_letter) or 0) >= 3


def test_reports_a_year_and_more_apart_need_more_evidence() -> None:
    near = score(_p(1), _p(2, day=date(2025, 12, 1))) or 0
    far = score(_p(1), _p(2, day=date(2027, 6, 1))) or 0
    assert far < near


def test_best_match_picks_the_right_deal_and_respects_vetoes() -> None:
    order = _p(1)
    somon = _p(
        3,
        parties=[{"name": "Somon Air", "role": "buyer"}, {"name": "Boeing", "role": "seller"}],
        countries=["TJK", "USA"],
    )
    assert best_match(_p(2), {7: [order], 8: [somon]}) == 7
    # A deal that already holds a mention of the same article is ruled out.
    assert best_match(_p(2), {7: [order, _p(2)]}) is None


def test_blocking_keys_cover_parties_and_country_pairs() -> None:
    keys = blocking_keys(_p(1))
    assert "p:boeing" in keys and "p:air astana" in keys
    assert "c:KAZ|USA:aviation" in keys


def test_conflicts_group_agreeing_figures_and_name_their_sources() -> None:
    found = conflicts(
        [
            Figure("quantity", (18, 18), "18 jets", 1, 100),
            Figure("quantity", (18, 18), "eighteen", 2, 101),
            Figure("quantity", (15, 15), "15", 3, 102),
            Figure("value", (7e9, 7e9), "$7bn", 1, 100),
            Figure("value", (7.2e9, 7.2e9), "$7.2bn", 3, 102),  # within rounding: no conflict
        ]
    )
    assert [c["field"] for c in found] == ["quantity"]
    versions = {tuple(v["article_ids"]) for v in found[0]["values"]}
    assert versions == {(100, 101), (102,)}


def test_ranges_that_overlap_agree_and_one_article_never_conflicts_with_itself() -> None:
    assert not conflicts(
        [Figure("value", (3e9, 5e9), "$3-5bn", 1, 1), Figure("value", (4e9, 4e9), "$4bn", 2, 2)]
    )
    assert conflicts(
        [
            Figure("value", (2.5e9, 2.5e9), "$2.5bn", 1, 1),
            Figure("value", (3e9, 5e9), "$3-5bn", 2, 2),
        ]
    )
    assert not conflicts(
        [Figure("value", (1e9, 1e9), "$1bn", 1, 1), Figure("value", (2e9, 2e9), "$2bn", 2, 1)]
    )


def test_figures_of_a_mention() -> None:
    deal = _deal(
        value={"usd": 4e8, "usd_max": 5e8, "span": {"text": "$400mn-$500mn"}},
        stakes=[{"party": "Cove Kaz Capital", "percent": 70}],
        period={"years": 5, "span": {"text": "five years"}},
    )
    fields = {f.field: f.value for f in figures(1, 1, deal)}
    assert fields == {
        "value": (4e8, 5e8),
        "stake:cove kaz capital": (70.0, 70.0),
        "period": (5.0, 5.0),
    }


@pytest.mark.parametrize(
    ("reports", "status"),
    [
        (["intended", "signed"], "signed"),
        (["signed", "intended"], "signed"),  # "will supply" after the signing: no step back
        (["signed", "announced"], "signed"),
        (["intended", "expanded", "signed"], "expanded"),
        (["signed", "cancelled"], "cancelled"),
        (["signed", "suspended", "intended"], "intended"),  # talk of it again lifts a halt
        ([], "announced"),
    ],
)
def test_current_status_moves_forward_through_a_deals_life(reports: list[str], status: str) -> None:
    from dealscope.store.consolidate import current_status

    assert current_status(reports) == status


def test_values_in_one_currency_compare_as_written_not_through_exchange_rates() -> None:
    march = Figure("value", (419e6, 419e6), "€400 million", 1, 1, native=("EUR", 400e6, 400e6))
    june = Figure("value", (464e6, 464e6), "€400m", 2, 2, native=("EUR", 400e6, 400e6))
    assert not conflicts([march, june]), "the euro moved, the figure did not"
    more = Figure("value", (487e6, 487e6), "€420 million", 3, 3, native=("EUR", 420e6, 420e6))
    assert conflicts([march, more])
    rounded = Figure("value", (6.8e9, 6.8e9), "$6.8bn", 4, 4, native=("USD", 6.8e9, 6.8e9))
    exact = Figure("value", (6.75e9, 6.75e9), "$6.75bn", 5, 5, native=("USD", 6.75e9, 6.75e9))
    assert not conflicts([rounded, exact])


def test_the_same_companies_doing_another_deal_stay_apart() -> None:
    """Two companies that deal often: a second order of another size is another deal."""
    order = _p(
        1,
        value={"usd": 7e9, "span": {"text": "$7bn"}},
        quantity={"count": 18, "item": "Dreamliners", "span": {"text": "18"}},
    )
    bigger = _p(2, value={"usd": 25e9, "span": {"text": "$25bn"}})
    more_jets = _p(3, quantity={"count": 40, "item": "Dreamliners", "span": {"text": "40"}})
    years_later = _p(4, day=date(2027, 6, 1))
    assert (score(order, bigger) or 0) < 3
    assert (score(order, more_jets) or 0) < 3
    assert (score(order, years_later) or 0) < (score(order, _p(5)) or 0)
    same_again = _p(
        6,
        value={"usd": 7.1e9, "span": {"text": "$7.1bn"}},
        quantity={"count": 15, "item": "Dreamliners", "span": {"text": "15"}},
    )
    assert (score(order, same_again) or 0) >= 3, "18 vs 15 is a conflict, not another deal"


def test_an_expanded_order_is_the_same_deal_with_bigger_figures() -> None:
    first = _p(1, quantity={"count": 14, "item": "jets", "span": {"text": "14"}})
    raised = _p(
        2, status="expanded", quantity={"count": 22, "item": "jets", "span": {"text": "22"}}
    )
    assert (score(first, raised) or 0) >= 3


def test_a_re_extracted_mention_is_never_matched_on_its_old_profile(tmp_path: Any) -> None:
    """SQLite hands a deleted row's id out again: the profile cache must not be fooled."""
    from dealscope.core.model import Article, Deal, Extraction, Party, Span
    from dealscope.store import Store
    from dealscope.store.tables import MentionRow

    def extraction(article_id: str, text: str, deal_type: str, sector: str) -> Extraction:
        article = Article(id=article_id, text=text, date=date(2025, 11, 7))
        deal = Deal(
            id="d1",
            type=deal_type,  # type: ignore[arg-type]
            summary="test",
            parties=[
                Party(name="Acme Drilling", role="partner", kind="company"),
                Party(name="Steppe Metals", role="partner", kind="company"),
            ],
            countries=["KAZ", "USA"],
            sector=sector,  # type: ignore[arg-type]
            evidence=[Span.of(text, 0, len(text))],
        )
        return Extraction(article=article, deals=[deal])

    store = Store(f"sqlite:///{tmp_path / 'reuse.sqlite'}")
    first = "Acme Drilling and Steppe Metals signed a deal."
    store.write(extraction("a", first, "purchase", "mining"), "v1")
    store.write(extraction("a", first, "investment", "energy"), "v2")  # same row id again
    second = "Steppe Metals and Acme Drilling agreed an investment in power."
    result = store.write(extraction("b", second, "investment", "energy"), "v2")
    assert result.deals_merged == 1, "matched against the re-extracted mention, not the old one"
    with store.session() as session:
        assert len({m.deal_id for m in session.query(MentionRow)}) == 1
    store.close()
