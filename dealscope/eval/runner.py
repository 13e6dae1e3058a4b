"""Evaluate: get predictions for every gold article (run the extractor, or read saved ones), score.

Saved predictions are a ``.jsonl`` file (one object a line) or a ``.json`` file (one object or
a list). Each object is either an :class:`Extraction` as dumped by
``Extraction.model_dump(mode="json")`` (recognised by ``"article"`` being an object) or an
article in the gold format (``"article"`` being a string), so other tools can be scored too.

A prediction belongs to the gold article with the same id; a gold article left without one
then takes a prediction whose id is its source's record id (``corpus.jsonl#<id>``) or file stem
(``<id>.txt``). A gold article without predictions is scored as if nothing was found, with a
warning; predictions for articles not in the gold are ignored, with a warning.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from dealscope.core.errors import GoldFormatError
from dealscope.core.model import Article, Extraction
from dealscope.eval.convert import (
    ComparableDeal,
    ComparableQuote,
    from_deal,
    from_gold_deal,
    from_gold_quote,
    from_quote,
)
from dealscope.eval.gold import (
    GoldArticle,
    describe_validation_error,
    load_gold,
    parse_gold_article,
    read_json,
)
from dealscope.eval.score import Report, score_article
from dealscope.eval.sources import SourceReader, split_source


class SupportsExtract(Protocol):
    """What :func:`evaluate` needs of an extractor: :class:`dealscope.pipeline.Extractor` has it."""

    def extract(self, article: Article) -> Extraction: ...


@dataclass(frozen=True)
class Predicted:
    """The comparable predictions for one article."""

    article: str
    deals: tuple[ComparableDeal, ...] = ()
    quotes: tuple[ComparableQuote, ...] = ()


def predicted_from_extraction(extraction: Extraction) -> Predicted:
    """Deals and direct quotes of an extraction (the gold lists direct quotes only)."""
    return Predicted(
        extraction.article.id,
        tuple(map(from_deal, extraction.deals)),
        tuple(from_quote(q) for q in extraction.quotes if q.kind == "direct"),
    )


def predicted_from_gold(article: GoldArticle) -> Predicted:
    """A prediction written in the gold format; its ``optional`` flags are ignored."""
    return Predicted(
        article.article,
        tuple(from_gold_deal(d.model_copy(update={"optional": False})) for d in article.deals),
        tuple(map(from_gold_quote, article.quotes)),
    )


def evaluate(
    gold_path: str | Path,
    predictions: str | Path | None = None,
    extractor: SupportsExtract | None = None,
) -> Report:
    """Score predictions against the gold at ``gold_path`` (a file or a folder).

    Without ``predictions``, each gold article's source is read and run through ``extractor``
    (a new :class:`~dealscope.pipeline.Extractor` by default).
    """
    if predictions is not None and extractor is not None:
        raise ValueError("give saved predictions or an extractor, not both")
    gold = load_gold(gold_path)
    if predictions is not None:
        predicted, warnings = _pair(gold, load_predictions(Path(predictions)))
    else:
        predicted, warnings = _run(gold, extractor), []
    scores = []
    for article, prediction in zip(gold, predicted, strict=True):
        notes = [] if prediction else ["no predictions for this article: all its deals missed"]
        prediction = prediction or Predicted(article.article)
        scores.append(
            score_article(
                article.article,
                [from_gold_deal(d) for d in article.deals],
                [from_gold_quote(q) for q in article.quotes],
                prediction.deals,
                prediction.quotes,
                notes,
            )
        )
    return Report(tuple(scores), tuple(warnings))


def load_predictions(path: Path) -> list[Predicted]:
    """Saved predictions: Extractions or gold-format articles, from a JSON or JSONL file."""
    if path.suffix == ".jsonl":
        try:
            lines = path.read_bytes().decode("utf-8").splitlines()
        except FileNotFoundError:
            raise GoldFormatError(f"{path}: file not found") from None
        except (UnicodeDecodeError, OSError) as exc:
            raise GoldFormatError(f"{path}: cannot be read: {exc}") from None
        items: list[tuple[str, Any]] = []
        for number, line in enumerate(lines, start=1):
            if line.strip():
                try:
                    items.append((f"line {number}: ", json.loads(line)))
                except ValueError:
                    raise GoldFormatError(f"{path}: line {number}: invalid JSON") from None
    else:
        data = read_json(path)
        if isinstance(data, list):
            items = [(f"[{i}].", obj) for i, obj in enumerate(data)]
        else:
            items = [("", data)]
    reader = SourceReader()
    predicted = [_parse_prediction(obj, path, where, reader) for where, obj in items]
    seen: set[str] = set()
    for (where, _), prediction in zip(items, predicted, strict=True):
        if prediction.article in seen:
            raise GoldFormatError(
                f"{path}: {where}article: duplicate article id {prediction.article!r}"
            )
        seen.add(prediction.article)
    return predicted


def _parse_prediction(obj: Any, path: Path, where: str, reader: SourceReader) -> Predicted:
    article = obj.get("article") if isinstance(obj, dict) else None
    if isinstance(article, dict):
        try:
            return predicted_from_extraction(Extraction.model_validate(obj))
        except ValidationError as exc:
            raise GoldFormatError(f"{path}: {where}{describe_validation_error(exc)}") from None
    if isinstance(article, str):
        return predicted_from_gold(parse_gold_article(obj, path, where, reader))
    raise GoldFormatError(
        f"{path}: {where or 'top level: '}neither an Extraction nor a gold-format article"
        ' (no "article" object or id)'
    )


def _pair(
    gold: Sequence[GoldArticle], predictions: Sequence[Predicted]
) -> tuple[list[Predicted | None], list[str]]:
    by_id = {p.article: p for p in predictions}
    gold_ids = {g.article for g in gold}
    paired: list[Predicted | None] = [by_id.get(g.article) for g in gold]
    used = {p.article for p in paired if p is not None}
    for i, article in enumerate(gold):
        other = _source_id(article.source)
        if paired[i] is None and other in by_id and other not in used | gold_ids:
            paired[i] = by_id[other]
            used.add(other)
    unused = [p.article for p in predictions if p.article not in used]
    warnings = []
    if unused:
        shown = ", ".join(unused[:5]) + (", ..." if len(unused) > 5 else "")
        warnings.append(f"ignored predictions for {len(unused)} articles not in the gold: {shown}")
    return paired, warnings


def _source_id(source: str | None) -> str | None:
    if source is None:
        return None
    path, record_id = split_source(source)
    return record_id if record_id is not None else Path(path).stem


def _run(gold: Sequence[GoldArticle], extractor: SupportsExtract | None) -> list[Predicted | None]:
    if extractor is None:
        from dealscope.pipeline import Extractor  # imported here: it loads spaCy

        extractor = Extractor()
    reader = SourceReader()
    predicted: list[Predicted | None] = []
    for article in gold:
        where = f"{article.file}: article {article.article!r}"
        if article.source is None:
            raise GoldFormatError(f"{where}: source: missing (needed to run the extractor)")
        try:
            source = reader.article(article.source, article.article, article.published)
        except GoldFormatError as exc:
            raise GoldFormatError(f"{where}: {exc.message}") from None
        predicted.append(predicted_from_extraction(extractor.extract(source)))
    return predicted
