"""The deal store: one object that writes extractions and consolidates them.

Every article is written in one transaction together with its mentions, quotes and the
consolidation they cause: a process killed in the middle leaves the database as it was before
that article, and the next run picks it up again. Writing the same article twice changes
nothing; writing it with a newer extractor replaces its mentions and re-consolidates.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from dealscope.core.errors import DealscopeError, StoreError
from dealscope.core.model import Deal, Extraction
from dealscope.store import corrections
from dealscope.store.consolidate import (
    consolidate_article,
    rebuild,
    refresh_deal,
    restore_ids,
)
from dealscope.store.engine import make_engine, resolve_url
from dealscope.store.matching import party_key
from dealscope.store.parties import PartyBook
from dealscope.store.state import bump, store_version
from dealscope.store.tables import ArticleRow, DealRow, MentionRow, QuoteRow

Outcome = Literal["new", "unchanged", "updated"]


@dataclass(frozen=True)
class WriteResult:
    """What writing one article did."""

    outcome: Outcome
    article_id: int
    deals_new: int = 0
    deals_merged: int = 0
    conflicts: int = 0


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(article_hash: str, deal: Deal) -> str:
    """A mention's identity that survives re-extraction: its article, evidence and parties."""
    start = deal.evidence[0].start if deal.evidence else -1
    names = sorted(party_key(p.name) for p in deal.parties)
    return hashlib.sha256(f"{article_hash}|{start}|{'|'.join(names)}".encode()).hexdigest()


class Store:
    """A dealscope database (SQLite file or PostgreSQL), migrated on opening."""

    def __init__(self, url: str | None = None, engine: Engine | None = None) -> None:
        self.url = resolve_url(url)
        self.engine = engine or make_engine(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed at the end, rolled back on any error."""
        session = self._sessions()
        try:
            with session.begin():
                yield session
        except DealscopeError:
            raise
        except SQLAlchemyError as exc:
            raise StoreError(f"database error: {_first_line(exc)}") from exc
        finally:
            session.close()

    def version(self) -> int:
        """How many writes the store has seen: changes whenever anything a reader sees does."""
        with self.session() as session:
            return store_version(session)

    def close(self) -> None:
        self.engine.dispose()

    def write(self, extraction: Extraction, extractor_version: str) -> WriteResult:
        """Store one article's extraction and consolidate its deals, all or nothing."""
        article = extraction.article
        digest = content_hash(article.text)
        with self.session() as session:
            row = session.scalar(select(ArticleRow).where(ArticleRow.content_hash == digest))
            if row is not None and row.extractor_version == extractor_version:
                return WriteResult("unchanged", row.id)
            outcome: Outcome = "new" if row is None else "updated"
            previous: set[int] = set()
            if row is None:
                row = ArticleRow(content_hash=digest)
                session.add(row)
            else:
                previous = _drop_mentions(session, row.id)
            row.source_id = article.id[:2000]
            row.url = article.url
            row.title = article.title
            row.author = article.author
            row.site = article.site
            row.published = article.date
            row.language = article.language
            row.text = article.text
            row.extractor_version = extractor_version
            row.warnings = list(extraction.warnings)
            session.flush()
            day = article.date or datetime.now(UTC).date()
            mentions = [
                MentionRow(
                    article_id=row.id,
                    key=deal.id,
                    fingerprint=fingerprint(digest, deal),
                    type=deal.type,
                    sector=deal.sector,
                    status=deal.status,
                    usd=deal.value.usd if deal.value else None,
                    usd_max=deal.value.usd_max if deal.value else None,
                    published=day,
                    data=deal.model_dump(mode="json"),
                )
                for deal in extraction.deals
            ]
            session.add_all(mentions)
            session.add_all(_quotes(row.id, extraction))
            session.flush()
            parties = PartyBook(session)
            for deal_id in previous:
                refresh_deal(session, deal_id, parties)
            created, merged = consolidate_article(session, mentions)
            if outcome == "updated":
                corrections.replay(session)
            bump(session)
            touched = {m.deal_id for m in mentions}
            conflicted = session.scalars(
                select(DealRow.id).where(DealRow.id.in_(touched), DealRow.has_conflicts)
            ).all()
            return WriteResult(outcome, row.id, created, merged, len(conflicted))

    def rebuild(self) -> int:
        """Consolidate the whole store again and replay manual corrections; returns deal count."""
        with self.session() as session:
            bump(session)
            previous = rebuild(session, corrections.split_off(session))
            corrections.replay(session, previous)
            restore_ids(session, previous)
            return session.scalar(select(func.count()).select_from(DealRow)) or 0

    def merge(self, target: int, others: Sequence[int]) -> int:
        with self.session() as session:
            bump(session)
            return corrections.merge(session, target, others).id

    def split(self, deal_id: int, mention_ids: Sequence[int] = ()) -> list[int]:
        with self.session() as session:
            bump(session)
            return corrections.split(session, deal_id, mention_ids)

    def edit(self, deal_id: int, fields: dict[str, Any]) -> int:
        with self.session() as session:
            bump(session)
            return corrections.edit(session, deal_id, fields).id


def _drop_mentions(session: Session, article_id: int) -> set[int]:
    """Delete an article's mentions and quotes; returns the deals that must be recomputed."""
    deals = set(
        session.scalars(select(MentionRow.deal_id).where(MentionRow.article_id == article_id))
    )
    session.execute(delete(MentionRow).where(MentionRow.article_id == article_id))
    session.execute(delete(QuoteRow).where(QuoteRow.article_id == article_id))
    session.flush()
    return {d for d in deals if d is not None}


def _quotes(article_id: int, extraction: Extraction) -> list[QuoteRow]:
    rows = []
    for quote in extraction.quotes:
        speaker = quote.speaker
        rows.append(
            QuoteRow(
                article_id=article_id,
                kind=quote.kind,
                start=quote.span.start,
                end=quote.span.end,
                text=quote.text,
                speaker=speaker.name[:500] if speaker else None,
                speaker_role=speaker.role[:500] if speaker and speaker.role else None,
                speaker_affiliation=(
                    speaker.affiliation[:500] if speaker and speaker.affiliation else None
                ),
                speaker_country=speaker.country if speaker else None,
                deal_keys=list(quote.deal_ids),
            )
        )
    return rows


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
