"""A crash in the middle of an ingestion loses nothing and leaves nothing half-written.

The real ``dealscope ingest`` runs in a child process and is killed with SIGKILL once some
articles are in; the database must then be consistent (every stored article complete, every
deal backed by mentions), and a second run must finish the rest and end exactly where an
uninterrupted run ends.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dealscope.store import Store
from dealscope.store.tables import ArticleRow, DealRow, MentionRow, StatusEventRow
from tests.conftest import ROOT, SUMMIT

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")


def _corpus(folder: Path, copies: int = 4) -> int:
    """Distinct articles (each edition differs) made from the bundled and test articles."""
    folder.mkdir()
    sources = sorted((ROOT / "examples").glob("*.txt")) + sorted(SUMMIT.glob("*.txt"))
    for edition in range(copies):
        for path in sources:
            text = path.read_text(encoding="utf-8")
            stamped = f"{text.rstrip()}\n\nThis report was updated in edition {edition + 1}.\n"
            (folder / f"{edition:02d}-{path.name}").write_text(stamped, encoding="utf-8")
    return copies * len(sources)


def _ingest(corpus: Path, db: str) -> subprocess.Popen[bytes]:
    code = "from dealscope.cli import main; main()"
    return subprocess.Popen(
        [sys.executable, "-c", code, "ingest", str(corpus), "--db", db, "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _articles(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(ArticleRow)) or 0


def _assert_consistent(store: Store) -> None:
    with store.session() as session:
        orphans = session.scalar(
            select(func.count()).select_from(MentionRow).where(MentionRow.deal_id.is_(None))
        )
        assert orphans == 0, "every stored mention belongs to a deal"
        empty = session.scalar(
            select(func.count())
            .select_from(DealRow)
            .where(
                ~DealRow.id.in_(select(MentionRow.deal_id).where(MentionRow.deal_id.is_not(None)))
            )
        )
        assert empty == 0, "no deal without mentions"
        for deal in session.scalars(select(DealRow)):
            articles = session.scalar(
                select(func.count(func.distinct(MentionRow.article_id))).where(
                    MentionRow.deal_id == deal.id
                )
            )
            events = session.scalar(
                select(func.count())
                .select_from(StatusEventRow)
                .where(StatusEventRow.deal_id == deal.id)
            )
            mentions = session.scalar(
                select(func.count()).select_from(MentionRow).where(MentionRow.deal_id == deal.id)
            )
            assert deal.sources == articles and events == mentions


def _partition(store: Store) -> set[frozenset[tuple[str, str]]]:
    """Deals as sets of (article hash, mention key): comparable across databases."""
    groups: dict[int, set[tuple[str, str]]] = {}
    with store.session() as session:
        rows = session.execute(
            select(MentionRow.deal_id, ArticleRow.content_hash, MentionRow.key).join(
                ArticleRow, ArticleRow.id == MentionRow.article_id
            )
        )
        for deal_id, digest, key in rows:
            groups.setdefault(deal_id, set()).add((digest, key))
    return {frozenset(group) for group in groups.values()}


def test_sigkill_mid_ingest_then_resume(db_url: str, tmp_path: Path) -> None:
    total = _corpus(tmp_path / "corpus")
    store = Store(db_url)
    child = _ingest(tmp_path / "corpus", db_url)
    deadline = time.monotonic() + 120
    while _articles(store) < 3 and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert child.poll() is None, "the ingestion finished before it could be killed"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    done = _articles(store)
    assert 3 <= done < total
    _assert_consistent(store)

    resumed = _ingest(tmp_path / "corpus", db_url)
    _, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err.decode()
    assert f"{total - done} new" in err.decode()
    assert f"{done} unchanged" in err.decode()
    assert _articles(store) == total
    _assert_consistent(store)

    clean = Store(f"sqlite:///{tmp_path / 'clean.sqlite'}")
    finished = _ingest(tmp_path / "corpus", f"sqlite:///{tmp_path / 'clean.sqlite'}")
    assert finished.wait(timeout=300) == 0
    assert _partition(store) == _partition(clean)
