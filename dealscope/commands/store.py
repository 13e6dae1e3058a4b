"""Database commands: ingest, deals, deal, merge, split, edit, consolidate, db."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from dealscope.commands.common import fail, plural, stderr
from dealscope.core.errors import DealscopeError
from dealscope.core.options import Options
from dealscope.report.text import value_text
from dealscope.store import Store, default_path, ingest
from dealscope.store.engine import ENV_VAR, current_revision, head_revision, upgrade
from dealscope.store.queries import DealFilter, SortKey, deal_detail, list_deals
from dealscope.store.records import FLAT_COLUMNS, DealDetail, DealSummary, flatten

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help=f"Database URL or SQLite file (default: ${ENV_VAR}, else {default_path()}).",
        show_default=False,
    ),
]


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class DetailFormat(StrEnum):
    table = "table"
    json = "json"


class Sort(StrEnum):
    usd = "usd"
    first_seen = "first_seen"
    last_seen = "last_seen"
    sources = "sources"
    id = "id"


def open_store(db: str | None) -> Store:
    try:
        return Store(db)
    except DealscopeError as exc:
        raise fail(str(exc)) from None


def ingest_command(
    sources: Annotated[
        list[str],
        typer.Argument(help="Files, folders, JSON Lines corpora, RSS/Atom feeds, URLs, or -."),
    ],
    db: DbOption = None,
    indirect: Annotated[
        bool, typer.Option("--indirect", help="Also store indirect speech as quotes.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read articles, extract their deals and consolidate them into the database."""
    store = open_store(db)
    console = stderr()
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[item]}", markup=False),
        console=console,
        transient=True,
        disable=quiet or not console.is_terminal,
    )
    try:
        with progress:
            task = progress.add_task("ingesting", total=None, item="")

            def tick(item: str) -> None:
                progress.update(task, advance=1, item=item[-60:])

            summary = ingest(store, sources, Options(indirect_speech=indirect), tick)
    except DealscopeError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()
    for item, reason in summary.skipped:
        console.print(f"skipped {reason if item in reason else f'{item}: {reason}'}", markup=False)
    console.print(
        f"{plural(summary.read, 'article')} read: {summary.new} new, {summary.updated} updated, "
        f"{summary.unchanged} unchanged, {len(summary.skipped)} skipped; "
        f"deals: {summary.deals_new} new, {summary.deals_merged} merged into existing ones, "
        f"{summary.conflicts} with conflicting figures",
        markup=False,
    )
    if summary.read == 0 and summary.skipped:
        raise typer.Exit(2)


def deals_command(
    db: DbOption = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166 alpha-3 code, e.g. KAZ.")] = None,
    counterparty: Annotated[
        str | None, typer.Option(help="Another country of the deal, e.g. USA.")
    ] = None,
    sector: Annotated[str | None, typer.Option(help="e.g. aviation, mining.")] = None,
    deal_type: Annotated[str | None, typer.Option("--type", help="purchase, investment …")] = None,
    status: Annotated[str | None, typer.Option(help="e.g. signed, intended.")] = None,
    party: Annotated[str | None, typer.Option(help="Part of a party's name.")] = None,
    since: Annotated[str | None, typer.Option(help="Reported on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Reported on or before YYYY-MM-DD.")] = None,
    min_usd: Annotated[float | None, typer.Option(help="Minimum value in US dollars.")] = None,
    search: Annotated[str | None, typer.Option(help="Text in the summary or a party name.")] = None,
    conflicts: Annotated[
        bool | None, typer.Option("--conflicts/--no-conflicts", help="Only (or no) conflicts.")
    ] = None,
    sort: Annotated[Sort, typer.Option(help="Sort key, largest/latest first.")] = Sort.last_seen,
    limit: Annotated[int, typer.Option(min=1, max=100_000)] = 100,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """List consolidated deals, filtered."""
    filters = DealFilter(
        country=country,
        counterparty=counterparty,
        sector=sector,
        type=deal_type,
        status=status,
        party=party,
        since=_date(since, "--since"),
        until=_date(until, "--until"),
        min_usd=min_usd,
        text=search,
        conflicts=conflicts,
    )
    store = open_store(db)
    try:
        with store.session() as session:
            rows, total = list_deals(session, filters, _sort(sort), True, limit, offset)
    except DealscopeError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()
    if fmt is ListFormat.json:
        payload = {"total": total, "data": [r.model_dump(mode="json") for r in rows]}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    elif fmt is ListFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=FLAT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(flatten(r) for r in rows)
    else:
        _console().print(_deals_table(rows, total))


def deal_command(
    deal_id: Annotated[int, typer.Argument(help="The deal's id (see `dealscope deals`).")],
    db: DbOption = None,
    fmt: Annotated[DetailFormat, typer.Option("--format", "-f")] = DetailFormat.table,
) -> None:
    """Show one deal: its sources with evidence, conflicting figures and status timeline."""
    store = open_store(db)
    try:
        with store.session() as session:
            detail = deal_detail(session, deal_id)
    except DealscopeError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()
    if fmt is DetailFormat.json:
        typer.echo(detail.model_dump_json(indent=2))
    else:
        _print_detail(detail, _console())


def merge_command(
    deal_ids: Annotated[list[int], typer.Argument(help="Two or more deal ids; the first stays.")],
    db: DbOption = None,
) -> None:
    """Merge deals that consolidation kept apart; recorded, and kept on later runs."""
    if len(deal_ids) < 2:
        raise fail("merge needs two or more deal ids")
    kept = _correct(db, lambda store: store.merge(deal_ids[0], deal_ids[1:]))
    typer.echo(f"merged {', '.join(map(str, deal_ids[1:]))} into deal {kept}")


def split_command(
    deal_id: Annotated[int, typer.Argument(help="The deal to split.")],
    mention: Annotated[
        list[int] | None,
        typer.Option(help="A mention id to take out (repeatable); default: every source apart."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Split a deal that joins reports of different deals; recorded, and kept on later runs."""
    ids = _correct(db, lambda store: store.split(deal_id, mention or []))
    typer.echo(f"deal {deal_id} split into deals {', '.join(map(str, ids))}")


def edit_command(
    deal_id: Annotated[int, typer.Argument(help="The deal to edit.")],
    db: DbOption = None,
    deal_type: Annotated[str | None, typer.Option("--type")] = None,
    sector: Annotated[str | None, typer.Option()] = None,
    status: Annotated[str | None, typer.Option()] = None,
    summary: Annotated[str | None, typer.Option()] = None,
    usd: Annotated[float | None, typer.Option(help="Value in US dollars.")] = None,
    count: Annotated[float | None, typer.Option(help="Quantity.")] = None,
    item: Annotated[str | None, typer.Option(help="What the quantity counts.")] = None,
) -> None:
    """Correct fields of a deal by hand; the edit wins over consolidation from now on."""
    fields: dict[str, Any] = {
        name: value
        for name, value in (
            ("type", deal_type),
            ("sector", sector),
            ("status", status),
            ("summary", summary),
            ("usd", usd),
            ("count", count),
            ("item", item),
        )
        if value is not None
    }
    if not fields:
        raise fail(
            "nothing to edit: give at least one of --type --sector --status --summary "
            "--usd --count --item"
        )
    _correct(db, lambda store: store.edit(deal_id, fields))
    typer.echo(f"deal {deal_id}: set {', '.join(f'{k}={v}' for k, v in fields.items())}")


def consolidate_command(db: DbOption = None) -> None:
    """Consolidate every stored mention again, then replay the manual corrections."""
    count = _correct(db, lambda store: store.rebuild())
    typer.echo(f"{plural(count, 'deal')} after consolidation")


db_app = typer.Typer(help="The database schema: migrations and location.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Apply the schema migrations (any command also does this on first use)."""
    store = open_store(db)
    try:
        upgrade(store.engine)
        typer.echo(
            f"{store.engine.url.render_as_string()}: at revision {current_revision(store.engine)}"
        )
    except DealscopeError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()


@db_app.command("current")
def db_current(db: DbOption = None) -> None:
    """Print the database URL, its schema revision and the newest one."""
    store = open_store(db)
    try:
        revision = current_revision(store.engine)
    finally:
        store.close()
    typer.echo(
        f"{store.engine.url.render_as_string()}: revision {revision} (newest {head_revision()})"
    )


def _correct(db: str | None, action: Any) -> Any:
    store = open_store(db)
    try:
        return action(store)
    except DealscopeError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option} wants a date as YYYY-MM-DD, not {value!r}") from None


def _sort(sort: Sort) -> SortKey:
    key: SortKey = sort.value
    return key


def _console() -> Console:
    return Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 160)


def _value(deal: DealSummary) -> str:
    return value_text(deal.usd, deal.usd_max, deal.usd_estimated)


def _deals_table(rows: list[DealSummary], total: int) -> Table:
    table = Table(
        title=f"{plural(total, 'deal')}" + (f", first {len(rows)}" if total > len(rows) else "")
    )
    for column in (
        "id",
        "type",
        "parties",
        "countries",
        "value",
        "quantity",
        "sector",
        "status",
        "sources",
        "flags",
    ):
        table.add_column(column, overflow="fold")
    for deal in rows:
        flags = []
        if deal.package:
            flags.append("package")
        if deal.parent_id:
            flags.append(f"in {deal.parent_id}")
        if deal.has_conflicts:
            flags.append("conflicts")
        table.add_row(
            str(deal.id),
            deal.type,
            "; ".join(f"{p.name} ({p.role})" for p in deal.parties),
            ",".join(deal.countries),
            _value(deal),
            f"{deal.count:g} {deal.item or ''}".strip() if deal.count is not None else "",
            deal.sector,
            deal.status,
            str(deal.sources),
            ", ".join(flags),
        )
    return table


def _print_detail(detail: DealDetail, console: Console) -> None:
    console.print(f"deal {detail.id}: {detail.summary}", markup=False)
    console.print(
        f"type {detail.type} · sector {detail.sector} · status {detail.status} · "
        f"value {_value(detail) or '-'} · countries {', '.join(detail.countries) or '-'} · "
        f"{plural(detail.sources, 'source')}",
        markup=False,
    )
    for party in detail.parties:
        console.print(f"  party: {party.name} ({party.role}, {party.country or '?'})", markup=False)
    if detail.edits:
        console.print(f"  edited by hand: {json.dumps(detail.edits)}", markup=False)
    for conflict in detail.conflicts:
        versions = " vs ".join(
            f"{' / '.join(v.display)} (articles {', '.join(map(str, v.article_ids))})"
            for v in conflict.values
        )
        console.print(f"  CONFLICT {conflict.field}: {versions}", markup=False)
    console.print("timeline:", markup=False)
    for step in detail.timeline:
        console.print(
            f"  {step.date or '?'}  {step.status:<18} article {step.article_id} {step.title or ''}",
            markup=False,
        )
    console.print("sources:", markup=False)
    for source in detail.source_list:
        console.print(
            f"  [{source.article_id}] {source.published or '?'} {source.site or ''} "
            f"{source.title or source.url or ''}",
            markup=False,
        )
        for span in source.evidence:
            console.print(f"      {span.start}-{span.end}: {span.text}", markup=False)
    for child in detail.children:
        console.print(f"  contains deal {child.id}: {child.summary}", markup=False)
