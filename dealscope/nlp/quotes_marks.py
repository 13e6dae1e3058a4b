"""Quote marks: paragraphs, the title line, pairing of marks into quoted regions, sentences.

Pure string work, no spaCy. The rules, in order:

* Paragraphs are separated by blank lines or by a line break followed by an indent (wire copy).
  A single line break inside a paragraph is a soft wrap.
* The first line is a *title* when it stands alone as a paragraph, is short and does not end
  with a period; quote marks in it, and in any later line that repeats it, are ignored.
* Double marks pair: curly and straight ones mix freely (an opening ``"`` may close with ``”``).
  A straight mark's direction comes from its neighbours (space before: opening; space or
  punctuation after: closing); when that does not decide, an open quote makes it a closer.
  Marks nest on a stack, so ``“he said "no" to me”`` is one quote.
* A quote still open at the end of its paragraph continues into the next paragraph when that
  paragraph opens with a quote mark (the multi-paragraph convention). Otherwise the opener is a
  stray: when the paragraph ends with a closing mark, or quotes were closed inside it, the
  opener is dropped and the quotes inside it stand alone; else the quote is bounded by the end
  of the paragraph (and by one sentence when the rest of the paragraph is long).
* No quote crosses more than ``MAX_PARAGRAPHS`` paragraphs or spans more than
  ``MAX_QUOTE_CHARS`` inside one paragraph (a longer "pair" is two stray marks).
* Single curly marks are quotes only in text that has no double marks at all (British style);
  otherwise they are nested quotes or apostrophes and stay inside the quote around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dealscope.nlp.words import ABBREVIATIONS

MAX_QUOTE_CHARS = 1500
MAX_MULTI_CHARS = 4000
MAX_PARAGRAPHS = 8
MAX_BOUNDED_CHARS = 600
MAX_TITLE_CHARS = 300
SHORT_LINE = 40

DOUBLE_MARKS = '"“”„«»'
SINGLE_MARKS = "‘’"
_OPENING = "“„«‘"
_CLOSING = "”»’"
_OPEN_CONTEXT = "([{—–-/" + _OPENING
_CLOSE_CONTEXT = ".,;:!?)]}—–-…" + _CLOSING + "'"

_PARA_SPLIT = re.compile(r"[ \t\r]*\n(?:[ \t\r]*\n)+|\r?\n(?=[ \t]{2,}\S|\t)")
_SENT_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9À-Þ])")
_ABBREVIATIONS = ABBREVIATIONS


@dataclass(frozen=True)
class Region:
    """A quoted stretch: ``start``/``end`` bound the words, ``open_pos``/``close_pos`` the marks.

    ``close_pos`` is None for a bounded quote (an opener that was never closed).
    """

    start: int
    end: int
    open_pos: int
    close_pos: int | None
    paragraphs: int = 1

    @property
    def outer_end(self) -> int:
        """The end of the quote including its closing mark."""
        return self.close_pos + 1 if self.close_pos is not None else self.end


@dataclass
class _Open:
    pos: int
    para: int
    children: list[tuple[int, int]] = field(default_factory=list)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph, outer whitespace excluded.

    A short line standing alone (a heading such as a country name, a byline) ends its
    paragraph even without a blank line after it.
    """
    blocks: list[tuple[int, int]] = []
    pos = 0
    for match in _PARA_SPLIT.finditer(text):
        _add_stripped(text, pos, match.start(), blocks)
        pos = match.end()
    _add_stripped(text, pos, len(text), blocks)
    spans: list[tuple[int, int]] = []
    for lo, hi in blocks:
        start = lo
        for brk in re.finditer(r"\n", text[lo:hi]):
            line_end = lo + brk.start()
            line = text[start:line_end].strip()
            if len(line) < SHORT_LINE and not line.endswith((",", "-", "—", "–", ":")):
                _add_stripped(text, start, line_end, spans)
                start = line_end + 1
        _add_stripped(text, start, hi, spans)
    return spans


def _add_stripped(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


def title_ranges(text: str, paras: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The title line and every later line that repeats it (whitespace aside)."""
    if len(paras) < 2:
        return []
    start, end = paras[0]
    title = text[start:end]
    if "\n" in title or len(title) > MAX_TITLE_CHARS or title.rstrip("\"”’' ").endswith("."):
        return []
    norm = " ".join(title.split())
    ranges = [(start, end)]
    pos = end
    for line in re.finditer(r"[^\n]+", text[end:]):
        if " ".join(line.group().split()) == norm:
            ranges.append((pos + line.start(), pos + line.end()))
    return ranges


def _direction(text: str, i: int, lo: int, hi: int) -> str:
    """'open', 'close', 'either' or 'skip' (an apostrophe) for the mark at ``text[i]``."""
    ch = text[i]
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    left_open = prev.isspace() or prev in _OPEN_CONTEXT
    right_close = nxt.isspace() or nxt in _CLOSE_CONTEXT
    if prev.isalpha() and nxt.isalpha():
        return "skip"  # an apostrophe, or a typo such as month"s
    if ch in _OPENING:
        return "close" if right_close and not left_open else "open"
    if ch in _CLOSING:
        return "open" if left_open and not right_close else "close"
    if left_open and not right_close:
        return "open"
    if right_close and not left_open:
        return "close"
    return "either"


def _style(ch: str) -> str:
    return "straight" if ch in "\"'" else "curly"


def _in_ranges(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= pos < end for start, end in ranges)


class _Pairer:
    """Pairs the marks of one mark set paragraph by paragraph (see the module docstring)."""

    def __init__(
        self, text: str, paras: list[tuple[int, int]], marks: str, excluded: list[tuple[int, int]]
    ) -> None:
        self.text = text
        self.paras = paras
        self.regions: list[Region] = []
        self.marks: list[list[tuple[int, str]]] = []
        for lo, hi in paras:
            found: list[tuple[int, str]] = []
            for i in range(lo, hi):
                if text[i] in marks and not _in_ranges(i, excluded):
                    direction = _direction(text, i, lo, hi)
                    if direction != "skip":
                        found.append((i, direction))
            self.marks.append(found)

    def run(self) -> list[Region]:
        carry: _Open | None = None
        for k, (lo, hi) in enumerate(self.paras):
            marks = self.marks[k]
            stack: list[_Open] = []
            if carry is not None:
                stack.append(carry)
                marks = marks[1:]  # the continuation mark that opens this paragraph
                carry = None
            last_close = -1
            for pos, direction in marks:
                if direction == "either":
                    direction = "close" if stack else "open"
                if direction == "open":
                    if len(stack) == 1 and self._restarts(stack[0].pos, pos):
                        # '"... agreed. "Now we ...': a paragraph break lost in the text
                        self._pair(stack.pop(), self._before_space(pos), k)
                    stack.append(_Open(pos, k))
                    continue
                if not stack:
                    continue  # a stray closing mark
                opener = stack.pop()
                last_close = pos
                if stack:
                    stack[-1].children.append((opener.pos, pos))
                else:
                    self._pair(opener, pos, k)
            if stack:
                carry = self._leftover(stack, k, lo, hi, last_close)
        return sorted(self.regions, key=lambda r: r.start)

    def _restarts(self, open_pos: int, pos: int) -> bool:
        """A second opener of the same style right after a finished sentence."""
        text = self.text
        if _style(text[open_pos]) != _style(text[pos]) or not text[pos - 1].isspace():
            return False
        before = text[open_pos + 1 : pos].rstrip()
        return len(before) > 1 and before[-1] in ".!?…"

    def _before_space(self, pos: int) -> int:
        while pos > 0 and self.text[pos - 1].isspace():
            pos -= 1
        return pos

    def _leftover(
        self, stack: list[_Open], k: int, lo: int, hi: int, last_close: int
    ) -> _Open | None:
        bottom = stack[0]
        for inner in stack[1:]:
            bottom.children.extend(inner.children)
        carried = bottom.para < k
        tail = self.text[last_close + 1 : hi] if last_close >= 0 else "x"
        ends_closed = not tail.strip(" .,;:!?)]…")
        if not carried and ends_closed:
            self._promote(bottom)
        elif self._continues(k, bottom):
            return bottom
        elif carried:
            self._add(bottom.pos + 1, hi, bottom.pos, None, k - bottom.para + 1)
        elif bottom.children:
            self._promote(bottom)
        else:
            self._bounded(bottom, hi)
        return None

    def _continues(self, k: int, opener: _Open) -> bool:
        if k + 1 >= len(self.paras) or k - opener.para + 1 >= MAX_PARAGRAPHS:
            return False
        nxt_lo, nxt_hi = self.paras[k + 1]
        if nxt_hi - opener.pos > MAX_MULTI_CHARS:
            return False
        first = self.marks[k + 1][:1]
        return bool(first) and first[0][0] == nxt_lo and first[0][1] != "close"

    def _pair(self, opener: _Open, close: int, k: int) -> None:
        if opener.para == k and close - opener.pos > MAX_QUOTE_CHARS:
            self._promote(opener)  # two stray marks far apart, not a quote
            return
        self._add(opener.pos + 1, close, opener.pos, close, k - opener.para + 1)

    def _promote(self, opener: _Open) -> None:
        for open_pos, close_pos in opener.children:
            if close_pos - open_pos <= MAX_QUOTE_CHARS:
                self._add(open_pos + 1, close_pos, open_pos, close_pos, 1)

    def _bounded(self, opener: _Open, hi: int) -> None:
        end = hi
        if hi - opener.pos > MAX_BOUNDED_CHARS:
            match = _SENT_END.search(self.text, opener.pos + 1, hi)
            if match is None or match.end() - opener.pos > MAX_BOUNDED_CHARS:
                return
            end = match.end()
        self._add(opener.pos + 1, end, opener.pos, None, 1)

    def _add(self, start: int, end: int, open_pos: int, close_pos: int | None, n: int) -> None:
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
            end -= 1
        if end > start:
            self.regions.append(Region(start, end, open_pos, close_pos, n))


@dataclass(frozen=True)
class Layout:
    """The quoted regions of a text, its paragraphs and its title lines."""

    regions: list[Region]
    paragraphs: list[tuple[int, int]]
    titles: list[tuple[int, int]]

    def in_title(self, pos: int) -> bool:
        return _in_ranges(pos, self.titles)


def find_regions(text: str) -> Layout:
    """The quoted regions of ``text`` (title lines excluded), with the paragraphs."""
    paras = paragraphs(text)
    excluded = title_ranges(text, paras)
    has_double = any(
        ch in DOUBLE_MARKS and not _in_ranges(i, excluded) for i, ch in enumerate(text)
    )
    marks = DOUBLE_MARKS if has_double else SINGLE_MARKS
    return Layout(_Pairer(text, paras, marks, excluded).run(), paras, excluded)


def sentence_ends(text: str, lo: int, hi: int, regions: list[Region]) -> list[int]:
    """Sentence boundaries inside ``[lo, hi)``, never inside a quote, ``hi`` included."""
    ends: list[int] = []
    for match in _SENT_END.finditer(text, lo, hi):
        pos = match.end()
        if any(r.open_pos < pos < r.outer_end for r in regions):
            continue
        word = re.search(r"([\w.]+)[.!?…]*$", text[max(lo, pos - 12) : pos])
        if word is not None:
            stem = word.group(1).rstrip(".").lower()
            if stem in _ABBREVIATIONS or (len(stem) == 1 and stem.isalpha()):
                continue
        ends.append(pos)
    ends.append(hi)
    return ends


def sentence_around(
    text: str, para: tuple[int, int], start: int, end: int, regions: list[Region]
) -> tuple[int, int]:
    """The sentence(s) of paragraph ``para`` that hold ``[start, end)``."""
    lo, hi = para
    s_start = lo
    s_end = hi
    for pos in sentence_ends(text, lo, hi, regions):
        if pos <= start:
            s_start = pos
        elif pos >= end:
            s_end = pos
            break
    while s_start < s_end and text[s_start].isspace():
        s_start += 1
    return s_start, s_end
