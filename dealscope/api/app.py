"""The web application: the REST API under ``/api`` and, when installed, the dashboard.

``create_app`` is a factory (nothing runs on import): the caller owns the store and passes it
in with the settings, which the handlers reach through ``app.state`` (see
:mod:`dealscope.web.deps`).
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from dealscope import __version__
from dealscope.api import errors
from dealscope.api.routes import articles, deals, exports, parties, quotes, stats, write
from dealscope.api.settings import Settings
from dealscope.store import Store

WEB = Path(__file__).resolve().parent.parent / "web"
DESCRIPTION = """Deals extracted from news articles and consolidated across sources.

Every figure can be traced to its sources and evidence offsets (`/api/deals/{id}`). Umbrella
packages ("agreements worth $100bn") are never added on top of the deals they contain.
Reading is open; writing (`/api/ingest`, merge, split, edit) needs `Authorization: Bearer
<token>` and is off when the server has no token. Errors look like
`{"error": {"code": "E502", "message": "..."}}`.
"""


def api_router() -> APIRouter:
    router = APIRouter(prefix="/api")
    for module in (deals, articles, quotes, parties, stats, exports, write):
        router.include_router(module.router)
    return router


def create_app(store: Store, settings: Settings | None = None) -> FastAPI:
    """An application serving ``store``; writing is enabled only when ``settings.token`` is."""
    app = FastAPI(title="dealscope", version=__version__, description=DESCRIPTION)
    app.state.store = store
    app.state.settings = settings or Settings()
    app.include_router(api_router())
    page_not_found = None
    if importlib.util.find_spec("dealscope.web.pages") is not None:
        app.include_router(importlib.import_module("dealscope.web.pages").router)
        page_not_found = getattr(importlib.import_module("dealscope.web"), "not_found_page", None)
    if (WEB / "static").is_dir():
        app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")
    errors.install(app, page_not_found)
    return app
