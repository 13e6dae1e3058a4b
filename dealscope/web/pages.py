"""The dashboard's pages; each one is also served as JSON at the same path plus ``.json``.

Views only gather records from the store (:mod:`dealscope.store.queries`, ``browse``, ``stats``)
and the report module into a context model; :func:`dealscope.web.render.page` does the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query

from dealscope.nlp.countries import country_name
from dealscope.report.brief import build_brief, render_html
from dealscope.store import browse
from dealscope.store.queries import SortKey, deal_detail, facets, list_deals
from dealscope.store.records import DealSummary
from dealscope.store.stats import overview as stats_overview
from dealscope.web import charts
from dealscope.web.context import (
    ArticlePage,
    BriefPage,
    Charts,
    DealList,
    DealPage,
    Overview,
    Paging,
    PartyPage,
    QuoteList,
    SourceText,
)
from dealscope.web.deps import SessionDep
from dealscope.web.filters import PAGE_SIZES, SORT_KEYS, Filters, countries, day, deal_filters
from dealscope.web.format import sector_name, site_label
from dealscope.web.highlight import Mark, passages, segments
from dealscope.web.render import page

router = APIRouter()

FiltersDep = Annotated[Filters, Depends(deal_filters)]
PageNumber = Annotated[int, Query(ge=1, le=1_000_000)]
RECENT = 10
MAX_SOURCES = 100  # source articles shown in full on a deal page; the rest are listed
BRIEF_WHOLE = 2000  # deals up to which an unfiltered brief covers the whole store


def _names(codes: Iterable[str]) -> dict[str, str]:
    """Country names for the codes a page shows (the page prints "Tajikistan", not "TJK")."""
    return {code: country_name(code) for code in sorted(set(codes))}


def _deal_codes(deals: Iterable[DealSummary]) -> set[str]:
    codes: set[str] = set()
    for deal in deals:
        codes.update(deal.countries)
        codes.update(p.country for p in deal.parties if p.country)
    return codes


@page(router, "/", "overview.html", name="overview")
def overview(session: SessionDep, filters: FiltersDep) -> Overview:
    """Totals and breakdowns from SQL aggregates, and the latest deals (never every deal)."""
    f = filters.deal_filter()
    stats = stats_overview(session, f)
    recent, _ = list_deals(session, f, "last_seen", True, RECENT, 0)
    codes = {b.key for b in stats.by_country} | _deal_codes(recent)
    names = _names(codes)

    def name(code: str) -> str:
        return names.get(code, code)

    return Overview(
        filters=filters,
        stats=stats,
        recent=recent,
        names=names,
        charts=Charts(
            by_country=charts.bars(stats.by_country, "country", name),
            by_sector=charts.bars(stats.by_sector, "sector", sector_name),
            by_month=charts.months(stats.by_month),
            matrix=charts.heat_table(stats.by_counterparty, name),
        ),
    )


@page(router, "/deals", "deals.html", name="deals")
def deals(
    session: SessionDep,
    filters: FiltersDep,
    sort: Annotated[str, Query(max_length=20)] = "last_seen",
    order: Annotated[str, Query(max_length=4)] = "desc",
    page: PageNumber = 1,
    limit: Annotated[int, Query(ge=1, le=max(PAGE_SIZES))] = 50,
) -> DealList:
    """One page of the deals that pass the filters, sorted."""
    key: SortKey = next((k for k in SORT_KEYS if k == sort), "last_seen")
    descending = order != "asc"
    rows, total = list_deals(
        session, filters.deal_filter(), key, descending, limit, (page - 1) * limit
    )
    choices = facets(session)
    return DealList(
        filters=filters,
        sort=key,
        descending=descending,
        paging=Paging.of(total, page, limit),
        deals=rows,
        facets=choices,
        names=_names([*choices.countries, *_deal_codes(rows)]),
    )


@page(router, "/deals/{deal_id:int}", "deal.html", name="deal")
def deal(session: SessionDep, deal_id: int) -> DealPage:
    """A deal with every source article, its evidence marked where the article says it."""
    detail = deal_detail(session, deal_id)
    parent = None
    if detail.parent_id is not None:
        parent = deal_detail(session, detail.parent_id)
    sources = []
    for source in detail.source_list[:MAX_SOURCES]:
        article = browse.article_detail(session, source.article_id)
        marks = [
            Mark(start=span.start, end=span.end, label=f"evidence of deal {deal_id}",
                 deal_id=deal_id)
            for span in source.evidence
        ]
        sources.append(
            SourceText(
                mention_id=source.mention_id,
                article_id=source.article_id,
                passages=passages(article.text, marks),
                text=segments(article.text, marks),
            )
        )
    codes = _deal_codes([detail, *detail.children])
    labels = {
        s.mention_id: ", ".join(
            x for x in (site_label(s.site) or s.title, s.published and s.published.isoformat()) if x
        ) or f"article {s.article_id}"
        for s in detail.source_list
    }
    return DealPage(
        deal=detail,
        parent=DealSummary.model_validate(parent.model_dump()) if parent else None,
        sources=sources,
        hidden_sources=max(0, len(detail.source_list) - MAX_SOURCES),
        source_labels=labels,
        names=_names(codes),
    )


@page(router, "/parties/{party_id:int}", "party.html", name="party")
def party(
    session: SessionDep,
    party_id: int,
    page: PageNumber = 1,
    limit: Annotated[int, Query(ge=1, le=max(PAGE_SIZES))] = 50,
) -> PartyPage:
    """A party, the names it was reported under, and its deals (largest first, paged)."""
    detail = browse.party_detail(session, party_id)
    total = len(detail.deal_list)
    shown = detail.deal_list[(page - 1) * limit : page * limit]
    detail = detail.model_copy(update={"deal_list": shown})
    codes = _deal_codes(shown) | ({detail.country} if detail.country else set())
    return PartyPage(party=detail, paging=Paging.of(total, page, limit), names=_names(codes))


@page(router, "/quotes", "quotes.html", name="quotes")
def quotes(
    session: SessionDep,
    speaker: Annotated[str, Query(max_length=200)] = "",
    q: Annotated[str, Query(max_length=200)] = "",
    page: PageNumber = 1,
    limit: Annotated[int, Query(ge=1, le=max(PAGE_SIZES))] = 50,
) -> QuoteList:
    """Quotes with their speakers, newest articles first; filter by speaker or words."""
    rows, total = browse.quotes(
        session,
        speaker=speaker.strip() or None,
        text=q.strip() or None,
        limit=limit,
        offset=(page - 1) * limit,
    )
    return QuoteList(
        speaker=speaker.strip(), q=q.strip(), paging=Paging.of(total, page, limit), quotes=rows
    )


@page(router, "/articles/{article_id:int}", "article.html", name="article")
def article(session: SessionDep, article_id: int) -> ArticlePage:
    """An article's cleaned text with the evidence of every deal it reports marked."""
    detail = browse.article_detail(session, article_id)
    marks = [
        Mark(start=span.start, end=span.end, label=mention.summary, deal_id=mention.deal_id)
        for mention in detail.mentions
        for span in mention.evidence
    ]
    return ArticlePage(
        article=detail,
        segments=segments(detail.text, marks),
        names=_names(q.speaker_country for q in detail.quote_list if q.speaker_country),
    )


@page(router, "/brief", "brief.html", name="brief")
def brief(
    session: SessionDep,
    event: Annotated[str, Query(max_length=200)] = "",
    country: Annotated[list[str] | None, Query(max_length=200)] = None,
    since: Annotated[str, Query(max_length=20)] = "",
    until: Annotated[str, Query(max_length=20)] = "",
) -> BriefPage:
    """The country-by-country brief of :mod:`dealscope.report.brief`, with the CLI's filters.

    Without any filter a large store is not briefed whole (a brief lists every deal): the
    page then offers a brief per country instead.
    """
    errors: list[str] = []
    codes = countries(country or [], errors)
    start, end = day(since, "since", errors), day(until, "until", errors)
    event = event.strip()
    choices = facets(session).countries
    form = BriefPage(
        event=event,
        countries=codes,
        since=since.strip(),
        until=until.strip(),
        errors=errors,
        suggestions=choices,
        names=_names([*choices, *codes]),
    )
    if not (event or codes or start or end):
        _, total = list_deals(session, None, "id", True, 1, 0)
        if total > BRIEF_WHOLE:
            return form.model_copy(update={"too_many": total})
    result = build_brief(session, event or None, codes or None, start, end)
    params = [("event", event), *(("country", c) for c in codes)]
    params += [("since", str(start or "")), ("until", str(end or ""))]
    # links inside the embedded brief open outside its frame
    html = render_html(result).replace("<head>", '<head><base target="_blank">', 1)
    return form.model_copy(
        update={
            "brief": result,
            "html": html,
            "query": urlencode([(k, v) for k, v in params if v]),
        }
    )
