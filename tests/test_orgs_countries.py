"""Countries and organizations on sentences of our own, with made-up company names."""

from __future__ import annotations

import pytest

from dealscope.nlp.countries import article_country, find_countries
from dealscope.nlp.orgs import find_organizations


def orgs(text: str) -> dict[str, tuple[str | None, str | None]]:
    found = find_organizations(text, find_countries(text))
    return {o.span.text: (o.country, o.kind) for o in found}


@pytest.mark.parametrize(
    ("text", "name", "country", "kind"),
    [
        (
            "Kazakhstan's state company Dala Metals will own 30%.",
            "Dala Metals",
            "KAZ",
            "state_company",
        ),
        ("US-based Norvik Labs will invest.", "Norvik Labs", "USA", "company"),
        ("Kazakhstani airline SkySteppe ordered jets.", "SkySteppe", "KAZ", "airline"),
        (
            "It sold a unit to Borealis Minerals, a Canadian miner, on Monday.",
            "Borealis Minerals",
            "CAN",
            "company",
        ),
        (
            "Kazakhstan agreed with Qazaq Ores, a subsidiary of the country’s sovereign fund.",
            "Qazaq Ores",
            "KAZ",
            "state_company",
        ),
        ("Madrid-based Tornada Group bought it.", "Tornada Group", "ESP", "company"),
        ("The talks with Vostok Holding KZ went on.", "Vostok Holding KZ", "KAZ", "company"),
        ("Ajax Foods Co Inc of Japan paid 5 mln dlrs.", "Ajax Foods Co Inc", "JPN", "company"),
        (
            "American farm equipment giant Plainsfield Tractor won praise.",
            "Plainsfield Tractor",
            "USA",
            "company",
        ),
    ],
)
def test_context_cues_give_unknown_organizations_a_home(
    text: str, name: str, country: str, kind: str
) -> None:
    assert orgs(text)[name] == (country, kind)


def test_gazetteer_and_what_the_article_states() -> None:
    found = orgs("Boeing sold jets to Spain's Ferrovial and to Air Astana.")
    assert found["Boeing"] == ("USA", "company")
    assert found["Ferrovial"][0] == "ESP"  # stated in the text; the gazetteer says otherwise
    assert found["Air Astana"] == ("KAZ", "airline")


def test_short_forms_and_abbreviations_refer_back() -> None:
    text = (
        "Pellucid Mining Corp said it would buy a stake. Pellucid Mining said the talks went well. "
        "The Caspian Grain Company (CGC) agreed. CGC will pay."
    )
    found = find_organizations(text, find_countries(text))
    canon = {(o.span.text, o.canonical) for o in found}
    assert ("Pellucid Mining", "Pellucid Mining Corp") in canon
    assert ("CGC", "The Caspian Grain Company") in canon or (
        "CGC",
        "Caspian Grain Company",
    ) in canon


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tashkent and Astana agreed.", [("Tashkent", "UZB"), ("Astana", "KAZ")]),
        (
            "a Tajik, a Kyrgyz and a Turkmen delegation",
            [("Tajik", "TJK"), ("Kyrgyz", "KGZ"), ("Turkmen", "TKM")],
        ),
        (
            "UK-Dutch Shell and Kyrgyz-American ties",
            [("UK", "GBR"), ("Dutch", "NLD"), ("Kyrgyz", "KGZ"), ("American", "USA")],
        ),
        ("the U.S. and the Soviet Union", [("U.S.", "USA"), ("Soviet Union", "SUN")]),
        ("Central Asia and Georgia Power", []),
        ("Georgia signed a deal", [("Georgia", "GEO")]),
        ("they told us", []),
    ],
)
def test_country_forms(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.span.text, c.code) for c in find_countries(text)] == expected


def test_article_country_from_dateline_then_mentions() -> None:
    assert article_country("TOKYO, March 3 - Shares rose.", []) == "JPN"
    text = "Peru and Chile talked. Peru agreed."
    assert article_country(text, find_countries(text)) == "PER"
