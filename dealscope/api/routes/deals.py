"""``/api/deals``: the filtered, sorted, paged list and one deal with everything behind it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from dealscope.api.errors import NOT_FOUND
from dealscope.api.schemas import DealListQuery, DealPage
from dealscope.store.queries import deal_detail, list_deals
from dealscope.store.records import DealDetail
from dealscope.web.deps import SessionDep

router = APIRouter(tags=["deals"])


@router.get("/deals", summary="List deals")
def get_deals(session: SessionDep, query: Annotated[DealListQuery, Query()]) -> DealPage:
    """Consolidated deals that pass the filters, sorted (nulls last) and paged."""
    rows, total = list_deals(
        session, query.to_filter(), query.sort, query.order == "desc", query.limit, query.offset
    )
    return DealPage(total=total, offset=query.offset, limit=query.limit, data=rows)


@router.get("/deals/{deal_id}", summary="One deal", responses=NOT_FOUND)
def get_deal(deal_id: int, session: SessionDep) -> DealDetail:
    """A deal with its sources and evidence spans, conflicts, status timeline, contained deals
    and quotes."""
    return deal_detail(session, deal_id)
