"""A :class:`Report` for people (Rich tables) and for machines (a stable JSON dict).

The JSON shape::

    {"overall": {"deals": {"tp", "fp", "fn", "precision", "recall", "f1"},
                 "fields": {name: {"correct", "total", "accuracy"}},
                 "quotes": {"tp", "fp", "fn", "precision", "recall", "f1",
                            "speaker_accuracy", "speaker_correct", "speaker_total"}},
     "articles": [{"article", "deals", "fields", "quotes",
                   "matches": [{"gold", "prediction", "optional", "score", "wrong"}],
                   "false_positives": [{"id", "summary"}], "false_negatives": [{"id", "summary"}],
                   "missed_quotes": [{"speaker", "text"}], "spurious_quotes": [{"speaker", "text"}],
                   "warnings": [...]}],
     "warnings": [...]}

Fields are listed in :data:`~dealscope.eval.score.FIELDS` order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from dealscope.eval.convert import ComparableQuote
from dealscope.eval.score import FIELDS, ArticleScore, Counts, DealRef, Report, Tally


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data (see the module notes for the shape)."""
    return {
        "overall": _summary(report.deals, report.fields, report.quotes, report.speakers),
        "articles": [_article(a) for a in report.articles],
        "warnings": list(report.warnings),
    }


def render_report(report: Report, console: Console) -> None:
    """Per-article rows, the misses of each article, field accuracies, then the overall line."""
    articles = Table(title="Articles", box=box.SIMPLE, title_justify="left")
    for name in ("article", "tp", "fp", "fn", "P", "R", "F1", "quotes F1", "speakers"):
        articles.add_column(name, justify="left" if name == "article" else "right")
    for a in report.articles:
        articles.add_row(
            Text(a.article),
            str(a.deals.tp),
            str(a.deals.fp),
            str(a.deals.fn),
            _num(a.deals.precision),
            _num(a.deals.recall),
            _num(a.deals.f1),
            _num(a.quotes.f1),
            _tally(a.speakers),
        )
    console.print(articles)
    for a in report.articles:
        _print_details(a, console)
    for warning in report.warnings:
        console.print(Text(f"warning: {warning}", style="yellow"), soft_wrap=True)

    fields = Table(title="Field accuracy on matched deals", box=box.SIMPLE, title_justify="left")
    for name in ("field", "correct", "total", "accuracy"):
        fields.add_column(name, justify="left" if name == "field" else "right")
    for name, tally in report.fields.items():
        accuracy = _num(tally.accuracy) if tally.total else "-"
        fields.add_row(name, str(tally.correct), str(tally.total), accuracy)
    console.print(fields)

    overall = Table(title="Overall", box=box.SIMPLE, title_justify="left")
    for name in ("", "tp", "fp", "fn", "precision", "recall", "F1", "speakers"):
        overall.add_column(name, justify="left" if not name else "right")
    for name, counts, speakers in (
        ("deals", report.deals, ""),
        ("quotes", report.quotes, _tally(report.speakers)),
    ):
        overall.add_row(
            name,
            str(counts.tp),
            str(counts.fp),
            str(counts.fn),
            _num(counts.precision),
            _num(counts.recall),
            _num(counts.f1),
            speakers,
        )
    console.print(overall)


def _print_details(article: ArticleScore, console: Console) -> None:
    lines: list[tuple[str, str]] = []
    lines += [("missed", f"{d.id}: {d.summary}") for d in article.false_negatives]
    lines += [("spurious", f"{d.id}: {d.summary}") for d in article.false_positives]
    lines += [
        ("wrong", f"{m.gold_id} <- {m.pred_id}: {', '.join(m.wrong)}")
        for m in article.matches
        if m.wrong
    ]
    lines += [("missed quote", _quote_line(q)) for q in article.missed_quotes]
    lines += [("spurious quote", _quote_line(q)) for q in article.spurious_quotes]
    lines += [("warning", w) for w in article.warnings]
    if not lines:
        return
    console.print(Text(article.article, style="bold"))
    for label, line in lines:
        console.print(Text.assemble("  ", (f"{label}: ", "dim"), line), soft_wrap=True)


def _quote_line(quote: ComparableQuote) -> str:
    text = quote.text if len(quote.text) <= 60 else quote.text[:57] + "..."
    return f"{quote.speaker or '(no speaker)'}: “{text}”"


def _num(value: float) -> str:
    return f"{value:.3f}"


def _tally(tally: Tally) -> str:
    return f"{tally.accuracy:.3f} ({tally.correct}/{tally.total})" if tally.total else "-"


def _summary(
    deals: Counts, fields: Mapping[str, Tally], quotes: Counts, speakers: Tally
) -> dict[str, Any]:
    return {
        "deals": _counts(deals),
        "fields": {name: _tally_dict(fields[name]) for name in FIELDS},
        "quotes": {
            **_counts(quotes),
            "speaker_accuracy": speakers.accuracy,
            "speaker_correct": speakers.correct,
            "speaker_total": speakers.total,
        },
    }


def _counts(counts: Counts) -> dict[str, Any]:
    return {
        "tp": counts.tp,
        "fp": counts.fp,
        "fn": counts.fn,
        "precision": counts.precision,
        "recall": counts.recall,
        "f1": counts.f1,
    }


def _tally_dict(tally: Tally) -> dict[str, Any]:
    return {"correct": tally.correct, "total": tally.total, "accuracy": tally.accuracy}


def _ref(deal: DealRef) -> dict[str, str]:
    return {"id": deal.id, "summary": deal.summary}


def _quote(quote: ComparableQuote) -> dict[str, str | None]:
    return {"speaker": quote.speaker, "text": quote.text}


def _article(article: ArticleScore) -> dict[str, Any]:
    return {
        "article": article.article,
        **_summary(article.deals, article.fields, article.quotes, article.speakers),
        "matches": [
            {
                "gold": m.gold_id,
                "prediction": m.pred_id,
                "optional": m.optional,
                "score": round(m.score, 3),
                "wrong": m.wrong,
            }
            for m in article.matches
        ],
        "false_positives": [_ref(d) for d in article.false_positives],
        "false_negatives": [_ref(d) for d in article.false_negatives],
        "missed_quotes": [_quote(q) for q in article.missed_quotes],
        "spurious_quotes": [_quote(q) for q in article.spurious_quotes],
        "warnings": list(article.warnings),
    }
