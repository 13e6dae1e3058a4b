"""The database schema (SQLAlchemy 2 declarative): articles, their mentions, consolidated deals.

Two levels are kept apart on purpose. A *mention* is what one article says about a deal,
exactly as extracted (the full :class:`~dealscope.core.model.Deal` as JSON, offsets into that
article's cleaned text). A *deal* is the consolidated record that many mentions point to; every
figure on it can be traced back to the mentions and their evidence spans.
Columns that queries filter on (type, sector, status, USD, dates, countries) are real columns
with indexes; the rest stays in JSON.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}  # noqa: RUF012


class ArticleRow(Base):
    """One cleaned article; ``content_hash`` (SHA-256 of the text) makes ingestion idempotent."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source_id: Mapped[str] = mapped_column(String(2000))
    url: Mapped[str | None] = mapped_column(String(2000))
    title: Mapped[str | None] = mapped_column(String(1000))
    author: Mapped[str | None] = mapped_column(String(500))
    site: Mapped[str | None] = mapped_column(String(500))
    published: Mapped[date | None] = mapped_column(Date, index=True)
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    extractor_version: Mapped[str] = mapped_column(String(100))
    warnings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    ingested_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class DealRow(Base):
    """A consolidated deal: one real-world deal however many outlets reported it."""

    __tablename__ = "deals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(20), index=True)
    sector: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    summary: Mapped[str] = mapped_column(Text)
    usd: Mapped[float | None] = mapped_column(Float, index=True)
    usd_max: Mapped[float | None] = mapped_column(Float)
    usd_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    count: Mapped[float | None] = mapped_column(Float)
    item: Mapped[str | None] = mapped_column(String(500))
    countries: Mapped[list[Any]] = mapped_column(JSON, default=list)
    first_seen: Mapped[date | None] = mapped_column(Date, index=True)
    last_seen: Mapped[date | None] = mapped_column(Date, index=True)
    package: Mapped[bool] = mapped_column(Boolean, default=False)
    aggregate_safe: Mapped[bool] = mapped_column(Boolean, default=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("deals.id", ondelete="SET NULL"), index=True
    )
    sources: Mapped[int] = mapped_column(Integer, default=0)
    conflicts: Mapped[list[Any]] = mapped_column(JSON, default=list)
    has_conflicts: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    edits: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )


class MentionRow(Base):
    """What one article says about one deal: the extracted Deal, verbatim, as JSON."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(50))
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    deal_id: Mapped[int | None] = mapped_column(
        ForeignKey("deals.id", ondelete="SET NULL"), index=True
    )
    type: Mapped[str] = mapped_column(String(20))
    sector: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    usd: Mapped[float | None] = mapped_column(Float)
    usd_max: Mapped[float | None] = mapped_column(Float)
    published: Mapped[date | None] = mapped_column(Date)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class QuoteRow(Base):
    """A quote as extracted; ``deal_keys`` name the article's deal mentions it is about."""

    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    speaker: Mapped[str | None] = mapped_column(String(500), index=True)
    speaker_role: Mapped[str | None] = mapped_column(String(500))
    speaker_affiliation: Mapped[str | None] = mapped_column(String(500))
    speaker_country: Mapped[str | None] = mapped_column(String(3))
    deal_keys: Mapped[list[Any]] = mapped_column(JSON, default=list)


class PartyRow(Base):
    """A party under its canonical name; ``key`` is the name normalized for matching."""

    __tablename__ = "parties"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(500), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    country: Mapped[str | None] = mapped_column(String(3), index=True)
    kind: Mapped[str | None] = mapped_column(String(30))


class PartyAliasRow(Base):
    """Another name of a party as seen in some article ("GEC", "General Electric Co Plc")."""

    __tablename__ = "party_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(500))
    key: Mapped[str] = mapped_column(String(500), unique=True)


class DealPartyRow(Base):
    """A party of a consolidated deal with its role."""

    __tablename__ = "deal_parties"

    deal_id: Mapped[int] = mapped_column(
        ForeignKey("deals.id", ondelete="CASCADE"), primary_key=True
    )
    party_id: Mapped[int] = mapped_column(
        ForeignKey("parties.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class DealCountryRow(Base):
    """A country of a consolidated deal, for indexed country and counterparty filters."""

    __tablename__ = "deal_countries"

    deal_id: Mapped[int] = mapped_column(
        ForeignKey("deals.id", ondelete="CASCADE"), primary_key=True
    )
    country: Mapped[str] = mapped_column(String(3), primary_key=True, index=True)


class DealKeyRow(Base):
    """A blocking key of a deal: consolidation compares a mention only with deals sharing one."""

    __tablename__ = "deal_keys"

    deal_id: Mapped[int] = mapped_column(
        ForeignKey("deals.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(600), primary_key=True, index=True)
    # The deal's last report, copied here so the newest deals of a key come straight off an
    # index (key, last_seen) instead of sorting every deal of a busy key.
    last_seen: Mapped[date | None] = mapped_column(Date)


class StatusEventRow(Base):
    """One step of a deal's status timeline and the article that reported it."""

    __tablename__ = "status_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"), index=True)
    mention_id: Mapped[int] = mapped_column(ForeignKey("mentions.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))
    reported_on: Mapped[date | None] = mapped_column(Date)


class CorrectionRow(Base):
    """A manual merge, split or edit, stated on mention fingerprints so it outlives re-runs."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


Index("ix_mentions_article_key", MentionRow.article_id, MentionRow.key, unique=True)
Index("ix_deals_status_usd", DealRow.status, DealRow.usd)
Index("ix_deal_keys_key_last_seen", DealKeyRow.key, DealKeyRow.last_seen, DealKeyRow.deal_id)


class StateRow(Base):
    """One row counting the store's writes: caches of aggregates are keyed on it."""

    __tablename__ = "store_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
