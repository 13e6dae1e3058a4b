"""The writing endpoints: ingest an article, merge, split and edit deals.

All of them need ``Authorization: Bearer <token>`` (401 without it, 403 when the server has no
token, so writing is off). Corrections are recorded on mention fingerprints by the store, so
they survive re-ingestion; each answers with the deal(s) as they are afterwards.
"""

from __future__ import annotations

import threading

from fastapi import APIRouter, Depends

from dealscope.api.deps import ExtractorDep, require_token
from dealscope.api.errors import WRITE_ERRORS
from dealscope.api.schemas import (
    DealEdit,
    IngestRequest,
    IngestResult,
    MergeRequest,
    SplitRequest,
    SplitResult,
)
from dealscope.core.errors import CorrectionError
from dealscope.ingest import read_text
from dealscope.ingest.sources import read_url
from dealscope.store import Store
from dealscope.store.browse import article_deal_ids
from dealscope.store.queries import deal_detail
from dealscope.store.records import DealDetail
from dealscope.web.deps import StoreDep

router = APIRouter(tags=["corrections"], dependencies=[Depends(require_token)],
                   responses=WRITE_ERRORS)
# spaCy pipelines are not meant to be shared between threads, and SQLite writes one at a time
_ingest_lock = threading.Lock()


@router.post("/ingest", summary="Ingest one article")
def post_ingest(body: IngestRequest, store: StoreDep, extractor: ExtractorDep) -> IngestResult:
    """Fetch ``url`` (a web page) or read ``text``, extract its deals and consolidate them.
    Sending the same article again changes nothing (``outcome: unchanged``)."""
    options = extractor.options
    if body.url is not None:
        article = read_url(str(body.url), options)
    else:
        article = read_text(
            body.text or "", id=body.title or "api", title=body.title, date=body.date,
            source="api", options=options,
        )
    with _ingest_lock:
        extraction = extractor.extract(article)
        result = store.write(extraction, extractor.version)
    with store.session() as session:
        deal_ids = article_deal_ids(session, result.article_id)
    return IngestResult(
        outcome=result.outcome, article_id=result.article_id, deals_new=result.deals_new,
        deals_merged=result.deals_merged, conflicts=result.conflicts, deal_ids=deal_ids,
        warnings=list(extraction.warnings),
    )


@router.post("/deals/{deal_id}/merge", summary="Merge deals into this one")
def post_merge(deal_id: int, body: MergeRequest, store: StoreDep) -> DealDetail:
    """Move every source of ``others`` into this deal (which keeps its id)."""
    kept = store.merge(deal_id, body.others)
    return _detail(store, kept)


@router.post("/deals/{deal_id}/split", summary="Split a deal")
def post_split(deal_id: int, body: SplitRequest, store: StoreDep) -> SplitResult:
    """Take the given mentions (default: every source but the first) into deals of their own."""
    return SplitResult(deal_ids=store.split(deal_id, body.mention_ids))


@router.patch("/deals/{deal_id}", summary="Edit a deal's fields")
def patch_deal(deal_id: int, body: DealEdit, store: StoreDep) -> DealDetail:
    """Set fields by hand (type, sector, status, summary, usd, usd_max, count, item)."""
    fields = body.fields()
    if not fields:
        raise CorrectionError("nothing to edit: give at least one field")
    return _detail(store, store.edit(deal_id, fields))


def _detail(store: Store, deal_id: int) -> DealDetail:
    with store.session() as session:
        return deal_detail(session, deal_id)
