"""The extractor end to end on short texts of our own."""

from __future__ import annotations

from typing import Any

import pytest

from dealscope.core.model import Article
from dealscope.pipeline import Extractor


def test_quotes_link_to_the_deals_they_mention(extractor: Extractor) -> None:
    text = (
        "Kazakh carrier SkyLine Air agreed to buy 10 jets from Airbus for $1bn on Monday.\n\n"
        '"Airbus gave us the best price we have ever seen," chief executive Ana Lee said.\n\n'
        '"The weather was lovely in Paris," she added.'
    )
    result = extractor.extract(Article(id="t", text=text))
    (deal,) = result.deals
    assert {p.name for p in result.deals[0].parties} >= {"Airbus", "SkyLine Air"}
    first, second = result.quotes
    assert first.deal_ids == [deal.id]
    assert second.deal_ids == []
    assert first.speaker is not None and first.speaker.name == "Ana Lee"


def test_a_failing_article_costs_only_itself(extractor: Extractor) -> None:
    good = Article(id="good", text="Ghana signed a $2bn loan agreement with the World Bank.")
    bad = Article(id="bad", text="x")
    object.__setattr__(bad, "text", None)  # a broken object no stage can read
    results = list(extractor.extract_many([good, bad, good]))
    assert [r.article.id for r in results] == ["good", "bad", "good"]
    assert results[0].deals and results[2].deals
    assert results[1].warnings and "failed" in results[1].warnings[0]


def test_non_english_article_gives_a_warning_and_no_deals(extractor: Extractor) -> None:
    article = Article(id="ru", text="Казахстан подписал соглашение.", language="ru")
    result = extractor.extract(article)
    assert result.deals == [] and "not in English" in result.warnings[0]


def test_umbrella_totals_are_packages_kept_out_of_aggregates(extractor: Extractor) -> None:
    text = "Uzbekistan and the US signed agreements worth $20bn over five years on Friday."
    (deal,) = extractor.extract(Article(id="p", text=text)).deals
    assert deal.package and not deal.aggregate_safe
    assert deal.value is not None and deal.value.usd == 20e9
    assert deal.period is not None and deal.period.years == 5
    assert set(deal.countries) == {"UZB", "USA"}


def only_deal(extractor: Extractor, text: str) -> Any:
    deals = extractor.extract(Article(id="t", text=text)).deals
    assert len(deals) == 1, [d.summary for d in deals]
    return deals[0]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Vietnam Airlines ordered 10 Airbus A321neo jets on Tuesday.", "signed"),
        ("Vietnam Airlines plans to order 10 Airbus A321neo jets.", "intended"),
        ("Vietnam Airlines would buy 10 jets from Airbus, it said.", "intended"),
        ("Vietnam Airlines expanded its order from Airbus from 10 to 14 jets.", "expanded"),
        ("Vietnam Airlines cancelled an order for 10 Airbus jets.", "cancelled"),
    ],
)
def test_status_from_the_words_above_the_trigger(
    extractor: Extractor, text: str, status: str
) -> None:
    assert only_deal(extractor, text).status == status


def test_a_stake_bought_from_a_foreign_company(extractor: Extractor) -> None:
    deal = only_deal(
        extractor,
        "Brazil's state oil company Petrobras agreed to buy a 20% stake in an offshore block "
        "in Namibia from France's TotalEnergies for $1.2bn.",
    )
    roles = {(p.name, p.role, p.country) for p in deal.parties}
    assert roles == {("Petrobras", "buyer", "BRA"), ("TotalEnergies", "seller", "FRA")}
    assert [(s.party, s.percent) for s in deal.stakes] == [("Petrobras", 20)]
    assert deal.value is not None and deal.value.usd == 1.2e9
    assert set(deal.countries) >= {"BRA", "FRA"}


def test_a_trade_agreement_with_a_bloc(extractor: Extractor) -> None:
    deal = only_deal(extractor, "Indonesia and the European Union signed a free trade agreement.")
    assert deal.type == "trade" and deal.status == "signed"
    assert {(p.name, p.role) for p in deal.parties} == {
        ("Indonesia", "partner"),
        ("European Union", "partner"),
    }


def test_talk_without_a_counterparty_is_no_deal(extractor: Extractor) -> None:
    text = "The president said relations centred on investment, tourism and security."
    assert extractor.extract(Article(id="t", text=text)).deals == []


def test_the_deal_named_again_is_not_a_new_deal(extractor: Extractor) -> None:
    text = (
        "Ryanair ordered 70 jets from Boeing for $4bn. "
        "The agreement is good news for Boeing, which has been losing sales to Airbus."
    )
    (deal,) = extractor.extract(Article(id="t", text=text)).deals
    assert {p.name for p in deal.parties} == {"Ryanair", "Boeing"}
    assert len(deal.evidence) == 2


def test_a_deal_first_named_with_the_is_still_a_deal(extractor: Extractor) -> None:
    deal = only_deal(extractor, "The agreement between Kazakhstan and Boeing was signed today.")
    assert "Boeing" in {p.name for p in deal.parties}


def test_a_unit_price_is_not_the_value(extractor: Extractor) -> None:
    deal = only_deal(extractor, "Japan Airlines ordered 30 jets from Boeing at $120m each.")
    assert deal.value is None and deal.quantity is not None and deal.quantity.count == 30


def test_a_rivals_possessor_is_not_the_actor(extractor: Extractor) -> None:
    deal = only_deal(extractor, "Boeing's European rival is to sell 10 jets to Air Europa.")
    assert "Boeing" not in {p.name for p in deal.parties}
