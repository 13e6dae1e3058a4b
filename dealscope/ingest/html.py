"""HTML pages through trafilatura: the main text and the page's metadata, nothing else."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date

import trafilatura
from trafilatura.settings import Document

from dealscope.core.errors import NoArticleError
from dealscope.ingest.dates import parse_iso_date

# A page whose extracted text has no line of at least this many words holds no article: what
# trafilatura returns then is a menu or a list of links ("Home", "About").
MIN_PROSE_WORDS = 6

_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_TAGS = re.compile(r"<(?:html|head|body|div|p|article|meta|title)\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class Extracted:
    """What a page yields: its main text (blocks separated by blank lines) and metadata."""

    text: str
    title: str | None
    author: str | None
    date: Date | None
    site: str | None
    url: str | None


def looks_like_html(text: str) -> bool:
    """Whether a text is an HTML page rather than prose (sniffed from its start)."""
    head = text[:2048].removeprefix("\ufeff")
    if _HTML_START.match(head):
        return True
    return head.lstrip().startswith("<") and len(_HTML_TAGS.findall(head)) >= 2


def extract_html(html: str, item: str, *, url: str | None = None) -> Extracted:
    """The main text and metadata of an HTML page; :class:`NoArticleError` when it has none."""
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
    )
    if not isinstance(document, Document) or not document.text:
        raise NoArticleError(f"{item} has no article text that could be extracted")
    # trafilatura writes one block (paragraph, heading, list item) per line.
    blocks = [line.strip() for line in document.text.split("\n")]
    if not any(len(block.split()) >= MIN_PROSE_WORDS for block in blocks):
        raise NoArticleError(f"{item} has no article text, only short lines such as menus")
    return Extracted(
        text="\n\n".join(block for block in blocks if block),
        title=_text_or_none(document.title),
        author=_text_or_none(document.author),
        date=_date_or_none(document.date),
        site=_text_or_none(document.sitename),
        url=_text_or_none(document.url),
    )


def _text_or_none(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def _date_or_none(value: object) -> Date | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_iso_date(value)
    except ValueError:
        return None
