"""The database commands as a user runs them: ingest, deals, deal, merge, split, edit, db."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dealscope.cli import app
from tests.conftest import ROOT, SUMMIT

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli") / "deals.sqlite"
    result = runner.invoke(app, ["ingest", str(SUMMIT), str(ROOT / "examples"), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return str(path)


def _deals(db: str, *args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["deals", "--db", db, "--format", "json", *args])
    assert result.exit_code == 0, result.output
    data: list[dict[str, object]] = json.loads(result.stdout)["data"]
    return data


def test_ingest_prints_a_summary_and_is_idempotent(db: str) -> None:
    again = runner.invoke(app, ["ingest", str(SUMMIT), "--db", db])
    assert again.exit_code == 0
    assert "6 articles read: 0 new, 0 updated, 6 unchanged, 0 skipped" in again.output


def test_deals_filters_by_country_counterparty_and_status(db: str) -> None:
    everything = _deals(db, "--limit", "1000")
    tajik = _deals(db, "--country", "TJK")
    assert tajik and all("TJK" in d["countries"] for d in tajik)  # type: ignore[operator]
    assert len(tajik) < len(everything)
    pairs = _deals(db, "--country", "KAZ", "--counterparty", "USA")
    assert pairs and all({"KAZ", "USA"} <= set(d["countries"]) for d in pairs)  # type: ignore[call-overload]
    signed = _deals(db, "--status", "signed")
    assert signed and all(d["status"] == "signed" for d in signed)
    big = _deals(db, "--min-usd", "1000000000")
    assert big and all(float(d["usd"]) >= 1e9 for d in big)  # type: ignore[arg-type]
    aviation = _deals(db, "--sector", "aviation", "--since", "2026-01-01")
    assert aviation and all(str(d["last_seen"]) >= "2026-01-01" for d in aviation)


def test_deals_as_csv_has_one_row_per_deal_with_parties_flattened(db: str) -> None:
    result = runner.invoke(app, ["deals", "--db", db, "--format", "csv", "--country", "KAZ"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(_deals(db, "--country", "KAZ"))
    assert all("KAZ" in row["countries"] for row in rows)
    assert any("Air Astana (buyer)" in row["parties"] for row in rows)


def test_deal_shows_sources_conflicts_and_timeline(db: str) -> None:
    astana = next(d for d in _deals(db, "--party", "Air Astana", "--type", "purchase"))
    result = runner.invoke(app, ["deal", str(astana["id"]), "--db", db])
    assert result.exit_code == 0
    assert "CONFLICT quantity" in result.stdout
    assert "timeline:" in result.stdout and "signed" in result.stdout
    assert "Boeing lands orders" in result.stdout, "each source article is listed"
    detail = json.loads(
        runner.invoke(app, ["deal", str(astana["id"]), "--db", db, "-f", "json"]).stdout
    )
    assert detail["sources"] == len(detail["source_list"]) >= 3
    assert detail["conflicts"][0]["field"] == "quantity"


def test_merge_split_edit_from_the_command_line(tmp_path: Path) -> None:
    db = str(tmp_path / "edit.sqlite")
    assert runner.invoke(app, ["ingest", str(SUMMIT), "--db", db]).exit_code == 0
    deere = _deals(db, "--party", "Deere")
    assert len(deere) >= 2
    first, second = int(deere[0]["id"]), int(deere[1]["id"])  # type: ignore[call-overload]
    merged = runner.invoke(app, ["merge", str(first), str(second), "--db", db])
    assert merged.exit_code == 0 and f"into deal {first}" in merged.stdout
    assert int(_deals(db, "--party", "Deere")[0]["sources"]) >= 2  # type: ignore[call-overload]
    split = runner.invoke(app, ["split", str(first), "--db", db])
    assert split.exit_code == 0, split.output
    edited = runner.invoke(app, ["edit", str(first), "--status", "completed", "--db", db])
    assert edited.exit_code == 0
    assert runner.invoke(app, ["consolidate", "--db", db]).exit_code == 0
    shown = json.loads(runner.invoke(app, ["deal", str(first), "--db", db, "-f", "json"]).stdout)
    assert shown["status"] == "completed" and shown["edits"] == {"status": "completed"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["deal", "999999"], "[E502] no deal with id 999999"),
        (["deals", "--since", "yesterday"], "--since wants a date as YYYY-MM-DD"),
        (["edit", "1", "--status", "finished"], "[E503] unknown status 'finished'"),
        (["merge", "1"], "merge needs two or more deal ids"),
        (["edit", "1"], "nothing to edit"),
    ],
)
def test_mistakes_get_one_line_and_exit_2(db: str, args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, "--db", db])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_unsupported_database_url_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["deals", "--db", "mysql://localhost/x"])
    assert result.exit_code == 2
    assert "[E501] unsupported database 'mysql'" in result.output


def test_db_upgrade_and_current(tmp_path: Path) -> None:
    db = str(tmp_path / "fresh.sqlite")
    upgraded = runner.invoke(app, ["db", "upgrade", "--db", db])
    assert upgraded.exit_code == 0 and "at revision" in upgraded.stdout
    current = runner.invoke(app, ["db", "current", "--db", db])
    revision = upgraded.stdout.strip().rsplit(" ", 1)[-1]
    assert f"revision {revision} (newest {revision})" in current.stdout


def test_default_database_location_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("DEALSCOPE_DB", raising=False)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    assert (tmp_path / "data" / "dealscope" / "dealscope.sqlite").is_file()
    monkeypatch.setenv("DEALSCOPE_DB", str(tmp_path / "env.sqlite"))
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    assert (tmp_path / "env.sqlite").is_file()


def test_ingest_reads_a_feed_and_reports_bad_items_without_losing_the_rest(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "mixed.sqlite")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(
        (ROOT / "examples" / "astana-forum-airbus.txt").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "blob.txt").write_bytes(b"\x00\x01binary\x00")
    feed = ROOT / "tests" / "data" / "feeds" / "harbour-wire.rss"
    result = runner.invoke(app, ["ingest", str(folder), str(feed), "--db", db])
    assert result.exit_code == 0, result.output
    assert "skipped [E101]" in result.output and "skipped [E102]" in result.output
    assert "2 skipped" in result.output
    listed = _deals(db, "--limit", "100")
    assert any("Airbus" in json.dumps(d) for d in listed)
    assert "0 new" not in result.output


def test_ingest_of_nothing_readable_fails(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(empty), "--db", str(tmp_path / "x.sqlite")])
    assert result.exit_code == 2
    assert "skipped [E101]" in result.output and "0 articles read" in result.output


def test_unreachable_postgresql_is_one_line() -> None:
    result = runner.invoke(
        app, ["deals", "--db", "postgresql+psycopg://nobody:secret@127.0.0.1:9/none"]
    )
    assert result.exit_code == 2
    assert result.output.startswith("error: [E500] cannot open or migrate")
    assert "secret" not in result.output, "the password is never printed"
    assert "Traceback" not in result.output


def test_an_older_schema_is_migrated_on_first_use(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, inspect

    from dealscope.store.engine import current_revision, head_revision, upgrade

    path = tmp_path / "old.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    assert "store_state" not in inspect(engine).get_table_names()
    engine.dispose()
    result = runner.invoke(
        app, ["ingest", str(SUMMIT / "steppe-wire-2025-11-07-boeing-orders.txt"), "--db", str(path)]
    )
    assert result.exit_code == 0, result.output
    engine = create_engine(f"sqlite:///{path}")
    assert current_revision(engine) == head_revision() != "0001"
    assert "store_state" in inspect(engine).get_table_names()
    engine.dispose()
