"""Article text cut into plain and marked segments, for ``<mark>`` highlighting in templates.

The text is never turned into HTML here: the template escapes every segment on its own and only
then wraps the marked ones, so markup in an article can never leak into the page.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field


class Mark(BaseModel):
    """A span to highlight; ``label`` says what it is evidence of (shown as a tooltip)."""

    start: int
    end: int
    label: str = ""
    deal_id: int | None = None


class Segment(BaseModel):
    text: str
    start: int
    marked: bool = False
    labels: list[str] = Field(default_factory=list)
    deal_ids: list[int] = Field(default_factory=list)


def segments(
    text: str, marks: Iterable[Mark], start: int = 0, end: int | None = None
) -> list[Segment]:
    """``text[start:end]`` cut at the marks; overlapping marks join into one marked segment.

    Marks outside the text or empty are dropped, so stale offsets cannot break a page.
    """
    end = len(text) if end is None else min(end, len(text))
    spans = sorted(
        (
            (max(m.start, start), min(m.end, end), m)
            for m in marks
            if 0 <= m.start < m.end <= len(text) and m.start < end and m.end > start
        ),
        key=lambda item: (item[0], item[1]),
    )
    merged: list[tuple[int, int, list[Mark]]] = []
    for lo, hi, mark in spans:
        if merged and lo <= merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], hi), [*last[2], mark])
        else:
            merged.append((lo, hi, [mark]))
    out: list[Segment] = []
    cursor = start
    for lo, hi, group in merged:
        if lo > cursor:
            out.append(Segment(text=text[cursor:lo], start=cursor))
        labels = list(dict.fromkeys(m.label for m in group if m.label))
        deals = list(dict.fromkeys(m.deal_id for m in group if m.deal_id is not None))
        out.append(
            Segment(text=text[lo:hi], start=lo, marked=True, labels=labels, deal_ids=deals)
        )
        cursor = hi
    if cursor < end:
        out.append(Segment(text=text[cursor:end], start=cursor))
    return out


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph(s) around ``text[start:end]``: from the blank line before to the one after."""
    lo = text.rfind("\n\n", 0, start)
    hi = text.find("\n\n", end)
    return (0 if lo < 0 else lo + 2), (len(text) if hi < 0 else hi)


def passages(text: str, marks: Iterable[Mark]) -> list[list[Segment]]:
    """The paragraphs that hold a mark, each cut into segments; neighbouring ones joined."""
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    ranges: list[tuple[int, int]] = []
    for lo, hi in sorted(paragraph_bounds(text, m.start, m.end) for m in marks):
        if ranges and lo <= ranges[-1][1] + 2:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], hi))
        else:
            ranges.append((lo, hi))
    return [segments(text, marks, lo, hi) for lo, hi in ranges]
