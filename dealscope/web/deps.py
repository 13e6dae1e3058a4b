"""Dependencies shared by the dashboard and the API: the store, a read session, settings.

The application keeps one :class:`~dealscope.store.Store` and its settings on ``app.state``
(set by ``dealscope.api.app.create_app``); handlers ask for them by type, as in the FastAPI
template (``SessionDep``), so they stay short and never open connections themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from dealscope.store import Store


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_session(request: Request) -> Iterator[Session]:
    """A session for one request, in one transaction (reads see one consistent snapshot)."""
    with get_store(request).session() as session:
        yield session


StoreDep = Annotated[Store, Depends(get_store)]
SessionDep = Annotated[Session, Depends(get_session)]
