"""Every span dealscope reports slices the cleaned text to exactly its own text."""

from __future__ import annotations

from typing import Any

import pytest

from dealscope.core.model import Extraction, Span
from dealscope.ingest import read_text
from dealscope.pipeline import Extractor
from tests.conftest import corpus_records


def spans_of(value: Any) -> list[Span]:
    found: list[Span] = []
    if isinstance(value, Span):
        found.append(value)
    elif isinstance(value, list | tuple):
        for item in value:
            found.extend(spans_of(item))
    elif hasattr(type(value), "model_fields"):
        for name in type(value).model_fields:
            found.extend(spans_of(getattr(value, name)))
    return found


def check(result: Extraction) -> int:
    text = result.article.text
    spans = spans_of(result.mentions) + spans_of(result.deals) + spans_of(result.quotes)
    for span in spans:
        assert text[span.start : span.end] == span.text, span
    return len(spans)


def test_seed_spans_slice_exactly(extractor: Extractor, seed_article: Any) -> None:
    result = extractor.extract(seed_article)
    assert check(result) > 50
    assert result.deals and all(d.evidence for d in result.deals)


@pytest.mark.parametrize("corpus", ["bbc-business.jsonl", "reuters-acq-trade.jsonl"])
def test_real_article_spans_slice_exactly(extractor: Extractor, corpus: str) -> None:
    total = 0
    for record in corpus_records(corpus, limit=40):
        article = read_text(record["text"], id=record["id"], title=record.get("title"))
        total += check(extractor.extract(article))
    assert total > 100
