"""The dashboard in a real browser: Debian's chromium driven by Playwright, against the real
application served by uvicorn on 127.0.0.1.

A user's path: the overview with its charts, the deals table filtered and sorted through the
form, a deal with its evidence highlighted, the brief; and an article full of markup that must
not run. Screenshots of each step go to ``build/screenshots`` (or ``$DEALSCOPE_SCREENSHOTS``).
Chromium is never downloaded: without it the tests skip, except in CI where they fail.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from dealscope.api.app import create_app
from dealscope.api.settings import Settings
from dealscope.pipeline import Extractor
from dealscope.store import Store
from tests.conftest import ROOT
from tests.test_web import ingested_db

pytestmark = pytest.mark.network

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def need_chromium() -> str:
    """The chromium binary; skipped with a reason when absent, but a failure in CI."""
    path = os.environ.get("DEALSCOPE_TEST_CHROMIUM", "/usr/bin/chromium")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        message = f"no chromium at {path} (apt install chromium, or set DEALSCOPE_TEST_CHROMIUM)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def shots() -> Path:
    folder = Path(os.environ.get("DEALSCOPE_SCREENSHOTS", ROOT / "build" / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Iterator[str]:
    """The real application on a free local port, in a background thread."""
    need_chromium()  # no point in starting a server for a browser that is not there
    store = Store(ingested_db(tmp_path_factory, extractor))
    port = _free_port()
    config = uvicorn.Config(
        create_app(store, Settings()), host="127.0.0.1", port=port, log_level="warning"
    )
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            if httpx.get(f"{base}/deals.json?limit=1", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the dashboard server did not start")
        time.sleep(0.1)
    yield base
    uvicorn_server.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


class Tab:
    """A page that records every dialog and every request it makes."""

    def __init__(self, browser: Any, base: str) -> None:
        self.page = browser.new_page(viewport={"width": 1366, "height": 900})
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.base = base

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: str) -> Any:
        response = self.page.goto(self.base + path)
        assert response is not None and response.ok, path
        return self.page

    def outside(self) -> list[str]:
        """Requests that left the server: there must be none (no CDN, no fonts, no beacons)."""
        allowed = (self.base, "data:", "about:")
        return [url for url in self.requests if not url.startswith(allowed)]


def test_a_user_finds_a_deal_and_where_its_figures_come_from(
    browser: Any, server: str, shots: Path
) -> None:
    tab = Tab(browser, server)
    page = tab.open("/")
    assert page.locator("#by-country .bar").first.is_visible()
    assert page.locator("#by-country .bar-label").count() >= 5
    assert page.locator("#by-sector .bar").first.is_visible()
    assert page.locator("#by-month .column-bar").count() >= 2
    assert page.locator("#matrix table.heat td a").count() >= 3
    page.screenshot(path=str(shots / "1-overview.png"), full_page=True)

    page.click("header nav >> text=Deals")
    page.fill("#f-country", "TJK")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/deals?*country=TJK*")
    assert "sector=" not in page.url  # empty fields stay out of the URL
    rows = page.locator("table.deals tbody tr[data-deal-id]")
    assert rows.count() >= 3
    for country_cell in rows.locator("td.countries").all_inner_texts():
        assert "TJK" in country_cell.split()
    page.screenshot(path=str(shots / "2-deals-tjk.png"), full_page=True)

    page.click("th >> a[data-sort=usd]")
    page.wait_for_url("**sort=usd*")
    assert "country=TJK" in page.url and "value" in page.locator("th.sorted").inner_text().lower()
    rows = page.locator("table.deals tbody tr[data-deal-id]")
    ids = [int(i) for i in rows.evaluate_all("rows => rows.map(r => r.dataset.dealId)")]
    twin = httpx.get(page.url.replace("/deals?", "/deals.json?")).json()["deals"]
    assert ids == [d["id"] for d in twin]
    values = [d["usd"] for d in twin if d["usd"] is not None]
    assert len(values) >= 2 and values == sorted(values, reverse=True)
    first_id = ids[0]
    page.screenshot(path=str(shots / "3-deals-sorted.png"), full_page=True)

    page.locator("table.deals tbody tr").first.locator("td.summary > a").click()
    page.wait_for_url(f"**/deals/{first_id}")
    detail = httpx.get(f"{server}/deals/{first_id}.json").json()["deal"]
    evidence = [span["text"] for s in detail["source_list"] for span in s["evidence"]]
    marks = page.locator("#sources blockquote.passage mark")
    assert marks.count() >= len(evidence) >= 1
    assert marks.first.is_visible()
    shown = marks.all_inner_texts()
    for text in evidence:
        assert " ".join(text.split()) in [" ".join(m.split()) for m in shown]
    page.screenshot(path=str(shots / "4-deal.png"), full_page=True)

    page.click("header nav >> text=Brief")
    page.fill("#b-country", "TJK, Kazakhstan")
    page.click(".brief-form button[type=submit]")
    page.wait_for_url("**/brief?*")
    frame = page.frame_locator("#brief-frame")
    assert frame.locator("h2").first.is_visible()
    assert sorted(frame.locator("section").evaluate_all("s => s.map(x => x.id)")) == [
        "KAZ", "TJK"
    ]
    page.screenshot(path=str(shots / "5-brief.png"), full_page=True)

    assert tab.dialogs == []
    assert tab.outside() == []


def test_a_deal_with_conflicting_figures_is_flagged(browser: Any, server: str, shots: Path) -> None:
    tab = Tab(browser, server)
    page = tab.open("/deals?conflicts=yes&q=dreamliner")
    page.locator("table.deals tbody tr").first.locator("td.summary > a").click()
    page.wait_for_url("**/deals/*")
    box = page.locator("#conflicts")
    assert box.is_visible() and "Sources disagree" in box.inner_text()
    assert page.locator("#conflicts .versions li").count() >= 2
    page.locator("#conflicts .versions a[href^='#source-']").first.click()
    assert page.locator("#sources article.source:target").count() == 1
    page.screenshot(path=str(shots / "6-conflicts.png"), full_page=False)
    assert tab.dialogs == []


def test_article_markup_does_not_run(browser: Any, server: str, shots: Path) -> None:
    tab = Tab(browser, server)
    deals = httpx.get(f"{server}/deals.json?party=scat").json()["deals"]
    assert len(deals) == 1
    detail = httpx.get(f"{server}/deals/{deals[0]['id']}.json").json()["deal"]
    article_id = detail["source_list"][0]["article_id"]
    page = tab.open(f"/articles/{article_id}")
    page.wait_for_load_state("load")
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()
    assert "<img src=x onerror=alert(2)>" in page.locator(".article-text").inner_text()
    assert page.locator("main script, main img, main b").count() == 0
    page.screenshot(path=str(shots / "7-hostile-article.png"), full_page=True)
    for path in (f"/deals/{deals[0]['id']}", "/quotes?speaker=denisov", "/brief"):
        tab.open(path).wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert tab.dialogs == []
