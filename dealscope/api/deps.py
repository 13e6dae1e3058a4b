"""API dependencies: the write guard and the extractor (the read ones live in
:mod:`dealscope.web.deps`, shared with the dashboard)."""

from __future__ import annotations

import secrets
import threading
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from dealscope.api.settings import Settings
from dealscope.pipeline import Extractor

bearer = HTTPBearer(
    auto_error=False, description="The token the server was started with (DEALSCOPE_TOKEN)."
)
_extractor_lock = threading.Lock()


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def require_token(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> None:
    """Writes need ``Authorization: Bearer <token>``; without a configured token, none pass."""
    if not settings.token:
        raise HTTPException(
            403, "writing is disabled: start the server with a token (--token or DEALSCOPE_TOKEN)"
        )
    given = credentials.credentials if credentials else ""
    if not secrets.compare_digest(given.encode(), settings.token.encode()):
        raise HTTPException(
            401, "a valid 'Authorization: Bearer <token>' header is required",
            headers={"WWW-Authenticate": "Bearer"},
        )


def get_extractor(request: Request) -> Extractor:
    """One extractor per application, built on first use (loading the model takes seconds)."""
    with _extractor_lock:
        extractor: Extractor | None = getattr(request.app.state, "extractor", None)
        if extractor is None:
            extractor = Extractor()
            request.app.state.extractor = extractor
        return extractor


ExtractorDep = Annotated[Extractor, Depends(get_extractor)]
