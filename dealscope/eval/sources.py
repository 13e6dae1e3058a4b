"""Read the article a gold annotation points at: a text file, or one record of a JSON Lines corpus.

A gold ``source`` is ``path/to/article.txt`` or ``path/to/corpus.jsonl#<record id>``. Gold quote
spans index the raw text (the file contents, or the record's ``text`` field); the extractor
reads the article cleaned by the ingest layer.
"""

from __future__ import annotations

import json
from datetime import date as Date
from pathlib import Path
from typing import Any

from dealscope.core.errors import GoldFormatError
from dealscope.core.model import Article


def split_source(source: str) -> tuple[str, str | None]:
    """``"a/b.jsonl#id"`` -> ``("a/b.jsonl", "id")``; a plain path -> ``(path, None)``."""
    path, sep, record_id = source.rpartition("#")
    if sep and path.endswith(".jsonl") and record_id:
        return path, record_id
    return source, None


def resolve_source(source: str, base: Path) -> str:
    """The source with its path made absolute, relative paths being taken from ``base``."""
    path, record_id = split_source(source)
    resolved = Path(path).expanduser()
    if not resolved.is_absolute():
        resolved = base / resolved
    resolved = resolved.resolve()
    return f"{resolved}#{record_id}" if record_id is not None else str(resolved)


class SourceReader:
    """Reads gold sources; indexes each JSON Lines file once per reader."""

    def __init__(self) -> None:
        self._corpora: dict[Path, dict[str, dict[str, Any]]] = {}

    def raw_text(self, source: str) -> str:
        """The raw text of a source: the file contents, or the ``text`` of the JSONL record."""
        path, record_id = split_source(source)
        if record_id is None:
            return _read_utf8(Path(path))
        return _record_text(self._record(Path(path), record_id), source)

    def article(self, source: str, article_id: str, published: Date | None = None) -> Article:
        """The source as a cleaned :class:`Article` with id ``article_id``, for the extractor.

        It goes through the ingest layer, as any article does in production, so the extractor
        is scored on the text it would really see.
        """
        from dealscope.ingest import read_text

        path, record_id = split_source(source)
        if record_id is None:
            return read_text(_read_utf8(Path(path)), id=article_id, date=published, source=source)
        record = self._record(Path(path), record_id)
        title = record.get("title")
        return read_text(
            _record_text(record, source),
            id=article_id,
            title=title if isinstance(title, str) else None,
            date=published or _iso_date(record.get("date")),
            source=source,
        )

    def _record(self, path: Path, record_id: str) -> dict[str, Any]:
        if path not in self._corpora:
            self._corpora[path] = _index_jsonl(path)
        record = self._corpora[path].get(record_id)
        if record is None:
            raise GoldFormatError(f"source {path}#{record_id}: no record with id {record_id!r}")
        return record


def _read_utf8(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise GoldFormatError(f"source {path}: file not found") from None
    except UnicodeDecodeError:
        raise GoldFormatError(f"source {path}: not UTF-8 text") from None
    except OSError as exc:
        raise GoldFormatError(f"source {path}: {exc.strerror or exc}") from None


def _index_jsonl(path: Path) -> dict[str, dict[str, Any]]:
    records: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(_read_utf8(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            raise GoldFormatError(f"source {path}: line {number}: invalid JSON") from None
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            records.setdefault(record["id"], record)
    return records


def _record_text(record: dict[str, Any], source: str) -> str:
    text = record.get("text")
    if not isinstance(text, str):
        raise GoldFormatError(f"source {source}: the record has no text field")
    return text


def _iso_date(value: Any) -> Date | None:
    if not isinstance(value, str):
        return None
    try:
        return Date.fromisoformat(value)
    except ValueError:
        return None
