"""Loading the data files of ``dealscope/data`` once per process.

Lexicons live apart from logic (as trafilatura keeps its XPaths apart): the JSON files can be
extended without touching code, and every loader is cached so that start-up pays once.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


def _data_text(name: str) -> str:
    return resources.files("dealscope").joinpath("data", name).read_text(encoding="utf-8")


@cache
def load_json(name: str) -> Any:
    """A JSON data file of the package, parsed once."""
    return json.loads(_data_text(name))


@cache
def load_jsonl(name: str) -> tuple[dict[str, Any], ...]:
    """A JSON Lines data file of the package, one dict per non-empty line, parsed once."""
    rows = []
    for line in _data_text(name).splitlines():
        line = line.strip()
        if line:
            rows.append(json.loads(line))
    return tuple(rows)


def has_data(name: str) -> bool:
    return resources.files("dealscope").joinpath("data", name).is_file()


@cache
def data_digest() -> str:
    """A short hash of every data file: lexicon edits change what the extractor finds."""
    import hashlib

    digest = hashlib.sha256()
    folder = resources.files("dealscope").joinpath("data")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_file() and entry.name.endswith((".json", ".jsonl", ".txt")):
            digest.update(entry.name.encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()[:10]
