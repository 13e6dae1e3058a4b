"""Ingestion: from files, corpora, URLs, RSS/Atom feeds and standard input to cleaned
:class:`Article` objects.

The cleaned ``Article.text`` is the reference for every character offset dealscope reports;
cleaning happens once, here (see :mod:`dealscope.ingest.clean`).

Public API::

    read_articles(source, options) -> Iterator[Article | Skipped]
    read_text(text, *, id, title, date, source, options) -> Article
    clean_text(raw) -> Cleaned

This package imports only :mod:`dealscope.core`, the standard library, trafilatura, httpx
and feedparser.
"""

from dealscope.ingest.article import Skipped
from dealscope.ingest.clean import Cleaned, clean_text
from dealscope.ingest.language import detect_language
from dealscope.ingest.sources import read_articles, read_text

__all__ = ["Cleaned", "Skipped", "clean_text", "detect_language", "read_articles", "read_text"]
