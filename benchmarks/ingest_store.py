"""Ingestion into the deal store against extraction alone, measured in one run on the same texts.

Passes over the texts of ``../shared/corpus/news/*.jsonl`` (all 3,230 by default), with one
``Extractor`` whose model is loaded before any timing:

1. ``extract``: ``Extractor.extract_many`` over the articles as ``ingest`` reads them, nothing
   stored — the baseline;
2. ``sqlite``: ``dealscope.store.ingest`` into a fresh SQLite file (extraction, writing and
   consolidation), then the same ingestion again, where everything is unchanged;
3. ``postgres``: the same into a fresh PostgreSQL database, when a server is given.

It prints articles/s for each pass, the store overhead (ingest time / extraction time), the
share of the ingest time spent in ``Store.write``, and what each store holds afterwards.

    python benchmarks/ingest_store.py [--limit N] [--postgres URL] [--shared PATH]

``--postgres`` (or ``$DEALSCOPE_TEST_POSTGRES_URL``) names a server and a role with CREATEDB;
the benchmark creates its own database there (``--bench-db``, default ``dealscope_bench``),
drops it first if it exists, and drops it again at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from provenance import code_version
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from dealscope.core.model import Article
from dealscope.core.options import Options
from dealscope.ingest import read_articles
from dealscope.pipeline import Extractor
from dealscope.store import IngestSummary, Store, ingest, resolve_url
from dealscope.store.tables import ArticleRow, DealRow, MentionRow, QuoteRow

ENV_POSTGRES = "DEALSCOPE_TEST_POSTGRES_URL"


def corpus_sources(shared: Path, limit: int | None, workdir: Path) -> list[str]:
    """The corpus files, or one file holding the first ``limit`` records of them."""
    files = sorted((shared / "corpus" / "news").glob("*.jsonl"))
    if not files:
        raise SystemExit(f"no corpus at {shared / 'corpus' / 'news'}")
    if not limit:
        return [str(f) for f in files]
    lines: list[str] = []
    for path in files:
        with path.open(encoding="utf-8") as handle:
            lines.extend(line for line in handle if line.strip())
    head = workdir / f"first-{limit}.jsonl"
    head.write_text("".join(lines[:limit]), encoding="utf-8")
    return [str(head)]


def articles(sources: list[str], options: Options) -> Iterator[Article]:
    for source in sources:
        for item in read_articles(source, options):
            if isinstance(item, Article):
                yield item


def timed_ingest(
    store: Store, sources: list[str], options: Options, extractor: Extractor
) -> tuple[float, float, IngestSummary]:
    """(seconds, seconds inside Store.write, summary) of one ingestion."""
    write = store.write
    spent = [0.0]

    def timed_write(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return write(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start

    store.write = timed_write  # type: ignore[method-assign]
    try:
        start = time.perf_counter()
        summary = ingest(store, sources, options, extractor=extractor)
        seconds = time.perf_counter() - start
    finally:
        del store.write
    return seconds, spent[0], summary


def counts(store: Store) -> dict[str, int]:
    with store.session() as session:

        def count(what: Any, *where: Any) -> int:
            return int(session.scalar(select(func.count()).select_from(what).where(*where)) or 0)

        mentions = count(MentionRow)
        deals = count(DealRow)
        return {
            "articles": count(ArticleRow),
            "mentions": mentions,
            "deals": deals,
            "merged mentions": mentions - deals,
            "deals with 2+ sources": count(DealRow, DealRow.sources >= 2),
            "deals with conflicts": count(DealRow, DealRow.has_conflicts),
            "quotes": count(QuoteRow),
        }


def _admin(admin_url: str, *statements: str) -> None:
    """Run database-level statements (outside a transaction) on ``admin_url``'s server."""
    engine = create_engine(resolve_url(admin_url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def fresh_postgres(admin_url: str, name: str) -> str:
    """Create database ``name`` (dropped first if it exists) beside ``admin_url``'s."""
    _admin(admin_url, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    url = make_url(resolve_url(admin_url))
    return url.set(database=name).render_as_string(hide_password=False)


def drop_postgres(admin_url: str, name: str) -> None:
    _admin(admin_url, f'DROP DATABASE IF EXISTS "{name}"')


def run_store(
    label: str,
    open_store: Callable[[], Store],
    sources: list[str],
    options: Options,
    extractor: Extractor,
) -> tuple[list[tuple[str, float, float, IngestSummary]], dict[str, int]]:
    store = open_store()  # migrations run here, outside the timings
    try:
        first = timed_ingest(store, sources, options, extractor)
        found = counts(store)
        again = timed_ingest(store, sources, options, extractor)
    finally:
        store.close()
    return [(label, *first), (f"{label} again", *again)], found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N texts")
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get(ENV_POSTGRES),
        help=f"PostgreSQL URL of a role with CREATEDB (default: ${ENV_POSTGRES})",
    )
    parser.add_argument("--bench-db", default="dealscope_bench", help="database to create")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database(s)")
    args = parser.parse_args()

    code = code_version()
    options = Options()  # what `dealscope ingest` uses: deals and direct quotes
    extractor = Extractor(options)
    extractor.nlp  # load the model outside the timings  # noqa: B018

    with tempfile.TemporaryDirectory(prefix="dealscope-bench-") as tmp:
        workdir = Path(tmp)
        sources = corpus_sources(args.shared, args.limit, workdir)
        n = sum(1 for _ in articles(sources, options))
        for _ in extractor.extract_many(islice(articles(sources, options), 32)):
            pass  # warm-up (lazy data, first batches), not counted

        start = time.perf_counter()
        deals = sum(len(x.deals) for x in extractor.extract_many(articles(sources, options)))
        t_extract = time.perf_counter() - start

        rows: list[tuple[str, float, float, IngestSummary]] = []
        stores: dict[str, dict[str, int]] = {}
        sqlite_url = f"sqlite:///{workdir / 'bench.sqlite'}"
        done, stores["sqlite"] = run_store(
            "sqlite", lambda: Store(sqlite_url), sources, options, extractor
        )
        rows.extend(done)
        if args.postgres:
            pg_url = fresh_postgres(args.postgres, args.bench_db)
            try:
                done, stores["postgres"] = run_store(
                    "postgres", lambda: Store(pg_url), sources, options, extractor
                )
                rows.extend(done)
            finally:
                if not args.keep:
                    drop_postgres(args.postgres, args.bench_db)

    print(f"code: {code}")
    print(f"texts: {n}, deals extracted: {deals}")
    print(
        f"{'pass':<15} {'seconds':>8} {'articles/s':>11} {'vs extract':>11} "
        f"{'in write':>9}  outcome"
    )
    print(f"{'extract':<15} {t_extract:8.2f} {n / t_extract:11.1f} {1.0:10.2f}x {'':>9}  -")
    for label, seconds, in_write, summary in rows:
        outcome = (
            f"{summary.new} new, {summary.unchanged} unchanged, {len(summary.skipped)} skipped"
        )
        print(
            f"{label:<15} {seconds:8.2f} {n / seconds:11.1f} {seconds / t_extract:10.2f}x "
            f"{in_write / seconds:8.0%}  {outcome}"
        )
    print("store overhead = ingest time / extraction time; 'in write' = share in Store.write")
    if not args.postgres:
        print(f"postgres: skipped (no --postgres URL and no ${ENV_POSTGRES})")
    names = list(next(iter(stores.values())))
    print(f"{'':<22}" + "".join(f"{label:>10}" for label in stores))
    for name in names:
        print(f"{name:<22}" + "".join(f"{found[name]:>10}" for found in stores.values()))


if __name__ == "__main__":
    main()
