"""dealscope: international deals from the news, grounded in the text.

The public surface is small: build an :class:`Extractor` once, then call
``extractor.extract(article)``; read articles with :func:`read_articles`.
"""

from dealscope.core.errors import DealscopeError
from dealscope.core.model import Article, Deal, Extraction, Quote
from dealscope.core.options import Options

__version__ = "0.1.0"

__all__ = ["Article", "Deal", "DealscopeError", "Extraction", "Options", "Quote", "__version__"]
