"""``/api/stats`` and ``/api/brief``: totals that never count an umbrella package twice."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from dealscope.api.schemas import BriefQuery, DealQuery
from dealscope.report.brief import Brief, build_brief, render_html, render_markdown
from dealscope.store.stats import Stats, overview
from dealscope.web.deps import SessionDep

router = APIRouter(tags=["stats"])


@router.get("/stats", summary="Totals and breakdowns")
def get_stats(session: SessionDep, query: Annotated[DealQuery, Query()]) -> Stats:
    """Deal counts and US dollar sums of the filtered deals: totals, by country, sector, type,
    status, month of first report, and the country × counterparty matrix. Umbrella packages
    are counted as deals but never in a sum; ``estimated_usd`` is the part at estimated rates."""
    return overview(session, query.to_filter())


@router.get(
    "/brief",
    summary="Country-by-country brief",
    response_model=Brief,
    responses={200: {"content": {"text/markdown": {}, "text/html": {}}}},
)
def get_brief(session: SessionDep, query: Annotated[BriefQuery, Query()]) -> Brief | Response:
    """One section per country, one line per deal with parties, figures, status and sources;
    packages with their deals indented. ``format=md`` or ``html`` gives the rendered brief."""
    brief = build_brief(session, query.event, query.country, query.since, query.until)
    if query.format == "md":
        return PlainTextResponse(render_markdown(brief), media_type="text/markdown")
    if query.format == "html":
        return HTMLResponse(render_html(brief))
    return brief
