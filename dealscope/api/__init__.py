"""The REST API (FastAPI): deals, articles, quotes, parties, stats, briefs and exports under
``/api``, plus token-guarded writes. Build it with :func:`create_app`."""

from dealscope.api.app import create_app
from dealscope.api.settings import Settings

__all__ = ["Settings", "create_app"]
