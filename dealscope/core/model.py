"""The typed data model: what dealscope reads, finds and reports.

Every ``Span`` is a half-open ``[start, end)`` interval of character offsets into
``Article.text``, the *cleaned* text, and carries the text it covers, so that
``article.text[span.start:span.end] == span.text`` always holds. Field names follow the gold
format of the evaluation (``type``, ``parties``, ``countries``, ``value``, ``quantity``,
``stakes``, ``period``, ``sector``, ``status``, ``evidence``) where the two overlap.

The models are frozen pydantic models: they validate on construction, serialise to JSON and
generate the committed JSON Schema (``schema/dealscope.schema.json``).
"""

from __future__ import annotations

from datetime import date as Date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

DealType = Literal["purchase", "investment", "financing", "trade", "cooperation"]
Role = Literal[
    "buyer",
    "seller",
    "investor",
    "recipient",
    "lender",
    "borrower",
    "partner",
    "supplier",
    "government",
]
PartyKind = Literal[
    "company",
    "state_company",
    "government",
    "bank",
    "export_credit_agency",
    "development_bank",
    "fund",
    "airline",
    "organization",
    "person",
]
Sector = Literal[
    "mining",
    "energy",
    "aviation",
    "agriculture",
    "telecom",
    "technology",
    "finance",
    "manufacturing",
    "transport",
    "consumer",
    "healthcare",
    "infrastructure",
    "defense",
    "tourism",
    "other",
]
Status = Literal[
    "announced",
    "intended",
    "signed",
    "expanded",
    "financing_offered",
    "completed",
    "cancelled",
    "suspended",
]
Qualifier = Literal["approx", "at_least", "up_to"]
CountryForm = Literal["name", "alias", "demonym", "capital", "code"]
QuoteKind = Literal["direct", "indirect"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(_Frozen):
    """A half-open character interval of the cleaned text, with the text it covers."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} before start {self.start}")
        if len(self.text) != self.end - self.start:
            raise ValueError("span text length differs from its offsets")
        return self

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span of ``text[start:end]``: the one way spans are made from a source text."""
        return cls(start=start, end=end, text=text[start:end])


class Money(_Frozen):
    """An amount of money as written, with its ISO currency and its value in US dollars.

    ``amount`` is in units of ``currency`` (``"$2.5 bn"`` gives 2.5e9 USD); a range keeps its
    upper bound in ``amount_max``. ``usd_estimated`` is true when the rate came from the
    bundled annual table instead of the ECB's daily rates. ``additional`` marks "another $9mn".
    """

    span: Span
    amount: float
    amount_max: float | None = None
    currency: str = Field(min_length=3, max_length=3)
    usd: float | None = None
    usd_max: float | None = None
    usd_estimated: bool = False
    rate_date: Date | None = None
    qualifier: Qualifier | None = None
    additional: bool = False


class Quantity(_Frozen):
    """A count of things: "18 long-haul Boeing 787-9 Dreamliners", "from 14 to 22 aircraft"."""

    span: Span
    count: float
    count_from: float | None = None
    qualifier: Qualifier | None = None
    item: str | None = None
    item_span: Span | None = None


class Percent(_Frozen):
    """A percentage, such as an equity stake ("a 70% stake", "30 pct")."""

    span: Span
    value: float


class Duration(_Frozen):
    """A length of time, normalised to years ("over 10 years", "five-year")."""

    span: Span
    years: float


class CountryMention(_Frozen):
    """A country named by name, alias, demonym, capital or code, with its ISO alpha-3 code."""

    span: Span
    code: str = Field(min_length=3, max_length=3)
    form: CountryForm


class OrgMention(_Frozen):
    """An organization, with its home country and kind when a gazetteer or context gives them."""

    span: Span
    name: str
    canonical: str | None = None
    country: str | None = None
    kind: PartyKind | None = None
    source: Literal["gazetteer", "context", "ner", "markup"] = "ner"
    country_span: Span | None = None


class Mentions(_Frozen):
    """Everything the mention layer found in one article."""

    money: list[Money] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    percents: list[Percent] = Field(default_factory=list)
    durations: list[Duration] = Field(default_factory=list)
    countries: list[CountryMention] = Field(default_factory=list)
    organizations: list[OrgMention] = Field(default_factory=list)


class Party(_Frozen):
    """One side of a deal."""

    name: str
    role: Role
    kind: PartyKind | None = None
    country: str | None = None
    aliases: list[str] = Field(default_factory=list)
    span: Span | None = None


class Stake(_Frozen):
    party: str
    percent: float
    span: Span | None = None


class Financing(_Frozen):
    """How a deal is paid for: a loan, a letter of interest, a credit line, a guarantee ..."""

    instrument: str
    lender: str | None = None
    span: Span | None = None


class Deal(_Frozen):
    """One agreement or transaction with one counterparty, grounded in the text.

    A ``package`` deal is an umbrella total that contains other deals ("agreements worth
    $100bn"); it is ``aggregate_safe: false`` so no total counts its value twice, and
    ``contains`` lists the indexes of the deals it holds where the text allows.
    """

    id: str
    type: DealType
    summary: str
    parties: list[Party] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
    value: Money | None = None
    quantity: Quantity | None = None
    stakes: list[Stake] = Field(default_factory=list)
    period: Duration | None = None
    financing: Financing | None = None
    sector: Sector = "other"
    status: Status = "announced"
    package: bool = False
    aggregate_safe: bool = True
    contains: list[str] = Field(default_factory=list)
    evidence: list[Span] = Field(default_factory=list)
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)


class Speaker(_Frozen):
    name: str
    span: Span | None = None
    role: str | None = None
    affiliation: str | None = None
    country: str | None = None
    kind: Literal["person", "organization"] = "person"


class Quote(_Frozen):
    """Words attributed to a speaker: a direct quote, or indirect speech flagged as such."""

    span: Span
    text: str
    kind: QuoteKind = "direct"
    speaker: Speaker | None = None
    cue: str | None = None
    deal_ids: list[str] = Field(default_factory=list)


class Article(_Frozen):
    """A cleaned news article: ``text`` is the reference for every offset dealscope reports."""

    id: str
    text: str
    title: str | None = None
    author: str | None = None
    date: Date | None = None
    site: str | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None


class Extraction(_Frozen):
    """What dealscope reports for one article."""

    article: Article
    mentions: Mentions = Field(default_factory=Mentions)
    deals: list[Deal] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    extractor: str = "dealscope"
