"""Country briefs: totals that never double count, packages with their deals, escaping."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dealscope.cli import app
from dealscope.pipeline import Extractor
from dealscope.report.brief import Brief, BriefDeal, build_brief, render_html, render_markdown
from dealscope.store import Store
from dealscope.store.stats import overview
from tests.deal_db import (
    SCRIPT_TEXT,
    SCRIPT_TITLE,
    execute,
    facts,
    safe_usd,
    writable_copy,
)

runner = CliRunner()


def brief_of(path: Path, **kwargs: object) -> Brief:
    store = Store(str(path))
    try:
        with store.session() as session:
            return build_brief(session, **kwargs)  # type: ignore[arg-type]
    finally:
        store.close()


def lines(items: list[BriefDeal]) -> list[BriefDeal]:
    """Every line of a section, children included."""
    return [line for item in items for line in (item, *lines(item.children))]


def test_country_totals_count_each_deal_once_and_never_a_package(db: Path) -> None:
    deals = facts(db)
    brief = brief_of(db)
    assert {s.code for s in brief.sections} == {c for d in deals for c in d.countries}
    for section in brief.sections:
        mine = [d for d in deals if section.code in d.countries]
        shown = lines(section.items)
        assert sorted(d.id for d in shown) == sorted(d.id for d in mine), section.code
        assert section.deals == sum(1 for d in mine if not d.package)
        assert section.packages == sum(1 for d in mine if d.package)
        assert section.usd == pytest.approx(safe_usd(mine))


def test_section_totals_agree_with_the_stats(db: Path) -> None:
    store = Store(str(db))
    with store.session() as session:
        by_country = {b.key: b for b in overview(session).by_country}
    store.close()
    for section in brief_of(db).sections:
        assert section.usd == pytest.approx(by_country[section.code].usd)
        assert section.deals + section.packages == by_country[section.code].deals


def test_grand_total_counts_a_deal_under_two_countries_once(db: Path) -> None:
    deals = facts(db)
    codes = ["KAZ", "USA"]
    brief = brief_of(db, countries=codes)
    chosen = [d for d in deals if set(codes) & set(d.countries)]
    assert brief.deals == sum(1 for d in chosen if not d.package)
    assert brief.usd == pytest.approx(safe_usd(chosen))
    both = [d for d in chosen if set(codes) <= set(d.countries) and d.usd and d.aggregate_safe]
    assert both, "some deal should be both Kazakh and American"
    assert sum(s.usd for s in brief.sections) == pytest.approx(
        brief.usd + sum(d.usd or 0 for d in both)
    )


def test_packages_show_their_deals_indented_below_them(db: Path) -> None:
    deals = facts(db)
    children = [d for d in deals if d.parent_id is not None]
    assert children
    parents = {d.parent_id for d in children}
    brief = brief_of(db)
    seen = 0
    for section in brief.sections:
        top = {item.id: item for item in section.items}
        for parent in parents:
            if parent not in top:
                continue
            expected = {
                d.id for d in children if d.parent_id == parent and section.code in d.countries
            }
            assert {c.id for c in top[parent].children} == expected
            assert not expected & set(top), "a contained deal is not listed twice"
            seen += 1
    assert seen
    markdown = render_markdown(brief)
    assert re.search(r"^- \*\*Umbrella package.*\n  - \*\*", markdown, re.MULTILINE)


def test_sections_and_lines_are_ordered_by_value(db: Path) -> None:
    brief = brief_of(db)
    usds = [s.usd for s in brief.sections]
    assert usds == sorted(usds, reverse=True)
    for section in brief.sections:
        values = [item.usd for item in section.items]
        present = [v for v in values if v is not None]
        assert values[: len(present)] == present == sorted(present, reverse=True)


def test_asked_countries_only_even_without_deals(db: Path) -> None:
    brief = brief_of(db, countries=["kaz", "TJK", "ATA"])
    assert {s.code for s in brief.sections} == {"KAZ", "TJK", "ATA"}
    empty = next(s for s in brief.sections if s.code == "ATA")
    assert empty.items == [] and empty.deals == 0 and brief.sections[-1].code == "ATA"
    for section in brief.sections:
        for line in lines(section.items):
            assert section.code in line.countries
    assert "## Antarctica (ATA) — 0 deals\n\nNo deals." in render_markdown(brief)


def test_event_keeps_deals_whose_articles_mention_it(db: Path) -> None:
    brief = brief_of(db, event="Bishkek")
    assert brief.title == "Bishkek: deals by country"
    articles = {
        a
        for (a,) in execute(
            db, "SELECT id FROM articles WHERE lower(title || ' ' || text) LIKE '%bishkek%'"
        )
    }
    expected = {
        d
        for (d,) in execute(
            db,
            f"SELECT DISTINCT deal_id FROM mentions WHERE article_id IN "
            f"({','.join(map(str, articles))})",
        )
    }
    found = {line.id for s in brief.sections for line in lines(s.items)}
    assert found == expected and found
    for section in brief.sections:
        for line in lines(section.items):
            assert {s.article_id for s in line.sources} & articles


def test_dates_limit_the_brief(db: Path) -> None:
    since, until = dt.date(2025, 11, 1), dt.date(2025, 11, 30)
    brief = brief_of(db, since=since, until=until)
    expected = {
        d.id
        for d in facts(db)
        if d.last_seen
        and d.first_seen
        and d.last_seen >= since.isoformat()
        and d.first_seen <= until.isoformat()
    }
    assert {line.id for s in brief.sections for line in lines(s.items)} == expected
    assert "reported between 2025-11-01 and 2025-11-30" in render_markdown(brief)


def test_lines_carry_parties_figures_status_and_sources(db: Path) -> None:
    brief = brief_of(db, countries=["KAZ"])
    dreamliners = next(i for i in brief.sections[0].items if i.quantity and "787" in i.quantity)
    assert dreamliners.value == "$7bn"
    assert {"Air Astana", "Boeing"} <= {p.name for p in dreamliners.parties}
    assert len(dreamliners.sources) >= 2 and all(s.title for s in dreamliners.sources)
    markdown = render_markdown(brief)
    line = next(x for x in markdown.splitlines() if f"[deal {dreamliners.id}]" in x)
    assert "Air Astana (buyer, KAZ)" in line and "$7bn" in line and dreamliners.status in line
    assert str(dreamliners.sources[0].title) in line.replace("\\", "")
    stakes = [i for i in lines(brief.sections[0].items) if i.stakes]
    assert stakes and all(re.search(r"\d%", s) for i in stakes for s in i.stakes)


def test_markup_in_articles_is_escaped(db: Path, tmp_path: Path, extractor: Extractor) -> None:
    from dealscope.ingest import read_text

    copy = writable_copy(db, tmp_path)
    store = Store(str(copy))
    article = read_text(SCRIPT_TEXT, id="script", title=SCRIPT_TITLE, date=dt.date(2025, 12, 3))
    store.write(extractor.extract(article), extractor.version)
    store.close()
    brief = brief_of(copy, countries=["TJK"])
    assert any(
        s.title == SCRIPT_TITLE for line in lines(brief.sections[0].items) for s in line.sources
    )
    html = render_html(brief)
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#34;brief&#34;)&lt;/script&gt;" in html
    markdown = render_markdown(brief)
    assert r"\<script\>" in markdown
    assert re.search(r"(?<!\\)<", markdown) is None  # every "<" is escaped


def test_html_is_a_standalone_page(db: Path) -> None:
    html = render_html(brief_of(db, countries=["UZB"], event="summit"))
    assert html.startswith("<!doctype html>") and html.rstrip().endswith("</html>")
    assert "<title>summit: deals by country</title>" in html
    assert "<link" not in html and "src=" not in html  # nothing fetched from elsewhere


def test_brief_command(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    result = runner.invoke(
        app, ["brief", "--db", str(db), "--country", "KAZ,UZB", "--format", "html", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "<h2>Kazakhstan (KAZ)" in out.read_text(encoding="utf-8")
    result = runner.invoke(app, ["brief", "--db", str(db), "--country", "TJK"])
    assert result.exit_code == 0 and result.stdout.startswith("# Deals by country")
    named = runner.invoke(app, ["brief", "--db", str(db), "--country", "Kazakhstan"])
    assert named.exit_code == 0 and "## Kazakhstan (KAZ)" in named.stdout
    unknown = runner.invoke(app, ["brief", "--db", str(db), "--country", "Narnia"])
    assert unknown.exit_code == 2 and unknown.stderr.startswith("error: --country wants")
    bad = runner.invoke(app, ["brief", "--db", str(db), "--since", "2025-02-30"])
    assert bad.exit_code == 2
    assert bad.stderr.strip().splitlines() == [
        "error: --since wants a date as YYYY-MM-DD, not '2025-02-30'"
    ]


def test_conflicting_figures_are_shown_with_who_gave_them(db: Path) -> None:
    store = Store(str(db))
    with store.session() as session:
        brief = build_brief(session, None, ["KAZ"], None, None)
    store.close()
    astana = next(
        d
        for s in brief.sections
        for d in s.items
        if "Air Astana" in d.summary and d.type == "purchase"
    )
    assert astana.conflicts, "18 vs 15 aircraft"
    line = astana.conflicts[0]
    assert line.startswith("quantity: 18 (") and " vs 15 (The Caspian Ledger)" in line
    markdown = render_markdown(brief)
    assert "**conflicting figures**: quantity: 18" in markdown
    assert "Conflicting figures:</strong> quantity: 18" in render_html(brief)
