"""Totals and breakdowns of the deals that pass a filter, for the dashboard and ``/api/stats``.

Everything is aggregated in SQL (GROUP BY over ``deals`` and ``deal_countries``), so the
overview stays fast with a hundred thousand deals. Umbrella packages (``aggregate_safe`` false:
"agreements worth $100bn") are counted as deals but never added to a dollar total, because the
deals they contain are counted already; ``estimated_usd`` is the part of every total that rests
on an estimated exchange rate, so a front end can mark it.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import String, Subquery, and_, case, cast, func, select
from sqlalchemy.orm import Session, aliased

from dealscope.store.queries import DealFilter, filtered
from dealscope.store.state import store_version
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


def _plain(column: Any) -> Any:
    """``column`` as an expression SQLite cannot answer from an index.

    Without it, SQLite walks an index to save the sort of a GROUP BY (or to join in index
    order), paying one random read of a deal per row: two to three times slower over 100k
    deals than scanning and sorting. ``x + 0`` and ``x || ''`` mean ``x`` to PostgreSQL too.
    """
    return column.concat("") if isinstance(column.type, String) else column + 0


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


def _kinds(session: Session, base: Subquery) -> tuple[list[Bucket], ...]:
    """By sector, by type and by status, from one scan grouped on all three."""
    columns = [_plain(base.c.sector), _plain(base.c.type), _plain(base.c.status)]
    totals: list[dict[str, list[float]]] = [{}, {}, {}]
    for *keys, n, v, usd, est in session.execute(
        select(*columns, *_measures(base)).select_from(base).group_by(*columns)
    ):
        for index, key in enumerate(keys):
            into = totals[index].setdefault(str(key), [0, 0, 0.0, 0.0])
            for slot, value in enumerate((n, v, usd, est)):
                into[slot] += value
    return tuple(
        sorted(
            (Bucket(key=k, deals=int(n), with_value=int(v), usd=float(usd),
                    estimated_usd=float(est))
             for k, (n, v, usd, est) in groups.items()),
            key=lambda b: (-b.usd, b.key),
        )
        for groups in totals
    )


_CACHE: OrderedDict[tuple[str, int, DealFilter], Stats] = OrderedDict()
CACHE_SIZE = 128


def overview(session: Session, f: DealFilter | None = None) -> Stats:
    """Totals, breakdowns by country, sector, type, status and month, and the country matrix.

    Cached per database, store version (:mod:`dealscope.store.state`) and filter.
    """
    f = f or DealFilter()
    key = (str(session.get_bind().engine.url), store_version(session), f)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key].model_copy()
    stats = _overview(session, f)
    _CACHE[key] = stats
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return stats.model_copy()


def _overview(session: Session, f: DealFilter) -> Stats:
    base = filtered(f).subquery("base")
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
    country = (DealCountryRow, DealCountryRow.deal_id == _plain(base.c.id))
    # the month of a date as text on SQLite (stored as text) and PostgreSQL alike
    month = func.substr(cast(base.c.first_seen, String), 1, 7)
    by_sector, by_type, by_status = _kinds(session, base)
    return Stats(
        totals=totals,
        by_country=_buckets(session, base, DealCountryRow.country, country),
        by_sector=by_sector,
        by_type=by_type,
        by_status=by_status,
        by_counterparty=_pairs(session, base),
        by_month=sorted(_buckets(session, base, month), key=lambda b: b.key),
    )


def _pairs(session: Session, base: Subquery) -> list[Pair]:
    """Each unordered pair once (``left < right``), then mirrored: half the rows to group."""
    left = aliased(DealCountryRow)
    right = aliased(DealCountryRow)
    measures = _measures(base)
    query = (
        select(left.country, right.country, *measures)
        .select_from(base)
        .join(left, left.deal_id == _plain(base.c.id))
        .join(right, and_(right.deal_id == left.deal_id, right.country > left.country))
        .group_by(left.country, right.country)
    )
    pairs = []
    for a, b, n, v, usd, est in session.execute(query):
        for country, counterparty in ((a, b), (b, a)):
            pairs.append(
                Pair(country=country, counterparty=counterparty, deals=n, with_value=v,
                     usd=float(usd), estimated_usd=float(est))
            )
    return sorted(pairs, key=lambda p: (-p.deals, p.country, p.counterparty))
