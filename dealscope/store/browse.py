"""Browsing what is behind the deals: parties, articles and quotes, as lists and one by one.

Kept apart from :mod:`dealscope.store.queries` (deals) so neither grows long; like it, every
function returns records, never ORM rows, and lists return ``(page, total)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from dealscope.core.errors import NotFoundError
from dealscope.store.queries import quote_record, summaries
from dealscope.store.records import DealSummary, EvidenceSpan, QuoteRecord
from dealscope.store.tables import (
    ArticleRow,
    DealPartyRow,
    DealRow,
    MentionRow,
    PartyAliasRow,
    PartyRow,
    QuoteRow,
)


class PartySummary(BaseModel):
    id: int
    name: str
    country: str | None = None
    kind: str | None = None
    deals: int = 0


class PartyDetail(PartySummary):
    aliases: list[str] = Field(default_factory=list)
    deal_list: list[DealSummary] = Field(default_factory=list)


class ArticleSummary(BaseModel):
    id: int
    title: str | None = None
    site: str | None = None
    url: str | None = None
    published: dt.date | None = None
    deals: int = 0
    quotes: int = 0


class MentionRecord(BaseModel):
    """One deal as this article reported it, with the evidence offsets into its text."""

    id: int
    key: str
    deal_id: int | None = None
    type: str
    sector: str
    status: str
    summary: str
    usd: float | None = None
    package: bool = False
    value: str | None = None
    quantity: str | None = None
    evidence: list[EvidenceSpan] = Field(default_factory=list)


class ArticleDetail(ArticleSummary):
    author: str | None = None
    language: str | None = None
    source_id: str
    text: str
    warnings: list[str] = Field(default_factory=list)
    mentions: list[MentionRecord] = Field(default_factory=list)
    quote_list: list[QuoteRecord] = Field(default_factory=list)


def _like(text: str) -> str:
    return f"%{text.lower()}%"


def _page(session: Session, query: Select[Any], limit: int, offset: int) -> tuple[Any, int]:
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    return session.execute(query.limit(limit).offset(offset)).all(), int(total or 0)


def parties(
    session: Session,
    q: str | None = None,
    country: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[PartySummary], int]:
    """Parties with their number of deals, most deals first; ``q`` matches names and aliases."""
    count = func.count(DealPartyRow.deal_id.distinct())
    query = (
        select(PartyRow, count)
        .outerjoin(DealPartyRow, DealPartyRow.party_id == PartyRow.id)
        .group_by(PartyRow.id)
        .order_by(count.desc(), PartyRow.name, PartyRow.id)
    )
    if q:
        query = query.where(
            or_(
                func.lower(PartyRow.name).like(_like(q)),
                PartyRow.id.in_(
                    select(PartyAliasRow.party_id).where(
                        func.lower(PartyAliasRow.alias).like(_like(q))
                    )
                ),
            )
        )
    if country:
        query = query.where(PartyRow.country == country.upper())
    rows, total = _page(session, query, limit, offset)
    return [_party(party, n) for party, n in rows], total


def _party(party: PartyRow, deals: int) -> PartySummary:
    return PartySummary(
        id=party.id, name=party.name, country=party.country, kind=party.kind, deals=deals
    )


def party_detail(session: Session, party_id: int) -> PartyDetail:
    """A party, every name it was seen under and its deals (largest first)."""
    party = session.get(PartyRow, party_id)
    if party is None:
        raise NotFoundError(f"no party with id {party_id}")
    aliases = session.scalars(
        select(PartyAliasRow.alias).where(PartyAliasRow.party_id == party_id).order_by(
            PartyAliasRow.alias
        )
    ).all()
    deals = session.scalars(
        select(DealRow)
        .where(
            DealRow.id.in_(select(DealPartyRow.deal_id).where(DealPartyRow.party_id == party_id))
        )
        .order_by(DealRow.usd.desc().nulls_last(), DealRow.id)
    ).all()
    return PartyDetail(
        **_party(party, len(deals)).model_dump(),
        aliases=[a for a in aliases if a != party.name],
        deal_list=summaries(session, deals),
    )


def articles(
    session: Session,
    q: str | None = None,
    site: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[ArticleSummary], int]:
    """Articles, newest first; ``q`` matches the title or the text."""
    query = select(ArticleRow).order_by(ArticleRow.published.desc().nulls_last(), ArticleRow.id)
    if q:
        query = query.where(
            or_(
                func.lower(ArticleRow.title).like(_like(q)),
                func.lower(ArticleRow.text).like(_like(q)),
            )
        )
    if site:
        query = query.where(func.lower(ArticleRow.site).like(_like(site)))
    if since:
        query = query.where(ArticleRow.published >= since)
    if until:
        query = query.where(ArticleRow.published <= until)
    rows, total = _page(session, query, limit, offset)
    found = [row for (row,) in rows]
    deals, quotes = _article_counts(session, [a.id for a in found])
    return [_article(a, deals.get(a.id, 0), quotes.get(a.id, 0)) for a in found], total


def _article_counts(
    session: Session, ids: Sequence[int]
) -> tuple[dict[int, int], dict[int, int]]:
    """Deals and quotes per article, for a page of articles, in two grouped queries."""
    if not ids:
        return {}, {}
    deals = session.execute(
        select(MentionRow.article_id, func.count(MentionRow.deal_id.distinct()))
        .where(MentionRow.article_id.in_(ids))
        .group_by(MentionRow.article_id)
    ).all()
    quotes = session.execute(
        select(QuoteRow.article_id, func.count())
        .where(QuoteRow.article_id.in_(ids))
        .group_by(QuoteRow.article_id)
    ).all()
    return {a: int(n) for a, n in deals}, {a: int(n) for a, n in quotes}


def _article(row: ArticleRow, deals: int, quotes: int) -> ArticleSummary:
    return ArticleSummary(
        id=row.id, title=row.title, site=row.site, url=row.url, published=row.published,
        deals=deals, quotes=quotes,
    )


def article_detail(session: Session, article_id: int) -> ArticleDetail:
    """An article's cleaned text, the deals it reports with their evidence, and its quotes."""
    row = session.get(ArticleRow, article_id)
    if row is None:
        raise NotFoundError(f"no article with id {article_id}")
    mentions = session.scalars(
        select(MentionRow).where(MentionRow.article_id == article_id).order_by(MentionRow.id)
    ).all()
    quotes = session.scalars(
        select(QuoteRow).where(QuoteRow.article_id == article_id).order_by(QuoteRow.start)
    ).all()
    summary = _article(row, len({m.deal_id for m in mentions if m.deal_id}), len(quotes))
    return ArticleDetail(
        **summary.model_dump(),
        author=row.author,
        language=row.language,
        source_id=row.source_id,
        text=row.text,
        warnings=[str(w) for w in row.warnings or []],
        mentions=[_mention(m) for m in mentions],
        quote_list=[quote_record(q, row.title) for q in quotes],
    )


def _mention(mention: MentionRow) -> MentionRecord:
    data = mention.data
    return MentionRecord(
        id=mention.id,
        key=mention.key,
        deal_id=mention.deal_id,
        type=mention.type,
        sector=mention.sector,
        status=mention.status,
        summary=data.get("summary", ""),
        usd=mention.usd,
        package=bool(data.get("package")),
        value=(data.get("value") or {}).get("span", {}).get("text"),
        quantity=(data.get("quantity") or {}).get("span", {}).get("text"),
        evidence=[EvidenceSpan.model_validate(span) for span in data.get("evidence", [])],
    )


def quotes(
    session: Session,
    speaker: str | None = None,
    deal_id: int | None = None,
    article_id: int | None = None,
    text: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[QuoteRecord], int]:
    """Quotes in article order; ``speaker`` and ``text`` match parts, ignoring case."""
    query = (
        select(QuoteRow, ArticleRow.title)
        .join(ArticleRow, ArticleRow.id == QuoteRow.article_id)
        .order_by(ArticleRow.published.desc().nulls_last(), QuoteRow.article_id, QuoteRow.start)
    )
    if deal_id is not None:
        query = query.where(QuoteRow.id.in_(_deal_quote_ids(session, deal_id)))
    if article_id is not None:
        query = query.where(QuoteRow.article_id == article_id)
    if speaker:
        query = query.where(func.lower(QuoteRow.speaker).like(_like(speaker)))
    if text:
        query = query.where(func.lower(QuoteRow.text).like(_like(text)))
    rows, total = _page(session, query, limit, offset)
    return [quote_record(quote, title) for quote, title in rows], total


def _deal_quote_ids(session: Session, deal_id: int) -> list[int]:
    """The quotes about a deal: those whose ``deal_keys`` name one of its mentions.

    ``deal_keys`` is JSON (one article's deal keys), so the match is done here; a deal has a
    handful of source articles, so this reads few rows.
    """
    keys = set(
        session.execute(
            select(MentionRow.article_id, MentionRow.key).where(MentionRow.deal_id == deal_id)
        ).tuples()
    )
    if not keys:
        return []
    rows = session.execute(
        select(QuoteRow.id, QuoteRow.article_id, QuoteRow.deal_keys).where(
            QuoteRow.article_id.in_({article for article, _ in keys})
        )
    ).all()
    return [qid for qid, article, dkeys in rows if any((article, k) in keys for k in dkeys or [])]


def article_deal_ids(session: Session, article_id: int) -> list[int]:
    """The deals an article's mentions were consolidated into."""
    return sorted(
        {
            d
            for d in session.scalars(
                select(MentionRow.deal_id).where(MentionRow.article_id == article_id)
            )
            if d is not None
        }
    )
