"""Server settings: where the database is and the token that unlocks the writing endpoints.

A plain pydantic model read from the environment by :meth:`Settings.from_env` when the server
starts (never at import), so tests build their own without touching ``os.environ``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict

DB_VAR = "DEALSCOPE_DB"
TOKEN_VAR = "DEALSCOPE_TOKEN"


class Settings(BaseModel):
    """``token``: the bearer token of the writing endpoints; ``None`` disables writing."""

    model_config = ConfigDict(frozen=True)

    db: str | None = None
    token: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(db=env.get(DB_VAR) or None, token=env.get(TOKEN_VAR) or None)
