"""``/api/export/deals.{csv,json,parquet}``: every deal that passes the filters, one row each.

CSV and JSON are streamed page by page from a session of their own (the request's session
would be closed before the body is sent); Parquet needs the whole file before it can be sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response, StreamingResponse

from dealscope.api.schemas import DealQuery
from dealscope.report.export import csv_chunks, json_chunks, pages, parquet_bytes
from dealscope.store import Store
from dealscope.store.queries import DealFilter
from dealscope.web.deps import StoreDep

router = APIRouter(tags=["exports"])


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"
    parquet = "parquet"


MEDIA = {
    ExportFormat.csv: "text/csv; charset=utf-8",
    ExportFormat.json: "application/json",
    ExportFormat.parquet: "application/vnd.apache.parquet",
}
Chunker = Callable[[Iterator[list[dict[str, Any]]]], Iterator[str]]


def _stream(store: Store, f: DealFilter, chunks: Chunker) -> Iterator[str]:
    with store.session() as session:
        yield from chunks(pages(session, f))


@router.get(
    "/export/deals.{fmt}",
    summary="Export deals",
    response_class=Response,
    responses={200: {"content": {m: {} for m in MEDIA.values()}}},
)
def export_deals(
    fmt: ExportFormat, store: StoreDep, query: Annotated[DealQuery, Query()]
) -> Response:
    """The filtered deals flattened to one row each (parties as "name (role)", lists joined
    with "; "); Parquet has typed columns."""
    f = query.to_filter()
    headers = {"Content-Disposition": f'attachment; filename="deals.{fmt.value}"'}
    if fmt is ExportFormat.parquet:
        with store.session() as session:
            body = parquet_bytes(pages(session, f))
        return Response(body, media_type=MEDIA[fmt], headers=headers)
    chunks = csv_chunks if fmt is ExportFormat.csv else json_chunks
    return StreamingResponse(_stream(store, f, chunks), media_type=MEDIA[fmt], headers=headers)
