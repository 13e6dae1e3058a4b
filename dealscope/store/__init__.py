"""The deal database: articles, deal mentions, consolidated deals, parties and corrections.

``Store`` writes and consolidates; ``ingest`` feeds it from any source dealscope can read;
``queries`` reads it for the command line, the API and the dashboard. SQLite by default,
PostgreSQL through a ``postgresql+psycopg://`` URL; Alembic migrations run on first use.
"""

from dealscope.store.engine import default_path, resolve_url
from dealscope.store.loader import IngestSummary, ingest
from dealscope.store.store import Store, WriteResult

__all__ = ["IngestSummary", "Store", "WriteResult", "default_path", "ingest", "resolve_url"]
