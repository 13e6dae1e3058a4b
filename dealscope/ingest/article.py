"""From extracted text and metadata to an :class:`Article`: the one place Articles are made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date

from dealscope.core.errors import BinaryInputError, DealscopeError, EmptyInputError, NoArticleError
from dealscope.core.model import Article
from dealscope.ingest.clean import clean_text, clean_title
from dealscope.ingest.decode import CONTROL_SHARE
from dealscope.ingest.language import detect_language


@dataclass(frozen=True)
class Skipped:
    """A bad item in a batch: reported, and the batch goes on.

    ``item`` names it: a path, a URL, ``"file.jsonl#id"`` or ``"file.jsonl:line 7"``.
    """

    item: str
    error: DealscopeError


def check_text(text: str, item: str) -> None:
    """Refuse an empty, whitespace-only or binary-looking string."""
    if not text:
        raise EmptyInputError(f"{item} is empty")
    if not text.strip():
        raise EmptyInputError(f"{item} contains only whitespace")
    if "\x00" in text:
        raise BinaryInputError(f"{item} looks binary (it contains NUL characters)")
    sample = text[:8192]
    controls = sum(ord(char) < 0x20 and char not in "\t\n\r\f" for char in sample)
    if controls > CONTROL_SHARE * len(sample):
        raise BinaryInputError(f"{item} looks binary ({controls} control characters)")


def build_article(
    raw: str,
    *,
    id: str,
    item: str,
    title: str | None = None,
    author: str | None = None,
    date: Date | None = None,
    site: str | None = None,
    url: str | None = None,
    source: str | None = None,
) -> Article:
    """Clean ``raw`` and wrap it with its metadata; what the caller knows wins over the text.

    A title, author or date given by the caller (a record, a page's metadata) is kept; the
    text's own headline, byline and dateline fill in what is missing.
    """
    check_text(raw, item)
    known_title = clean_title(title) if title else None
    cleaned = clean_text(raw, title=known_title)
    if not cleaned.text:
        raise NoArticleError(f"{item} has no article text left once page furniture is removed")
    return Article(
        id=id,
        text=cleaned.text,
        title=known_title or cleaned.title,
        author=author or cleaned.author,
        date=date or cleaned.date,
        site=site or cleaned.site,
        url=url,
        source=source,
        language=detect_language(cleaned.text),
    )
