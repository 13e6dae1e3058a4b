"""The REST API over a real database of ingested articles: filters, paging, errors, tokens,
writes and the OpenAPI document."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dealscope.api import Settings, create_app
from dealscope.pipeline import Extractor
from dealscope.store import Store
from tests.deal_db import (
    SCRIPT_TEXT,
    SCRIPT_TITLE,
    execute,
    facts,
    safe_usd,
    writable_copy,
)

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}




@pytest.fixture()
def writer(db: Path, tmp_path: Path, extractor: Extractor) -> Iterator[TestClient]:
    """A client with writing enabled, over a private copy of the database."""
    store = Store(str(writable_copy(db, tmp_path)))
    app = create_app(store, Settings(token=TOKEN))
    app.state.extractor = extractor  # the session's loaded model, not a second one
    with TestClient(app) as test_client:
        yield test_client
    store.close()


def all_deals(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/deals", params={"limit": 500, **params})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["data"])
    data: list[dict[str, Any]] = body["data"]
    return data


def test_the_list_holds_every_stored_deal(client: TestClient, db: Path) -> None:
    stored = {d.id for d in facts(db)}
    assert {d["id"] for d in all_deals(client)} == stored


@pytest.mark.parametrize(
    ("param", "value", "check"),
    [
        ("country", "kaz", lambda d: "KAZ" in d["countries"]),
        ("counterparty", "USA", lambda d: "USA" in d["countries"]),
        ("sector", "aviation", lambda d: d["sector"] == "aviation"),
        ("type", "purchase", lambda d: d["type"] == "purchase"),
        ("status", "signed", lambda d: d["status"] == "signed"),
        ("party", "boeing", lambda d: any("boeing" in p["name"].lower() for p in d["parties"])),
        ("min_usd", 1e9, lambda d: d["usd"] is not None and d["usd"] >= 1e9),
        ("since", "2025-11-01", lambda d: d["last_seen"] >= "2025-11-01"),
        ("until", "2025-06-30", lambda d: d["first_seen"] <= "2025-06-30"),
        ("conflicts", "true", lambda d: d["has_conflicts"]),
        ("packages", "false", lambda d: not d["package"]),
    ],
)
def test_each_filter_returns_exactly_the_deals_that_pass_it(
    client: TestClient, param: str, value: Any, check: Any
) -> None:
    everything = all_deals(client)
    expected = {d["id"] for d in everything if check(d)}
    found = all_deals(client, **{param: value})
    assert {d["id"] for d in found} == expected
    assert 0 < len(expected) < len(everything), f"{param}={value} should select some deals"


def test_country_and_counterparty_together(client: TestClient, db: Path) -> None:
    found = all_deals(client, country="KAZ", counterparty="FRA")
    expected = {d.id for d in facts(db) if {"KAZ", "FRA"} <= set(d.countries)}
    assert {d["id"] for d in found} == expected and expected


def test_text_search_matches_summaries_and_party_names(client: TestClient) -> None:
    found = all_deals(client, q="dreamliner")
    assert found
    for deal in found:
        names = " ".join(p["name"] for p in deal["parties"]).lower()
        assert "dreamliner" in deal["summary"].lower() or "dreamliner" in names


def test_pages_cover_the_list_once_in_order(client: TestClient) -> None:
    full = [d["id"] for d in all_deals(client, sort="usd", order="desc")]
    paged: list[int] = []
    offset = 0
    while True:
        body = client.get(
            "/api/deals", params={"sort": "usd", "order": "desc", "limit": 4, "offset": offset}
        ).json()
        assert body["total"] == len(full) and body["limit"] == 4 and body["offset"] == offset
        if not body["data"]:
            break
        paged += [d["id"] for d in body["data"]]
        offset += 4
    assert paged == full


@pytest.mark.parametrize("key", ["usd", "first_seen", "last_seen", "sources", "id"])
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_sorting_puts_missing_values_last(client: TestClient, key: str, order: str) -> None:
    values = [d[key] for d in all_deals(client, sort=key, order=order)]
    present = [v for v in values if v is not None]
    assert values[: len(present)] == present  # nulls last either way
    assert present == sorted(present, reverse=order == "desc")


@pytest.mark.parametrize(
    "params",
    [{"limit": 501}, {"limit": 0}, {"offset": -1}, {"sort": "name"}, {"country": "Kazakhstan"},
     {"contry": "KAZ"}, {"since": "yesterday"}],
)
def test_bad_parameters_get_a_422_in_the_error_shape(
    client: TestClient, params: dict[str, Any]
) -> None:
    response = client.get("/api/deals", params=params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "HTTP_422" and error["message"] and error["details"]


@pytest.mark.parametrize("path", ["/api/deals/999999", "/api/articles/999999",
                                  "/api/parties/999999"])
def test_unknown_ids_are_404_with_the_dealscope_code(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "E502"
    assert "999999" in response.json()["error"]["message"]


def test_unknown_api_route_is_a_json_404(client: TestClient) -> None:
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "HTTP_404"


def test_deal_detail_evidence_is_the_article_text_at_its_offsets(client: TestClient) -> None:
    top = all_deals(client, sort="sources", order="desc")[0]
    detail = client.get(f"/api/deals/{top['id']}").json()
    assert detail["id"] == top["id"] and len(detail["source_list"]) >= 2
    for source in detail["source_list"]:
        text = client.get(f"/api/articles/{source['article_id']}").json()["text"]
        for span in source["evidence"]:
            assert text[span["start"] : span["end"]] == span["text"]


def test_package_detail_lists_the_deals_it_contains(client: TestClient, db: Path) -> None:
    children = [d for d in facts(db) if d.parent_id is not None]
    assert children
    parent = children[0].parent_id
    detail = client.get(f"/api/deals/{parent}").json()
    assert detail["package"] and not detail["aggregate_safe"]
    assert {c["id"] for c in detail["children"]} == {
        d.id for d in children if d.parent_id == parent
    }


def test_articles_list_counts_their_deals(client: TestClient, db: Path) -> None:
    body = client.get("/api/articles", params={"limit": 500}).json()
    stored = dict(execute(db, "SELECT article_id, COUNT(DISTINCT deal_id) FROM mentions "
                              "GROUP BY article_id"))
    assert body["total"] == len(execute(db, "SELECT id FROM articles")) == len(body["data"])
    for article in body["data"]:
        assert article["deals"] == stored.get(article["id"], 0)
    dates = [a["published"] for a in body["data"] if a["published"]]
    assert dates == sorted(dates, reverse=True)


def test_article_search_and_detail(client: TestClient) -> None:
    found = client.get("/api/articles", params={"q": "bishkek"}).json()["data"]
    assert found
    for summary in found:
        article = client.get(f"/api/articles/{summary['id']}").json()
        assert "bishkek" in (article["title"] + article["text"]).lower()
        for mention in article["mentions"]:
            for span in mention["evidence"]:
                assert article["text"][span["start"] : span["end"]] == span["text"]
        for quote in article["quote_list"]:
            assert quote["article_id"] == article["id"]


def test_quotes_filter_by_speaker(client: TestClient) -> None:
    everything = client.get("/api/quotes", params={"limit": 500}).json()
    assert everything["total"] > 0
    speaker = next(q["speaker"] for q in everything["data"] if q["speaker"])
    part = speaker.split()[-1].lower()
    found = client.get("/api/quotes", params={"speaker": part, "limit": 500}).json()["data"]
    assert found and all(part in q["speaker"].lower() for q in found)
    assert len(found) == sum(1 for q in everything["data"] if part in (q["speaker"] or "").lower())


def test_parties_list_and_detail(client: TestClient) -> None:
    boeing = client.get("/api/parties", params={"q": "boeing"}).json()["data"]
    assert boeing and all("boeing" in p["name"].lower() for p in boeing)
    counts = [p["deals"] for p in client.get("/api/parties", params={"limit": 500}).json()["data"]]
    assert counts == sorted(counts, reverse=True)
    detail = client.get(f"/api/parties/{boeing[0]['id']}").json()
    assert len(detail["deal_list"]) == detail["deals"] == boeing[0]["deals"]
    for deal in detail["deal_list"]:
        assert boeing[0]["id"] in {p["id"] for p in deal["parties"]}


def test_stats_totals_leave_packages_out(client: TestClient) -> None:
    deals = all_deals(client)
    expected = sum(d["usd"] for d in deals if d["aggregate_safe"] and d["usd"] is not None)
    with_packages = sum(d["usd"] or 0 for d in deals)
    totals = client.get("/api/stats").json()["totals"]
    assert totals["deals"] == len(deals)
    assert totals["usd"] == pytest.approx(expected)
    assert totals["usd"] < with_packages
    kaz = [d for d in deals if "KAZ" in d["countries"]]
    kaz_totals = client.get("/api/stats", params={"country": "KAZ"}).json()["totals"]
    assert kaz_totals["deals"] == len(kaz)


def test_stats_match_the_stored_rows(client: TestClient, db: Path) -> None:
    assert client.get("/api/stats").json()["totals"]["usd"] == pytest.approx(safe_usd(facts(db)))


def test_brief_in_three_formats(client: TestClient) -> None:
    params = {"country": ["KAZ", "TJK"]}
    brief = client.get("/api/brief", params=params).json()
    assert {s["code"] for s in brief["sections"]} == {"KAZ", "TJK"}
    usds = [s["usd"] for s in brief["sections"]]
    assert usds == sorted(usds, reverse=True)
    markdown = client.get("/api/brief", params={**params, "format": "md"})
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert "## Kazakhstan (KAZ)" in markdown.text
    html = client.get("/api/brief", params={**params, "format": "html"})
    assert html.headers["content-type"].startswith("text/html")
    assert "<h2>Tajikistan (TJK)" in html.text
    assert client.get("/api/brief", params={"format": "pdf"}).status_code == 422
    assert client.get("/api/brief", params={"country": ["KAZ", "Kazakhstan"]}).status_code == 422


WRITES = [
    ("post", "/api/ingest", {"text": SCRIPT_TEXT}),
    ("post", "/api/deals/1/merge", {"others": [2]}),
    ("post", "/api/deals/1/split", {}),
    ("patch", "/api/deals/1", {"status": "signed"}),
]


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_writes_are_forbidden_without_a_configured_token(
    client: TestClient, method: str, path: str, body: dict[str, Any]
) -> None:
    response = client.request(method, path, json=body, headers=AUTH)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "HTTP_403"


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
                {"Authorization": TOKEN}],
)
def test_writes_need_the_right_bearer_token(
    writer: TestClient, method: str, path: str, body: dict[str, Any], headers: dict[str, str]
) -> None:
    before = writer.get("/api/deals/1").json()
    response = writer.request(method, path, json=body, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert writer.get("/api/deals/1").json() == before


def test_ingest_text_then_again_changes_nothing(writer: TestClient) -> None:
    body = {"text": SCRIPT_TEXT, "title": SCRIPT_TITLE, "date": "2025-12-03"}
    first = writer.post("/api/ingest", json=body, headers=AUTH)
    assert first.status_code == 200, first.text
    result = first.json()
    assert result["outcome"] == "new" and result["deal_ids"]
    deal = writer.get(f"/api/deals/{result['deal_ids'][0]}").json()
    assert {"Somon Air", "Airbus"} <= {p["name"] for p in deal["parties"]}
    assert deal["usd"] == pytest.approx(480e6)
    quotes = writer.get("/api/quotes", params={"deal_id": deal["id"]}).json()
    assert quotes["total"] == len(deal["quotes"]) == 1
    assert quotes["data"][0]["speaker"] == "Rustam Nazarov"
    again = writer.post("/api/ingest", json=body, headers=AUTH).json()
    assert again["outcome"] == "unchanged" and again["article_id"] == result["article_id"]


@pytest.mark.parametrize(
    "body", [{}, {"text": "x", "url": "https://example.org/"}, {"text": ""}, {"url": "ftp://x"},
             {"text": "Some text.", "colour": "red"}],
)
def test_ingest_wants_either_a_url_or_a_text(writer: TestClient, body: dict[str, Any]) -> None:
    response = writer.post("/api/ingest", json=body, headers=AUTH)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "HTTP_422"


def test_ingest_of_unreadable_text_is_a_422_with_the_input_code(writer: TestClient) -> None:
    response = writer.post("/api/ingest", json={"text": "   \n  "}, headers=AUTH)
    assert response.status_code == 422
    assert response.json()["error"]["code"].startswith("E1")


def test_ingest_of_an_unreachable_url_is_a_422_with_the_fetch_code(writer: TestClient) -> None:
    response = writer.post("/api/ingest", json={"url": "http://127.0.0.1:9/news"}, headers=AUTH)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "E200"


def test_merge_split_and_edit(writer: TestClient) -> None:
    kgz = all_deals(writer, country="KGZ", sort="id", order="asc")
    target, other = kgz[0]["id"], kgz[1]["id"]
    merged = writer.post(f"/api/deals/{target}/merge", json={"others": [other]}, headers=AUTH)
    assert merged.status_code == 200, merged.text
    sources = {s["mention_id"] for s in merged.json()["source_list"]}
    assert merged.json()["id"] == target and len(sources) >= 2
    assert writer.get(f"/api/deals/{other}").status_code == 404

    split = writer.post(f"/api/deals/{target}/split", json={}, headers=AUTH)
    assert split.status_code == 200, split.text
    assert target in split.json()["deal_ids"] and len(split.json()["deal_ids"]) >= 2

    edited = writer.patch(f"/api/deals/{target}", json={"status": "completed", "usd": 5e6},
                          headers=AUTH)
    assert edited.status_code == 200, edited.text
    assert edited.json()["status"] == "completed" and edited.json()["usd"] == 5e6
    assert edited.json()["edits"]["status"] == "completed"


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("patch", "/api/deals/1", {"status": "rumoured"}, 400, "E503"),
        ("patch", "/api/deals/1", {}, 400, "E503"),
        ("patch", "/api/deals/1", {"countries": ["KAZ"]}, 422, "HTTP_422"),
        ("patch", "/api/deals/999999", {"status": "signed"}, 404, "E502"),
        ("post", "/api/deals/1/merge", {"others": [1]}, 400, "E503"),
        ("post", "/api/deals/1/merge", {"others": []}, 422, "HTTP_422"),
        ("post", "/api/deals/999999/merge", {"others": [1]}, 404, "E502"),
        ("post", "/api/deals/1/split", {"mention_ids": [999999]}, 400, "E503"),
    ],
)
def test_impossible_corrections_are_refused_with_a_code(
    writer: TestClient, method: str, path: str, body: dict[str, Any], status: int, code: str
) -> None:
    response = writer.request(method, path, json=body, headers=AUTH)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    expected = {
        "/api/deals": {"get"}, "/api/deals/{deal_id}": {"get", "patch"},
        "/api/deals/{deal_id}/merge": {"post"}, "/api/deals/{deal_id}/split": {"post"},
        "/api/articles": {"get"}, "/api/articles/{article_id}": {"get"},
        "/api/quotes": {"get"}, "/api/parties": {"get"}, "/api/parties/{party_id}": {"get"},
        "/api/stats": {"get"}, "/api/brief": {"get"}, "/api/export/deals.{fmt}": {"get"},
        "/api/ingest": {"post"},
    }
    for path, methods in expected.items():
        assert methods <= set(paths[path]), path
        for method in methods:
            operation = paths[path][method]
            assert operation["summary"] and "200" in operation["responses"]
    listing = paths["/api/deals"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {
        "country", "counterparty", "sector", "type", "status", "party", "since", "until",
        "min_usd", "q", "conflicts", "sort", "order", "limit", "offset",
    }
    ok = listing["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/DealPage")
    assert "404" in paths["/api/deals/{deal_id}"]["get"]["responses"]
    assert "401" in paths["/api/ingest"]["post"]["responses"]
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


def test_settings_read_the_environment() -> None:
    settings = Settings.from_env({"DEALSCOPE_TOKEN": "abc", "DEALSCOPE_DB": "/tmp/x.sqlite"})
    assert settings.token == "abc" and settings.db == "/tmp/x.sqlite"
    assert Settings.from_env({"DEALSCOPE_TOKEN": ""}).token is None


def test_dates_in_the_list_are_iso(client: TestClient) -> None:
    for deal in all_deals(client):
        assert dt.date.fromisoformat(deal["first_seen"]) <= dt.date.fromisoformat(
            deal["last_seen"]
        )
