"""Fetching one URL with httpx: bounded in time, size and redirects.

HTML and plain text are accepted; a caller that can read more (feeds) names the extra media
types, and the body comes back with its media type for the caller to decide.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Literal

import httpx

from dealscope.core.errors import FetchError
from dealscope.core.options import Options
from dealscope.ingest.decode import human_size, too_large

MAX_REDIRECTS = 5
CHUNK_BYTES = 64 * 1024

Kind = Literal["html", "text"]
ACCEPTED_TYPES: dict[str, Kind] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
}

_ERRNO_PREFIX = re.compile(r"^\[Errno -?\d+\]\s*")


@dataclass(frozen=True)
class Fetched:
    """A fetched body with where it finally came from and how to read it.

    ``kind`` is None when the server sent no content type; the caller sniffs the body then.
    """

    url: str
    body: bytes
    kind: Kind | None
    charset: str | None
    media_type: str = ""
    content_type: str = ""


def is_url(source: str) -> bool:
    return source[:8].lower().startswith(("http://", "https://"))


def fetch(
    url: str,
    options: Options,
    extra_types: frozenset[str] = frozenset(),
    accept: str = "text/html,application/xhtml+xml,text/plain;q=0.9",
    what: str = "an HTML page or plain text",
) -> Fetched:
    """GET ``url``: :class:`FetchError` when unreachable, slow, refused or of another type.

    ``options.fetch_timeout`` bounds each network wait and the whole download; the body is
    streamed and abandoned as soon as it passes ``options.max_bytes`` (TooLargeError).
    ``extra_types`` are media types accepted besides HTML and text (``what`` names them all
    in the refusal message).
    """
    timeout = options.fetch_timeout
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": options.user_agent, "Accept": accept}
    try:
        with (
            httpx.Client(
                headers=headers,
                timeout=timeout,
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.is_error:
                raise FetchError(
                    f"could not fetch {url}: HTTP {response.status_code} {response.reason_phrase}"
                )
            header = response.headers.get("content-type", "")
            media_type, charset = _content_type(header)
            kind = ACCEPTED_TYPES.get(media_type)
            if media_type and kind is None and media_type not in extra_types:
                raise FetchError(f"{url} is {media_type}, not {what}")
            _check_declared_length(response, url, options.max_bytes)
            body = _read_body(response, url, options.max_bytes, deadline, timeout)
            return Fetched(str(response.url), body, kind, charset, media_type, header)
    except httpx.TimeoutException:
        raise FetchError(f"could not reach {url}: timed out after {timeout:g} s") from None
    except httpx.TooManyRedirects:
        raise FetchError(f"could not fetch {url}: more than {MAX_REDIRECTS} redirects") from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
        raise FetchError(f"invalid URL {url}: {_reason(error)}") from None
    except httpx.HTTPError as error:
        raise FetchError(f"could not reach {url}: {_reason(error)}") from None


def _content_type(header: str) -> tuple[str, str | None]:
    """``"text/html; charset=ISO-8859-1"`` as ``("text/html", "iso-8859-1")``."""
    media_type, _, parameters = header.partition(";")
    charset = None
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip(" \"'"):
            charset = value.strip(" \"'").lower()
    return media_type.strip().lower(), charset


def _check_declared_length(response: httpx.Response, url: str, limit: int) -> None:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(url, limit, int(declared))


def _read_body(
    response: httpx.Response, url: str, limit: int, deadline: float, timeout: float
) -> bytes:
    """The body, streamed; stops at ``limit`` bytes or when the total time runs out."""
    chunks: list[bytes] = []
    received = 0
    for chunk in response.iter_bytes(CHUNK_BYTES):
        received += len(chunk)
        if received > limit:
            raise too_large(url, limit)
        if time.monotonic() > deadline:
            raise FetchError(
                f"could not fetch {url}: timed out after {timeout:g} s"
                f" ({human_size(received)} received)"
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _reason(error: Exception) -> str:
    """A short lower-case reason: "connection refused" for "[Errno 111] Connection refused"."""
    reason = _ERRNO_PREFIX.sub("", str(error).strip().splitlines()[0] if str(error).strip() else "")
    if not reason:
        return type(error).__name__
    return reason[0].lower() + reason[1:]
