"""Ingestion into the store: read sources, extract what is new, write article by article.

An article already stored by the same extractor version is recognised by its content hash
before any parsing, so re-running a half-finished ingestion costs little for what is done.
A bad item (unreadable, not English, a failed write) is reported and the rest goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import select

from dealscope.core.errors import DealscopeError
from dealscope.core.model import Article
from dealscope.core.options import Options
from dealscope.ingest import Skipped, read_articles
from dealscope.pipeline import Extractor
from dealscope.store.store import Store, content_hash
from dealscope.store.tables import ArticleRow


@dataclass
class IngestSummary:
    """What an ingestion run did; the CLI prints it at the end."""

    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    deals_new: int = 0
    deals_merged: int = 0
    conflicts: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def written(self) -> int:
        return self.new + self.updated


Progress = Callable[[str], None]


def _articles(
    sources: Iterable[str], options: Options, summary: IngestSummary, progress: Progress
) -> Iterator[Article]:
    for source in sources:
        try:
            for item in read_articles(source, options):
                if isinstance(item, Skipped):
                    summary.skipped.append((item.item, f"[{item.error.code}] {item.error.message}"))
                    progress(item.item)
                    continue
                summary.read += 1
                yield item
        except DealscopeError as exc:
            summary.skipped.append((source, str(exc)))
            progress(source)


def ingest(
    store: Store,
    sources: Iterable[str],
    options: Options | None = None,
    progress: Progress | None = None,
    extractor: Extractor | None = None,
) -> IngestSummary:
    """Ingest every article of ``sources`` into ``store``; returns the run's summary."""
    options = options or Options()
    extractor = extractor or Extractor(options)
    version = extractor.version
    summary = IngestSummary()
    tick = progress or (lambda _item: None)

    def fresh() -> Iterator[Article]:
        for article in _articles(sources, options, summary, tick):
            if _stored(store, article, version):
                summary.unchanged += 1
                tick(article.id)
                continue
            yield article

    for extraction in extractor.extract_many(fresh()):
        article = extraction.article
        try:
            result = store.write(extraction, version)
        except DealscopeError as exc:
            summary.skipped.append((article.id, str(exc)))
            tick(article.id)
            continue
        if result.outcome == "new":
            summary.new += 1
        elif result.outcome == "updated":
            summary.updated += 1
        else:
            summary.unchanged += 1
        summary.deals_new += result.deals_new
        summary.deals_merged += result.deals_merged
        summary.conflicts += result.conflicts
        tick(article.id)
    return summary


def _stored(store: Store, article: Article, version: str) -> bool:
    with store.session() as session:
        stored = session.scalar(
            select(ArticleRow.extractor_version).where(
                ArticleRow.content_hash == content_hash(article.text)
            )
        )
    return stored == version
