"""``/api/parties``: companies, governments and banks, with their deals."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from dealscope.api.errors import NOT_FOUND
from dealscope.api.schemas import PartyPage, PartyQuery
from dealscope.store.browse import PartyDetail, parties, party_detail
from dealscope.web.deps import SessionDep

router = APIRouter(tags=["parties"])


@router.get("/parties", summary="List parties")
def get_parties(session: SessionDep, query: Annotated[PartyQuery, Query()]) -> PartyPage:
    """Parties with their number of deals, most deals first."""
    rows, total = parties(session, query.q, query.country, query.limit, query.offset)
    return PartyPage(total=total, offset=query.offset, limit=query.limit, data=rows)


@router.get("/parties/{party_id}", summary="One party", responses=NOT_FOUND)
def get_party(party_id: int, session: SessionDep) -> PartyDetail:
    """A party, the other names it was reported under, and its deals, largest first."""
    return party_detail(session, party_id)
