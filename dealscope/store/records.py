"""What the store hands out: typed, JSON-ready records for the CLI, the API and the dashboard.

One set of models serves every front end, so the command line, the REST API and the pages'
JSON twins cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field


class PartyRef(BaseModel):
    id: int
    name: str
    role: str
    country: str | None = None
    kind: str | None = None


class DealSummary(BaseModel):
    """One consolidated deal in a list."""

    id: int
    type: str
    sector: str
    status: str
    summary: str
    usd: float | None = None
    usd_max: float | None = None
    usd_estimated: bool = False
    count: float | None = None
    item: str | None = None
    countries: list[str] = Field(default_factory=list)
    parties: list[PartyRef] = Field(default_factory=list)
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None
    sources: int = 0
    package: bool = False
    aggregate_safe: bool = True
    parent_id: int | None = None
    has_conflicts: bool = False


class EvidenceSpan(BaseModel):
    start: int
    end: int
    text: str


class Source(BaseModel):
    """One article's report of the deal, with the evidence offsets into its cleaned text."""

    mention_id: int
    article_id: int
    title: str | None = None
    url: str | None = None
    site: str | None = None
    published: dt.date | None = None
    status: str
    summary: str
    evidence: list[EvidenceSpan] = Field(default_factory=list)
    value: str | None = None
    quantity: str | None = None


class ConflictValue(BaseModel):
    low: float
    high: float
    display: list[str]
    mention_ids: list[int]
    article_ids: list[int]


class Conflict(BaseModel):
    """A field whose figures disagree between sources, every version with its sources."""

    field: str
    detail: str | None = None
    values: list[ConflictValue]


class TimelineStep(BaseModel):
    status: str
    date: dt.date | None = None
    article_id: int
    mention_id: int
    title: str | None = None


class QuoteRecord(BaseModel):
    id: int
    article_id: int
    kind: str
    start: int
    end: int
    text: str
    speaker: str | None = None
    speaker_role: str | None = None
    speaker_affiliation: str | None = None
    speaker_country: str | None = None
    article_title: str | None = None


class DealDetail(DealSummary):
    """A deal with everything behind it."""

    conflicts: list[Conflict] = Field(default_factory=list)
    timeline: list[TimelineStep] = Field(default_factory=list)
    source_list: list[Source] = Field(default_factory=list)
    children: list[DealSummary] = Field(default_factory=list)
    quotes: list[QuoteRecord] = Field(default_factory=list)
    edits: dict[str, Any] = Field(default_factory=dict)


class Page(BaseModel):
    """A page of results and the total count before paging."""

    total: int
    offset: int
    limit: int
    data: list[Any]


FLAT_COLUMNS = (
    "id",
    "type",
    "sector",
    "status",
    "summary",
    "usd",
    "usd_max",
    "usd_estimated",
    "count",
    "item",
    "countries",
    "parties",
    "party_countries",
    "first_seen",
    "last_seen",
    "sources",
    "package",
    "aggregate_safe",
    "parent_id",
    "has_conflicts",
)


def flatten(deal: DealSummary) -> dict[str, Any]:
    """One row per deal for CSV and Parquet: lists joined with "; ", parties as "name (role)"."""
    row = deal.model_dump(mode="json", exclude={"parties", "countries"})
    row["countries"] = "; ".join(deal.countries)
    row["parties"] = "; ".join(f"{p.name} ({p.role})" for p in deal.parties)
    row["party_countries"] = "; ".join(p.country or "" for p in deal.parties)
    return {column: row.get(column) for column in FLAT_COLUMNS}


class Facets(BaseModel):
    """The values stored deals take in the filterable columns (for pick lists)."""

    countries: list[str] = Field(default_factory=list)
    sectors: list[str] = Field(default_factory=list)
    types: list[str] = Field(default_factory=list)
    statuses: list[str] = Field(default_factory=list)
