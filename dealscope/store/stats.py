"""Totals and breakdowns of the deals that pass a filter, for the dashboard and ``/api/stats``.

Everything is aggregated in SQL (GROUP BY over ``deals`` and ``deal_countries``), so the
overview stays fast with a hundred thousand deals. Umbrella packages (``aggregate_safe`` false:
"agreements worth $100bn") are counted as deals but never added to a dollar total, because the
deals they contain are counted already; ``estimated_usd`` is the part of every total that rests
on an estimated exchange rate, so a front end can mark it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import String, Subquery, and_, case, cast, func, select
from sqlalchemy.orm import Session, aliased

from dealscope.store.queries import DealFilter, filtered
from dealscope.store.tables import DealCountryRow


class Totals(BaseModel):
    """``with_value``: deals whose dollars are in ``usd`` (packages never are)."""

    deals: int = 0
    packages: int = 0
    with_value: int = 0
    usd: float = 0.0
    estimated_usd: float = 0.0
    conflicts: int = 0


class Bucket(BaseModel):
    """One group of a breakdown (a country, a sector, a month "2025-11" ...)."""

    key: str
    deals: int
    with_value: int
    usd: float
    estimated_usd: float


class Pair(BaseModel):
    """Deals joining ``country`` with ``counterparty`` (each deal counts for every ordered pair
    of its distinct countries, so the matrix is symmetric)."""

    country: str
    counterparty: str
    deals: int
    with_value: int
    usd: float
    estimated_usd: float


class Stats(BaseModel):
    totals: Totals
    by_country: list[Bucket] = Field(default_factory=list)
    by_sector: list[Bucket] = Field(default_factory=list)
    by_type: list[Bucket] = Field(default_factory=list)
    by_status: list[Bucket] = Field(default_factory=list)
    by_counterparty: list[Pair] = Field(default_factory=list)
    by_month: list[Bucket] = Field(default_factory=list)


def _measures(base: Subquery) -> tuple[Any, Any, Any, Any]:
    """count, count with value, USD sum and estimated USD sum, packages left out of the sums."""
    safe = case((base.c.aggregate_safe.is_(True), base.c.usd), else_=None)
    estimated = case(
        (and_(base.c.aggregate_safe.is_(True), base.c.usd_estimated.is_(True)), base.c.usd),
        else_=None,
    )
    return (
        func.count(),
        func.count(safe),
        func.coalesce(func.sum(safe), 0.0),
        func.coalesce(func.sum(estimated), 0.0),
    )


def _buckets(session: Session, base: Subquery, key: Any, *joins: Any) -> list[Bucket]:
    measures = _measures(base)
    query = select(key, *measures).select_from(base)
    for target, on in joins:
        query = query.join(target, on)
    query = query.where(key.is_not(None)).group_by(key).order_by(measures[2].desc(), key)
    return [
        Bucket(key=str(k), deals=n, with_value=v, usd=float(usd), estimated_usd=float(est))
        for k, n, v, usd, est in session.execute(query)
    ]


def overview(session: Session, f: DealFilter | None = None) -> Stats:
    """Totals, breakdowns by country, sector, type, status and month, and the country matrix."""
    base = filtered(f or DealFilter()).subquery("base")
    count, valued, usd, estimated = _measures(base)
    deals, with_value, total, total_estimated, packages, conflicts = session.execute(
        select(
            count,
            valued,
            usd,
            estimated,
            func.count(case((base.c.aggregate_safe.is_(False), 1))),
            func.count(case((base.c.has_conflicts.is_(True), 1))),
        ).select_from(base)
    ).one()
    totals = Totals(
        deals=deals,
        packages=packages,
        with_value=with_value,
        usd=float(total),
        estimated_usd=float(total_estimated),
        conflicts=conflicts,
    )
    country = (DealCountryRow, DealCountryRow.deal_id == base.c.id)
    # the month of a date as text on SQLite (stored as text) and PostgreSQL alike
    month = func.substr(cast(base.c.first_seen, String), 1, 7)
    return Stats(
        totals=totals,
        by_country=_buckets(session, base, DealCountryRow.country, country),
        by_sector=_buckets(session, base, base.c.sector),
        by_type=_buckets(session, base, base.c.type),
        by_status=_buckets(session, base, base.c.status),
        by_counterparty=_pairs(session, base),
        by_month=sorted(_buckets(session, base, month), key=lambda b: b.key),
    )


def _pairs(session: Session, base: Subquery) -> list[Pair]:
    left = aliased(DealCountryRow)
    right = aliased(DealCountryRow)
    measures = _measures(base)
    query = (
        select(left.country, right.country, *measures)
        .select_from(base)
        .join(left, left.deal_id == base.c.id)
        .join(right, and_(right.deal_id == base.c.id, right.country != left.country))
        .group_by(left.country, right.country)
        .order_by(measures[0].desc(), left.country, right.country)
    )
    return [
        Pair(country=a, counterparty=b, deals=n, with_value=v, usd=float(usd),
             estimated_usd=float(est))
        for a, b, n, v, usd, est in session.execute(query)
    ]
