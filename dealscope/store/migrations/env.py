"""Alembic environment: migrations run on the connection dealscope hands over.

Run them with ``dealscope db upgrade`` (or let any command apply them on first use).
"""

from __future__ import annotations

from alembic import context

from dealscope.store.tables import Base

target_metadata = Base.metadata


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:  # pragma: no cover - alembic's own CLI is not how dealscope runs
        raise RuntimeError("run migrations through `dealscope db upgrade`")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
