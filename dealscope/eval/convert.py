"""One comparable form for gold and predicted deals and quotes, so scoring compares like with like.

A predicted :class:`Deal` has one ``type``, ``sector`` and ``status``; a gold deal lists every
acceptable value. Both become a :class:`ComparableDeal` whose ``types``, ``sectors`` and
``statuses`` are sets (one element for a prediction), and the scorer asks whether the sets meet.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from dealscope.core.model import (
    Article,
    Deal,
    Duration,
    Extraction,
    Money,
    Party,
    Quantity,
    Quote,
    Span,
    Speaker,
    Stake,
)
from dealscope.eval.gold import GoldArticle, GoldDeal, GoldQuote


@dataclass(frozen=True)
class ComparableParty:
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    role: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class ComparableDeal:
    id: str
    summary: str
    types: frozenset[str]
    parties: tuple[ComparableParty, ...] = ()
    countries: frozenset[str] = frozenset()
    value_usd: float | None = None
    value_qualifier: str | None = None
    quantity_count: float | None = None
    quantity_item: str | None = None
    stakes: tuple[tuple[str, float], ...] = ()
    period_years: float | None = None
    sectors: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    optional: bool = False


@dataclass(frozen=True)
class ComparableQuote:
    speaker: str | None
    text: str


def from_deal(deal: Deal) -> ComparableDeal:
    """A predicted deal in comparable form (``value_usd`` is ``deal.value.usd``)."""
    parties = tuple(
        ComparableParty(p.name, tuple(p.aliases), _country(p.country), p.role) for p in deal.parties
    )
    compared = ComparableDeal(
        id=deal.id,
        summary="",
        types=frozenset({deal.type}),
        parties=parties,
        countries=frozenset(filter(None, map(_country, deal.countries))),
        value_usd=deal.value.usd if deal.value else None,
        value_qualifier=deal.value.qualifier if deal.value else None,
        quantity_count=deal.quantity.count if deal.quantity else None,
        quantity_item=deal.quantity.item if deal.quantity else None,
        stakes=tuple((s.party, s.percent) for s in deal.stakes),
        period_years=deal.period.years if deal.period else None,
        sectors=frozenset({deal.sector}),
        statuses=frozenset({deal.status}),
    )
    return _with_summary(compared, deal.summary)


def from_gold_deal(deal: GoldDeal) -> ComparableDeal:
    """A gold deal (or a prediction written in the gold format) in comparable form."""
    parties = tuple(
        ComparableParty(p.name, tuple(p.aliases), p.country, p.role) for p in deal.parties
    )
    compared = ComparableDeal(
        id=deal.id,
        summary="",
        types=frozenset(deal.type),
        parties=parties,
        countries=frozenset(deal.countries),
        value_usd=deal.value_usd,
        value_qualifier=deal.value_qualifier,
        quantity_count=deal.quantity.count if deal.quantity else None,
        quantity_item=deal.quantity.item if deal.quantity else None,
        stakes=tuple(deal.stakes.items()),
        period_years=deal.period_years,
        sectors=frozenset(deal.sector),
        statuses=frozenset(deal.status),
        optional=deal.optional,
    )
    return _with_summary(compared, "")


def from_quote(quote: Quote) -> ComparableQuote:
    return ComparableQuote(quote.speaker.name if quote.speaker else None, quote.text)


def from_gold_quote(quote: GoldQuote) -> ComparableQuote:
    return ComparableQuote(quote.speaker, quote.text or "")


def describe(deal: ComparableDeal) -> str:
    """A short line for people: ``purchase: Air Astana, Boeing (KAZ, USA) $7,000,000,000``."""
    text = f"{'/'.join(sorted(deal.types))}: {', '.join(p.name for p in deal.parties) or '-'}"
    text += f" ({', '.join(sorted(deal.countries))})"
    if deal.value_usd is not None:
        text += f" ${deal.value_usd:,.0f}"
    return text


def extraction_from_gold(gold: GoldArticle, text: str = "") -> Extraction:
    """The gold annotation written as an :class:`Extraction`, e.g. to check the scorer.

    Each list of acceptable values gives its first value; spans are empty, since the gold
    has none. ``text`` becomes the article text.
    """
    nowhere = Span(start=0, end=0, text="")
    deals = [
        Deal(
            id=d.id,
            type=d.type[0],
            summary=d.id,
            parties=[
                Party(name=p.name, role=p.role, country=p.country, aliases=p.aliases)
                for p in d.parties
            ],
            countries=list(d.countries),
            value=None
            if d.value_usd is None
            else Money(
                span=nowhere,
                amount=d.value_usd,
                currency="USD",
                usd=d.value_usd,
                qualifier=d.value_qualifier,
            ),
            quantity=None
            if d.quantity is None
            else Quantity(span=nowhere, count=d.quantity.count, item=d.quantity.item),
            stakes=[Stake(party=party, percent=pct) for party, pct in d.stakes.items()],
            period=None if d.period_years is None else Duration(span=nowhere, years=d.period_years),
            sector=d.sector[0],
            status=d.status[0],
        )
        for d in gold.deals
    ]
    quotes = [
        Quote(
            span=nowhere,
            text=q.text or "",
            speaker=Speaker(name=q.speaker) if q.speaker else None,
        )
        for q in gold.quotes
    ]
    article = Article(id=gold.article, text=text, date=gold.published, source=gold.source)
    return Extraction(article=article, deals=deals, quotes=quotes, extractor="gold")


def _country(code: str | None) -> str | None:
    code = (code or "").strip().upper()
    return code or None


def _with_summary(deal: ComparableDeal, summary: str) -> ComparableDeal:
    return replace(deal, summary=summary.strip() or describe(deal))
