"""Chart shapes for the overview, computed from :mod:`dealscope.store.stats` aggregates.

The page draws them with plain HTML and CSS (bar lengths as percentages), so there is no
charting library and nothing to fetch; this module only turns buckets into labelled bars,
month columns (gaps filled, so time reads evenly) and a country x counterparty heat table.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from urllib.parse import urlencode

from pydantic import BaseModel, Field

from dealscope.report.text import money
from dealscope.store.stats import Bucket, Pair


class Bar(BaseModel):
    key: str
    label: str
    usd: float
    estimated_usd: float
    deals: int
    with_value: int
    share: float  # bar length, 0..1 of the longest bar
    estimated_share: float  # the part of the bar that rests on an estimated exchange rate
    href: str


class BarChart(BaseModel):
    bars: list[Bar] = Field(default_factory=list)
    hidden: int = 0  # groups left out below the top ones


class Column(BaseModel):
    month: str
    label: str
    deals: int
    usd: float
    share: float
    href: str


class Cell(BaseModel):
    deals: int
    usd: float
    share: float
    href: str
    title: str


class HeatRow(BaseModel):
    country: str
    name: str
    cells: list[Cell]


class HeatTable(BaseModel):
    columns: list[str] = Field(default_factory=list)
    column_names: list[str] = Field(default_factory=list)
    rows: list[HeatRow] = Field(default_factory=list)


def deals_href(**params: str) -> str:
    return "/deals?" + urlencode(params)


def bars(
    buckets: Sequence[Bucket], field: str, name: Callable[[str], str] = str, top: int = 12
) -> BarChart:
    """The ``top`` buckets as bars by value (then by deal count for deals without a value)."""
    ordered = sorted(buckets, key=lambda b: (-b.usd, -b.deals, b.key))
    shown = ordered[:top]
    longest = max((b.usd for b in shown), default=0.0) or 1.0
    return BarChart(
        bars=[
            Bar(
                key=b.key,
                label=name(b.key),
                usd=b.usd,
                estimated_usd=b.estimated_usd,
                deals=b.deals,
                with_value=b.with_value,
                share=b.usd / longest,
                estimated_share=b.estimated_usd / longest,
                href=deals_href(**{field: b.key}),
            )
            for b in shown
        ],
        hidden=len(ordered) - len(shown),
    )


def months(buckets: Sequence[Bucket], limit: int = 36) -> list[Column]:
    """Deals per month first reported, the last ``limit`` months, empty months included."""
    counts = {b.key: b for b in buckets if len(b.key) == 7}
    if not counts:
        return []
    first, last = min(counts), max(counts)
    keys = []
    year, month = int(first[:4]), int(first[5:7])
    while f"{year:04d}-{month:02d}" <= last:
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    keys = keys[-limit:]
    most = max(counts[k].deals for k in keys if k in counts) or 1
    columns = []
    for key in keys:
        bucket = counts.get(key)
        n = bucket.deals if bucket else 0
        year, month = int(key[:4]), int(key[5:7])
        last_day = calendar.monthrange(year, month)[1]
        columns.append(
            Column(
                month=key,
                label=f"{_MONTHS[month - 1]} {key[2:4]}",
                deals=n,
                usd=bucket.usd if bucket else 0.0,
                share=n / most,
                href=deals_href(since=f"{key}-01", until=f"{key}-{last_day:02d}"),
            )
        )
    return columns


def heat_table(pairs: Sequence[Pair], name: Callable[[str], str], top: int = 10) -> HeatTable:
    """Deals between the ``top`` countries (by deals with a counterparty), as a square table."""
    per_country: dict[str, int] = {}
    for each in pairs:
        per_country[each.country] = per_country.get(each.country, 0) + each.deals
    countries = sorted(per_country, key=lambda c: (-per_country[c], c))[:top]
    cells = {(p.country, p.counterparty): p for p in pairs}
    most = max((p.deals for p in pairs if p.country in countries and p.counterparty in countries),
               default=1)
    rows = []
    for country in countries:
        row = []
        for other in countries:
            pair = cells.get((country, other))
            deals = pair.deals if pair else 0
            usd = pair.usd if pair else 0.0
            title = f"{name(country)} – {name(other)}: {deals} deal{'s' * (deals != 1)}"
            if usd:
                title += f", {money(usd)}"
            row.append(
                Cell(
                    deals=deals,
                    usd=usd,
                    share=deals / most if country != other else 0.0,
                    href=deals_href(country=country, counterparty=other),
                    title=title,
                )
            )
        rows.append(HeatRow(country=country, name=name(country), cells=row))
    return HeatTable(columns=countries, column_names=[name(c) for c in countries], rows=rows)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

