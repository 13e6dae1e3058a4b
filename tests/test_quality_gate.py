"""Extraction quality gates: the scores on the seed article and on the development set must
not fall below the floors pinned in ``tests/eval_floors.json``.

A floor only goes down on purpose: edit the file in the same commit as the change that lowers
it, and say why in the commit message.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dealscope.eval import evaluate, report_to_dict
from dealscope.pipeline import Extractor
from tests.conftest import need_shared

HERE = Path(__file__).resolve().parent
FLOORS = json.loads((HERE / "eval_floors.json").read_text(encoding="utf-8"))


def scores(gold: Path, extractor: Extractor) -> dict[str, Any]:
    return report_to_dict(evaluate(gold, extractor=extractor))["overall"]  # type: ignore[no-any-return]


def check(overall: dict[str, Any], floors: dict[str, Any]) -> None:
    failures = []
    for metric, floor in floors.get("deals", {}).items():
        if overall["deals"][metric] < floor:
            failures.append(f"deals {metric} {overall['deals'][metric]:.3f} < {floor}")
    for field, floor in floors.get("fields", {}).items():
        if overall["fields"][field]["accuracy"] < floor:
            failures.append(f"{field} {overall['fields'][field]['accuracy']:.3f} < {floor}")
    for metric, floor in floors.get("quotes", {}).items():
        if overall["quotes"][metric] < floor:
            failures.append(f"quotes {metric} {overall['quotes'][metric]:.3f} < {floor}")
    assert not failures, "; ".join(failures)


@pytest.mark.shared
def test_seed_article_meets_its_floors(extractor: Extractor) -> None:
    shared = need_shared()
    check(scores(shared / "eval" / "seed.json", extractor), FLOORS["seed"])


@pytest.mark.shared
def test_development_set_meets_its_floors(extractor: Extractor) -> None:
    need_shared()
    check(scores(HERE / "gold", extractor), FLOORS["dev"])
