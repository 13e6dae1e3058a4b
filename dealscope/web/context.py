"""What each page shows, as pydantic models: the HTML page renders it, the JSON twin returns it."""

from __future__ import annotations

from pydantic import BaseModel, Field

from dealscope.report.brief import Brief
from dealscope.store.browse import ArticleDetail, PartyDetail
from dealscope.store.records import DealDetail, DealSummary, Facets, QuoteRecord
from dealscope.store.stats import Stats
from dealscope.web.charts import BarChart, Column, HeatTable
from dealscope.web.filters import Filters
from dealscope.web.highlight import Segment


class Paging(BaseModel):
    """Page ``page`` (from 1) of ``pages``, showing items ``first`` to ``last`` of ``total``."""

    total: int
    page: int
    limit: int
    pages: int
    first: int
    last: int

    @classmethod
    def of(cls, total: int, page: int, limit: int) -> Paging:
        return cls(
            total=total,
            page=page,
            limit=limit,
            pages=max(1, -(-total // limit)),
            first=0 if total == 0 else min(total, (page - 1) * limit + 1),
            last=min(total, page * limit),
        )

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


class Charts(BaseModel):
    """The overview's charts: the same numbers as ``stats``, shaped for drawing."""

    by_country: BarChart
    by_sector: BarChart
    by_month: list[Column]
    matrix: HeatTable


class Overview(BaseModel):
    filters: Filters
    stats: Stats
    recent: list[DealSummary]
    names: dict[str, str]
    charts: Charts = Field(exclude=True)


class DealList(BaseModel):
    filters: Filters
    sort: str
    descending: bool
    paging: Paging
    deals: list[DealSummary]
    facets: Facets
    names: dict[str, str]


class SourceText(BaseModel):
    """One source article of a deal: the paragraphs with the evidence, and the whole text,
    each cut into segments whose ``marked`` ones are the evidence spans."""

    mention_id: int
    article_id: int
    passages: list[list[Segment]]
    text: list[Segment]


class DealPage(BaseModel):
    deal: DealDetail
    parent: DealSummary | None = None
    sources: list[SourceText]
    hidden_sources: int = 0
    source_labels: dict[int, str]  # mention id -> "Steppe Wire, 2025-11-07", to name sources
    names: dict[str, str]


class PartyPage(BaseModel):
    party: PartyDetail
    paging: Paging
    names: dict[str, str]


class QuoteList(BaseModel):
    speaker: str
    q: str
    paging: Paging
    quotes: list[QuoteRecord]


class ArticlePage(BaseModel):
    article: ArticleDetail
    segments: list[Segment]
    names: dict[str, str]


class BriefPage(BaseModel):
    """The brief's form as filled in and the brief; ``too_many`` (the number of deals) when no
    filter was given and the store is too large to brief whole. ``html`` is the brief rendered
    by :func:`dealscope.report.brief.render_html`, for the page only."""

    event: str
    countries: list[str]
    since: str
    until: str
    errors: list[str]
    brief: Brief | None = None
    too_many: int | None = None
    suggestions: list[str] = Field(default_factory=list)
    names: dict[str, str] = Field(default_factory=dict)
    html: str = Field(default="", exclude=True)
    query: str = Field(default="", exclude=True)  # the filters as /api/brief wants them
