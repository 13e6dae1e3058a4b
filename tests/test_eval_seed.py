"""The shared seed gold scored against itself: the scorer must find every deal and quote.

The shared folder is ``../shared`` next to the checkout, or ``$DEALSCOPE_SHARED``. When it is
absent the test is skipped, except in CI (``CI=true``), where that is a failure.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dealscope.eval import FIELDS, Counts, evaluate, load_gold
from dealscope.eval.convert import extraction_from_gold, from_gold_deal
from dealscope.eval.score import can_match

pytestmark = pytest.mark.shared


def shared_dir() -> Path:
    return Path(
        os.environ.get("DEALSCOPE_SHARED") or Path(__file__).resolve().parents[2] / "shared"
    )


@pytest.fixture
def seed() -> Path:
    path = shared_dir() / "eval" / "seed.json"
    if not path.is_file():
        reason = f"the shared seed gold is absent ({path}); set DEALSCOPE_SHARED to its folder"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def test_seed_gold_loads_with_its_source(seed: Path) -> None:
    (article,) = load_gold(seed)
    assert article.source is not None and Path(article.source).is_file()
    assert article.deals and article.quotes
    # Every required gold deal can be matched under the rule; only optional ones may not be.
    assert all(d.optional for d in article.deals if not can_match(from_gold_deal(d)))


def test_seed_gold_as_predictions_scores_perfectly(seed: Path, tmp_path: Path) -> None:
    (gold,) = load_gold(seed)
    unmatchable = {d.id for d in gold.deals if not can_match(from_gold_deal(d))}
    matchable = gold.model_copy(
        update={"deals": [d for d in gold.deals if d.id not in unmatchable]}
    )
    predictions = tmp_path / "seed.jsonl"
    predictions.write_text(json.dumps(extraction_from_gold(matchable).model_dump(mode="json")))

    report = evaluate(seed, predictions)
    required = sum(not d.optional for d in gold.deals)
    assert report.deals == Counts(tp=required, fp=0, fn=0)
    assert report.deals.f1 == 1.0
    for name in FIELDS:
        assert report.fields[name].accuracy == 1.0, name
    assert report.quotes == Counts(tp=len(gold.quotes), fp=0, fn=0)
    assert report.speakers.accuracy == 1.0


def test_seed_gold_in_the_gold_format_as_predictions(seed: Path) -> None:
    (gold,) = load_gold(seed)
    report = evaluate(seed, seed)
    unmatchable = [d.id for d in gold.deals if not can_match(from_gold_deal(d))]
    # The only false positives are gold deals the matching rule can never match.
    assert [d.id for d in report.articles[0].false_positives] == unmatchable
    assert report.deals.recall == 1.0
    assert report.quotes.f1 == 1.0
    assert all(report.fields[name].accuracy == 1.0 for name in FIELDS)
