"""Conversion to US dollars at the article's date.

The ECB's daily reference rates (``currencyconverter``, bundled with the package, 1999 on)
give exact figures for the currencies they cover. For the others (KZT, UZS, TJS, AED, ...) and
for years before 1999, ``data/fx_annual.json`` holds annual average official rates compiled
from public statistics; a USD value from that table is flagged ``estimated``, and so is one
computed without a date (the latest rate stands in for an unknown date).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from dealscope.nlp.lexicon import has_data, load_json


@cache
def _ecb() -> Any:
    from currency_converter import CurrencyConverter

    return CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=False)


@cache
def _annual() -> dict[str, dict[int, float]]:
    if not has_data("fx_annual.json"):
        return {}
    rates = load_json("fx_annual.json").get("rates", {})
    return {cur: {int(y): float(v) for y, v in years.items()} for cur, years in rates.items()}


def _from_ecb(amount: float, currency: str, when: date | None) -> tuple[float, date] | None:
    ecb = _ecb()
    if currency not in ecb.currencies:
        return None
    first, last = ecb.bounds[currency]
    day = when or last
    if day < first:
        return None
    day = min(day, last)
    from currency_converter import RateNotFoundError

    try:
        return float(ecb.convert(amount, currency, "USD", date=day)), day
    except RateNotFoundError:
        return None


def _from_table(amount: float, currency: str, when: date | None) -> tuple[float, date] | None:
    years = _annual().get(currency)
    if not years:
        return None
    year = when.year if when else max(years)
    nearest = min(years, key=lambda y: abs(y - year))
    per_usd = years[nearest]
    if per_usd <= 0:
        return None
    return amount / per_usd, date(nearest, 7, 1)


def to_usd(
    amount: float, currency: str, when: date | None
) -> tuple[float | None, bool, date | None]:
    """``(usd, estimated, rate_date)`` for ``amount`` of ``currency`` at ``when``."""
    if currency == "USD":
        return amount, False, None
    exact = _from_ecb(amount, currency, when)
    if exact is not None:
        return exact[0], when is None, exact[1]
    table = _from_table(amount, currency, when)
    if table is not None:
        return table[0], True, table[1]
    return None, False, None
