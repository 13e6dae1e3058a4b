"""The deal lexicon (``data/deal_lexicon.json``): triggers, status cues and sector keywords."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import cast

from dealscope.core.model import DealType, Sector, Status
from dealscope.nlp.lexicon import load_json


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, DealType]
    phrases: dict[tuple[str, ...], DealType]
    phrases_by_first: dict[str, tuple[tuple[tuple[str, ...], DealType], ...]]
    weak: frozenset[str]
    need_figure: frozenset[str]
    nested_only: frozenset[str]
    specificity: tuple[DealType, ...]
    status: dict[str, tuple[Status, ...]]
    status_priority: tuple[Status, ...]
    financing_offered: tuple[str, ...]
    package_cues: tuple[str, ...]
    sector_words: dict[str, tuple[Sector, ...]]
    sector_priority: tuple[Sector, ...]
    candidate: re.Pattern[str]


@cache
def lexicon() -> Lexicon:
    data = load_json("deal_lexicon.json")
    words: dict[str, DealType] = {}
    phrases: dict[tuple[str, ...], DealType] = {}
    for deal_type, forms in data["triggers"].items():
        for form in forms:
            parts = tuple(form.split())
            if len(parts) == 1:
                words.setdefault(form, cast(DealType, deal_type))
            else:
                phrases.setdefault(parts, cast(DealType, deal_type))
    status: dict[str, list[Status]] = {}
    for name, forms in data["status"].items():
        for form in forms:
            status.setdefault(form, []).append(cast(Status, name))
    sector_words: dict[str, list[Sector]] = {}
    for name, forms in data["sectors"].items():
        for form in forms:
            sector_words.setdefault(form, []).append(cast(Sector, name))
    every = sorted({*words, *(" ".join(p) for p in phrases)}, key=len, reverse=True)
    candidate = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in every) + r")\b", re.I)
    return Lexicon(
        words=words,
        phrases=phrases,
        phrases_by_first={
            first: tuple((p, t) for p, t in phrases.items() if p[0] == first)
            for first in {p[0] for p in phrases}
        },
        weak=frozenset(data["weak_triggers"]),
        need_figure=frozenset(data["need_figure"]),
        nested_only=frozenset(data["nested_only"]),
        specificity=tuple(data["specificity"]),
        status={k: tuple(v) for k, v in status.items()},
        status_priority=tuple(data["status_priority"]),
        financing_offered=tuple(data["financing_offered"]),
        package_cues=tuple(data["package_cues"]),
        sector_words={k: tuple(v) for k, v in sector_words.items()},
        sector_priority=tuple(data["sector_priority"]),
        candidate=candidate,
    )


def may_carry_deal(sentence: str, has_figure: bool = True) -> bool:
    """Whether a sentence holds a trigger word: only such sentences are parsed. A common one
    ("shares", "sale", "exports") counts only beside a figure (an amount, a share, a count)."""
    lex = lexicon()
    for match in lex.candidate.finditer(sentence):
        if has_figure or match.group().lower() not in lex.need_figure:
            return True
    return False
