"""The bundled example articles (our own text) give the deals a reader would list."""

from __future__ import annotations

from pathlib import Path

import pytest

from dealscope.core.model import Deal, Extraction
from dealscope.ingest import Skipped, read_articles
from dealscope.pipeline import Extractor

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def results(extractor: Extractor) -> dict[str, Extraction]:
    articles = [a for a in read_articles(str(EXAMPLES)) if not isinstance(a, Skipped)]
    return {r.article.id: r for r in extractor.extract_many(articles)}


def deal_with(result: Extraction, party: str) -> Deal:
    found = [d for d in result.deals if any(p.name == party for p in d.parties)]
    assert found, f"no deal with {party}: {[d.summary for d in result.deals]}"
    return found[0]


def test_aircraft_order(results: dict[str, Extraction]) -> None:
    deal = deal_with(results["astana-forum-airbus"], "FlyArystan")
    assert deal.type == "purchase" and deal.status == "signed" and deal.sector == "aviation"
    assert {(p.name, p.role) for p in deal.parties} >= {
        ("FlyArystan", "buyer"),
        ("Airbus", "seller"),
    }
    assert deal.quantity is not None and deal.quantity.count == 12
    assert deal.value is not None and deal.value.usd == 1.6e9 and deal.value.qualifier == "approx"
    assert set(deal.countries) == {"KAZ", "FRA"}


def test_euro_contract_is_converted_at_the_article_date(results: dict[str, Extraction]) -> None:
    deal = deal_with(results["astana-forum-airbus"], "Alstom")
    assert deal.value is not None and deal.value.currency == "EUR"
    assert deal.value.rate_date is not None and deal.value.rate_date.year == 2025
    assert 400e6 < deal.value.usd < 480e6  # type: ignore[operator]
    assert deal.quantity is not None and deal.quantity.count == 50


def test_loan_offer(results: dict[str, Extraction]) -> None:
    (deal,) = [d for d in results["astana-forum-airbus"].deals if d.type == "financing"]
    assert deal.status == "financing_offered"
    assert deal.value is not None and deal.value.qualifier == "up_to"


def test_stake_and_package(results: dict[str, Extraction]) -> None:
    gulf = results["gulf-uzbek-energy"]
    acwa = deal_with(gulf, "ACWA Power")
    assert [(s.party, s.percent) for s in acwa.stakes] == [("ACWA Power", 80)]
    assert acwa.value is not None and acwa.value.usd == 2.1e9
    (package,) = [d for d in gulf.deals if d.package]
    assert not package.aggregate_safe and package.value is not None
    assert package.value.qualifier == "at_least"
    assert acwa.id in package.contains  # the totals' parts, listed after it


def test_cooperation_and_purchase_in_one_article(results: dict[str, Extraction]) -> None:
    bishkek = results["bishkek-telecom"]
    starlink = deal_with(bishkek, "Starlink")
    assert starlink.type == "cooperation" and starlink.sector == "telecom"
    assert set(starlink.countries) == {"KGZ", "USA"}
    locomotives = deal_with(bishkek, "Westinghouse Air Brake Technologies")
    assert locomotives.quantity is not None and locomotives.quantity.count == 20
    assert "United States" not in {p.name for p in locomotives.parties}  # "US manufacturer"


def test_quotes_have_speakers(results: dict[str, Extraction]) -> None:
    quotes = results["bishkek-telecom"].quotes
    assert [q.speaker.name for q in quotes if q.speaker] == ["Sadyr Japarov"]
