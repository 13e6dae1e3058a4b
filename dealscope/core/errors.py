"""One exception root for everything dealscope raises on purpose.

Every error has a short code (``E###``) so tests and callers can match on it, and a message
that reads as one line: the CLI prints ``error: <message>`` and never a traceback.
"""

from __future__ import annotations


class DealscopeError(Exception):
    """Root of every error dealscope raises on purpose."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(DealscopeError):
    """The input could not be read as an article (empty, binary, badly encoded, too big)."""

    code = "E100"


class EmptyInputError(InputError):
    code = "E101"


class BinaryInputError(InputError):
    code = "E102"


class EncodingError(InputError):
    code = "E103"


class TooLargeError(InputError):
    code = "E104"


class NoArticleError(InputError):
    """HTML or a record held no article text."""

    code = "E105"


class CorpusFormatError(InputError):
    """A JSON Lines record is malformed or lacks a field."""

    code = "E106"


class FeedError(InputError):
    """An RSS or Atom feed could not be parsed at all (malformed, or not a feed)."""

    code = "E107"


class FetchError(DealscopeError):
    """A URL could not be fetched (unreachable, timeout, wrong content type, too big)."""

    code = "E200"


class GoldFormatError(DealscopeError):
    """A gold or prediction file does not follow the gold format."""

    code = "E300"


class ModelNotFoundError(DealscopeError):
    """The packaged spaCy pipeline is not installed."""

    code = "E400"


class StoreError(DealscopeError):
    """The deal database could not be opened, migrated or written."""

    code = "E500"


class DatabaseURLError(StoreError):
    """The database URL is malformed or names a driver dealscope does not support."""

    code = "E501"


class NotFoundError(StoreError):
    """A deal, article or party asked for by id does not exist."""

    code = "E502"


class CorrectionError(StoreError):
    """A manual correction (merge, split, edit) cannot be applied as asked."""

    code = "E503"
