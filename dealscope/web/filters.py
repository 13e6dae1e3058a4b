"""The deal filters of the dashboard, read from a GET form.

A browser sends every field of the form, empty or not, so parameters arrive as strings and are
parsed here: an empty field is no filter, and a malformed one (a bad date, "lots" as a minimum)
is reported on the page and ignored instead of failing the request with a 422.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel, Field

from dealscope.nlp.countries import country_name, lookup_country
from dealscope.store.queries import DealFilter, SortKey

SORT_KEYS: tuple[SortKey, ...] = ("last_seen", "first_seen", "usd", "sources", "id")
PAGE_SIZES = (25, 50, 100, 200)
_SCALES = {"": 1.0, "k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12}
_AMOUNT = re.compile(r"^\$?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(k|mn|m|bn|b|tn)?$", re.IGNORECASE)


class Filters(BaseModel):
    """The form as the user filled it (for re-display) and the problems found in it."""

    country: str = ""
    counterparty: str = ""
    sector: str = ""
    type: str = ""
    status: str = ""
    party: str = ""
    since: str = ""
    until: str = ""
    min_usd: str = ""
    q: str = ""
    conflicts: Literal["", "yes", "no"] = ""
    errors: list[str] = Field(default_factory=list)

    @property
    def active(self) -> bool:
        return any(
            getattr(self, name) for name in type(self).model_fields if name != "errors"
        )

    def deal_filter(self) -> DealFilter:
        return DealFilter(
            country=self.country.upper() or None,
            counterparty=self.counterparty.upper() or None,
            sector=self.sector or None,
            type=self.type or None,
            status=self.status or None,
            party=self.party or None,
            since=_date(self.since),
            until=_date(self.until),
            min_usd=parse_amount(self.min_usd),
            text=self.q or None,
            conflicts={"yes": True, "no": False}.get(self.conflicts),
        )


def parse_amount(text: str) -> float | None:
    """``"1.5bn"``, ``"$200mn"``, ``"250000"`` -> US dollars; ``None`` when empty or unreadable."""
    match = _AMOUNT.match(text.strip())
    if not match:
        return None
    return float(match.group(1).replace(",", "")) * _SCALES[(match.group(2) or "").lower()]


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def countries(values: list[str], errors: list[str]) -> list[str]:
    """Country codes from repeated and comma-separated values ("KAZ, Uzbekistan")."""
    codes = (_country(part, "country", errors) for value in values for part in value.split(","))
    return list(dict.fromkeys(code for code in codes if code))


def day(text: str, name: str, errors: list[str]) -> date | None:
    """A YYYY-MM-DD date, or ``None`` (with an error noted when the text is not one)."""
    text = text.strip()
    parsed = _date(text)
    if text and parsed is None:
        errors.append(f"{name}: {text!r} is not a date (YYYY-MM-DD); ignored")
    return parsed


def _country(text: str, name: str, errors: list[str]) -> str:
    """An ISO alpha-3 code from a code or a country's name ("tjk", "Tajikistan", "Tajik")."""
    text = text.strip()
    if not text:
        return ""
    if re.fullmatch(r"[A-Za-z]{3}", text) and country_name(text.upper()) != text.upper():
        return text.upper()
    code = lookup_country(text) or lookup_country(text.title())
    if code is None:
        errors.append(f"{name}: {text!r} is not a country name or ISO code; ignored")
        return ""
    return code


Text = Annotated[str, Query(max_length=200)]


def deal_filters(
    country: Text = "",
    counterparty: Text = "",
    sector: Text = "",
    type: Text = "",
    status: Text = "",
    party: Text = "",
    since: Text = "",
    until: Text = "",
    min_usd: Text = "",
    q: Text = "",
    conflicts: Text = "",
) -> Filters:
    """A FastAPI dependency: the filter parameters of a deal list, checked."""
    errors: list[str] = []
    country = _country(country, "country", errors)
    counterparty = _country(counterparty, "counterparty", errors)
    day(since, "since", errors)
    day(until, "until", errors)
    if min_usd.strip() and parse_amount(min_usd) is None:
        errors.append(f"min USD: {min_usd!r} is not an amount (e.g. 500mn, 1.5bn); ignored")
    if conflicts not in ("", "yes", "no"):
        errors.append(f"conflicts: {conflicts!r} is not yes or no; ignored")
        conflicts = ""
    return Filters(
        country=country,
        counterparty=counterparty,
        sector=sector.strip(),
        type=type.strip(),
        status=status.strip(),
        party=party.strip(),
        since=since.strip(),
        until=until.strip(),
        min_usd=min_usd.strip(),
        q=q.strip(),
        conflicts=conflicts,
        errors=errors,
    )
