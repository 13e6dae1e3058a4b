"""RSS and Atom feeds, from files and from a real HTTP server on 127.0.0.1 (port 0).

The fixtures in tests/data/feeds are invented news. Entry links that must not be followed
point at port 9 on 127.0.0.1, where nothing listens: following one would yield a Skipped
(connection refused) and fail the test, without any traffic leaving the machine.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dealscope.core.errors import EmptyInputError, FeedError, FetchError
from dealscope.core.model import Article
from dealscope.core.options import Options
from dealscope.ingest import Skipped, read_articles

pytestmark = pytest.mark.network

FEEDS = Path(__file__).parent / "data" / "feeds"
RSS = FEEDS / "harbour-wire.rss"
ATOM = FEEDS / "deal-notes.atom"
TRUNCATED = FEEDS / "truncated.rss"
USER_AGENT = "dealscope-feeds-test/1.0"

AURELIA = (
    "Aurelia Air, the flag carrier of the island state of Corvessa, has ordered 12 regional "
    "jets from Tessel Aero for about $420 million at list prices, the two companies said on "
    "Tuesday."
)
KESTREL = (
    "Kestrel Power will supply Ravenna Grid with 800 megawatts of solar panels over five "
    "years under an agreement signed in Marlow on Thursday, the companies said."
)
PAGES = {
    "/deals/aurelia-tessel": (
        "Aurelia orders jets | Skyline Daily",
        "Page Author",
        AURELIA,
        "The first aircraft are due in 2027 and will replace the airline's ageing turboprops on "
        "routes to the mainland.",
    ),
    "/deals/kestrel-ravenna": (
        "Kestrel and Ravenna sign | Skyline Daily",
        "Mara Lind",
        KESTREL,
        "Ravenna Grid said the panels would be installed at three sites in the north of the "
        "country, starting next spring.",
    ),
}
NOT_A_FEED = b"""<?xml version="1.0"?>
<catalog><book id="b1"><title>Ports of the South</title></book></catalog>
"""


def page(title: str, author: str, *paragraphs: str) -> bytes:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title}</title><meta name="author" content="{author}">
<meta property="og:site_name" content="Skyline Daily">
<meta property="article:published_time" content="2025-05-20"></head>
<body><nav><a href="/">Home</a> <a href="/deals">Deals</a></nav>
<article><h1>{title}</h1>{body}</article>
<footer>Copyright 2025 Skyline Daily. All rights reserved.</footer></body></html>""".encode()


@dataclass
class Log:
    requests: list[tuple[str, str]] = field(default_factory=list)


class Handler(BaseHTTPRequestHandler):
    log: Log
    base: str

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.log.requests.append((self.path, self.headers.get("User-Agent", "")))
        rss = RSS.read_bytes()
        feeds = {
            "/feeds/harbour-wire.rss": ("application/rss+xml", rss),
            "/feeds/as-xml": ("application/xml; charset=utf-8", rss),
            "/feeds/as-html": ("text/html; charset=utf-8", rss),
            "/feeds/deal-notes.atom": ("application/atom+xml", atom(self.base)),
            "/feeds/relative.atom": ("application/atom+xml", atom("")),
            "/feeds/truncated.rss": ("application/rss+xml", TRUNCATED.read_bytes()),
            "/feeds/catalog.xml": ("application/xml", NOT_A_FEED),
        }
        if self.path in feeds:
            content_type, body = feeds[self.path]
            self.send(200, content_type, body)
        elif self.path in PAGES:
            self.send(200, "text/html; charset=utf-8", page(*PAGES[self.path]))
        else:
            self.send(404, "text/html", b"<html><body>Not found</body></html>")


def atom(base: str) -> bytes:
    """The Atom fixture with its entry links on ``base`` ("" leaves them relative)."""
    return ATOM.read_bytes().replace(b"@BASE@", base.encode())


@dataclass
class Server:
    base: str
    log: Log


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    log = Log()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.RequestHandlerClass = type("BoundHandler", (Handler,), {"log": log, "base": base})
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(base=base, log=log)
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy from the environment must not stand between the test and 127.0.0.1."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("all_proxy", raising=False)


@pytest.fixture
def atom_file(server: Server, tmp_path: Path) -> Path:
    """The Atom fixture with links on the local server, under a name that says nothing of
    feeds (.xml is not a feed suffix): it must be recognised by its content."""
    path = tmp_path / "deal-notes.xml"
    path.write_bytes(atom(server.base))
    return path


def articles(items: list[Article | Skipped]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def test_rss_with_full_content_is_read_from_the_feed() -> None:
    items = list(read_articles(str(RSS)))
    assert all(isinstance(item, Article) for item in items), items
    first, second = articles(items)
    assert first.text.startswith(
        "Northwind Shipping, a Norwegian container line, has agreed to buy a 40% stake"
    )
    assert first.text.endswith("is expected to close before the end of the year.")
    assert "<p>" not in first.text
    assert first.text.count("\n\n") == 2  # three paragraphs, kept apart
    assert second.text.startswith("Corvane Bank, a lender based in Luxembourg")  # <description>
    assert first.language == second.language == "en"


def test_feed_metadata_goes_into_the_article() -> None:
    first, second = articles(list(read_articles(str(RSS))))
    assert first.id == first.url == "http://127.0.0.1:9/deals/northwind-valmora"
    assert first.title == "Northwind Shipping to buy 40% of Valmora container terminal"
    assert first.date == date(2025, 3, 11)
    assert first.author == "Ines Carvalho"
    assert first.site == "Harbour Wire"
    assert first.source == str(RSS)
    assert second.title == "Corvane Bank lends $95 million for Estavian grain silos"
    assert second.date == date(2025, 3, 12)
    assert second.author is None


def test_atom_with_summaries_only_follows_the_links(server: Server, atom_file: Path) -> None:
    before = len(server.log.requests)
    items = list(read_articles(str(atom_file), Options(user_agent=USER_AGENT)))
    assert [type(item).__name__ for item in items] == ["Article", "Skipped", "Article", "Skipped"]
    aurelia, kestrel = articles(items)
    assert aurelia.text.startswith(AURELIA)
    assert "turboprops" in aurelia.text
    assert "Home" not in aurelia.text and "Copyright" not in aurelia.text
    assert kestrel.text.startswith(KESTREL)
    fetched = server.log.requests[before:]
    assert ("/deals/aurelia-tessel", USER_AGENT) in fetched
    assert ("/deals/kestrel-ravenna", USER_AGENT) in fetched


def test_followed_entry_keeps_the_feed_metadata(server: Server, atom_file: Path) -> None:
    aurelia, kestrel = articles(list(read_articles(str(atom_file))))
    assert aurelia.id == aurelia.url == f"{server.base}/deals/aurelia-tessel"
    # The feed's title, date and author win over the page's <title>, meta date and author.
    assert aurelia.title == "Aurelia Air orders 12 regional jets from Tessel Aero"
    assert aurelia.date == date(2025, 4, 1)  # <published>, not <updated> nor the page's date
    assert aurelia.author == "Tomas Reyes"
    assert aurelia.site == "Deal Notes"
    assert aurelia.source == str(atom_file)
    # Without <published> the date is <updated>; the page supplies what the feed lacks.
    assert kestrel.date == date(2025, 4, 3)
    assert kestrel.author == "Mara Lind"


def test_dead_link_is_skipped_and_the_rest_is_read(server: Server, atom_file: Path) -> None:
    items = list(read_articles(str(atom_file)))
    dead = items[1]
    assert isinstance(dead, Skipped)
    assert dead.item == f"{server.base}/deals/withdrawn"
    assert isinstance(dead.error, FetchError)
    assert dead.error.code == "E200"
    assert "HTTP 404" in dead.error.message
    assert isinstance(items[2], Article)  # the entry after the dead one is still read


def test_entry_without_link_or_full_text_is_skipped(atom_file: Path) -> None:
    last = list(read_articles(str(atom_file)))[-1]
    assert isinstance(last, Skipped)
    assert last.item == "urn:uuid:8f0b5d1e-6a1c-4a53-9e0f-3f1b7c2d4e05"
    assert last.error.code == "E105"
    assert "no link" in last.error.message


def test_malformed_feed_is_one_error_with_a_code() -> None:
    with pytest.raises(FeedError) as caught:
        read_articles(str(TRUNCATED))  # raised on the call, before any entry is asked for
    message = str(caught.value)
    assert message.startswith(f"[E107] {TRUNCATED} is not a readable RSS or Atom feed: ")
    assert "line 7" in message
    assert "\n" not in message


def test_malformed_feed_over_http(server: Server) -> None:
    with pytest.raises(FeedError, match=r"^\[E107\] .*truncated\.rss is not a readable"):
        read_articles(f"{server.base}/feeds/truncated.rss")


def test_feed_with_no_entries(tmp_path: Path) -> None:
    path = tmp_path / "quiet.rss"
    path.write_text('<rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    with pytest.raises(EmptyInputError, match="is a feed with no entries"):
        read_articles(str(path))


@pytest.mark.parametrize(
    "path",
    [
        "/feeds/harbour-wire.rss",  # application/rss+xml
        "/feeds/as-xml",  # application/xml with an <rss> root
        "/feeds/as-html",  # mislabelled as text/html: the <rss> root still tells
    ],
)
def test_rss_over_http(server: Server, path: str) -> None:
    url = f"{server.base}{path}"
    items = list(read_articles(url))
    assert all(isinstance(item, Article) for item in items), items
    first, second = articles(items)
    assert first.id == "http://127.0.0.1:9/deals/northwind-valmora"
    assert first.source == url
    assert first.site == "Harbour Wire"
    assert first.text.startswith("Northwind Shipping, a Norwegian container line")
    assert second.date == date(2025, 3, 12)


def test_atom_over_http_resolves_relative_links(server: Server) -> None:
    items = list(read_articles(f"{server.base}/feeds/relative.atom"))
    aurelia = items[0]
    assert isinstance(aurelia, Article)
    assert aurelia.id == f"{server.base}/deals/aurelia-tessel"
    assert aurelia.text.startswith(AURELIA)
    assert isinstance(items[1], Skipped)
    assert isinstance(items[2], Article)


def test_xml_that_is_not_a_feed_is_refused(server: Server) -> None:
    with pytest.raises(FetchError, match="is application/xml but not an RSS or Atom feed"):
        read_articles(f"{server.base}/feeds/catalog.xml")


def test_html_page_url_is_still_one_article(server: Server) -> None:
    url = f"{server.base}/deals/aurelia-tessel"
    [item] = list(read_articles(url))
    assert isinstance(item, Article)
    assert item.id == url
    assert item.title == "Aurelia orders jets | Skyline Daily"
