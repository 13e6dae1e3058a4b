"""Request and response shapes of the API that the store's records do not already give.

Query parameters are pydantic models (one per list), so the filters are declared once, show up
in the OpenAPI document, and unknown parameters are refused instead of silently ignored.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

from dealscope.store.browse import ArticleSummary, PartySummary
from dealscope.store.queries import DealFilter, SortKey
from dealscope.store.records import DealSummary, Page, QuoteRecord

MAX_LIMIT = 500
COUNTRY = r"^[A-Za-z]{3}$"


class Paging(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


class DealQuery(BaseModel):
    """The deal filters shared by the list, the stats and the exports."""

    model_config = ConfigDict(extra="forbid")

    country: str | None = Field(None, pattern=COUNTRY, description="ISO 3166-1 alpha-3, e.g. KAZ")
    counterparty: str | None = Field(None, pattern=COUNTRY, description="another country")
    sector: str | None = None
    type: str | None = Field(None, description="purchase, investment, financing, trade, ...")
    status: str | None = None
    party: str | None = Field(None, description="part of a party's name")
    since: dt.date | None = Field(None, description="last reported on or after")
    until: dt.date | None = Field(None, description="first reported on or before")
    min_usd: float | None = Field(None, ge=0)
    q: str | None = Field(None, description="text in the summary or a party's name")
    conflicts: bool | None = Field(None, description="only deals with (or without) conflicts")
    packages: bool = Field(True, description="false leaves umbrella packages out")

    def to_filter(self) -> DealFilter:
        return DealFilter(
            country=self.country, counterparty=self.counterparty, sector=self.sector,
            type=self.type, status=self.status, party=self.party, since=self.since,
            until=self.until, min_usd=self.min_usd, text=self.q, conflicts=self.conflicts,
            packages=self.packages,
        )


class DealListQuery(DealQuery, Paging):
    sort: SortKey = "last_seen"
    order: Literal["asc", "desc"] = "desc"


class ArticleQuery(Paging):
    q: str | None = Field(None, description="text in the title or the article")
    site: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


class PartyQuery(Paging):
    q: str | None = Field(None, description="part of a name or an alias")
    country: str | None = Field(None, pattern=COUNTRY)


class QuoteQuery(Paging):
    speaker: str | None = None
    deal_id: int | None = None
    article_id: int | None = None
    q: str | None = Field(None, description="text in the quote")


class BriefQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal["json", "md", "html"] = "json"
    event: str | None = Field(None, description="only deals whose articles mention this text")
    country: list[Annotated[str, Field(pattern=COUNTRY)]] = Field(
        default_factory=list, description="the countries to cover (repeat); default: all"
    )
    since: dt.date | None = None
    until: dt.date | None = None


class DealPage(Page):
    data: list[DealSummary]


class ArticlePage(Page):
    data: list[ArticleSummary]


class PartyPage(Page):
    data: list[PartySummary]


class QuotePage(Page):
    data: list[QuoteRecord]


class IngestRequest(BaseModel):
    """A web page to fetch (``url``) or a text to read (``text`` with optional metadata)."""

    model_config = ConfigDict(extra="forbid")

    url: HttpUrl | None = None
    text: str | None = Field(None, min_length=1)
    title: str | None = None
    date: dt.date | None = None

    @model_validator(mode="after")
    def _one_source(self) -> IngestRequest:
        if (self.url is None) == (self.text is None):
            raise ValueError("give either url or text")
        return self


class IngestResult(BaseModel):
    outcome: Literal["new", "unchanged", "updated"]
    article_id: int
    deals_new: int
    deals_merged: int
    conflicts: int
    deal_ids: list[int]
    warnings: list[str]


class MergeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    others: list[int] = Field(min_length=1, description="deals to merge into this one")


class SplitRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mention_ids: list[int] = Field(
        default_factory=list, description="mentions to take out; none: every source apart"
    )


class SplitResult(BaseModel):
    deal_ids: list[int]


class DealEdit(BaseModel):
    """Fields set by hand; they win over consolidation from now on."""

    model_config = ConfigDict(extra="forbid")

    type: str | None = None
    sector: str | None = None
    status: str | None = None
    summary: str | None = None
    usd: float | None = Field(None, ge=0)
    usd_max: float | None = Field(None, ge=0)
    count: float | None = Field(None, ge=0)
    item: str | None = None

    def fields(self) -> dict[str, object]:
        return self.model_dump(exclude_unset=True)
