"""``dealscope brief`` and ``dealscope export``: reports and flat files from the database."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from dealscope.commands.common import fail, plural, stderr
from dealscope.commands.store import DbOption, open_store
from dealscope.core.errors import DealscopeError
from dealscope.store.queries import DealFilter

OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file instead of standard output.",
                 dir_okay=False, show_default=False),
]


class BriefFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"
    parquet = "parquet"


def brief_command(
    db: DbOption = None,
    event: Annotated[
        str | None, typer.Option(help="Only deals whose articles mention this (title or text).")
    ] = None,
    country: Annotated[
        list[str] | None,
        typer.Option(help="A country to cover, ISO alpha-3 (repeatable, or KAZ,UZB); "
                     "default: every country with deals."),
    ] = None,
    since: Annotated[str | None, typer.Option(help="Reported on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Reported on or before YYYY-MM-DD.")] = None,
    fmt: Annotated[BriefFormat, typer.Option("--format", "-f")] = BriefFormat.md,
    output: OutputOption = None,
) -> None:
    """A country-by-country brief of the deals: parties, figures, status and sources."""
    from dealscope.report.brief import build_brief, render_html, render_markdown

    codes = [_code(c) for value in country or [] for c in value.split(",") if c.strip()]
    start, end = parse_date(since, "--since"), parse_date(until, "--until")
    store = open_store(db)
    try:
        with store.session() as session:
            brief = build_brief(session, event, codes, start, end)
    except DealscopeError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()
    if fmt is BriefFormat.html:
        text = render_html(brief)
    elif fmt is BriefFormat.json:
        text = brief.model_dump_json(indent=2) + "\n"
    else:
        text = render_markdown(brief)
    _write_text(iter([text]), output)


def export_command(
    db: DbOption = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.csv,
    output: OutputOption = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166 alpha-3 code, e.g. KAZ.")] = None,
    counterparty: Annotated[
        str | None, typer.Option(help="Another country of the deal, e.g. USA.")
    ] = None,
    sector: Annotated[str | None, typer.Option()] = None,
    deal_type: Annotated[str | None, typer.Option("--type")] = None,
    status: Annotated[str | None, typer.Option()] = None,
    party: Annotated[str | None, typer.Option(help="Part of a party's name.")] = None,
    since: Annotated[str | None, typer.Option(help="Reported on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Reported on or before YYYY-MM-DD.")] = None,
    min_usd: Annotated[float | None, typer.Option(help="Minimum value in US dollars.")] = None,
    search: Annotated[str | None, typer.Option(help="Text in the summary or a party name.")] = None,
    conflicts: Annotated[
        bool | None, typer.Option("--conflicts/--no-conflicts", help="Only (or no) conflicts.")
    ] = None,
    packages: Annotated[
        bool, typer.Option("--packages/--no-packages", help="Include umbrella packages.")
    ] = True,
) -> None:
    """Export the deals that pass the filters, one row each, as CSV, JSON or Parquet."""
    from dealscope.report.export import csv_chunks, json_chunks, pages, write_parquet

    if fmt is ExportFormat.parquet and output is None:
        raise fail("Parquet is binary: give a file with -o/--output")
    f = DealFilter(
        country=country, counterparty=counterparty, sector=sector, type=deal_type,
        status=status, party=party, since=parse_date(since, "--since"),
        until=parse_date(until, "--until"), min_usd=min_usd, text=search, conflicts=conflicts,
        packages=packages,
    )
    store = open_store(db)
    counted = [0]

    def batches(session: Any) -> Iterator[list[dict[str, Any]]]:
        for batch in pages(session, f):
            counted[0] += len(batch)
            yield batch

    try:
        with store.session() as session:
            if fmt is ExportFormat.parquet and output is not None:
                _atomic(output, lambda part: write_parquet(batches(session), str(part)))
            else:
                chunks = csv_chunks if fmt is ExportFormat.csv else json_chunks
                _write_text(chunks(batches(session)), output)
    except DealscopeError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()
    if output is not None:
        stderr().print(f"wrote {plural(counted[0], 'deal')} to {output}", markup=False)


def _code(value: str) -> str:
    """An ISO alpha-3 code, or the code of a country name ("Kazakhstan" -> KAZ)."""
    from dealscope.nlp.countries import lookup_country

    value = value.strip()
    if len(value) == 3 and value.isalpha():
        return value.upper()
    code = lookup_country(value)
    if code is None:
        raise fail(f"--country wants a country code such as KAZ or a name, not {value!r}")
    return code


def parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option} wants a date as YYYY-MM-DD, not {value!r}") from None


def _write_text(chunks: Iterator[str], output: Path | None) -> None:
    if output is None:
        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return

    def write(part: Path) -> None:
        with part.open("w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)

    _atomic(output, write)


def _atomic(output: Path, write: Callable[[Path], object]) -> None:
    """Write through ``FILE.part`` and rename, so a failed export leaves no half file."""
    part = output.with_name(output.name + ".part")
    try:
        write(part)
        os.replace(part, output)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise fail(f"cannot write {output}: {exc.strerror or exc}") from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise

