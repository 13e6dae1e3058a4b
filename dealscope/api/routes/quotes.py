"""``/api/quotes``: what people said, by speaker, deal, article or words."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from dealscope.api.schemas import QuotePage, QuoteQuery
from dealscope.store.browse import quotes
from dealscope.web.deps import SessionDep

router = APIRouter(tags=["quotes"])


@router.get("/quotes", summary="List quotes")
def get_quotes(session: SessionDep, query: Annotated[QuoteQuery, Query()]) -> QuotePage:
    """Quotes with their offsets into the article text, newest articles first."""
    rows, total = quotes(
        session, query.speaker, query.deal_id, query.article_id, query.q, query.limit,
        query.offset,
    )
    return QuotePage(total=total, offset=query.offset, limit=query.limit, data=rows)
