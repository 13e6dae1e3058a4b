"""Shared fixtures: where the real corpora live, and one extractor per test session."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dealscope.core.model import Article
from dealscope.pipeline import Extractor

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    return Path(os.environ.get("DEALSCOPE_SHARED", ROOT.parent / "shared"))


def need_shared() -> Path:
    """The ../shared folder; skipped with a reason when absent, but a failure in CI."""
    path = shared_dir()
    if not (path / "corpus").is_dir():
        message = f"the real corpora are not at {path} (set DEALSCOPE_SHARED)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def corpus_records(name: str, limit: int | None = None) -> Iterator[dict[str, str]]:
    with open(need_shared() / "corpus" / "news" / name, encoding="utf-8") as handle:
        for index, line in enumerate(handle):
            if limit is not None and index >= limit:
                return
            yield json.loads(line)


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def seed_article() -> Article:
    from dealscope.ingest import read_articles

    path = next((need_shared() / "corpus" / "seed").glob("*.txt"))
    article = next(iter(read_articles(str(path))))
    assert isinstance(article, Article)
    return article


SUMMIT = ROOT / "tests" / "articles" / "summit"
SUMMIT_EXPECTED = ROOT / "tests" / "articles" / "summit.expected.json"


def need_postgres() -> str:
    """The URL of the test PostgreSQL server (``.ci/run`` starts one); a failure in CI if unset."""
    url = os.environ.get("DEALSCOPE_TEST_POSTGRES_URL")
    if not url:
        message = "no PostgreSQL server for tests (set DEALSCOPE_TEST_POSTGRES_URL)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url


def reset_postgres(url: str) -> None:
    """Empty the test database: every test starts from a schema-less database."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database on each backend dealscope supports."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'deals.sqlite'}"
    url = need_postgres()
    reset_postgres(url)
    return url


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Path:
    """A SQLite database filled by ingesting the examples and the test articles (read-only)."""
    from tests.deal_db import ingested_db

    return ingested_db(tmp_path_factory, extractor)


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[Any]:
    """The real application over :func:`db`, through FastAPI's test client."""
    from fastapi.testclient import TestClient

    from dealscope.api import Settings, create_app
    from dealscope.store import Store

    store = Store(str(db))
    with TestClient(create_app(store, Settings())) as test_client:
        yield test_client
    store.close()
