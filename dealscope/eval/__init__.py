"""Evaluation against gold annotations: ``evaluate(gold, predictions=None) -> Report``.

``gold`` loads and validates the gold format, ``convert`` puts gold and predicted deals in one
comparable form, ``score`` holds the matching rule and the figures, ``runner`` gets the
predictions (running the extractor or reading saved ones), ``report`` renders the result, and
``command`` is the body of ``dealscope eval``.
"""

from dealscope.eval.command import eval_command
from dealscope.eval.gold import GoldArticle, GoldDeal, GoldParty, GoldQuote, load_gold
from dealscope.eval.report import render_report, report_to_dict
from dealscope.eval.runner import evaluate, load_predictions
from dealscope.eval.score import FIELDS, ArticleScore, Counts, Report, Tally, normalize_name

__all__ = [
    "FIELDS",
    "ArticleScore",
    "Counts",
    "GoldArticle",
    "GoldDeal",
    "GoldParty",
    "GoldQuote",
    "Report",
    "Tally",
    "eval_command",
    "evaluate",
    "load_gold",
    "load_predictions",
    "normalize_name",
    "render_report",
    "report_to_dict",
]
