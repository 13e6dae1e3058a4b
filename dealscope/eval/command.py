"""``dealscope eval GOLD [--predictions FILE] [--json]``: the body of the CLI command."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rich.console import Console

from dealscope.core.errors import DealscopeError
from dealscope.eval.report import render_report, report_to_dict
from dealscope.eval.runner import evaluate


def eval_command(gold: Path, predictions: Path | None, as_json: bool) -> int:
    """Score and print; the exit code is 0, or 2 after one ``error: ...`` line on stderr."""
    try:
        report = evaluate(gold, predictions)
    except DealscopeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if as_json:
        sys.stdout.write(json.dumps(report_to_dict(report), indent=2, ensure_ascii=False) + "\n")
    else:
        render_report(report, Console(highlight=False))
    return 0
