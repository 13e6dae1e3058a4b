from datetime import date

import pytest

from dealscope.nlp.money import find_money

DAY = date(2025, 11, 9)


@pytest.mark.parametrize(
    ("text", "amount", "currency", "qualifier"),
    [
        ("$100bn", 100e9, "USD", None),
        ("$2.5 bn", 2.5e9, "USD", None),
        ("$900mn", 900e6, "USD", None),
        ("$32.5mn", 32.5e6, "USD", None),
        ("around $7bn", 7e9, "USD", "approx"),
        ("at least $40m", 40e6, "USD", "at_least"),
        ("more than $17bn", 17e9, "USD", "at_least"),
        ("up to $1.8bn", 1.8e9, "USD", "up_to"),
        ("US$1.1 billion", 1.1e9, "USD", None),
        ("1.2 mln dlrs", 1.2e6, "USD", None),
        ("£3m", 3e6, "GBP", None),
        ("€250 million", 250e6, "EUR", None),
        ("500 million yuan", 500e6, "CNY", None),
        ("Rs 4,000 crore", 4000e7, "INR", None),
        ("KZT 1.5 trillion", 1.5e12, "KZT", None),
        ("1 trillion tenge", 1e12, "KZT", None),
        ("150 mln stg", 150e6, "GBP", None),
        ("4.5 mln Hong Kong dlrs", 4.5e6, "HKD", None),
        ("10 billion yen", 10e9, "JPY", None),
        ("eight mln dlrs", 8e6, "USD", None),
        ("half a billion dollars", 0.5e9, "USD", None),
    ],
)
def test_money_forms(text: str, amount: float, currency: str, qualifier: str | None) -> None:
    found = find_money(f"They agreed on {text} yesterday.", DAY)
    assert len(found) == 1
    money = found[0]
    assert money.amount == pytest.approx(amount)
    assert money.currency == currency
    assert money.qualifier == qualifier
    assert money.span.text in f"They agreed on {text} yesterday."


def test_usd_amounts_are_exact_in_dollars() -> None:
    (money,) = find_money("a deal worth $900mn", DAY)
    assert money.usd == 900e6 and not money.usd_estimated


def test_another_marks_additional_money() -> None:
    (money,) = find_money("as another $9mn is invested", DAY)
    assert money.additional and money.usd == 9e6


def test_ranges_keep_both_ends() -> None:
    (money,) = find_money("a $1-2bn plan", DAY)
    assert (money.amount, money.amount_max) == (1e9, 2e9)
    (money,) = find_money("worth $3 to $5 billion", DAY)
    assert (money.usd, money.usd_max) == (3e9, 5e9)


def test_ecb_currency_converts_at_the_article_date() -> None:
    (money,) = find_money("€250 million", date(2020, 6, 1))
    assert 250e6 < money.usd < 320e6  # type: ignore[operator]
    assert not money.usd_estimated
    assert money.rate_date is not None


def test_currency_without_ecb_rate_uses_the_annual_table_and_is_estimated() -> None:
    (money,) = find_money("1 trillion tenge", date(2024, 5, 1))
    assert money.usd is not None and money.usd_estimated
    assert 1.8e9 < money.usd < 2.6e9  # about 470 tenge to the dollar in 2024


def test_pre_1999_dates_use_the_annual_table() -> None:
    (money,) = find_money("150 mln stg", date(1987, 3, 2))
    assert money.usd_estimated
    assert 200e6 < money.usd < 280e6  # type: ignore[operator]


@pytest.mark.parametrize("text", ["he won 3 games", "5 pounds of flour", "25 pct", "in 2025"])
def test_not_money(text: str) -> None:
    assert find_money(text, DAY) == []


def test_ner_independent_amount_labelled_person_by_spacy() -> None:
    text = "The bank submitted a letter of interest for $900mn in financing."
    (money,) = find_money(text, DAY)
    assert text[money.span.start : money.span.end] == "$900mn"
