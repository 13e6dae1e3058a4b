"""Sentences and section headings of a cleaned text, at character level and without a model.

Cheap on purpose: segmentation runs over every text, the parser only over the sentences that
can carry a deal. A heading is a short line with no closing punctuation (such as a country
name above a list of deals); it sets the context of the sentences below it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dealscope.nlp.words import ABBREVIATIONS

BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    heading: bool = False

    def text(self, source: str) -> str:
        return source[self.start : self.end]


def _is_heading(line: str) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > 60 or stripped[-1] in '.!?:;,"”':
        return False
    words = stripped.split()
    if any(c.isdigit() for c in stripped):
        return False  # "Bishkek, October 8, 2025" is a dateline, not a section heading
    return len(words) <= 6 and all(w[0].isupper() or not w[0].isalpha() for w in words)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences in order; each paragraph (line) is split at sentence punctuation."""
    found: list[Sentence] = []
    paragraph = 0
    for line in re.finditer(r"[^\n]+", text):
        body = line.group()
        if not body.strip():
            continue
        base = line.start()
        if _is_heading(body):
            lead = len(body) - len(body.lstrip())
            found.append(Sentence(base + lead, base + len(body.rstrip()), paragraph, heading=True))
            paragraph += 1
            continue
        start = 0
        for m in BOUNDARY.finditer(body):
            before = body[start : m.start()].split()
            last = before[-1].lower().rstrip('.!?"”’)') if before else ""
            if last in ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
                continue
            cut = m.start() + len(m.group()) - len(m.group().lstrip('"”’)'))
            piece = body[start:cut].rstrip()
            if piece.strip():
                found.append(Sentence(base + start, base + start + len(piece), paragraph))
            start = m.end()
        piece = body[start:].rstrip()
        if piece.strip():
            found.append(Sentence(base + start, base + start + len(piece), paragraph))
        paragraph += 1
    return found
