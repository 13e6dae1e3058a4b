"""Exports round-trip: CSV, JSON and Parquet hold the same deals and columns as the API."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dealscope.cli import app
from dealscope.report.export import SCHEMA, pages
from dealscope.store import Store
from dealscope.store.queries import DealFilter
from dealscope.store.records import FLAT_COLUMNS
from tests.deal_db import facts

runner = CliRunner()
FILTERS: list[dict[str, Any]] = [{}, {"country": "KAZ"}, {"sector": "aviation", "min_usd": 1e8},
                                 {"packages": "false"}]




def listed(client: TestClient, params: dict[str, Any]) -> dict[int, dict[str, Any]]:
    body = client.get("/api/deals", params={**params, "limit": 500}).json()
    assert body["total"] == len(body["data"]) > 0
    return {d["id"]: d for d in body["data"]}


def test_flat_columns_cover_the_deal_list(client: TestClient) -> None:
    deal = next(iter(listed(client, {}).values()))
    assert set(deal) <= set(FLAT_COLUMNS)
    assert [f.name for f in SCHEMA] == list(FLAT_COLUMNS)


@pytest.mark.parametrize("params", FILTERS)
def test_csv_round_trip(client: TestClient, params: dict[str, Any]) -> None:
    deals = listed(client, params)
    response = client.get("/api/export/deals.csv", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="deals.csv"' in response.headers["content-disposition"]
    reader = csv.DictReader(io.StringIO(response.text))
    assert tuple(reader.fieldnames or ()) == FLAT_COLUMNS
    rows = list(reader)
    assert sorted(int(r["id"]) for r in rows) == sorted(deals)
    for row in rows:
        deal = deals[int(row["id"])]
        assert row["summary"] == deal["summary"]
        assert (float(row["usd"]) if row["usd"] else None) == deal["usd"]
        assert row["countries"] == "; ".join(deal["countries"])
        assert row["package"] == str(deal["package"])
        for party in deal["parties"]:
            assert f"{party['name']} ({party['role']})" in row["parties"]


@pytest.mark.parametrize("params", FILTERS)
def test_json_round_trip(client: TestClient, params: dict[str, Any]) -> None:
    deals = listed(client, params)
    rows = json.loads(client.get("/api/export/deals.json", params=params).text)
    assert sorted(r["id"] for r in rows) == sorted(deals)
    for row in rows:
        assert list(row) == list(FLAT_COLUMNS)
        deal = deals[row["id"]]
        for column in ("type", "sector", "status", "usd", "first_seen", "parent_id", "package"):
            assert row[column] == deal[column]


@pytest.mark.parametrize("params", FILTERS)
def test_parquet_round_trip_with_typed_columns(client: TestClient, params: dict[str, Any]) -> None:
    deals = listed(client, params)
    response = client.get("/api/export/deals.parquet", params=params)
    assert response.headers["content-type"] == "application/vnd.apache.parquet"
    table = pq.read_table(io.BytesIO(response.content))
    assert table.column_names == list(FLAT_COLUMNS)
    assert table.schema.field("id").type == pa.int64()
    assert table.schema.field("first_seen").type == pa.date32()
    assert table.schema.field("package").type == pa.bool_()
    assert table.schema.field("usd").type == pa.float64()
    rows = table.to_pylist()
    assert sorted(r["id"] for r in rows) == sorted(deals)
    for row in rows:
        deal = deals[row["id"]]
        assert row["first_seen"] == dt.date.fromisoformat(deal["first_seen"])
        assert row["usd"] == deal["usd"] and row["parent_id"] == deal["parent_id"]
        assert row["aggregate_safe"] is deal["aggregate_safe"]


def test_an_empty_selection_still_has_the_columns(client: TestClient) -> None:
    params = {"country": "ATA"}
    text = client.get("/api/export/deals.csv", params=params).text
    assert text == ",".join(FLAT_COLUMNS) + "\n"
    assert json.loads(client.get("/api/export/deals.json", params=params).text) == []
    parquet = client.get("/api/export/deals.parquet", params=params).content
    table = pq.read_table(io.BytesIO(parquet))
    assert table.num_rows == 0 and table.column_names == list(FLAT_COLUMNS)


@pytest.mark.parametrize("size", [1, 3, 1000])
def test_pages_read_each_deal_once_whatever_the_page_size(db: Path, size: int) -> None:
    store = Store(str(db))
    try:
        with store.session() as session:
            batches = list(pages(session, DealFilter(), size))
    finally:
        store.close()
    ids = [row["id"] for batch in batches for row in batch]
    assert ids == sorted(d.id for d in facts(db))
    assert all(len(batch) <= size for batch in batches)


def test_export_command_writes_files(db: Path, tmp_path: Path) -> None:
    kaz = sorted(d.id for d in facts(db) if "KAZ" in d.countries)
    target = tmp_path / "kaz.parquet"
    result = runner.invoke(app, ["export", "--db", str(db), "--country", "KAZ",
                                 "--format", "parquet", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert f"wrote {len(kaz)} deals to {target}" in result.stderr
    assert sorted(pq.read_table(target).column("id").to_pylist()) == kaz
    assert not list(tmp_path.glob("*.part"))
    result = runner.invoke(app, ["export", "--db", str(db), "--country", "KAZ"])
    assert result.exit_code == 0
    assert sorted(int(r["id"]) for r in csv.DictReader(io.StringIO(result.stdout))) == kaz


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "parquet"], "error: Parquet is binary: give a file with -o/--output"),
        (["--until", "soon"], "error: --until wants a date as YYYY-MM-DD, not 'soon'"),
        (["-o", "/nonexistent-dir/deals.csv"], "error: cannot write /nonexistent-dir/deals.csv"),
    ],
)
def test_export_command_errors_are_one_line(db: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["export", "--db", str(db), *args])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message)
