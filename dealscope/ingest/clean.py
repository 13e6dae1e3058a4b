"""Cleaning: from extracted text to THE text every character offset of dealscope refers to.

Cleaning happens once, here, after extraction and before anything looks for deals. It
normalises characters and whitespace, undoes hard line wrapping, removes page furniture
(repeated headlines, photo captions and credits, interface words, cookie notices, copyright
footers, wire sign-offs, Reuters-style ``<Company>`` markup) and turns a byline into metadata.
What it removed is listed in :attr:`Cleaned.removed` as ``"<kind>: <text>"``.

The rules are about furniture in general, never about one article, and they never rewrite a
sentence: a line is either kept (with its spaces normalised) or dropped as a whole, except
for markup brackets, tickers and UI words glued to the very end of the text.

Paragraphs are separated by one blank line; a single-line section heading stays on its own
line, directly above its paragraph when the source put it there.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date as Date

from dealscope.ingest import furniture as F
from dealscope.ingest.dates import TIME_AFTER, find_date


@dataclass(frozen=True)
class Cleaned:
    """A cleaned text with the metadata found in it and a record of what was removed."""

    text: str
    title: str | None = None
    author: str | None = None
    date: Date | None = None
    site: str | None = None
    removed: list[str] = field(default_factory=list)


# Characters that are dropped outright: byte-order marks, zero-width spaces and word joiners,
# soft hyphens. (Zero-width (non-)joiners are kept: they carry meaning in some scripts.)
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u2060\u00ad"))
# Line and paragraph separators that mean a new line.
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# Control characters left after that (other than tab and newline) are dropped.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
# Lone surrogates (from a JSON "\\ud800" escape) cannot be written as UTF-8.
_SURROGATES = re.compile(r"[\ud800-\udfff]")
# Horizontal whitespace, including no-break and typographic spaces.
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_RUNS = re.compile(r"\n{3,}")
_SENTENCE_END = '.!?:;"”’)'


def clean_text(raw: str, *, title: str | None = None) -> Cleaned:
    """Clean ``raw`` text into the reference text of an article.

    ``title``, when the caller knows it (a corpus record, HTML metadata), is dropped from the
    start of the text where the text repeats it. A headline that the text repeats as its second
    line becomes the title and both copies leave the text. With no known title, a short first
    line that stands alone as a paragraph (no final full stop, a blank line after it, more text
    below) is the headline: it becomes the title and leaves the text.
    """
    removed: list[str] = []
    text = normalize_characters(raw)
    text = _unwrap_hard_wrapped(text)
    text = strip_markup(text, removed)
    text = "\n".join(normalize_spaces(line) for line in text.split("\n"))
    lines: list[str | None] = list(text.split("\n"))

    author, found_date = _remove_furniture_lines(lines, removed)
    site = _remove_wire_credit(lines, removed)
    author, site = _split_byline_outlet(author, site)
    found_title = _remove_title(lines, title, removed)
    _remove_tail_furniture(lines, removed)

    cleaned = _BLANK_RUNS.sub("\n\n", "\n".join(line for line in lines if line is not None))
    return Cleaned(
        text=cleaned.strip("\n"),
        title=found_title,
        author=author,
        date=found_date,
        site=site,
        removed=removed,
    )


def clean_title(raw: str) -> str:
    """A title as one line: spaces normalised and ``<Company>``/ticker markup removed."""
    return normalize_spaces(strip_markup(" ".join(normalize_characters(raw).split()), []))


def normalize_characters(text: str) -> str:
    """NFC, ``\\n`` line endings, no invisible or control characters."""
    text = unicodedata.normalize("NFC", text)
    text = _NEWLINES.sub("\n", text)
    text = text.translate(_INVISIBLE)
    text = _SURROGATES.sub("\ufffd", text)
    return _CONTROL.sub("", text)


def normalize_spaces(line: str) -> str:
    """One plain space for every run of horizontal whitespace; no leading or trailing space."""
    return _SPACES.sub(" ", line).strip(" ")


def strip_markup(text: str, removed: list[str]) -> str:
    """Remove the brackets of ``<Company Name>`` markup and drop stock tickers.

    A ticker in parentheses (``" (<BAC>)"``) goes entirely; a bare ticker after a name
    (``"BankAmerica Corp <BAC>"``) goes with the space before it; a ticker that stands where a
    name should (at the start of a line, after a lower-case word) keeps its text.
    """

    def drop_parenthesised(match: re.Match[str]) -> str:
        removed.append(f"ticker: <{match.group('body')}>")
        return ""

    def rewrite(match: re.Match[str]) -> str:
        body, space = match.group("body"), match.group("space")
        if F.TICKER.fullmatch(body) and _follows_name(match.string, match.start()):
            removed.append(f"ticker: <{body}>")
            return ""
        removed.append(f"markup: <{body}>")
        return space + body

    def drop_lower_ticker(match: re.Match[str]) -> str:
        body = match.group("body")
        if body in F.HTML_TAG_NAMES or not _follows_name(match.string, match.start()):
            return match.group()
        removed.append(f"ticker: <{body}>")
        return ""

    text = F.TICKER_IN_PARENS.sub(drop_parenthesised, text)
    text = _MARKUP_WITH_SPACE.sub(rewrite, text)
    return F.LOWER_TICKER.sub(drop_lower_ticker, text)


_MARKUP_WITH_SPACE = re.compile(r"(?P<space>[ \t]*)" + F.MARKUP.pattern)


def _follows_name(text: str, position: int) -> bool:
    """Whether the word before ``position`` on its line looks like (the end of) a name."""
    line_start = text.rfind("\n", 0, position) + 1
    words = text[line_start:position].split()
    if not words:
        return False
    previous = words[-1]
    return previous[0].isupper() or previous[0].isdigit() or previous[-1] in ".)'’"


def _unwrap_hard_wrapped(text: str) -> str:
    """Join the lines of a hard-wrapped text (a wire story at 65 columns) into paragraphs.

    In a hard-wrapped text no line is longer than about 100 characters, and most lines that
    run on into a next line are long: the wrapper broke them because the next word did not
    fit. Texts with one paragraph per line (web pages, most files) are left alone.

    A paragraph then starts after a blank line or at an indented line (the wire convention: it
    becomes a new paragraph). When the text marks no paragraph by indentation, a paragraph also
    starts at a list item, after a short line (a heading, a paragraph's end) and after a line
    that ends a sentence when the next starts with a capital (one sentence per line); at worst
    a line break inside a paragraph stays. All other lines are joined by one space.
    """
    lines = text.split("\n")
    content = [line.rstrip() for line in lines if line.strip()]
    width = max((len(line) for line in content), default=0)
    if not 30 <= width <= 100:
        return text
    long_enough = 0.6 * width
    # Lines followed by a line that could continue them.
    runs_on = [
        len(line.rstrip())
        for line, following in itertools.pairwise(lines)
        if line.strip() and following.strip() and not following[:1].isspace()
    ]
    # Indented paragraph starts are a signal of their own, so a short first line weighs less.
    indent_paragraphs = any(line[:1].isspace() for line in content[1:])
    needed, at_least = (0.5, 1) if indent_paragraphs else (0.6, 2)
    if len(runs_on) < at_least or sum(n >= long_enough for n in runs_on) < needed * len(runs_on):
        return text

    paragraphs: list[str] = []
    current = ""
    previous = ""
    for line in lines:
        stripped = line.strip()
        if not stripped:
            if current:
                paragraphs.append(current)
            paragraphs.append("")
            current = previous = ""
            continue
        indented = line[:1].isspace()
        ends_block = not indent_paragraphs and (
            len(previous) < long_enough
            or (previous[-1:] in tuple('.!?:"”') and stripped[:1].isupper())
        )
        # Where indentation marks paragraphs, "- " or "16. " at a line start only continues one.
        bullet = not indent_paragraphs and F.BULLET.match(stripped)
        if current and (indented or ends_block or bullet):
            paragraphs.append(current)
            if indented:
                paragraphs.append("")
            current = ""
        current = f"{current} {stripped}" if current else stripped
        previous = stripped
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)


def _remove_furniture_lines(
    lines: list[str | None], removed: list[str]
) -> tuple[str | None, Date | None]:
    """Drop furniture lines in place (set to None); return a byline's author and date."""
    author: str | None = None
    found_date: Date | None = None
    seen = 0
    for index, line in enumerate(lines):
        if not line:
            continue
        seen += 1
        kind = None
        if seen <= F.HEAD_ZONE_LINES:
            if found_date is None and (dateline := _parse_dateline(line)) is not None:
                found_date = dateline
                kind = "dateline"
            elif author is None and (byline := _parse_byline(line)) is not None:
                author, byline_date = byline
                found_date = found_date or byline_date
                kind = "byline"
            elif found_date is None and (placed := _parse_place_dateline(line)) is not None:
                found_date = placed  # "Bishkek, October 8, 2025": the place stays in the text
        kind = kind or _furniture_kind(line)
        if kind is not None:
            removed.append(f"{kind}: {line}")
            lines[index] = None
    return author, found_date


def _remove_wire_credit(lines: list[str | None], removed: list[str]) -> str | None:
    """Drop the "(Outlet)" credit of a wire dateline near the top; return the outlet.

    The credit is not part of the sentence it starts (and a parser reads it as a party).
    """
    seen = 0
    for index, line in enumerate(lines):
        if not line:
            continue
        seen += 1
        if seen > F.HEAD_ZONE_LINES:
            return None
        match = F.WIRE_CREDIT.match(line)
        if match is not None:
            removed.append(f"wire credit: {match.group('credit').strip()}")
            lines[index] = line[: match.start("credit")] + line[match.end("credit") :]
            return match.group("outlet").strip()
    return None


def _split_byline_outlet(author: str | None, site: str | None) -> tuple[str | None, str | None]:
    """ "Jane Doe, Reuters" is an author and an outlet."""
    if not author or "," not in author:
        return author, site
    name, _, tail = author.rpartition(",")
    tail = tail.strip()
    if not name.strip() or not tail or tail.casefold() in F.NAME_SUFFIXES:
        return author, site
    return name.strip(), site or tail


def _furniture_kind(line: str) -> str | None:
    """What kind of furniture a whole line is, or None for content."""
    if line.strip(F.UI_DECORATION).casefold() in F.UI_LINES:
        return "ui"
    if F.CAPTION_LINE.match(line) or F.CAPTION_PAREN_TAIL.search(line) or F.GETTY_TAIL.search(line):
        return "caption"
    credit = F.CREDIT_TAIL.search(line)
    if credit is not None:
        caption_words = len(line[: credit.start()].split())
        if caption_words == 0 or caption_words >= 3:
            return "caption"
    if len(line) <= F.COOKIE_MAX_LEN and F.COOKIE_LINE.match(line):
        return "cookie notice"
    if len(line) <= F.COPYRIGHT_MAX_LEN and F.COPYRIGHT_LINE.search(line):
        return "copyright"
    return None


def _parse_byline(line: str) -> tuple[str | None, Date | None] | None:
    """``(author, date)`` when ``line`` is a byline such as "By Jane Doe, Reuters"."""
    match = re.match(r"^(?:By|BY)\s+(?P<rest>\S.*)$", line)
    if match is None:
        return None
    rest = match.group("rest")
    words = rest.split()
    first = words[0].strip(",").lower()
    if not first[:1].isalpha() or first in F.BYLINE_STOPWORDS or len(words) > F.BYLINE_MAX_WORDS:
        return None
    if rest[-1] in "?!:;" or (rest[-1] == "." and len(words) > 6):
        return None
    found = find_date(rest)
    found_date = None
    if found is not None:
        found_date, start, end = found
        tail = TIME_AFTER.sub("", rest[end:])
        rest = f"{rest[:start]} {tail}"
    author = rest.strip(" ,;|-–—·•").strip()
    author = re.sub(r"\s*[,|·•–—-]\s*$", "", author)
    return (author or None), found_date


def _parse_dateline(line: str) -> Date | None:
    """The date of a line that is only a date, maybe with "Published" and a time."""
    rest = F.DATELINE_PREFIX.sub("", line, count=1)
    found = find_date(rest)
    if found is None:
        return None
    found_date, start, end = found
    leftover = rest[:start] + TIME_AFTER.sub("", rest[end:])
    return found_date if not leftover.strip(" ,|-–—·•") else None


def _parse_place_dateline(line: str) -> Date | None:
    """The date of a dateline line that names its place first: "Tashkent, May 14, 2025"."""
    match = re.match(r"^[A-Z][\w.' -]{1,40},\s+(?P<rest>.+)$", line.strip())
    if match is None:
        return None
    return _parse_dateline(match.group("rest"))


def _same_words(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


_SITE_SEPARATOR = re.compile(r"^\s*(?:\||-|–|—|::|·)\s+\S")


def _is_title(headline: str, title: str) -> bool:
    """Whether a line is the known title, or the title without a " | Site name" suffix."""
    if _same_words(headline, title):
        return True
    line = " ".join(headline.split()).casefold()
    full = " ".join(title.split()).casefold()
    return full.startswith(line) and bool(_SITE_SEPARATOR.match(full[len(line) :]))


def _first_content(lines: list[str | None], start: int = 0) -> tuple[int, str] | None:
    """The index and text of the first non-empty line from ``start`` on."""
    for index in range(start, len(lines)):
        line = lines[index]
        if line:
            return index, line
    return None


def _last_content(lines: list[str | None]) -> tuple[int, str] | None:
    """The index and text of the last non-empty line."""
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if line:
            return index, line
    return None


def _is_lone_headline(lines: list[str | None], index: int, line: str) -> bool:
    """A short first line that stands alone as a paragraph, before more text, is a headline."""
    if len(line) > F.HEADLINE_MAX_CHARS or len(line.split()) > F.HEADLINE_MAX_WORDS:
        return False
    if line[-1] in F.NOT_HEADLINE_ENDINGS:
        return False
    following = [later for later in lines[index + 1 :] if later is not None]
    return bool(following) and following[0] == "" and any(following)


def _remove_title(lines: list[str | None], title: str | None, removed: list[str]) -> str | None:
    """Drop a known or repeated headline from the top; return the headline found."""
    first = _first_content(lines)
    if first is None:
        return None
    first_index, headline = first
    second = _first_content(lines, first_index + 1)
    repeated = second is not None and _same_words(headline, second[1])
    known = title is not None and _is_title(headline, clean_title(title))
    lone = title is None and _is_lone_headline(lines, first_index, headline)
    if not (known or repeated or lone):
        return None
    removed.append(f"title: {headline}")
    lines[first_index] = None
    if repeated and second is not None:
        removed.append(f"repeated headline: {second[1]}")
        lines[second[0]] = None
    return headline


_UI_WORD = "|".join(re.escape(word) for word in F.GLUED_TAIL_WORDS)
_UI_TAIL = re.compile(rf"(?:\s*(?:{_UI_WORD}))+$")


def _glued_ui_tail(line: str) -> re.Match[str] | None:
    """UI words glued to the end of the last line, when they cannot be the sentence's end.

    Two or more in a row ("... Features Dismiss") always are furniture; a single one only after
    a sentence end ("resources. Share") or stuck to a lower-case letter ("operationDismiss").
    """
    match = _UI_TAIL.search(line)
    if match is None or match.start() == 0:
        return None
    words = re.findall(_UI_WORD, match.group())
    before = line[: match.start()]
    glued = not match.group()[0].isspace()
    if len(words) >= 2 or before[-1] in _SENTENCE_END or (glued and before[-1].islower()):
        return match
    return None


def _remove_tail_furniture(lines: list[str | None], removed: list[str]) -> None:
    """Strip sign-offs and UI words from the end, as lines and glued to the last line."""
    while (last := _last_content(lines)) is not None:
        index, line = last
        kind = _furniture_kind(line)
        if F.SIGN_OFF_LINE.match(line) or F.REPORTING_CREDIT.match(line):
            kind = "sign-off"
        if kind is not None:
            removed.append(f"{kind}: {line}")
            lines[index] = None
            continue
        for glued_kind, match in (
            ("ui", _glued_ui_tail(line)),
            ("sign-off", F.SIGN_OFF_GLUED.search(line)),
        ):
            if match is not None:
                removed.append(f"{glued_kind}: {match.group().strip()}")
                lines[index] = line[: match.start()].rstrip(" ")
                break
        else:
            return
