import json
from pathlib import Path

from dealscope.schema import output_schema

COMMITTED = Path(__file__).resolve().parents[1] / "schema" / "dealscope.schema.json"


def test_committed_schema_matches_the_model() -> None:
    """Regenerate with: dealscope schema > schema/dealscope.schema.json"""
    assert json.loads(COMMITTED.read_text(encoding="utf-8")) == output_schema()


def test_schema_names_the_gold_fields() -> None:
    deal = output_schema()["$defs"]["Deal"]["properties"]
    for field in (
        "type",
        "parties",
        "countries",
        "value",
        "quantity",
        "stakes",
        "period",
        "sector",
        "status",
        "evidence",
        "package",
        "aggregate_safe",
        "confidence",
    ):
        assert field in deal
