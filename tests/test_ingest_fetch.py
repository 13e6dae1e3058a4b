"""Reading URLs against a real HTTP server on 127.0.0.1 (http.server in a thread, port 0)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dealscope.core.errors import FetchError, NoArticleError, TooLargeError
from dealscope.core.model import Article
from dealscope.core.options import Options
from dealscope.ingest import read_articles

pytestmark = pytest.mark.network

BODY = (
    "Acme Corp of the United States agreed to buy Widget GmbH, a German maker of valves, "
    "for $2 billion in cash, the companies said on Friday."
)
PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Acme buys Widget</title><meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2025-03-14"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Acme buys Widget</h1><p>{BODY}</p>
<p>The deal needs approval from regulators in Brussels and should close in May.</p></article>
<footer>Copyright 2025 Example News. All rights reserved.</footer></body></html>"""
NAV_ONLY = "<html><body><nav><a href='/'>Home</a><a href='/x'>About</a></nav></body></html>"
BIG_TOTAL = 200_000_000
SLOW_SECONDS = 3.0


@dataclass
class Log:
    user_agents: list[str] = field(default_factory=list)
    big_sent: int = 0
    big_done: threading.Event = field(default_factory=threading.Event)


class Handler(BaseHTTPRequestHandler):
    log: Log

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def send(self, status: int, content_type: str, body: bytes, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.log.user_agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/article":
            self.send(200, "text/html; charset=utf-8", PAGE.encode())
        elif self.path == "/plain":
            self.send(200, "text/plain; charset=utf-8", f"{BODY}\r\n\r\nMore text.".encode())
        elif self.path == "/latin1":
            body = PAGE.replace("Widget GmbH", "Widget Société").replace(
                '<meta charset="utf-8">', ""
            )
            self.send(200, "text/html; charset=ISO-8859-1", body.encode("latin-1"))
        elif self.path == "/report.pdf":
            self.send(200, "application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        elif self.path == "/nav":
            self.send(200, "text/html", NAV_ONLY.encode())
        elif self.path == "/missing":
            self.send(404, "text/html", b"<html><body>Not found</body></html>")
        elif self.path == "/redirect":
            self.send(302, "text/html", b"", Location="/article")
        elif self.path == "/loop":
            self.send(302, "text/html", b"", Location="/loop")
        elif self.path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(BIG_TOTAL))
            self.end_headers()
            self.wfile.write(b"<html>")
        elif self.path == "/big":
            self.stream_big()
        elif self.path == "/slow":
            time.sleep(SLOW_SECONDS)
            self.send(200, "text/html", PAGE.encode())
        else:
            self.send(404, "text/plain", b"no such path")

    def stream_big(self) -> None:
        """An endless-looking body without Content-Length; counts what the client took."""
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        chunk = b"x" * 65536
        try:
            while self.log.big_sent < BIG_TOTAL:
                self.wfile.write(chunk)
                self.log.big_sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            self.log.big_done.set()


@dataclass
class Server:
    base: str
    log: Log


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    log = Log()
    handler = type("BoundHandler", (Handler,), {"log": log})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(base=f"http://127.0.0.1:{httpd.server_address[1]}", log=log)
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy from the environment must not stand between the test and 127.0.0.1."""
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)


def one(url: str, options: Options | None = None) -> Article:
    [item] = list(read_articles(url, options))
    assert isinstance(item, Article)
    return item


def test_html_article(server: Server) -> None:
    options = Options(user_agent="dealscope-test/1.0")
    article = one(f"{server.base}/article", options)
    assert article.id == f"{server.base}/article"
    assert article.url == f"{server.base}/article"
    assert article.title == "Acme buys Widget"
    assert article.author == "Jane Doe"
    assert article.date == date(2025, 3, 14)
    assert article.text.startswith(BODY)
    assert "Home" not in article.text
    assert "Copyright" not in article.text
    assert server.log.user_agents[-1] == "dealscope-test/1.0"


def test_plain_text(server: Server) -> None:
    article = one(f"{server.base}/plain")
    assert article.text == f"{BODY}\n\nMore text."
    assert article.title is None


def test_charset_from_the_content_type_header(server: Server) -> None:
    assert "Widget Société" in one(f"{server.base}/latin1").text


def test_redirect_is_followed(server: Server) -> None:
    article = one(f"{server.base}/redirect")
    assert article.id == f"{server.base}/redirect"
    assert article.url == f"{server.base}/article"
    assert article.text.startswith(BODY)


def test_redirect_loop_is_bounded(server: Server) -> None:
    with pytest.raises(FetchError, match="redirects"):
        read_articles(f"{server.base}/loop")


def test_pdf_is_refused_by_content_type(server: Server) -> None:
    with pytest.raises(FetchError) as caught:
        read_articles(f"{server.base}/report.pdf")
    assert "application/pdf" in caught.value.message
    assert f"{server.base}/report.pdf" in caught.value.message


def test_http_error_status(server: Server) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        read_articles(f"{server.base}/missing")


def test_page_without_article(server: Server) -> None:
    with pytest.raises(NoArticleError):
        read_articles(f"{server.base}/nav")


def test_declared_oversize_body_is_refused_before_reading(server: Server) -> None:
    with pytest.raises(TooLargeError, match=r"200\.0 MB"):
        read_articles(f"{server.base}/big-declared")


def test_streamed_oversize_body_is_abandoned_early(server: Server) -> None:
    started = time.monotonic()
    with pytest.raises(TooLargeError, match=r"over the 1\.0 MB limit"):
        read_articles(f"{server.base}/big", Options(max_bytes=1_000_000))
    assert time.monotonic() - started < 5
    assert server.log.big_done.wait(5), "the server never saw the client hang up"
    # What the server wrote is the 1 MB cap plus what socket buffers held, far from it all.
    assert server.log.big_sent < BIG_TOTAL // 4


def test_slow_endpoint_times_out(server: Server) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0\.3 s") as caught:
        read_articles(f"{server.base}/slow", Options(fetch_timeout=0.3))
    assert time.monotonic() - started < SLOW_SECONDS - 1
    assert "\n" not in caught.value.message


def test_unreachable_port_raises_a_one_line_fetch_error() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/article"
    with pytest.raises(FetchError) as caught:
        read_articles(url, Options(fetch_timeout=2))
    assert caught.value.message == f"could not reach {url}: connection refused"
