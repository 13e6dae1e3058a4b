"""The store's write counter: every write transaction bumps it, caches key on it.

Aggregates over the whole store (the overview's totals and matrices) take hundreds of
milliseconds at 100k deals; they only change when the store is written, so they are cached
under the counter's value, which moves in the same transaction as the write.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dealscope.store.tables import StateRow


def store_version(session: Session) -> int:
    """How many writes the store has seen."""
    return session.scalar(select(StateRow.version).where(StateRow.id == 1)) or 0


def bump(session: Session) -> None:
    """Count a write, inside the writing transaction."""
    session.execute(update(StateRow).where(StateRow.id == 1).values(version=StateRow.version + 1))
