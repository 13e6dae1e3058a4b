"""The ``dealscope`` command: a thin layer over the library, one small command per verb.

Errors raised on purpose (:class:`DealscopeError`) print one line, ``error: ...``, and exit
with status 2; a bad item inside a batch is reported on standard error and the batch goes on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from dealscope.commands import report as report_commands
from dealscope.commands import serve as serve_commands
from dealscope.commands import store as store_commands
from dealscope.commands.common import fail, plural, stderr
from dealscope.core.errors import DealscopeError, InputError
from dealscope.core.model import Article, Extraction
from dealscope.core.options import Options
from dealscope.report.text import money

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Track international deals in the news: extract grounded deals, parties and quotes.",
    pretty_exceptions_enable=False,
)
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


class Format(StrEnum):
    table = "table"
    md = "md"
    json = "json"
    jsonl = "jsonl"


def _extractions(sources: list[str], options: Options) -> Iterator[Extraction]:
    """Extractions for every article of every source; bad items are reported and skipped."""
    from dealscope.ingest import Skipped, read_articles
    from dealscope.pipeline import Extractor

    extractor = Extractor(options)
    read = skipped = 0

    def articles() -> Iterator[Article]:
        nonlocal read, skipped
        for source in sources:
            try:
                for item in read_articles(source, options):
                    if isinstance(item, Skipped):
                        skipped += 1
                        stderr().print(_skipped(item.item, item.error), markup=False)
                        continue
                    read += 1
                    yield item
            except DealscopeError as exc:
                if len(sources) == 1:
                    raise
                skipped += 1
                stderr().print(_skipped(source, exc), markup=False)

    for result in extractor.extract_many(articles()):
        for warning in result.warnings:
            stderr().print(f"warning: {warning}", markup=False)
        yield result
    if read == 0:
        raise InputError("no article could be read" + (f" ({skipped} skipped)" if skipped else ""))
    if skipped:
        stderr().print(f"{plural(read, 'article')} read, {skipped} skipped", markup=False)


def _skipped(item: str, error: DealscopeError) -> str:
    """One line for a bad item of a batch, naming the item once."""
    message = error.message if item in error.message else f"{item}: {error.message}"
    return f"skipped [{error.code}] {message}"


def _deal_rows(result: Extraction) -> list[list[str]]:
    rows = []
    for deal in result.deals:
        parties = "; ".join(
            f"{p.name} ({p.role}{', ' + p.country if p.country else ''})" for p in deal.parties
        )
        value = ""
        if deal.value is not None:
            value = money(deal.value.usd) or deal.value.span.text
            if deal.value.qualifier:
                value = f"{deal.value.qualifier.replace('_', ' ')} {value}"
            if deal.value.usd_estimated:
                value += " (est.)"
        quantity = ""
        if deal.quantity is not None:
            quantity = f"{deal.quantity.count:g} {deal.quantity.item or ''}".strip()
        stakes = ", ".join(f"{s.party} {s.percent:g}%" for s in deal.stakes)
        rows.append(
            [
                deal.id,
                deal.type + (" (package)" if deal.package else ""),
                parties,
                ",".join(deal.countries),
                value,
                quantity,
                stakes,
                deal.sector,
                deal.status,
            ]
        )
    return rows


def _mention_rows(result: Extraction) -> list[tuple[str, int, int, str, str]]:
    """(kind, start, end, text, what it means) for every mention, in text order."""
    m = result.mentions
    rows: list[tuple[str, int, int, str, str]] = []
    for amount in m.money:
        usd = money(amount.usd) + (" (est.)" if amount.usd_estimated else "")
        meaning = f"{amount.amount:,.10g} {amount.currency} = {usd or '?'}"
        if amount.qualifier:
            meaning += f", {amount.qualifier}"
        rows.append(("money", amount.span.start, amount.span.end, amount.span.text, meaning))
    for q in m.quantities:
        rows.append(("quantity", q.span.start, q.span.end, q.span.text, f"{q.count:g} × {q.item}"))
    for p in m.percents:
        rows.append(("percent", p.span.start, p.span.end, p.span.text, f"{p.value:g}%"))
    for d in m.durations:
        rows.append(("duration", d.span.start, d.span.end, d.span.text, f"{d.years:g} years"))
    for c in m.countries:
        rows.append(("country", c.span.start, c.span.end, c.span.text, f"{c.code} ({c.form})"))
    for o in m.organizations:
        what = ", ".join(x for x in (o.canonical, o.kind, o.country, o.source) if x)
        rows.append(("organization", o.span.start, o.span.end, o.span.text, what))
    return sorted(rows, key=lambda row: (row[1], row[0]))


def _mentions_table(result: Extraction) -> Table:
    table = Table(title="mentions", expand=True)
    for header in ("kind", "start", "end", "text", "meaning"):
        table.add_column(header, overflow="fold")
    for kind, start, end, text, meaning in _mention_rows(result):
        table.add_row(kind, str(start), str(end), text, meaning)
    return table


def _mentions_markdown(result: Extraction) -> str:
    out = ["| kind | start | end | text | meaning |", "|---|---|---|---|---|"]
    for kind, start, end, text, meaning in _mention_rows(result):
        out.append(f"| {kind} | {start} | {end} | {text.replace('|', '/')} | {meaning} |")
    return "\n".join(out) + "\n"


HEADERS = ["id", "type", "parties", "countries", "value", "quantity", "stakes", "sector", "status"]


def _print_table(result: Extraction, console: Console) -> None:
    title = result.article.title or result.article.id
    if not result.deals:
        console.print(f"{title} — no deals", markup=False)
    else:
        heading = f"{title} — {plural(len(result.deals), 'deal')}"
        table = Table(title=heading, show_lines=False, expand=True)
        for header in HEADERS:
            table.add_column(header, overflow="fold")
        for row in _deal_rows(result):
            table.add_row(*row)
        console.print(table)
    if result.quotes:
        quotes = Table(title="quotes", expand=True)
        for header in ("speaker", "kind", "quote"):
            quotes.add_column(header, overflow="fold")
        for quote in result.quotes:
            speaker = quote.speaker.name if quote.speaker else "—"
            quotes.add_row(speaker, quote.kind, quote.text)
        console.print(quotes)


def _print_markdown(result: Extraction) -> None:
    title = result.article.title or result.article.id
    out = [f"## {title}", "", "| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    for row in _deal_rows(result):
        out.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    if result.quotes:
        out += ["", "| speaker | kind | quote |", "|---|---|---|"]
        for quote in result.quotes:
            speaker = quote.speaker.name if quote.speaker else "—"
            out.append(f"| {speaker} | {quote.kind} | {quote.text.replace('|', '/')} |")
    typer.echo("\n".join(out) + "\n")


def _version(value: bool) -> None:
    if value:
        from dealscope import __version__

        typer.echo(f"dealscope {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Track international deals in the news: extract grounded deals, parties and quotes."""


@app.command()
def extract(
    sources: Annotated[
        list[str],
        typer.Argument(help="Files, folders, JSON Lines corpora, URLs, or - for standard input."),
    ],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    mentions: Annotated[
        bool | None,
        typer.Option(
            help="Show the mentions (money, quantities, countries, organizations) with their "
            "offsets; on by default in JSON, off in tables."
        ),
    ] = None,
    indirect: Annotated[
        bool,
        typer.Option(
            "--indirect",
            help='Also report indirect speech ("X said that ...") as quotes of kind indirect; '
            "slower, as it parses every sentence with a speech verb.",
        ),
    ] = False,
) -> None:
    """Extract deals, quotes and mentions from articles, every field with its character offsets."""
    options = Options(indirect_speech=indirect)
    console = Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 160)
    try:
        results = _extractions(sources, options)
        if mentions is None:
            mentions = fmt in (Format.json, Format.jsonl)
        if fmt is Format.json:
            payload = [
                r.model_dump(mode="json", exclude={"mentions"} if not mentions else None)
                for r in results
            ]
            typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for result in results:
            if fmt is Format.jsonl:
                typer.echo(result.model_dump_json(exclude={"mentions"} if not mentions else None))
            elif fmt is Format.md:
                _print_markdown(result)
                if mentions:
                    typer.echo(_mentions_markdown(result))
            else:
                _print_table(result, console)
                if mentions:
                    console.print(_mentions_table(result))
    except DealscopeError as exc:
        raise fail(str(exc)) from None


@app.command()
def demo(
    db: store_commands.DbOption = None,
    extract_only: Annotated[
        bool, typer.Option("--extract-only", help="Only print the extraction, store nothing.")
    ] = False,
) -> None:
    """The main job on the bundled example articles: ingest them, then list the deals."""
    if not EXAMPLES.is_dir():
        raise fail(f"the example articles are missing ({EXAMPLES})")
    if extract_only:
        extract([str(EXAMPLES)], Format.table, False, False)
        return
    store_commands.ingest_command([str(EXAMPLES)], db, False, True)
    store_commands.deals_command(db=db)
    stderr().print(
        f"stored in {store_commands.open_store(db).url}; try `dealscope deal ID`, "
        "`dealscope brief` or `dealscope serve`",
        markup=False,
    )


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="A gold file or a folder of gold files.")],
    predictions: Annotated[
        Path | None,
        typer.Option(
            help="Saved predictions (JSON/JSONL of extractions, or gold format) "
            "instead of running the extractor."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Score the extractor (or saved predictions) against gold annotations."""
    from dealscope.eval.command import eval_command

    code = eval_command(gold, predictions, as_json)
    if code:
        raise typer.Exit(code)


@app.command()
def schema() -> None:
    """Print the JSON Schema of dealscope's output (an array of extractions)."""
    from dealscope.schema import output_schema

    typer.echo(json.dumps(output_schema(), indent=2, ensure_ascii=False))


app.command("ingest")(store_commands.ingest_command)
app.command("deals")(store_commands.deals_command)
app.command("deal")(store_commands.deal_command)
app.command("merge")(store_commands.merge_command)
app.command("split")(store_commands.split_command)
app.command("edit")(store_commands.edit_command)
app.command("consolidate")(store_commands.consolidate_command)
app.add_typer(store_commands.db_app, name="db")
app.command("serve")(serve_commands.serve_command)
app.command("brief")(report_commands.brief_command)
app.command("export")(report_commands.export_command)


def main() -> None:  # pragma: no cover - console entry point
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
