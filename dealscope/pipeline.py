"""From a cleaned article to an :class:`Extraction`: the one entry point the front ends use."""

from __future__ import annotations

from dealscope.core.model import Article, Extraction
from dealscope.core.options import Options


class Extractor:
    """Holds the loaded spaCy pipeline; build once, call :meth:`extract` per article."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()

    def extract(self, article: Article) -> Extraction:
        return Extraction(article=article)
