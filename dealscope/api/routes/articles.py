"""``/api/articles``: the stored articles and, one by one, their text with the deals in it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from dealscope.api.errors import NOT_FOUND
from dealscope.api.schemas import ArticlePage, ArticleQuery
from dealscope.store.browse import ArticleDetail, article_detail, articles
from dealscope.web.deps import SessionDep

router = APIRouter(tags=["articles"])


@router.get("/articles", summary="List articles")
def get_articles(session: SessionDep, query: Annotated[ArticleQuery, Query()]) -> ArticlePage:
    """Articles, newest first, with how many deals and quotes each holds."""
    rows, total = articles(
        session, query.q, query.site, query.since, query.until, query.limit, query.offset
    )
    return ArticlePage(total=total, offset=query.offset, limit=query.limit, data=rows)


@router.get("/articles/{article_id}", summary="One article", responses=NOT_FOUND)
def get_article(article_id: int, session: SessionDep) -> ArticleDetail:
    """The cleaned text (the reference of every offset), its deal mentions with evidence
    spans, and its quotes."""
    return article_detail(session, article_id)
