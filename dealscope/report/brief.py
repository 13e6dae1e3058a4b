"""Country-by-country briefs: the snapshot a news desk writes after a summit, from the store.

A brief has one section per country ("home" side of the deals: the countries asked for, or
every country with deals), one line per deal with its parties, figures, status and sources,
umbrella packages with the deals they contain indented below them. Totals never double count:
packages are left out of every dollar figure, and a deal counts once per section and once in
the brief's grand total however many of its countries are listed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader
from pydantic import BaseModel, Field
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from dealscope.nlp.countries import country_name
from dealscope.report import TEMPLATES
from dealscope.report.text import money, value_text
from dealscope.store.queries import DealFilter, filtered, summaries
from dealscope.store.records import DealSummary, PartyRef
from dealscope.store.tables import ArticleRow, DealCountryRow, DealRow, MentionRow

CHUNK = 500  # ids per IN (...) list, well below SQLite's limit on bound parameters


class SourceRef(BaseModel):
    article_id: int
    title: str | None = None
    site: str | None = None
    url: str | None = None
    published: dt.date | None = None


class BriefDeal(BaseModel):
    """One line of a brief; ``value``, ``quantity`` and ``stakes`` are ready to print."""

    id: int
    type: str
    sector: str
    status: str
    summary: str
    parties: list[PartyRef] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
    usd: float | None = None
    usd_estimated: bool = False
    value: str | None = None
    quantity: str | None = None
    stakes: list[str] = Field(default_factory=list)
    conflicts: list[str] = Field(default_factory=list)
    package: bool = False
    aggregate_safe: bool = True
    parent_id: int | None = None
    sources: list[SourceRef] = Field(default_factory=list)
    children: list[BriefDeal] = Field(default_factory=list)


class CountrySection(BaseModel):
    """A country's deals; ``deals`` and ``usd`` count each deal once, packages not at all."""

    code: str
    name: str
    deals: int = 0
    packages: int = 0
    usd: float = 0.0
    estimated_usd: float = 0.0
    items: list[BriefDeal] = Field(default_factory=list)


class Brief(BaseModel):
    title: str
    event: str | None = None
    countries: list[str] | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    deals: int = 0
    packages: int = 0
    usd: float = 0.0
    estimated_usd: float = 0.0
    sections: list[CountrySection] = Field(default_factory=list)


def build_brief(
    session: Session,
    event: str | None = None,
    countries: Sequence[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Brief:
    """The brief of the deals reported between ``since`` and ``until`` in articles mentioning
    ``event`` (title or text, ignoring case), by country."""
    codes = _codes(countries)
    query = _selection(event, codes, since, until)
    rows = session.scalars(query.order_by(DealRow.usd.desc().nulls_last(), DealRow.id)).all()
    deals = [_brief_deal(summary, extra) for summary, extra in _with_sources(session, rows)]
    sections = [
        _section(code, [d for d in deals if code in d.countries])
        for code in (codes or sorted({c for d in deals for c in d.countries}))
    ]
    sections.sort(key=lambda s: (-s.usd, -s.deals, s.name))
    counted = [d for d in deals if not d.package]
    safe = [d for d in deals if d.aggregate_safe and d.usd is not None]
    return Brief(
        title=f"{event}: deals by country" if event else "Deals by country",
        event=event,
        countries=codes,
        since=since,
        until=until,
        deals=len(counted),
        packages=len(deals) - len(counted),
        usd=sum(d.usd or 0.0 for d in safe),
        estimated_usd=sum(d.usd or 0.0 for d in safe if d.usd_estimated),
        sections=sections,
    )


def _codes(countries: Sequence[str] | None) -> list[str] | None:
    if not countries:
        return None
    return list(dict.fromkeys(c.strip().upper() for c in countries if c.strip())) or None


def _selection(
    event: str | None, codes: list[str] | None, since: dt.date | None, until: dt.date | None
) -> Select[tuple[DealRow]]:
    query = filtered(DealFilter(since=since, until=until))
    if codes:
        query = query.where(
            DealRow.id.in_(select(DealCountryRow.deal_id).where(DealCountryRow.country.in_(codes)))
        )
    if event:
        pattern = f"%{event.lower()}%"
        query = query.where(
            DealRow.id.in_(
                select(MentionRow.deal_id)
                .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
                .where(
                    or_(
                        func.lower(ArticleRow.title).like(pattern),
                        func.lower(ArticleRow.text).like(pattern),
                    )
                )
            )
        )
    return query


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


Extra = tuple[list[SourceRef], list[str], list[str]]


def _with_sources(session: Session, rows: Sequence[DealRow]) -> list[tuple[DealSummary, Extra]]:
    """Each deal's summary with its source articles, stakes and conflicting figures."""
    out: list[tuple[DealSummary, Extra]] = []
    for chunk in _chunks(rows):
        ids = [row.id for row in chunk]
        sources: dict[int, dict[int, SourceRef]] = defaultdict(dict)
        stakes: dict[int, dict[str, Counter[float]]] = defaultdict(lambda: defaultdict(Counter))
        for deal_id, data, article in session.execute(
            select(MentionRow.deal_id, MentionRow.data, ArticleRow)
            .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
            .where(MentionRow.deal_id.in_(ids))
            .order_by(ArticleRow.published, ArticleRow.id)
        ):
            sources[deal_id].setdefault(
                article.id,
                SourceRef(
                    article_id=article.id,
                    title=article.title,
                    site=article.site,
                    url=article.url,
                    published=article.published,
                ),
            )
            for stake in data.get("stakes") or []:
                stakes[deal_id][str(stake.get("party"))][float(stake.get("percent", 0))] += 1
        labels = {
            a: ref.site or ref.title or f"article {a}"
            for refs in sources.values()
            for a, ref in refs.items()
        }
        conflicts = {row.id: _conflicts(row.conflicts or [], labels) for row in chunk}
        for summary in summaries(session, chunk):
            extra = (
                list(sources[summary.id].values()),
                _stakes(stakes[summary.id]),
                conflicts[summary.id],
            )
            out.append((summary, extra))
    return out


def _conflicts(found: Sequence[dict[str, Any]], labels: dict[int, str]) -> list[str]:
    """ "quantity: 18 (Steppe Wire; Trend) vs 15 (The Caspian Ledger)" for each conflict."""
    lines = []
    for conflict in found:
        field = conflict["field"]
        name = f"stake of {conflict['detail']}" if field == "stake" else field
        versions = []
        for version in conflict["values"]:
            where = "; ".join(labels.get(a, f"article {a}") for a in version["article_ids"])
            versions.append(f"{_figure(field, version['low'], version['high'])} ({where})")
        lines.append(f"{name}: {' vs '.join(versions)}")
    return lines


def _figure(field: str, low: float, high: float) -> str:
    """A conflicting figure as the news would write it: $2.5bn, $3bn–$5bn, 18, 70%, 5 years."""
    if field == "value":
        return money(low) + (f"–{money(high)}" if high != low else "")
    unit = {"stake": "%", "period": " years"}.get(field, "")
    return f"{low:g}{unit}" + (f"–{high:g}{unit}" if high != low else "")


def _stakes(parties: dict[str, Counter[float]]) -> list[str]:
    """ "Cove Kaz Capital Group 70%" — the share most sources give first, others after a slash."""
    return [
        f"{party} " + "/".join(f"{p:g}%" for p, _ in shares.most_common())
        for party, shares in parties.items()
    ]


def _brief_deal(deal: DealSummary, extra: Extra) -> BriefDeal:
    sources, stakes, conflicts = extra
    quantity = None
    if deal.count is not None:
        quantity = f"{deal.count:g} {deal.item or ''}".strip()
    return BriefDeal(
        id=deal.id,
        type=deal.type,
        sector=deal.sector,
        status=deal.status,
        summary=deal.summary,
        parties=deal.parties,
        countries=deal.countries,
        usd=deal.usd,
        usd_estimated=deal.usd_estimated,
        value=_value(deal),
        quantity=quantity,
        stakes=stakes,
        conflicts=conflicts,
        package=deal.package,
        aggregate_safe=deal.aggregate_safe,
        sources=sources,
        parent_id=deal.parent_id,
    )


def _value(deal: DealSummary) -> str | None:
    return value_text(deal.usd, deal.usd_max, deal.usd_estimated) or None


def _section(code: str, deals: list[BriefDeal]) -> CountrySection:
    """A country's lines: a package's deals go below it when the package is in the section."""
    present = {d.id for d in deals}
    children: dict[int, list[BriefDeal]] = defaultdict(list)
    top: list[BriefDeal] = []
    for deal in deals:
        if deal.parent_id is not None and deal.parent_id in present:
            children[deal.parent_id].append(deal)
        else:
            top.append(deal)
    items = [d.model_copy(update={"children": children.get(d.id, [])}) for d in top]
    safe = [d for d in deals if d.aggregate_safe and d.usd is not None]
    return CountrySection(
        code=code,
        name=country_name(code),
        deals=sum(1 for d in deals if not d.package),
        packages=sum(1 for d in deals if d.package),
        usd=sum(d.usd or 0.0 for d in safe),
        estimated_usd=sum(d.usd or 0.0 for d in safe if d.usd_estimated),
        items=items,
    )


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    """Text with Markdown's (and raw HTML's) special characters escaped: an article title can
    hold anything, and a brief is often pasted where Markdown turns into HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def web_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None: a stored URL is never trusted as a link scheme."""
    return url if url and re.match(r"https?://", url, re.IGNORECASE) else None


def scope(brief: Brief) -> str:
    """What the brief covers, in one sentence."""
    parts = ["Deals"]
    if brief.since and brief.until:
        parts.append(f"reported between {brief.since} and {brief.until}")
    elif brief.since:
        parts.append(f"reported since {brief.since}")
    elif brief.until:
        parts.append(f"reported until {brief.until}")
    if brief.event:
        parts.append(f"in articles mentioning “{brief.event}”")
    if brief.countries:
        parts.append(f"involving {', '.join(country_name(c) for c in brief.countries)}")
    return " ".join(parts) + "."


def totals_text(deals: int, usd: float, estimated: float, packages: int = 0) -> str:
    text = f"{deals} deal{'' if deals == 1 else 's'}"
    if usd:
        text += f", {money(usd)}"
        if estimated:
            text += f" (of which {money(estimated)} at estimated exchange rates)"
    if packages:
        text += f"; {packages} umbrella package{'' if packages == 1 else 's'} not added"
    return text


def deal_line(deal: BriefDeal) -> list[str]:
    """The parts of a deal's line: what, who, figures, status (plain text, not escaped)."""
    what = f"{deal.type.capitalize()}, {deal.sector}"
    if deal.package:
        what = f"Umbrella package ({deal.type}, {deal.sector})"
    parties = "; ".join(
        f"{party.name} ({'/'.join(roles)}{', ' + party.country if party.country else ''})"
        for party, roles in _roles(deal.parties)
    )
    figures = [f for f in (deal.value, deal.quantity, *deal.stakes) if f]
    if deal.package and deal.value:
        figures[0] += " (not added to totals)"
    return [what, parties or deal.summary, ", ".join(figures), deal.status.replace("_", " ")]


def _roles(parties: Sequence[PartyRef]) -> list[tuple[PartyRef, list[str]]]:
    """Each party once with all its roles ("Boeing (seller/partner)"), "partner" last."""
    found: dict[int, tuple[PartyRef, list[str]]] = {}
    for party in parties:
        found.setdefault(party.id, (party, []))[1].append(party.role)
    return [(p, sorted(r, key=lambda role: (role == "partner", role))) for p, r in found.values()]


def source_label(source: SourceRef) -> str:
    details = ", ".join(str(x) for x in (source.site, source.published) if x)
    title = source.title or source.url or f"article {source.article_id}"
    return f"{title} ({details})" if details else title


def render_markdown(brief: Brief) -> str:
    """The brief as Markdown: one section per country, one bullet per deal."""
    out = [f"# {_md(brief.title)}", "", _md(scope(brief)), ""]
    out += [
        f"**{_md(totals_text(brief.deals, brief.usd, brief.estimated_usd, brief.packages))}.** "
        "A deal under several countries is counted once here.",
        "",
    ]
    if not brief.sections:
        out += ["No deals.", ""]
    for section in brief.sections:
        heading = totals_text(section.deals, section.usd, section.estimated_usd, section.packages)
        out += [f"## {_md(section.name)} ({section.code}) — {_md(heading)}", ""]
        for deal in section.items:
            out += _markdown_deal(deal, 0)
        if not section.items:
            out.append("No deals.")
        out.append("")
    return "\n".join(out)


def _markdown_deal(deal: BriefDeal, depth: int) -> list[str]:
    what, parties, figures, status = deal_line(deal)
    line = f"**{_md(what)}**: {_md(parties)}"
    if figures:
        line += f" — {_md(figures)}"
    line += f" — {_md(status)}"
    if deal.conflicts:
        line += " — **conflicting figures**: " + "; ".join(_md(c) for c in deal.conflicts)
    sources = []
    for source in deal.sources:
        label = _md(source_label(source))
        url = web_url(source.url)
        sources.append(f"[{label}](<{url.replace('>', '%3E')}>)" if url else label)
    if sources:
        line += " — sources: " + "; ".join(sources)
    lines = ["  " * depth + f"- {line} [deal {deal.id}]"]
    for child in deal.children:
        lines += _markdown_deal(child, depth + 1)
    return lines


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )


def render_html(brief: Brief) -> str:
    """The brief as one standalone HTML page; every value is escaped by the template engine."""
    return (
        _environment()
        .get_template("brief.html")
        .render(
            brief=brief,
            scope=scope(brief),
            totals_text=totals_text,
            deal_line=deal_line,
            source_label=source_label,
            web_url=web_url,
        )
    )
