"""JSON Lines corpora: one article per line, ``{"id", "title", "text", "date"?}``.

A bad record is yielded as :class:`Skipped` and reading goes on. ``options.max_bytes`` caps
each record (line), not the corpus, which may be far larger than one article.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from dealscope.core.errors import (
    CorpusFormatError,
    DealscopeError,
    EmptyInputError,
    EncodingError,
    InputError,
)
from dealscope.core.model import Article
from dealscope.core.options import Options
from dealscope.ingest.article import Skipped, build_article
from dealscope.ingest.dates import parse_iso_date
from dealscope.ingest.decode import check_bytes, too_large


def open_corpus(path: Path, item: str) -> BinaryIO:
    """Open a corpus after checking that its start is text; the caller closes it."""
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        raise InputError(f"{item} does not exist") from None
    except OSError as error:
        raise InputError(f"could not read {item}: {error.strerror or error}") from None
    try:
        head = stream.read(8192)
        check_bytes(head, item)
        stream.seek(0)
    except DealscopeError:
        stream.close()
        raise
    return stream


def read_corpus(
    path: Path, options: Options, *, item: str | None = None
) -> Iterator[Article | Skipped]:
    """Every record of the corpus at ``path`` as an Article, or Skipped when it is bad.

    Raises for the corpus as a whole (missing, empty, binary) before the first record.
    """
    name = item or str(path)
    stream = open_corpus(path, name)
    return _records(stream, name, options)


def _records(stream: BinaryIO, name: str, options: Options) -> Iterator[Article | Skipped]:
    with stream:
        number = 0
        found = False
        while True:
            line = stream.readline(options.max_bytes + 1)
            if not line:
                break
            number += 1
            where = f"{name}:line {number}"
            if len(line) > options.max_bytes and not line.endswith(b"\n"):
                _skip_rest_of_line(stream)
                yield Skipped(where, too_large(where, options.max_bytes))
                continue
            if number == 1:
                line = line.removeprefix(codecs.BOM_UTF8)
            if not line.strip():
                continue
            found = True
            yield _record(line, name, where)
        if not found:
            yield Skipped(name, EmptyInputError(f"{name} holds no records"))


def _skip_rest_of_line(stream: BinaryIO) -> None:
    while True:
        chunk = stream.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return


def _record(line: bytes, name: str, where: str) -> Article | Skipped:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        return Skipped(where, EncodingError(f"{where} is not valid UTF-8 (offset {error.start})"))
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        detail = f"{error.msg} (column {error.colno})"
        return Skipped(where, CorpusFormatError(f"{where} is not valid JSON: {detail}"))
    if not isinstance(record, dict):
        return Skipped(where, CorpusFormatError(f"{where} is not a JSON object"))
    try:
        return article_from_record(record, name, where)
    except DealscopeError as error:
        record_id = record.get("id")
        label = f"{name}#{record_id}" if isinstance(record_id, str | int) else where
        return Skipped(label, error)


def article_from_record(record: dict[str, Any], name: str, where: str) -> Article:
    """The Article of one record; :class:`CorpusFormatError` when a field is missing or wrong."""
    record_id = record.get("id")
    if isinstance(record_id, bool) or not isinstance(record_id, str | int) or record_id == "":
        raise CorpusFormatError(f"{where}: record has no id")
    label = f"{name}#{record_id}"
    text = record.get("text")
    if not isinstance(text, str):
        reason = "has no text" if text is None else "has a text that is not a string"
        raise CorpusFormatError(f"{label}: record {reason}")
    title = record.get("title")
    if title is not None and not isinstance(title, str):
        raise CorpusFormatError(f"{label}: title is not a string")
    raw_date = record.get("date")
    date = None
    if raw_date not in (None, ""):
        if not isinstance(raw_date, str):
            raise CorpusFormatError(f"{label}: date is not an ISO date string")
        try:
            date = parse_iso_date(raw_date)
        except ValueError:
            raise CorpusFormatError(f"{label}: date {raw_date!r} is not an ISO date") from None
    return build_article(text, id=str(record_id), item=label, title=title, date=date, source=name)
