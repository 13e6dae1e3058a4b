"""Where articles come from: a file, a directory, a JSON Lines corpus, a URL, an RSS or Atom
feed (a file or a URL, told by its content), standard input.

:func:`read_articles` resolves the source when it is called: a single source that cannot be
read at all raises there, with a one-line message naming it. In a directory, a corpus or a
feed a bad file, record or entry is yielded as :class:`Skipped` and reading goes on.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import date as Date
from pathlib import Path

from dealscope.core.errors import DealscopeError, EmptyInputError, FetchError, InputError
from dealscope.core.model import Article
from dealscope.core.options import Options
from dealscope.ingest.article import Skipped, build_article
from dealscope.ingest.corpus import read_corpus
from dealscope.ingest.decode import check_bytes, decode, read_capped, too_large
from dealscope.ingest.feeds import (
    FEED_SUFFIXES,
    FeedDocument,
    fetch_source,
    looks_like_feed,
    read_feed,
)
from dealscope.ingest.fetch import Fetched, fetch, is_url
from dealscope.ingest.html import extract_html, looks_like_html

STDIN = "-"
CORPUS_SUFFIXES = frozenset({".jsonl"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
DIRECTORY_SUFFIXES = frozenset({".txt", ".md"}) | HTML_SUFFIXES | CORPUS_SUFFIXES


def read_articles(source: str, options: Options | None = None) -> Iterator[Article | Skipped]:
    """Articles from ``source``: a path (text, HTML, ``.jsonl`` corpus, RSS/Atom feed,
    directory), an http(s) URL (a page or a feed), or ``"-"`` for standard input.

    Ids are the file stem for files (in a directory, the path below it when two files share a
    stem), the record id for corpus records, the URL for URLs, the entry link (or entry id) for
    feed entries, "stdin" for ``-``.
    """
    options = options or Options()
    if source == STDIN:
        return iter([read_stdin(options)])
    if is_url(source):
        return _read_url_source(source, options)
    path = Path(source)
    if path.is_dir():
        return read_directory(path, options)
    if not path.exists():
        if "://" in source:
            scheme = source.split("://", 1)[0]
            raise FetchError(
                f"cannot fetch {source}: only http and https URLs are supported, not {scheme}"
            )
        raise InputError(f"{source} does not exist")
    if path.suffix.lower() in CORPUS_SUFFIXES:
        return read_corpus(path, options, item=source)
    data = _read_bytes(path, options, source)
    if path.suffix.lower() in FEED_SUFFIXES or looks_like_feed(data):
        return _read_feed(FeedDocument(data), options, item=source)
    html_hint = path.suffix.lower() in HTML_SUFFIXES
    article = _article_from_bytes(
        data, options, id=path.stem, item=source, html_hint=html_hint, source=source
    )
    return iter([article])


def read_text(
    text: str,
    *,
    id: str = "text",
    title: str | None = None,
    date: Date | None = None,
    source: str | None = None,
    options: Options | None = None,
) -> Article:
    """Clean a raw string into an Article (HTML is not sniffed: the string is taken as text)."""
    options = options or Options()
    if len(text) > options.max_bytes:  # every character is at least one byte
        raise too_large(id, options.max_bytes)
    if 4 * len(text) > options.max_bytes:  # only then can the UTF-8 size exceed the limit
        size = len(text.encode("utf-8", errors="surrogatepass"))
        if size > options.max_bytes:
            raise too_large(id, options.max_bytes, size)
    return build_article(text, id=id, item=id, title=title, date=date, source=source)


def read_file(path: Path, options: Options, *, id: str, item: str) -> Article:
    """One text or HTML file. The size is checked before anything is read."""
    data = _read_bytes(path, options, item)
    html_hint = path.suffix.lower() in HTML_SUFFIXES
    return _article_from_bytes(data, options, id=id, item=item, html_hint=html_hint, source=item)


def _read_bytes(path: Path, options: Options, item: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            raise too_large(item, options.max_bytes, size)
        with path.open("rb") as stream:
            data = read_capped(stream, options.max_bytes, item)
    except FileNotFoundError:
        raise InputError(f"{item} does not exist") from None
    except OSError as error:
        raise InputError(f"could not read {item}: {error.strerror or error}") from None
    return data


def read_stdin(options: Options) -> Article:
    """Standard input, as text or HTML (sniffed), capped at ``options.max_bytes``."""
    item = "stdin"
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        data = read_capped(buffer, options.max_bytes, item)
    else:  # a text stream without bytes underneath (as in some embedding hosts)
        text = sys.stdin.read(options.max_bytes + 1)
        if len(text) > options.max_bytes:
            raise too_large(item, options.max_bytes)
        data = text.encode("utf-8", errors="surrogateescape")
    return _article_from_bytes(data, options, id=item, item=item, html_hint=False, source=item)


def read_url(url: str, options: Options) -> Article:
    """One web page or plain-text URL (a feed entry's link is read with this too)."""
    return _article_from_fetched(fetch(url, options), url)


def _read_url_source(url: str, options: Options) -> Iterator[Article | Skipped]:
    """A URL given as a source: a page, or a feed whose entries are read one by one."""
    fetched = fetch_source(url, options)
    if isinstance(fetched, FeedDocument):
        return _read_feed(fetched, options, item=url)
    return iter([_article_from_fetched(fetched, url)])


def _read_feed(feed: FeedDocument, options: Options, *, item: str) -> Iterator[Article | Skipped]:
    return read_feed(feed, item=item, read_page=lambda link: read_url(link, options))


def _article_from_fetched(fetched: Fetched, url: str) -> Article:
    check_bytes(fetched.body, url)
    html = fetched.kind == "html"
    if fetched.kind is None:
        html = looks_like_html(fetched.body[:4096].decode("utf-8", errors="replace"))
    text = decode(fetched.body, url, html=html, charset=fetched.charset)
    if html:
        return _article_from_html(text, id=url, item=url, url=fetched.url, source=url)
    return build_article(text, id=url, item=url, url=fetched.url, source=url)


def read_directory(directory: Path, options: Options) -> Iterator[Article | Skipped]:
    """Every readable file below ``directory`` (sorted, recursive, hidden ones left out); a
    file of another kind is reported as skipped, not silently passed over."""
    files, others = _directory_files(directory)
    if not files:
        suffixes = ", ".join(sorted(DIRECTORY_SUFFIXES))
        raise EmptyInputError(f"{directory} has no files to read ({suffixes})")
    return _read_files(directory, files, others, options)


def _read_files(
    directory: Path, files: list[Path], others: list[Path], options: Options
) -> Iterator[Article | Skipped]:
    suffixes = ", ".join(sorted(DIRECTORY_SUFFIXES))
    for path in others:
        yield Skipped(str(path), InputError(f"{path} is not a kind of file read here ({suffixes})"))
    ids = _file_ids(directory, files)
    for path in files:
        item = str(path)
        try:
            if path.suffix.lower() in CORPUS_SUFFIXES:
                yield from read_corpus(path, options, item=item)
            else:
                yield read_file(path, options, id=ids[path], item=item)
        except DealscopeError as error:
            yield Skipped(item, error)


def _directory_files(directory: Path) -> tuple[list[Path], list[Path]]:
    """The files to read below ``directory`` and the other (non-hidden) files, each sorted."""
    found: list[Path] = []
    others: list[Path] = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in names:
            path = Path(root, name)
            if name.startswith("."):
                continue
            (found if path.suffix.lower() in DIRECTORY_SUFFIXES else others).append(path)

    def order(path: Path) -> str:
        return path.relative_to(directory).as_posix()

    return sorted(found, key=order), sorted(others, key=order)


def _file_ids(directory: Path, files: list[Path]) -> dict[Path, str]:
    """The file stem; the path below ``directory`` when stems clash (with its suffix if needed)."""
    stems = Counter(path.stem for path in files)
    relative = {path: path.relative_to(directory) for path in files}
    without_suffix = Counter(rel.with_suffix("").as_posix() for rel in relative.values())
    ids: dict[Path, str] = {}
    for path, rel in relative.items():
        if stems[path.stem] == 1:
            ids[path] = path.stem
        elif without_suffix[rel.with_suffix("").as_posix()] == 1:
            ids[path] = rel.with_suffix("").as_posix()
        else:
            ids[path] = rel.as_posix()
    return ids


def _article_from_bytes(
    data: bytes, options: Options, *, id: str, item: str, html_hint: bool, source: str
) -> Article:
    check_bytes(data, item)
    html = html_hint or looks_like_html(data[:4096].decode("utf-8", errors="replace"))
    text = decode(data, item, html=html)
    if html:
        return _article_from_html(text, id=id, item=item, url=None, source=source)
    return build_article(text, id=id, item=item, source=source)


def _article_from_html(text: str, *, id: str, item: str, url: str | None, source: str) -> Article:
    page = extract_html(text, item, url=url)
    return build_article(
        page.text,
        id=id,
        item=item,
        title=page.title,
        author=page.author,
        date=page.date,
        site=page.site,
        url=url or page.url,
        source=source,
    )
