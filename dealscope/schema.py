"""The JSON Schema of dealscope's output, generated from the data model.

The committed copy (``schema/dealscope.schema.json``) is checked against this in the tests, so
the documented contract cannot drift from the code.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from dealscope.core.model import Extraction


def output_schema() -> dict[str, Any]:
    schema = TypeAdapter(list[Extraction]).json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "dealscope output"
    schema["description"] = (
        "An array of extractions, one per article. Every span is a half-open [start, end) "
        "interval of character offsets into article.text, the cleaned text, and text equals "
        "article.text[start:end]."
    )
    return schema
