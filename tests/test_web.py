"""The dashboard over a real database: every page renders, its JSON twin holds what it shows,
filters narrow the table, evidence is marked at its offsets and article markup stays inert.

The database is filled by ingesting ``examples/``, the summit follow-up articles and one
hostile article (markup and ``<script>`` in its title, a deal sentence and a quote), so the
pages are tested on what the extractor really produces.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from dealscope.api.app import create_app
from dealscope.api.settings import Settings
from dealscope.pipeline import Extractor
from dealscope.store import Store, ingest
from dealscope.store.browse import articles, parties
from dealscope.store.tables import ArticleRow
from dealscope.web import pages
from tests.deal_db import ingested_db as shared_db
from tests.deal_db import writable_copy

HOSTILE = """Carrier orders <b>jets</b> <script>alert(1)</script>

ASTANA - Kazakh airline SCAT Airlines said on Monday it signed a firm order for six Boeing \
737 MAX jets worth about $720mn <script>alert("deal")</script> with Boeing.

"This order <img src=x onerror=alert(2)> doubles our fleet," said Vladimir Denisov, the \
president of SCAT Airlines.
"""
HOSTILE_URL = "javascript:alert(3)"
_DATABASES: dict[Path, str] = {}


def ingested_db(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> str:
    """The session's shared database (``tests/deal_db.py``) copied, plus the hostile article;
    built once per session and shared by the web and the browser tests."""
    base = tmp_path_factory.getbasetemp()
    if base not in _DATABASES:
        folder = tmp_path_factory.mktemp("web")
        hostile = folder / "hostile-markup.txt"
        hostile.write_text(HOSTILE, encoding="utf-8")
        store = Store(str(writable_copy(shared_db(tmp_path_factory, extractor), folder)))
        try:
            summary = ingest(store, [str(hostile)], extractor=extractor)
            assert summary.new == 1 and summary.deals_new == 1, summary
            with store.session() as session:  # a stored URL is data: never a live link scheme
                row = session.scalars(
                    select(ArticleRow).where(ArticleRow.source_id.like("%hostile%"))
                ).one()
                row.url = HOSTILE_URL
        finally:
            store.close()
        _DATABASES[base] = store.url
    return _DATABASES[base]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Store:
    return Store(ingested_db(tmp_path_factory, extractor))


@pytest.fixture(scope="module")
def client(store: Store) -> TestClient:
    return TestClient(create_app(store, Settings()))


class Page(HTMLParser):
    """What the tests look at in a page: deal rows, marks, scripts, links and all text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[int] = []
        self.marks: list[tuple[int, str]] = []
        self.scripts: list[dict[str, str | None]] = []
        self.hrefs: list[str] = []
        self.frames: list[str] = []
        self.text: list[str] = []
        self._mark: tuple[int, list[str]] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "tr" and attributes.get("data-deal-id"):
            self.rows.append(int(attributes["data-deal-id"] or 0))
        elif tag == "mark" and attributes.get("data-start") is not None:
            self._mark = (int(attributes["data-start"] or 0), [])
        elif tag == "script":
            self.scripts.append(attributes)
        elif tag == "a" and attributes.get("href"):
            self.hrefs.append(attributes["href"] or "")
        elif tag == "iframe":
            self.frames.append(attributes.get("srcdoc") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._mark is not None:
            self.marks.append((self._mark[0], "".join(self._mark[1])))
            self._mark = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._mark is not None:
            self._mark[1].append(data)

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def get(client: TestClient, path: str) -> tuple[Page, dict[str, Any]]:
    """A page and its JSON twin, both checked for status 200."""
    page = client.get(path)
    assert page.status_code == 200, (path, page.text[:300])
    assert page.headers["content-type"].startswith("text/html")
    base, _, query = path.partition("?")
    twin = ("/index.json" if base == "/" else f"{base}.json") + (f"?{query}" if query else "")
    data = client.get(twin)
    assert data.status_code == 200, (twin, data.text[:300])
    body: dict[str, Any] = data.json()
    return Page(page.text), body


def all_deals(client: TestClient, query: str = "") -> list[dict[str, Any]]:
    data = client.get(f"/deals.json?limit=200&{query}").json()
    deals: list[dict[str, Any]] = data["deals"]
    assert data["paging"]["total"] == len(deals)
    return deals


def test_every_page_and_its_twin_answers(client: TestClient, store: Store) -> None:
    deals = all_deals(client)
    with store.session() as session:
        party_ids = [p.id for p in parties(session, limit=1000)[0]]
        article_ids = [a.id for a in articles(session, limit=1000)[0]]
    assert len(deals) >= 25 and party_ids and len(article_ids) >= 10
    paths = ["/", "/deals", "/quotes", "/brief", "/brief?country=KAZ&event=summit"]
    paths += [f"/deals/{d['id']}" for d in deals]
    paths += [f"/parties/{i}" for i in party_ids] + [f"/articles/{i}" for i in article_ids]
    for path in paths:
        get(client, path)
    assert client.get("/static/dealscope.css").status_code == 200
    assert client.get("/static/dealscope.js").status_code == 200


def test_overview_shows_the_stats_aggregates(client: TestClient) -> None:
    page, data = get(client, "/")
    totals = data["stats"]["totals"]
    assert totals["deals"] == len(all_deals(client))
    assert totals["packages"] >= 1  # the $100bn US-Uzbekistan umbrella
    # packages are never summed: the total is the sum of the aggregate-safe deals
    safe = sum(d["usd"] or 0 for d in all_deals(client) if d["aggregate_safe"])
    assert totals["usd"] == pytest.approx(safe)
    assert "Value by country" in page.words and "Who deals with whom" in page.words
    assert page.rows == [d["id"] for d in data["recent"]]
    top_country = max(data["stats"]["by_country"], key=lambda b: b["usd"])
    assert f"/deals?country={top_country['key']}" in page.hrefs
    assert any(h.startswith("/deals?country=") and "counterparty=" in h for h in page.hrefs)
    assert any(h.startswith("/deals?since=") for h in page.hrefs)  # the month columns
    kazakh = client.get("/index.json?country=KAZ").json()["stats"]["totals"]
    assert kazakh["deals"] == len(all_deals(client, "country=KAZ")) < totals["deals"]


def test_deal_table_shows_the_rows_of_its_twin(client: TestClient) -> None:
    page, data = get(client, "/deals?country=TJK&sort=usd")
    assert page.rows == [d["id"] for d in data["deals"]]
    assert f"of {data['paging']['total']}" in page.words
    for deal in data["deals"]:  # the summary, its type shown as a badge instead of a prefix
        kind, _, rest = deal["summary"].partition(": ")
        assert kind.lower() == deal["type"] and rest in page.words


def test_filters_narrow_the_table(client: TestClient) -> None:
    everything = all_deals(client)
    tajik = all_deals(client, "country=TJK")
    assert tajik and len(tajik) < len(everything)
    assert all("TJK" in d["countries"] for d in tajik)
    assert all_deals(client, "country=Tajikistan") == tajik  # a name works as well as a code
    pair = all_deals(client, "country=KAZ&counterparty=USA")
    assert pair and all({"KAZ", "USA"} <= set(d["countries"]) for d in pair)
    big = all_deals(client, "min_usd=1bn")
    assert big and len(big) < len(everything) and all(d["usd"] >= 1e9 for d in big)
    aviation = all_deals(client, "sector=aviation&status=signed")
    assert aviation and all(d["sector"] == "aviation" and d["status"] == "signed" for d in aviation)
    boeing = all_deals(client, "party=boeing")
    assert boeing and all(any("boeing" in p["name"].lower() for p in d["parties"]) for d in boeing)
    conflicts = all_deals(client, "conflicts=yes")
    assert conflicts and all(d["has_conflicts"] for d in conflicts)
    recent = all_deals(client, "since=2026-01-01")
    assert recent and all(d["last_seen"] >= "2026-01-01" for d in recent)
    searched = all_deals(client, "q=dreamliner")
    assert searched and all("dreamliner" in d["summary"].lower() for d in searched)


def test_the_form_works_without_javascript(client: TestClient) -> None:
    """A browser without JS submits every field, the empty ones too."""
    fields = ("q", "country", "counterparty", "sector", "type", "status", "party", "since",
              "until", "min_usd", "conflicts")
    query = "&".join(f"{name}={'TJK' if name == 'country' else ''}" for name in fields)
    page, data = get(client, f"/deals?{query}&sort=last_seen&order=desc&limit=50")
    assert data["filters"]["errors"] == []
    assert page.rows == [d["id"] for d in all_deals(client, "country=TJK")]
    assert 'value="TJK"' in client.get(f"/deals?{query}").text  # the form shows its filter


def test_a_malformed_filter_is_reported_not_a_422(client: TestClient) -> None:
    page, data = get(client, "/deals?since=yesterday&min_usd=lots&country=Narnia")
    assert len(data["filters"]["errors"]) == 3
    assert "is not a date" in page.words and "Narnia" in page.words
    assert data["paging"]["total"] == len(all_deals(client))  # ignored, not applied


def test_sorting_and_paging(client: TestClient) -> None:
    by_value = all_deals(client, "sort=usd&order=desc")
    values = [d["usd"] for d in by_value if d["usd"] is not None]
    assert values == sorted(values, reverse=True) and len(values) > 5
    assert all(d["usd"] is None for d in by_value[len(values):])  # no value: last
    ascending = [d["usd"] for d in all_deals(client, "sort=usd&order=asc") if d["usd"]]
    assert ascending == sorted(ascending)
    first = client.get("/deals.json?sort=id&limit=5&page=1").json()
    second = client.get("/deals.json?sort=id&limit=5&page=2").json()
    ids = [d["id"] for d in first["deals"] + second["deals"]]
    assert ids == [d["id"] for d in all_deals(client, "sort=id")][:10]
    assert second["paging"] == {**second["paging"], "page": 2, "first": 6, "last": 10}
    page, _ = get(client, "/deals?sort=id&limit=5&page=2")
    assert any("page=3" in h for h in page.hrefs) and any("page=1" in h for h in page.hrefs)
    # the sort links keep the filters
    tajik, _ = get(client, "/deals?country=TJK")
    assert any("country=TJK" in h and "sort=usd" in h for h in tajik.hrefs)


def test_deal_page_marks_every_evidence_span_at_its_offsets(client: TestClient) -> None:
    checked = 0
    for deal in all_deals(client):
        page, data = get(client, f"/deals/{deal['id']}")
        assert data["deal"]["id"] == deal["id"]
        marks = set(page.marks)
        for source in data["deal"]["source_list"]:
            for span in source["evidence"]:
                # each span is marked, starting at its offset, with exactly its text
                assert (span["start"], span["text"]) in marks, (deal["id"], span)
                checked += 1
        for party in data["deal"]["parties"]:
            assert f"/parties/{party['id']}" in page.hrefs
    assert checked >= 30


def test_deal_page_flags_conflicts_with_every_version_and_its_sources(client: TestClient) -> None:
    deal = next(d for d in all_deals(client, "conflicts=yes&q=dreamliner"))
    page, data = get(client, f"/deals/{deal['id']}")
    assert "Sources disagree" in page.words
    for conflict in data["deal"]["conflicts"]:
        assert len(conflict["values"]) >= 2
        for version in conflict["values"]:
            assert " / ".join(version["display"]) in page.words
            for mention in version["mention_ids"]:
                assert f"#source-{mention}" in page.hrefs


def test_package_and_its_deals_link_each_other(client: TestClient) -> None:
    child = next(d for d in all_deals(client) if d["parent_id"])
    page, _ = get(client, f"/deals/{child['id']}")
    assert f"/deals/{child['parent_id']}" in page.hrefs and "Part of a package" in page.words
    parent, data = get(client, f"/deals/{child['parent_id']}")
    assert child["id"] in parent.rows
    assert data["deal"]["package"] and "never added" in parent.words


def test_party_quotes_and_article_pages(client: TestClient, store: Store) -> None:
    boeing = next(d for d in all_deals(client, "party=boeing"))
    party = next(p for p in boeing["parties"] if "boeing" in p["name"].lower())
    page, data = get(client, f"/parties/{party['id']}")
    assert data["party"]["name"] == party["name"] and boeing["id"] in page.rows
    assert page.rows == [d["id"] for d in data["party"]["deal_list"]]

    page, data = get(client, "/quotes?speaker=denisov")
    assert data["paging"]["total"] == 1
    assert data["quotes"][0]["speaker"] == "Vladimir Denisov" and "Vladimir Denisov" in page.words
    narrowed = client.get("/quotes.json?q=fleet").json()
    assert narrowed["quotes"] and all("fleet" in q["text"] for q in narrowed["quotes"])
    assert client.get("/quotes.json").json()["paging"]["total"] > narrowed["paging"]["total"]

    source = next(iter(client.get(f"/deals/{boeing['id']}.json").json()["deal"]["source_list"]))
    page, data = get(client, f"/articles/{source['article_id']}")
    spans = {(s["start"], s["text"]) for m in data["article"]["mentions"] for s in m["evidence"]}
    assert spans and spans <= set(page.marks)


def test_brief_page_embeds_the_reports_brief(client: TestClient) -> None:
    page, data = get(client, "/brief?country=tjk,Kazakhstan&since=2025-01-01")
    assert data["countries"] == ["TJK", "KAZ"] and not data["errors"]
    api = client.get("/api/brief?country=TJK&country=KAZ&since=2025-01-01").json()
    assert data["brief"] == api  # the twin is the report's brief, as the API gives it
    assert sorted(s["code"] for s in data["brief"]["sections"]) == ["KAZ", "TJK"]
    (frame,) = page.frames
    for section in data["brief"]["sections"]:
        assert f'id="{section["code"]}"' in frame
    assert "/api/brief?country=TJK&country=KAZ&since=2025-01-01&format=md" in page.hrefs


def test_a_large_store_is_not_briefed_whole_without_a_filter(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = client.get("/brief.json").json()
    assert whole["brief"]["deals"] >= 10 and whole["too_many"] is None
    monkeypatch.setattr(pages, "BRIEF_WHOLE", 5)
    page, data = get(client, "/brief")
    assert data["brief"] is None and data["too_many"] == len(all_deals(client))
    assert "/brief?country=KAZ" in page.hrefs and not page.frames
    assert client.get("/brief.json?country=KAZ").json()["brief"]["sections"]


@pytest.mark.parametrize(
    "path", ["/deals/999999", "/parties/999999", "/articles/999999"]
)
def test_unknown_ids_give_a_404_page_and_404_json(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 404 and "Not found" in page.text and "E502" in page.text
    twin = client.get(f"{path}.json")
    assert twin.status_code == 404 and twin.json()["code"] == "E502"


def hostile_deal(client: TestClient) -> dict[str, Any]:
    return next(d for d in all_deals(client, "party=scat"))


def test_article_markup_is_escaped_everywhere(client: TestClient) -> None:
    deal = hostile_deal(client)
    detail = client.get(f"/deals/{deal['id']}.json").json()["deal"]
    article_id = detail["source_list"][0]["article_id"]
    for path in (f"/deals/{deal['id']}", f"/articles/{article_id}", "/quotes", "/deals",
                 "/", "/brief", f"/parties/{deal['parties'][0]['id']}"):
        response = client.get(path)
        assert response.status_code == 200
        html = response.text
        assert "<script>alert" not in html and "<img src=x" not in html, path
        assert "<b>jets" not in html, path
        # our own script is the only one, and it is a file of ours
        assert [s.get("src") for s in Page(html).scripts] == ["/static/dealscope.js"], path
        assert HOSTILE_URL not in html, path  # a javascript: URL is never a link
    page = client.get(f"/articles/{article_id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    # the evidence sentence holds markup; its mark is the escaped sentence, whole
    evidence = detail["source_list"][0]["evidence"][0]
    assert "<script>" in evidence["text"]
    marks = Page(client.get(f"/deals/{deal['id']}").text).marks
    assert (evidence["start"], evidence["text"]) in marks
