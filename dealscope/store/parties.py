"""Parties under one name: "GEC" and "General Electric Co Plc" are the same party once an
article has said so (an alias the extractor recorded), and legal suffixes never matter.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from dealscope.store.matching import party_key
from dealscope.store.tables import PartyAliasRow, PartyRow


class PartyBook:
    """Resolves party names to parties within one session, remembering what it has seen."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._keys: dict[str, str] = {}
        self._ids: dict[str, int] = {}
        self._countryless: set[str] = set()
        self.database = str(session.get_bind().engine.url)

    def _owner(self, raw: str) -> str:
        """The key of the party that already owns the name form ``raw``, or ``""``."""
        if raw not in self._keys:
            owner = self.session.scalar(
                select(PartyRow.key)
                .join(PartyAliasRow, PartyAliasRow.party_id == PartyRow.id)
                .where(PartyAliasRow.key == raw)
            )
            self._keys[raw] = owner or ""
        return self._keys[raw]

    def key(self, name: str, aliases: Sequence[str] = ()) -> str:
        """The canonical key of a party named ``name`` (or any of ``aliases``)."""
        for form in (name, *aliases):
            raw = party_key(form)
            if raw and self._owner(raw):
                return self._owner(raw)
        return party_key(name)

    def ensure(
        self,
        name: str,
        aliases: Sequence[str] = (),
        country: str | None = None,
        kind: str | None = None,
    ) -> int:
        """The id of the party named ``name``, created with its aliases when new."""
        key = self.key(name, aliases)
        party_id = self._ids.get(key)
        known = all(self._owner(raw) for raw in map(party_key, (name, *aliases)) if raw)
        if party_id is not None and known and not (country and key in self._countryless):
            return party_id
        party = self.session.scalar(select(PartyRow).where(PartyRow.key == key))
        if party is None:
            party = PartyRow(key=key, name=name, country=country, kind=kind)
            self.session.add(party)
            self.session.flush()
        elif party.country is None and country:
            party.country = country
        for form in (name, *aliases):
            raw = party_key(form)
            if raw and not self._owner(raw):
                self.session.add(PartyAliasRow(party_id=party.id, alias=form, key=raw))
                self._keys[raw] = key
        self.session.flush()
        self._ids[key] = party.id
        if party.country is None:
            self._countryless.add(key)
        else:
            self._countryless.discard(key)
        return party.id
