"""Deals as flat files: CSV, JSON and Parquet, one row per deal (:func:`records.flatten`).

Deals are read in pages by id (keyset paging), so a hundred thousand deals never sit in
memory as ORM objects at once; CSV and JSON come out as a stream of text chunks that the CLI
writes to a file and the API sends as it goes; Parquet is written one row group per page with
typed columns (dates as dates, flags as booleans, ids as integers).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import IO, Any

# pyarrow ships no type information
import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy.orm import Session

from dealscope.store.queries import DealFilter, filtered, summaries
from dealscope.store.records import FLAT_COLUMNS, flatten
from dealscope.store.tables import DealRow

PAGE = 1000

_TYPES: dict[str, pa.DataType] = {
    "id": pa.int64(),
    "usd": pa.float64(),
    "usd_max": pa.float64(),
    "usd_estimated": pa.bool_(),
    "count": pa.float64(),
    "first_seen": pa.date32(),
    "last_seen": pa.date32(),
    "sources": pa.int64(),
    "package": pa.bool_(),
    "aggregate_safe": pa.bool_(),
    "parent_id": pa.int64(),
    "has_conflicts": pa.bool_(),
}
SCHEMA = pa.schema([(column, _TYPES.get(column, pa.string())) for column in FLAT_COLUMNS])


def pages(
    session: Session, f: DealFilter | None = None, size: int = PAGE
) -> Iterator[list[dict[str, Any]]]:
    """The flattened deals that pass ``f``, in id order, ``size`` at a time."""
    last = 0
    while True:
        query = filtered(f or DealFilter()).where(DealRow.id > last)
        rows = session.scalars(query.order_by(DealRow.id).limit(size)).all()
        if not rows:
            return
        yield [flatten(deal) for deal in summaries(session, rows)]
        last = rows[-1].id


def csv_chunks(batches: Iterator[list[dict[str, Any]]]) -> Iterator[str]:
    """CSV text with a header line, one chunk per page."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FLAT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for batch in batches:
        writer.writerows(batch)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.getvalue():
        yield buffer.getvalue()


def json_chunks(batches: Iterator[list[dict[str, Any]]]) -> Iterator[str]:
    """A JSON array of row objects, one chunk per page."""
    yield "["
    first = True
    for batch in batches:
        for row in batch:
            yield ("\n" if first else ",\n") + json.dumps(row, ensure_ascii=False)
            first = False
    yield "\n]\n"


def write_parquet(batches: Iterator[list[dict[str, Any]]], sink: str | IO[bytes]) -> int:
    """Write the rows as Parquet (one row group per page) to a path or a binary file; returns
    the number of rows."""
    count = 0
    with pq.ParquetWriter(sink, SCHEMA) as writer:
        for batch in batches:
            writer.write_table(pa.Table.from_pylist([_typed(row) for row in batch], SCHEMA))
            count += len(batch)
        if count == 0:
            writer.write_table(SCHEMA.empty_table())
    return count


def parquet_bytes(batches: Iterator[list[dict[str, Any]]]) -> bytes:
    buffer = io.BytesIO()
    write_parquet(batches, buffer)
    return buffer.getvalue()


def _typed(row: dict[str, Any]) -> dict[str, Any]:
    """``flatten`` gives JSON values; Parquet wants dates as dates."""
    for column in ("first_seen", "last_seen"):
        if isinstance(row[column], str):
            row[column] = dt.date.fromisoformat(row[column])
    return row
