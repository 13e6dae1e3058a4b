"""Reading the store: deal lists with filters, one deal with everything behind it.

All data access of the front ends goes through here (and :mod:`dealscope.store.stats`), so the
CLI, the API and the dashboard filter and sort the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import Select, false, func, or_, select
from sqlalchemy.orm import Session

from dealscope.core.errors import NotFoundError
from dealscope.store.records import (
    Conflict,
    DealDetail,
    DealSummary,
    EvidenceSpan,
    Facets,
    PartyRef,
    QuoteRecord,
    Source,
    TimelineStep,
)
from dealscope.store.tables import (
    ArticleRow,
    DealCountryRow,
    DealPartyRow,
    DealRow,
    MentionRow,
    PartyRow,
    QuoteRow,
    StatusEventRow,
)

SortKey = Literal["usd", "first_seen", "last_seen", "sources", "id"]
SORTS: dict[str, Any] = {
    "usd": DealRow.usd,
    "first_seen": DealRow.first_seen,
    "last_seen": DealRow.last_seen,
    "sources": DealRow.sources,
    "id": DealRow.id,
}


@dataclass(frozen=True)
class DealFilter:
    """The filters every deal list understands; ``None`` means no filter."""

    country: str | None = None
    counterparty: str | None = None
    sector: str | None = None
    type: str | None = None
    status: str | None = None
    party: str | None = None
    since: date | None = None
    until: date | None = None
    min_usd: float | None = None
    text: str | None = None
    conflicts: bool | None = None
    packages: bool = True


def filtered(f: DealFilter) -> Select[tuple[DealRow]]:
    """The SELECT of the deals that pass ``f``."""
    query = select(DealRow)
    for code in (f.country, f.counterparty):
        if code:
            query = query.where(
                DealRow.id.in_(
                    select(DealCountryRow.deal_id).where(DealCountryRow.country == code.upper())
                )
            )
    if f.country and f.counterparty and f.country.upper() == f.counterparty.upper():
        query = query.where(false())
    for column, wanted in (
        (DealRow.sector, f.sector),
        (DealRow.type, f.type),
        (DealRow.status, f.status),
    ):
        if wanted:
            query = query.where(column == wanted)
    if f.party:
        pattern = f"%{f.party.lower()}%"
        query = query.where(
            DealRow.id.in_(
                _deals_of_parties(
                    or_(func.lower(PartyRow.name).like(pattern), PartyRow.key.like(pattern))
                )
            )
        )
    if f.since:
        query = query.where(DealRow.last_seen >= f.since)
    if f.until:
        query = query.where(DealRow.first_seen <= f.until)
    if f.min_usd is not None:
        query = query.where(DealRow.usd >= f.min_usd)
    if f.text:
        pattern = f"%{f.text.lower()}%"
        query = query.where(
            or_(
                func.lower(DealRow.summary).like(pattern),
                DealRow.id.in_(_deals_of_parties(func.lower(PartyRow.name).like(pattern))),
            )
        )
    if f.conflicts is not None:
        query = query.where(DealRow.has_conflicts == f.conflicts)
    if not f.packages:
        query = query.where(DealRow.package.is_(False))
    return query


def _deals_of_parties(condition: Any) -> Select[tuple[int]]:
    """The deals of the parties that meet ``condition``: parties first, then their deals by
    index (joining the other way round scans every deal's parties: 20x slower at 100k deals)."""
    return select(DealPartyRow.deal_id).where(
        DealPartyRow.party_id.in_(select(PartyRow.id).where(condition))
    )


def list_deals(
    session: Session,
    f: DealFilter | None = None,
    sort: SortKey = "last_seen",
    descending: bool = True,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[DealSummary], int]:
    """A page of deals that pass ``f`` and the number of all that pass."""
    query = filtered(f or DealFilter())
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    column = SORTS[sort]
    ordering = column.desc() if descending else column.asc()
    if sort in ("usd", "first_seen", "last_seen"):
        ordering = ordering.nulls_last()
    rows = session.scalars(
        query.order_by(ordering, DealRow.id.desc()).limit(limit).offset(offset)
    ).all()
    return summaries(session, rows), int(total)


def summaries(session: Session, rows: Sequence[DealRow]) -> list[DealSummary]:
    """Deal rows as records, their parties fetched in one query."""
    parties = _parties(session, [row.id for row in rows])
    return [_summary(row, parties.get(row.id, [])) for row in rows]


def _parties(session: Session, deal_ids: Sequence[int]) -> dict[int, list[PartyRef]]:
    out: dict[int, list[PartyRef]] = {}
    if not deal_ids:
        return out
    rows = session.execute(
        select(DealPartyRow.deal_id, DealPartyRow.role, PartyRow)
        .join(PartyRow, PartyRow.id == DealPartyRow.party_id)
        .where(DealPartyRow.deal_id.in_(deal_ids))
        .order_by(DealPartyRow.deal_id, PartyRow.name, DealPartyRow.role)
    ).all()
    for deal_id, role, party in rows:
        out.setdefault(deal_id, []).append(
            PartyRef(
                id=party.id, name=party.name, role=role, country=party.country, kind=party.kind
            )
        )
    return out


def _summary(row: DealRow, parties: list[PartyRef]) -> DealSummary:
    return DealSummary(
        id=row.id,
        type=row.type,
        sector=row.sector,
        status=row.status,
        summary=row.summary,
        usd=row.usd,
        usd_max=row.usd_max,
        usd_estimated=row.usd_estimated,
        count=row.count,
        item=row.item,
        countries=list(row.countries or []),
        parties=parties,
        first_seen=row.first_seen,
        last_seen=row.last_seen,
        sources=row.sources,
        package=row.package,
        aggregate_safe=row.aggregate_safe,
        parent_id=row.parent_id,
        has_conflicts=row.has_conflicts,
    )


def deal_detail(session: Session, deal_id: int) -> DealDetail:
    """One deal with its sources and evidence, conflicts, status timeline and quotes."""
    row = session.get(DealRow, deal_id)
    if row is None:
        raise NotFoundError(f"no deal with id {deal_id}")
    summary = summaries(session, [row])[0]
    mentions = session.execute(
        select(MentionRow, ArticleRow)
        .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
        .where(MentionRow.deal_id == deal_id)
        .order_by(MentionRow.published, MentionRow.id)
    ).all()
    sources = [_source(mention, article) for mention, article in mentions]
    titles = {article.id: article.title for _, article in mentions}
    timeline = [
        TimelineStep(
            status=event.status,
            date=event.reported_on,
            article_id=event.article_id,
            mention_id=event.mention_id,
            title=titles.get(event.article_id),
        )
        for event in session.scalars(
            select(StatusEventRow)
            .where(StatusEventRow.deal_id == deal_id)
            .order_by(StatusEventRow.reported_on, StatusEventRow.mention_id)
        )
    ]
    children = session.scalars(select(DealRow).where(DealRow.parent_id == deal_id)).all()
    return DealDetail(
        **summary.model_dump(),
        conflicts=[Conflict.model_validate(c) for c in row.conflicts or []],
        timeline=timeline,
        source_list=sources,
        children=summaries(session, children),
        quotes=_deal_quotes(session, [(m.article_id, m.key) for m, _ in mentions]),
        edits=dict(row.edits or {}),
    )


def _source(mention: MentionRow, article: ArticleRow) -> Source:
    data = mention.data
    return Source(
        mention_id=mention.id,
        article_id=article.id,
        title=article.title,
        url=article.url,
        site=article.site,
        published=article.published,
        status=mention.status,
        summary=data.get("summary", ""),
        evidence=[EvidenceSpan.model_validate(span) for span in data.get("evidence", [])],
        value=(data.get("value") or {}).get("span", {}).get("text"),
        quantity=(data.get("quantity") or {}).get("span", {}).get("text"),
    )


def _deal_quotes(session: Session, keys: Sequence[tuple[int, str]]) -> list[QuoteRecord]:
    if not keys:
        return []
    wanted = set(keys)
    rows = session.execute(
        select(QuoteRow, ArticleRow.title)
        .join(ArticleRow, ArticleRow.id == QuoteRow.article_id)
        .where(QuoteRow.article_id.in_({article for article, _ in keys}))
        .order_by(QuoteRow.article_id, QuoteRow.start)
    ).all()
    return [
        quote_record(quote, title)
        for quote, title in rows
        if any((quote.article_id, key) in wanted for key in quote.deal_keys or [])
    ]


def quote_record(quote: QuoteRow, title: str | None = None) -> QuoteRecord:
    return QuoteRecord(
        id=quote.id,
        article_id=quote.article_id,
        kind=quote.kind,
        start=quote.start,
        end=quote.end,
        text=quote.text,
        speaker=quote.speaker,
        speaker_role=quote.speaker_role,
        speaker_affiliation=quote.speaker_affiliation,
        speaker_country=quote.speaker_country,
        article_title=title,
    )


def facets(session: Session) -> Facets:
    """Every country, sector, type and status some deal has: the choices of a filter form."""

    def distinct(column: Any) -> list[str]:
        return [v for v in session.scalars(select(column).distinct().order_by(column)) if v]

    return Facets(
        countries=distinct(DealCountryRow.country),
        sectors=distinct(DealRow.sector),
        types=distinct(DealRow.type),
        statuses=distinct(DealRow.status),
    )
