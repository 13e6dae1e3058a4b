"""The mention layer on the seed article: every amount, country and stated home right."""

from __future__ import annotations

from typing import Any

import pytest

from dealscope.pipeline import find_mentions


@pytest.fixture(scope="module")
def mentions(seed_article: Any) -> Any:
    return find_mentions(seed_article)


def test_every_amount_has_its_usd_value_and_qualifier(mentions: Any) -> None:
    found = {m.span.text: (m.usd, m.qualifier, m.additional) for m in mentions.money}
    assert found == {
        "$100bn": (100e9, None, False),
        "$900mn": (900e6, None, False),
        "$7bn": (7e9, "approx", False),
        "$2.5 bn": (2.5e9, None, False),
        "$300mn": (300e6, None, False),
        "$32.5mn": (32.5e6, None, False),
        "$9mn": (9e6, None, True),
    }


def test_every_country_form_gets_its_code(mentions: Any) -> None:
    codes = {(c.span.text, c.code) for c in mentions.countries}
    for pair in [
        ("Kazakhstan", "KAZ"),
        ("Uzbekistan", "UZB"),
        ("Kyrgyzstan", "KGZ"),
        ("Tajikistan", "TJK"),
        ("Turkmenistan", "TKM"),
        ("Tashkent", "UZB"),
        ("Kazakhstani", "KAZ"),
        ("Tajik", "TJK"),
        ("Uzbek", "UZB"),
        ("Kyrgyz", "KGZ"),
        ("Turkmen", "TKM"),
        ("American", "USA"),
        ("US", "USA"),
        ("United States", "USA"),
        ("Russia", "RUS"),
        ("China", "CHN"),
    ]:
        assert pair in codes, pair


@pytest.mark.parametrize(
    ("surface", "country", "kind"),
    [
        ("Cove Kaz Capital Group", "USA", None),  # "US-based"
        ("Tau-Ken Samruk", "KAZ", "state_company"),  # "Kazakhstan's state company"
        ("Air Astana", "KAZ", "airline"),
        ("John Deere", "USA", None),
        ("AgromashHolding KZ", "KAZ", None),
        ("Boeing", "USA", None),
        ("Somon Air", "TJK", "airline"),
        ("Starlink", "USA", None),
        ("SpaceX", "USA", None),
        ("Perplexity AI", "USA", None),
        ("Coca-Cola", "USA", None),
    ],
)
def test_organizations_with_a_stated_home(
    mentions: Any, surface: str, country: str, kind: str | None
) -> None:
    hits = [o for o in mentions.organizations if o.span.text == surface]
    assert hits, surface
    assert hits[0].country == country
    if kind:
        assert hits[0].kind == kind


def test_export_import_bank_is_american(mentions: Any) -> None:
    hits = [o for o in mentions.organizations if "Export-Import Bank" in o.span.text]
    assert hits and all(o.country == "USA" for o in hits)
