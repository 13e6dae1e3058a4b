"""From bytes to text: size cap, emptiness, binary sniffing and decoding.

dealscope reads UTF-8. A UTF-8 byte-order mark is accepted; an HTML page (or an HTTP response)
may declare another charset, which is tried when the bytes are not UTF-8; plain text gets one
narrow fallback to Windows-1252 (see :func:`decode`). Everything else is an
:class:`EncodingError` that says where the first bad byte is.
"""

from __future__ import annotations

import codecs
import re
from typing import BinaryIO

from dealscope.core.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    TooLargeError,
)

# A text with more than this share of control bytes (other than tab, newline, carriage
# return, form feed) is binary: real text has next to none.
CONTROL_SHARE = 0.05
# The Windows-1252 fallback is only taken when at most this share of the bytes is non-ASCII.
FALLBACK_MAX_NON_ASCII = 0.02
SNIFF_BYTES = 8192

_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D} | {0x7F}
_UTF16_32_BOMS = (
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)


def human_size(size: int) -> str:
    """``20000000`` as ``"20.0 MB"``."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.1f} kB"
    return f"{size} bytes"


def too_large(item: str, limit: int, size: int | None = None) -> TooLargeError:
    """The error for ``item`` over ``limit`` bytes (``size`` when known)."""
    how_big = f"is {human_size(size)}, over" if size is not None else "is over"
    return TooLargeError(f"{item} {how_big} the {human_size(limit)} limit (max_bytes)")


def read_capped(stream: BinaryIO, limit: int, item: str) -> bytes:
    """Read at most ``limit`` bytes; more is a :class:`TooLargeError` without reading on."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise too_large(item, limit)
    return data


def check_bytes(data: bytes, item: str) -> None:
    """Refuse empty, whitespace-only, UTF-16/32 and binary content."""
    if not data:
        raise EmptyInputError(f"{item} is empty")
    if not data.removeprefix(codecs.BOM_UTF8).strip():
        raise EmptyInputError(f"{item} contains only whitespace")
    if data.startswith(_UTF16_32_BOMS):
        raise EncodingError(f"{item} is UTF-16 or UTF-32 encoded; dealscope reads UTF-8")
    sample = data[:SNIFF_BYTES]
    if b"\x00" in sample:
        raise BinaryInputError(f"{item} looks binary (it contains NUL bytes)")
    controls = sum(byte in _CONTROL_BYTES for byte in sample)
    if controls > CONTROL_SHARE * len(sample):
        raise BinaryInputError(
            f"{item} looks binary ({controls} control bytes in the first {len(sample)})"
        )


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag near its start, if any."""
    match = _META_CHARSET.search(data[:SNIFF_BYTES])
    return match.group(1).decode("ascii").lower() if match else None


def decode(data: bytes, item: str, *, html: bool = False, charset: str | None = None) -> str:
    """Decode checked bytes as UTF-8, or as a declared charset, or fail with EncodingError.

    ``charset`` is one declared outside the bytes (an HTTP header); an HTML page's own
    ``<meta charset>`` is looked up here. UTF-8 is tried first even when a charset is declared:
    bytes that are valid UTF-8 and not ASCII almost never come from another encoding, and
    pages often declare a wrong charset.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error
    declared = charset or (declared_charset(data) if html else None)
    if declared is not None and _is_known_codec(declared) and not _is_utf8(declared):
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            raise EncodingError(
                f"{item} is neither UTF-8 nor the {declared} it declares ({_where(utf8_error)})"
            ) from None
    if not html and declared is None:
        # Windows-1252 fallback for plain text only. A file that is not UTF-8 but is almost
        # all ASCII, with a few high bytes, is in practice a legacy Windows/Latin-1 file (curly
        # quotes, "£", "é" typed in an old editor): decoding it as Windows-1252 gets those few
        # characters right. With many non-ASCII bytes the file could be in any legacy code page
        # (Cyrillic, Greek, Central European ...), where a guess would silently produce garbage,
        # so that is an error instead. The decode must also be clean: Windows-1252 leaves five
        # bytes undefined.
        non_ascii = sum(byte >= 0x80 for byte in data)
        if non_ascii <= FALLBACK_MAX_NON_ASCII * len(data):
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                pass
    raise EncodingError(
        f"{item} is not valid UTF-8 ({_where(utf8_error)}); convert it first, e.g. "
        "iconv -f latin1 -t utf-8"
    )


def _where(error: UnicodeDecodeError) -> str:
    bad = error.object[error.start : error.start + 1]
    return f"byte 0x{bad.hex()} at offset {error.start}"


def _is_known_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _is_utf8(name: str) -> bool:
    return codecs.lookup(name).name in {"utf-8", "utf-8-sig"}
