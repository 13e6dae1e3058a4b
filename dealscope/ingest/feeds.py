"""RSS and Atom feeds: every entry becomes an Article, from its own text or from its page.

Why feedparser: it reads RSS 0.9x/1.0/2.0 and Atom alike, survives the broken XML real feeds
ship, turns the dozen date formats seen in feeds into one UTC ``struct_time`` and sanitises
entry HTML. It is only ever given bytes (never a string, which it would open or fetch itself),
so the size cap, timeout and user agent of :mod:`dealscope.ingest.fetch` govern all network
access.

Why a length rule: many feeds carry only a teaser. An entry whose cleaned text has at least
:data:`FULL_TEXT_CHARS` characters is read from the feed; a shorter one is read from its link,
exactly as that URL would be read on its own. A feed that cannot be parsed at all raises
(:class:`FeedError`); a bad entry is yielded as :class:`Skipped` and reading goes on.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date as Date
from typing import Any
from xml.sax import SAXParseException

import feedparser

from dealscope.core.errors import (
    DealscopeError,
    EmptyInputError,
    FeedError,
    FetchError,
    NoArticleError,
)
from dealscope.core.model import Article
from dealscope.core.options import Options
from dealscope.ingest.article import Skipped, build_article
from dealscope.ingest.clean import clean_title
from dealscope.ingest.decode import check_bytes
from dealscope.ingest.fetch import Fetched, fetch, is_url
from dealscope.ingest.html import extract_html

# An entry with at least this much cleaned text is a whole article, not a teaser.
FULL_TEXT_CHARS = 600
FEED_SUFFIXES = frozenset({".rss", ".atom"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
XML_TYPES = frozenset({"application/xml", "text/xml"})
HTML_TYPES = frozenset({"html", "text/html", "application/xhtml+xml", "xhtml"})
SOURCE_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8"
)

# The root element of a feed, after an optional BOM, XML declaration, comments, processing
# instructions and doctype: <rss>, <feed> (Atom) or <rdf:RDF> (RSS 1.0).
_FEED_START = re.compile(
    r"^\s*(?:(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)\s*)*"
    r"<(?:[\w.-]+:)?(?:rss|feed|RDF)\b",
    re.S,
)

PageReader = Callable[[str], Article]


@dataclass(frozen=True)
class FeedDocument:
    """A feed's bytes; ``url`` (the base of relative links) and ``content_type`` if fetched."""

    body: bytes
    url: str | None = None
    content_type: str | None = None


def looks_like_feed(data: bytes) -> bool:
    """Whether bytes are an RSS or Atom document, judged by the root element, not a name."""
    head = data[:4096].decode("utf-8", errors="replace").removeprefix("\ufeff")
    return _FEED_START.match(head) is not None


def fetch_source(url: str, options: Options) -> Fetched | FeedDocument:
    """GET a source URL that may be a page or a feed, which only the response tells.

    Entry links are fetched as pages only; a source URL is asked for once with feed types
    accepted too, and the body is sniffed, since feeds are often served as text/html or
    text/plain. Limits, errors and messages are those of :func:`~dealscope.ingest.fetch.fetch`.
    """
    fetched = fetch(
        url,
        options,
        extra_types=FEED_TYPES | XML_TYPES,
        accept=SOURCE_ACCEPT,
        what="an HTML page, plain text or a feed",
    )
    xml = fetched.media_type in FEED_TYPES or fetched.media_type in XML_TYPES
    if fetched.media_type in FEED_TYPES or looks_like_feed(fetched.body):
        content_type = fetched.content_type if xml else None
        return FeedDocument(body=fetched.body, url=fetched.url, content_type=content_type)
    if xml:
        raise FetchError(f"{url} is {fetched.media_type} but not an RSS or Atom feed")
    return fetched


def read_feed(
    feed: FeedDocument, *, item: str, read_page: PageReader
) -> Iterator[Article | Skipped]:
    """The entries of a feed, in feed order, as Articles or Skipped.

    The feed is parsed before this returns, so a feed that is unreadable as a whole raises
    here, like any other single source. ``read_page`` reads an entry's link; the caller passes
    its URL reader so that a linked page is read as if it were given on its own.
    """
    check_bytes(feed.body, item)
    headers = {"content-location": feed.url or "", "content-type": feed.content_type or ""}
    parsed = feedparser.parse(
        io.BytesIO(feed.body),
        response_headers={name: value for name, value in headers.items() if value},
    )
    if not parsed.entries:
        if parsed.bozo or not parsed.version:
            reason = _why(parsed.get("bozo_exception")) or "no RSS or Atom root element"
            raise FeedError(f"{item} is not a readable RSS or Atom feed: {reason}")
        raise EmptyInputError(f"{item} is a feed with no entries")
    site = _text(parsed.feed.get("title"))
    return _entries(parsed.entries, site=site, item=item, read_page=read_page)


def _entries(
    entries: list[Any], *, site: str | None, item: str, read_page: PageReader
) -> Iterator[Article | Skipped]:
    for number, entry in enumerate(entries, start=1):
        # feedparser copies an RSS guid or Atom id into ``link`` when there is none, so a
        # "link" such as "urn:uuid:..." is an id and nothing to fetch.
        link = _text(entry.get("link"))
        link = link if link and is_url(link) else None
        id = link or _text(entry.get("id")) or f"{item}#entry {number}"
        try:
            yield _entry_article(entry, id, link, site=site, source=item, read_page=read_page)
        except DealscopeError as error:
            yield Skipped(id, error)


def _entry_article(
    entry: Any, id: str, link: str | None, *, site: str | None, source: str, read_page: PageReader
) -> Article:
    """From the entry's own text when it is long enough, otherwise from its link."""
    title = _text(entry.get("title"))
    meta: dict[str, Any] = {
        "title": clean_title(title) if title else None,
        "author": _text(entry.get("author")),
        "date": _date(entry.get("published_parsed") or entry.get("updated_parsed")),
        "site": site,
        "url": link,
        "source": source,
    }
    text = _entry_text(entry, id)
    article = None
    if text is not None:
        try:
            article = build_article(text, id=id, item=id, **meta)
        except DealscopeError:  # nothing left once cleaned: the link may still hold it
            article = None
        if article is not None and len(article.text) >= FULL_TEXT_CHARS:
            return article
    if link is None:
        held = f"only {len(article.text)} characters" if article is not None else "no text"
        raise NoArticleError(f"{id} has {held} in the feed and no link to the full article")
    page = read_page(link)
    # The feed's metadata is structured and wins; the page fills in what the feed left out.
    # The page's own url is kept: it is where a redirecting link (feed proxies) really leads.
    known = {key: value for key, value in meta.items() if value is not None and key != "url"}
    return Article.model_validate({**page.model_dump(), **known, "id": id})


def _entry_text(entry: Any, name: str) -> str | None:
    """The longest text the entry carries (full content or summary), HTML cleaned away."""
    candidates = [*entry.get("content", []), entry.get("summary_detail")]
    texts = [c for c in candidates if c and isinstance(c.get("value"), str) and c["value"].strip()]
    if not texts:
        return None
    best = max(texts, key=lambda c: len(c["value"]))
    if str(best.get("type", "")).lower() not in HTML_TYPES:
        return str(best["value"])
    try:
        return extract_html(best["value"], name).text
    except DealscopeError:  # a teaser too short for the extractor: the link will be read
        return None


def _date(parsed: object) -> Date | None:
    """A date from feedparser's UTC ``struct_time``, None when absent or impossible."""
    if not isinstance(parsed, time.struct_time):
        return None
    try:
        return Date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    except ValueError:
        return None


def _text(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def _why(error: object) -> str:
    """One line on why parsing failed: "unclosed token at line 7, column 4"."""
    if isinstance(error, SAXParseException):
        where = f"line {error.getLineNumber()}, column {error.getColumnNumber()}"
        return f"{error.getMessage()} at {where}"
    return str(error).strip().splitlines()[0] if error and str(error).strip() else ""
