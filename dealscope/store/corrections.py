"""Manual corrections: merge two deals, split one, edit a field.

A correction is recorded on the *fingerprints* of the mentions involved (the article's content
hash with the deal's evidence and parties), not on deal ids, so it still applies after the
store is consolidated again or an article is re-extracted by a newer extractor.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, get_args

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dealscope.core.errors import CorrectionError, NotFoundError
from dealscope.core.model import Status
from dealscope.store.consolidate import EDITABLE, refresh_deal
from dealscope.store.parties import PartyBook
from dealscope.store.tables import CorrectionRow, DealRow, MentionRow

STATUSES: tuple[str, ...] = get_args(Status)


def _mentions(session: Session, deal_id: int) -> list[MentionRow]:
    if session.get(DealRow, deal_id) is None:
        raise NotFoundError(f"no deal with id {deal_id}")
    return list(session.scalars(select(MentionRow).where(MentionRow.deal_id == deal_id)))


def merge(session: Session, target: int, others: Sequence[int]) -> DealRow:
    """Move every mention of ``others`` into ``target``, and record it."""
    if not others or target in others:
        raise CorrectionError("merge needs two or more different deal ids")
    fingerprints = [m.fingerprint for m in _mentions(session, target)]
    moved = [m.fingerprint for other in others for m in _mentions(session, other)]
    payload = {"into": fingerprints, "from": moved}
    session.add(CorrectionRow(kind="merge", payload=payload))
    return _apply_merge(session, payload, PartyBook(session)) or _missing(target)


def split(session: Session, deal_id: int, mention_ids: Sequence[int] = ()) -> list[int]:
    """Take mentions out of a deal into deals of their own (all of them when none are named).

    Returns the ids of the deals that now hold the mentions.
    """
    mentions = _mentions(session, deal_id)
    if len(mentions) < 2:
        raise CorrectionError(f"deal {deal_id} has a single mention: nothing to split")
    chosen = [m for m in mentions if m.id in set(mention_ids)] if mention_ids else mentions[1:]
    unknown = set(mention_ids) - {m.id for m in mentions}
    if unknown:
        raise CorrectionError(f"mention(s) {sorted(unknown)} are not in deal {deal_id}")
    payload = {"out": [m.fingerprint for m in chosen]}
    session.add(CorrectionRow(kind="split", payload=payload))
    return _apply_split(session, payload, PartyBook(session))


def edit(session: Session, deal_id: int, fields: dict[str, Any]) -> DealRow:
    """Set fields of a deal by hand; they win over consolidation from now on."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise CorrectionError(
            f"cannot edit {', '.join(sorted(unknown))}: editable fields are {', '.join(EDITABLE)}"
        )
    if "status" in fields and fields["status"] not in STATUSES:
        raise CorrectionError(f"unknown status {fields['status']!r}: one of {', '.join(STATUSES)}")
    payload = {"deal": [m.fingerprint for m in _mentions(session, deal_id)], "fields": fields}
    session.add(CorrectionRow(kind="edit", payload=payload))
    return _apply_edit(session, payload, PartyBook(session)) or _missing(deal_id)


def _missing(deal_id: int) -> DealRow:
    raise NotFoundError(f"deal {deal_id} disappeared while correcting it")


def _by_fingerprint(session: Session, fingerprints: Iterable[str]) -> list[MentionRow]:
    wanted = list(dict.fromkeys(fingerprints))
    if not wanted:
        return []
    return list(session.scalars(select(MentionRow).where(MentionRow.fingerprint.in_(wanted))))


def _home(mentions: Sequence[MentionRow]) -> int | None:
    """The deal most of ``mentions`` are in (the lowest id on a tie)."""
    counts = Counter(m.deal_id for m in mentions if m.deal_id is not None)
    if not counts:
        return None
    return min(counts, key=lambda d: (-counts[d], d))


def _apply_merge(session: Session, payload: dict[str, Any], parties: PartyBook) -> DealRow | None:
    into = _home(_by_fingerprint(session, payload["into"]))
    if into is None:
        return None
    touched = set()
    for mention in _by_fingerprint(session, payload["from"]):
        if mention.deal_id != into:
            touched.add(mention.deal_id)
            mention.deal_id = into
    session.flush()
    for deal_id in touched:
        if deal_id is not None:
            refresh_deal(session, deal_id, parties)
    return refresh_deal(session, into, parties)


def _apply_split(
    session: Session,
    payload: dict[str, Any],
    parties: PartyBook,
    previous: dict[int, int] | None = None,
) -> list[int]:
    out = _by_fingerprint(session, payload["out"])
    sources = {m.deal_id for m in out}
    created: list[int] = []
    for mention in out:
        old = session.get(DealRow, mention.deal_id) if mention.deal_id else None
        alone = session.scalar(
            select(func.count())
            .select_from(MentionRow)
            .where(MentionRow.deal_id == mention.deal_id)
        )
        if old is not None and alone == 1:
            continue
        prefer = (previous or {}).get(mention.id)
        if prefer is not None and session.get(DealRow, prefer) is not None:
            prefer = None
        deal = DealRow(
            id=prefer,
            type=mention.type,
            sector=mention.sector,
            status=mention.status,
            summary=mention.data.get("summary", ""),
            edits=dict(old.edits) if old is not None and old.edits else {},
        )
        session.add(deal)
        session.flush()
        mention.deal_id = deal.id
        created.append(deal.id)
    session.flush()
    kept = [d for d in sources if d is not None]
    for deal_id in [*kept, *created]:
        refresh_deal(session, deal_id, parties)
    return sorted({*kept, *created})


def _apply_edit(session: Session, payload: dict[str, Any], parties: PartyBook) -> DealRow | None:
    home = _home(_by_fingerprint(session, payload["deal"]))
    if home is None:
        return None
    deal = session.get(DealRow, home)
    if deal is None:
        return None
    deal.edits = {**(deal.edits or {}), **payload["fields"]}
    return refresh_deal(session, home, parties)


def split_off(session: Session) -> frozenset[str]:
    """Fingerprints of every mention split off by hand: they start deals of their own."""
    rows = session.scalars(select(CorrectionRow).where(CorrectionRow.kind == "split"))
    return frozenset(fp for row in rows for fp in row.payload.get("out", []))


def replay(session: Session, previous: dict[int, int] | None = None) -> int:
    """Apply every recorded correction again, oldest first; returns how many applied.

    ``previous`` (mention id -> its deal id before a rebuild) lets split-off deals keep ids.
    """
    parties = PartyBook(session)
    applied = 0
    for correction in session.scalars(select(CorrectionRow).order_by(CorrectionRow.id)).all():
        if correction.kind == "merge":
            applied += _apply_merge(session, correction.payload, parties) is not None
        elif correction.kind == "split":
            applied += bool(_apply_split(session, correction.payload, parties, previous))
        elif correction.kind == "edit":
            applied += _apply_edit(session, correction.payload, parties) is not None
    return applied
