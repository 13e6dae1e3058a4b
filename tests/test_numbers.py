from dealscope.nlp.money import find_money
from dealscope.nlp.numbers import find_durations, find_percents, find_quantities


def quantities(text: str) -> list[tuple[float, float | None, str | None, str | None]]:
    money, pct, dur = find_money(text, None), find_percents(text), find_durations(text)
    return [
        (q.count, q.count_from, q.item, q.qualifier) for q in find_quantities(text, money, pct, dur)
    ]


def test_counted_items() -> None:
    assert quantities("It will buy 18 long-haul Boeing 787-9 Dreamliners for $7bn.") == [
        (18, None, "long-haul Boeing 787-9 Dreamliners", None)
    ]
    assert quantities("at least 3,000 agricultural machines are to be built") == [
        (3000, None, "agricultural machines", "at_least")
    ]
    assert quantities("an order raised from 14 to 22 aircraft") == [(22, 14, "aircraft", None)]


def test_years_dates_money_and_model_numbers_are_not_quantities() -> None:
    assert quantities("On November 6 the 2025 summit approved $5bn for 737 MAX jets.") == []


def test_percents_and_durations() -> None:
    assert [p.value for p in find_percents("a 70% stake and 30 pct and 12.5 per cent")] == [
        70,
        30,
        12.5,
    ]
    assert [d.years for d in find_durations("over 10 years, a five-year plan, 18 months")] == [
        10,
        5,
        1.5,
    ]
