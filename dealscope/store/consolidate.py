"""Consolidation: attach each deal mention to the deal it reports, or start a new deal.

Incremental by design: a new mention is compared only with deals that share a blocking key
(a party, or a country pair with the sector), at most :data:`CANDIDATES_PER_KEY` of the most
recently reported per key, so the cost per mention does not grow with the store. A deal's
figures, parties, countries, conflicts and status timeline are recomputed from its mentions
whenever one joins or leaves (:func:`refresh_deal`), then manual edits are laid on top.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from dealscope.store.matching import (
    Profile,
    best_match,
    blocking_keys,
    conflicts,
    figures,
    profile,
)
from dealscope.store.parties import PartyBook
from dealscope.store.tables import (
    ArticleRow,
    DealCountryRow,
    DealKeyRow,
    DealPartyRow,
    DealRow,
    MentionRow,
    StatusEventRow,
)

CANDIDATES_PER_KEY = 50
EDITABLE = ("type", "sector", "status", "summary", "usd", "usd_max", "count", "item")


# Profiles of stored mentions, reused across writes: a mention is compared with every new one
# of its blocks, and building its profile (resolving its parties' names) is most of the cost.
# Keyed on the database, the mention's id and fingerprint and its article's extractor
# version: mentions are only ever replaced by a new extractor version, so a row id that SQLite
# hands out again after a re-extraction never returns the old mention's profile.
_PROFILES: OrderedDict[tuple[str, int, str, str], Profile] = OrderedDict()
PROFILE_CACHE = 200_000


def _version(session: Session, article_id: int) -> str:
    article = session.get(ArticleRow, article_id)
    return article.extractor_version if article is not None else ""


def mention_profile(mention: MentionRow, parties: PartyBook) -> Profile:
    version = _version(parties.session, mention.article_id)
    key = (parties.database, mention.id, mention.fingerprint, version)
    found = _PROFILES.get(key)
    if found is None:
        found = profile(
            mention.id, mention.article_id, mention.data, mention.published, parties.key
        )
        _PROFILES[key] = found
        if len(_PROFILES) > PROFILE_CACHE:
            _PROFILES.popitem(last=False)
    return found


def candidates(session: Session, keys: Sequence[str]) -> list[int]:
    """Deals filed under any of ``keys``, the most recently reported first, bounded per key."""
    found: dict[int, None] = {}
    for key in keys:
        rows = session.scalars(
            select(DealKeyRow.deal_id)
            .where(DealKeyRow.key == key)
            .order_by(DealKeyRow.last_seen.desc(), DealKeyRow.deal_id.desc())
            .limit(CANDIDATES_PER_KEY)
        )
        found.update(dict.fromkeys(rows))
    return list(found)


def attach(
    session: Session,
    mention: MentionRow,
    parties: PartyBook,
    prefer_id: int | None = None,
    alone: bool = False,
) -> bool:
    """File ``mention`` under its deal; True when it joined an existing deal, False when new.

    ``prefer_id`` keeps a deal's id stable when consolidation is rebuilt from scratch;
    ``alone`` starts a deal of its own (a mention split off by hand).
    """
    own = mention_profile(mention, parties)
    ids = [] if alone else candidates(session, blocking_keys(own))
    members = _members(session, ids, parties) if ids else {}
    deal_id = best_match(own, members)
    merged = deal_id is not None
    if deal_id is None:
        taken = prefer_id is not None and session.get(DealRow, prefer_id) is not None
        deal = DealRow(
            id=None if taken else prefer_id,
            type=own.type,
            sector=own.sector,
            status=own.status,
            summary=mention.data.get("summary", ""),
        )
        session.add(deal)
        session.flush()
        deal_id = deal.id
    mention.deal_id = deal_id
    session.flush()
    refresh_deal(session, deal_id, parties)
    return merged


def _members(session: Session, ids: Sequence[int], parties: PartyBook) -> dict[int, list[Profile]]:
    """The profiles of the mentions of deals ``ids``; only those not cached are loaded whole."""
    rows = session.execute(
        select(
            MentionRow.id, MentionRow.fingerprint, MentionRow.deal_id, ArticleRow.extractor_version
        )
        .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
        .where(MentionRow.deal_id.in_(ids))
    ).all()
    db = parties.database
    missing = [m for m, fp, _, v in rows if (db, m, fp, v) not in _PROFILES]
    loaded = {}
    if missing:
        loaded = {
            m.id: m for m in session.scalars(select(MentionRow).where(MentionRow.id.in_(missing)))
        }
    members: dict[int, list[Profile]] = {}
    for mention_id, fingerprint, deal_id, version in rows:
        cached = _PROFILES.get((db, mention_id, fingerprint, version))
        found = cached or mention_profile(loaded[mention_id], parties)
        members.setdefault(deal_id, []).append(found)
    return members


def _mode(values: Iterable[Any], order: dict[Any, int]) -> Any:
    """The most frequent value; a tie goes to the one reported last (``order``: value -> rank)."""
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    return max(counts, key=lambda v: (counts[v], order.get(v, -1)))


def _timeline(mentions: Sequence[MentionRow]) -> list[MentionRow]:
    return sorted(mentions, key=lambda m: (m.published or date.min, m.id))


# How far along its life a deal is. Reports are read in time order and a deal only moves
# forward: an article written after the signing that says a company "will supply" is not a
# step back to "intended". Cancelled and suspended apply whenever reported, and a later
# report of progress lifts them.
STAGE = {
    "announced": 0,
    "intended": 1,
    "financing_offered": 1,
    "signed": 2,
    "expanded": 3,
    "completed": 3,
}
HALTED = frozenset({"cancelled", "suspended"})


def current_status(statuses: Sequence[str]) -> str:
    """The status a deal has reached after ``statuses``, reported in this order."""
    current = "announced"
    for status in statuses:
        if status in HALTED or current in HALTED or STAGE.get(status, 0) >= STAGE.get(current, 0):
            current = status
    return current


def refresh_deal(session: Session, deal_id: int, parties: PartyBook) -> DealRow | None:
    """Recompute a deal from its mentions; a deal left without mentions is deleted."""
    deal = session.get(DealRow, deal_id)
    if deal is None:
        return None
    mentions = _timeline(
        list(session.scalars(select(MentionRow).where(MentionRow.deal_id == deal_id)))
    )
    for table in (DealPartyRow, DealCountryRow, DealKeyRow, StatusEventRow):
        session.execute(delete(table).where(table.deal_id == deal_id))
    if not mentions:
        session.execute(update(DealRow).where(DealRow.parent_id == deal_id).values(parent_id=None))
        session.delete(deal)
        session.flush()
        return None
    rank = {m.id: i for i, m in enumerate(mentions)}
    data = [m.data for m in mentions]

    def mode(getter: Any) -> Any:
        order: dict[Any, int] = {}
        for m in mentions:
            order[getter(m.data)] = rank[m.id]
        return _mode((getter(d) for d in data), order)

    deal.type = mode(lambda d: d["type"])
    deal.sector = mode(lambda d: d.get("sector") if d.get("sector") != "other" else None) or "other"
    deal.package = any(d.get("package") for d in data)
    deal.aggregate_safe = all(d.get("aggregate_safe", True) for d in data)
    value = mode(lambda d: _usd(d))
    deal.usd, deal.usd_max = value if value else (None, None)
    if deal.usd_max == deal.usd:
        deal.usd_max = None
    deal.usd_estimated = any(
        (d.get("value") or {}).get("usd_estimated") for d in data if _usd(d) == value
    )
    deal.count = mode(lambda d: (d.get("quantity") or {}).get("count"))
    best = max(mentions, key=lambda m: (float(m.data.get("confidence", 0.5)), rank[m.id]))
    deal.summary = best.data.get("summary", "")
    items = [(m.data.get("quantity") or {}).get("item") for m in mentions]
    deal.item = next((i for i in reversed(items) if i), None)
    countries = sorted({c for d in data for c in d.get("countries", [])})
    deal.countries = countries
    days = [m.published for m in mentions if m.published]
    deal.first_seen = min(days) if days else None
    deal.last_seen = max(days) if days else None
    deal.sources = len({m.article_id for m in mentions})
    found = conflicts(f for m in mentions for f in figures(m.id, m.article_id, m.data))
    deal.conflicts = found
    deal.has_conflicts = bool(found)
    deal.status = current_status([m.data.get("status", "announced") for m in mentions])
    _apply_edits(deal)

    roles: dict[tuple[int, str], None] = {}
    for d in data:
        for party in d.get("parties", []):
            party_id = parties.ensure(
                party["name"], party.get("aliases", []), party.get("country"), party.get("kind")
            )
            roles[(party_id, party.get("role", "partner"))] = None
    keys = {k for m in mentions for k in blocking_keys(mention_profile(m, parties))}
    session.flush()
    # Plain multi-row INSERTs: the unit of work adds nothing for rows that are only written.
    for table, rows in (
        (DealCountryRow, [{"deal_id": deal_id, "country": code} for code in countries]),
        (DealPartyRow, [{"deal_id": deal_id, "party_id": p, "role": r} for p, r in roles]),
        (
            DealKeyRow,
            [
                {"deal_id": deal_id, "key": key[:600], "last_seen": deal.last_seen}
                for key in sorted(keys)
            ],
        ),
        (
            StatusEventRow,
            [
                {
                    "deal_id": deal_id,
                    "mention_id": m.id,
                    "article_id": m.article_id,
                    "status": m.data.get("status", "announced"),
                    "reported_on": m.published,
                }
                for m in mentions
            ],
        ),
    ):
        if rows:
            session.execute(insert(table), rows)
    return deal


def _usd(deal: dict[str, Any]) -> tuple[float, float] | None:
    value = deal.get("value") or {}
    if value.get("usd") is None:
        return None
    return (float(value["usd"]), float(value.get("usd_max") or value["usd"]))


def _apply_edits(deal: DealRow) -> None:
    """Manual edits win over everything consolidation computed."""
    for name, value in (deal.edits or {}).items():
        if name in EDITABLE:
            setattr(deal, name, value)
    if "usd" in (deal.edits or {}) and "usd_max" not in deal.edits:
        deal.usd_max = deal.usd


def link_packages(session: Session, mentions: Sequence[MentionRow]) -> None:
    """Point the deals an umbrella package contains at the package's deal."""
    by_key = {m.key: m for m in mentions}
    for m in mentions:
        if not m.data.get("package") or m.deal_id is None:
            continue
        for key in m.data.get("contains", []):
            child = by_key.get(key)
            if child is not None and child.deal_id is not None and child.deal_id != m.deal_id:
                session.execute(
                    update(DealRow).where(DealRow.id == child.deal_id).values(parent_id=m.deal_id)
                )


def consolidate_article(session: Session, mentions: Sequence[MentionRow]) -> tuple[int, int]:
    """Attach one article's new mentions; returns (deals created, mentions merged)."""
    parties = PartyBook(session)
    created = merged = 0
    for mention in sorted(mentions, key=lambda m: (bool(m.data.get("package")), m.id)):
        if attach(session, mention, parties):
            merged += 1
        else:
            created += 1
    link_packages(session, mentions)
    return created, merged


def rebuild(session: Session, alone: frozenset[str] = frozenset()) -> dict[int, int]:
    """Consolidate every mention again from scratch, keeping deal ids where a deal survives.

    Mentions are taken deal by deal as they were, so a deal that forms again gets its old id;
    mentions whose fingerprint is in ``alone`` (split off by hand) start their own deal.
    Returns the deal each mention was in before (mention id -> deal id), for the caller to
    replay the manual corrections with.
    """
    previous: dict[int, int | None] = dict(
        session.execute(select(MentionRow.id, MentionRow.deal_id)).tuples().all()
    )
    session.execute(update(MentionRow).values(deal_id=None))
    for table in (DealPartyRow, DealCountryRow, DealKeyRow, StatusEventRow):
        session.execute(delete(table))
    session.execute(update(DealRow).values(parent_id=None))
    session.execute(delete(DealRow))
    session.flush()
    session.expunge_all()
    parties = PartyBook(session)
    mentions = list(session.scalars(select(MentionRow)))

    def order(m: MentionRow) -> tuple[bool, int, date, int]:
        old = previous.get(m.id)
        return (bool(m.data.get("package")), old or 1 << 62, m.published or date.min, m.id)

    for mention in sorted(mentions, key=order):
        attach(
            session,
            mention,
            parties,
            prefer_id=previous.get(mention.id),
            alone=mention.fingerprint in alone,
        )
    by_article: dict[int, list[MentionRow]] = {}
    for mention in mentions:
        by_article.setdefault(mention.article_id, []).append(mention)
    for group in by_article.values():
        link_packages(session, group)
    return {m: d for m, d in previous.items() if d is not None}


def restore_ids(session: Session, previous: dict[int, int]) -> int:
    """Give deals back the ids they had before a rebuild, where that id is free.

    A deal takes the id most of its mentions were under; renaming repeats until nothing
    moves, so chains (15 -> 5 frees 15 for the next) settle. Returns how many were renamed.
    """
    parties = PartyBook(session)
    renamed = 0
    while True:
        groups: dict[int, Counter[int]] = {}
        for mention_id, deal_id in session.execute(select(MentionRow.id, MentionRow.deal_id)):
            if deal_id is not None and mention_id in previous:
                groups.setdefault(deal_id, Counter())[previous[mention_id]] += 1
        taken = set(session.scalars(select(DealRow.id)))
        moved = False
        for deal_id, votes in sorted(groups.items()):
            wanted = votes.most_common(1)[0][0]
            if wanted == deal_id or wanted in taken:
                continue
            _rename(session, deal_id, wanted, parties)
            taken.discard(deal_id)
            taken.add(wanted)
            renamed += 1
            moved = True
        if not moved:
            return renamed


def _rename(session: Session, old: int, new: int, parties: PartyBook) -> None:
    deal = session.get(DealRow, old)
    if deal is None:
        return
    copy = DealRow(
        id=new,
        type=deal.type,
        sector=deal.sector,
        status=deal.status,
        summary=deal.summary,
        edits=dict(deal.edits or {}),
        parent_id=deal.parent_id,
    )
    session.add(copy)
    session.flush()
    session.execute(update(MentionRow).where(MentionRow.deal_id == old).values(deal_id=new))
    session.execute(update(DealRow).where(DealRow.parent_id == old).values(parent_id=new))
    session.flush()
    refresh_deal(session, old, parties)  # no mentions left: deleted
    refresh_deal(session, new, parties)
