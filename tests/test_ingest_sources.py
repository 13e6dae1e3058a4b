"""Reading articles from files, HTML, JSON Lines corpora, directories and standard input,
and refusing what cannot be read with the matching error."""

from __future__ import annotations

import builtins
import io
import json
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dealscope.core.errors import (
    BinaryInputError,
    CorpusFormatError,
    DealscopeError,
    EmptyInputError,
    EncodingError,
    FetchError,
    InputError,
    NoArticleError,
    TooLargeError,
)
from dealscope.core.model import Article
from dealscope.core.options import Options
from dealscope.ingest import Skipped, read_articles, read_text

BODY = (
    "Acme Corp of the United States agreed to buy Widget GmbH, a German maker of valves, "
    "for $2 billion in cash, the companies said on Friday."
)
SECOND = "The deal needs approval from regulators in Brussels and should close in May."

ARTICLE_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Acme buys Widget for $2bn</title>
<meta name="author" content="Jane Doe">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2025-03-14T10:00:00Z">
</head><body>
<header><a href="#main">Skip to content</a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li>
<li><a href="/markets">Markets and economy</a></li></ul></nav></header>
<main id="main"><article>
<h1>Acme buys Widget for $2bn</h1>
<p>{BODY}</p>
<h2>Financing</h2>
<p>{SECOND}</p>
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/a">Storm closes ports along the coast</a></li></ul>
</aside>
<footer><p>Copyright 2025 Example News. All rights reserved.</p>
<p>We use cookies to improve your experience. Accept all cookies</p></footer>
</body></html>
"""

NAV_ONLY_PAGE = """<!DOCTYPE html><html><head><title>Index</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About</a></li></ul></nav>
<footer><a href="/contact">Contact</a></footer></body></html>
"""


def one(source: str | Path, options: Options | None = None) -> Article:
    items = list(read_articles(str(source), options))
    assert len(items) == 1, items
    [item] = items
    assert isinstance(item, Article), item
    return item


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def assert_one_line(error: DealscopeError, item: str) -> None:
    assert item in error.message
    assert "\n" not in error.message


# --- plain text -----------------------------------------------------------------------------


def test_text_file(tmp_path: Path) -> None:
    path = write(tmp_path / "acme-deal.txt", f"{BODY}\r\n\r\n{SECOND}\r\n")
    article = one(path)
    assert article.id == "acme-deal"
    assert article.text == f"{BODY}\n\n{SECOND}"
    assert article.source == str(path)
    assert article.language == "en"


def test_text_file_of_any_suffix_is_read_as_text(tmp_path: Path) -> None:
    article = one(write(tmp_path / "note", BODY))
    assert article.id == "note"
    assert article.text == BODY


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    article = one(write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + BODY.encode()))
    assert article.text == BODY


def test_mostly_ascii_cp1252_text_falls_back(tmp_path: Path) -> None:
    text = f"\u201c{BODY}\u201d It cost \u00a32bn. " + SECOND * 4
    article = one(write(tmp_path / "legacy.txt", text.encode("cp1252")))
    assert "\u00a32bn" in article.text
    assert article.text.startswith("\u201cAcme Corp")


# --- HTML -----------------------------------------------------------------------------------


def test_html_file_keeps_the_article_and_drops_the_furniture(tmp_path: Path) -> None:
    article = one(write(tmp_path / "acme.html", ARTICLE_PAGE))
    assert article.id == "acme"
    assert article.title == "Acme buys Widget for $2bn"
    assert article.author == "Jane Doe"
    assert article.date == date(2025, 3, 14)
    assert article.site == "Example News"
    assert BODY in article.text
    assert SECOND in article.text
    assert "Financing" in article.text.split("\n")
    for furniture in (
        "Skip to content",
        "Home",
        "Most read",
        "Storm closes",
        "cookies",
        "Copyright",
    ):
        assert furniture not in article.text, furniture
    assert not article.text.startswith("Acme buys Widget for $2bn")  # the headline is the title
    assert "\n\n" in article.text  # blocks become paragraphs


def test_html_is_sniffed_without_a_suffix(tmp_path: Path) -> None:
    article = one(write(tmp_path / "page.txt", ARTICLE_PAGE))
    assert article.title == "Acme buys Widget for $2bn"
    assert "<p>" not in article.text


def test_html_declared_charset_is_used_when_not_utf8(tmp_path: Path) -> None:
    page = ARTICLE_PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').replace(
        "Widget GmbH", "Widget Société"
    )
    article = one(write(tmp_path / "latin.html", page.encode("iso-8859-1")))
    assert "Widget Société" in article.text


def test_html_without_an_article_raises(tmp_path: Path) -> None:
    path = write(tmp_path / "index.html", NAV_ONLY_PAGE)
    with pytest.raises(NoArticleError) as caught:
        read_articles(str(path))
    assert_one_line(caught.value, str(path))


# --- bad single inputs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", EmptyInputError),
        (b"  \n\t\r\n   \n", EmptyInputError),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, BinaryInputError),
        (bytes(range(1, 32)) * 40, BinaryInputError),
        ("Acme bought Widget.".encode("utf-16"), EncodingError),
    ],
    ids=["empty", "whitespace", "png", "control-chars", "utf16"],
)
def test_unreadable_file_raises(tmp_path: Path, content: bytes, error: type[Exception]) -> None:
    path = write(tmp_path / "bad.txt", content)
    with pytest.raises(error) as caught:
        read_articles(str(path))
    assert isinstance(caught.value, DealscopeError)
    assert_one_line(caught.value, str(path))


def test_latin1_file_that_is_not_utf8_raises(tmp_path: Path) -> None:
    text = "Société Générale prévoit d'acquérir la majorité du capital à Zürich, été 2025."
    path = write(tmp_path / "latin1.txt", text.encode("latin-1"))
    with pytest.raises(EncodingError) as caught:
        read_articles(str(path))
    assert_one_line(caught.value, str(path))
    assert "not valid UTF-8" in caught.value.message
    assert "offset" in caught.value.message


def test_missing_file_raises_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_articles(str(tmp_path / "nowhere.txt"))


def test_other_url_schemes_are_refused() -> None:
    with pytest.raises(FetchError, match="only http and https"):
        read_articles("ftp://example.invalid/article.txt")


def test_small_limit_refuses_a_bigger_file(tmp_path: Path) -> None:
    path = write(tmp_path / "long.txt", BODY * 10)
    with pytest.raises(TooLargeError, match=r"over the 100 bytes limit"):
        read_articles(str(path), Options(max_bytes=100))


def test_huge_file_is_refused_by_its_size_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: 50 MB on paper, nothing written
        handle.truncate(50_000_000)
    opened: list[str] = []

    def spy(real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(file: Any, *args: Any, **kwargs: Any) -> Any:
            opened.append(str(file))
            return real(file, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(builtins, "open", spy(builtins.open))
    monkeypatch.setattr(io, "open", spy(io.open))
    started = time.monotonic()
    with pytest.raises(TooLargeError) as caught:
        read_articles(str(path))
    assert time.monotonic() - started < 1.0
    assert "50.0 MB" in caught.value.message
    assert "20.0 MB" in caught.value.message
    assert str(path) not in opened


# --- read_text ------------------------------------------------------------------------------


def test_read_text_builds_an_article() -> None:
    article = read_text(
        f"Acme buys Widget\n\n{BODY}",
        id="a1",
        title="Acme buys Widget",
        date=date(2025, 1, 2),
        source="test",
    )
    assert article.id == "a1"
    assert article.title == "Acme buys Widget"
    assert article.text == BODY
    assert article.date == date(2025, 1, 2)
    assert article.source == "test"
    assert article.language == "en"


def test_read_text_defaults_and_refusals() -> None:
    assert read_text(BODY).id == "text"
    with pytest.raises(EmptyInputError):
        read_text("  \n ")
    with pytest.raises(BinaryInputError):
        read_text("abc\x00def")
    with pytest.raises(TooLargeError):
        read_text(BODY, options=Options(max_bytes=10))
    with pytest.raises(NoArticleError):
        read_text("Dismiss\nFeatures\n")


def test_read_text_does_not_raise_for_russian() -> None:
    russian = (
        "Правительство Казахстана подписало соглашение с американской компанией о разработке "
        "месторождения вольфрама. Сумма инвестиций составит около одного миллиарда долларов."
    )
    article = read_text(russian)
    assert article.language == "ru"
    assert article.text == russian


def test_russian_file_reads_with_its_language(tmp_path: Path) -> None:
    path = write(tmp_path / "ru.txt", "Компания объявила о покупке завода в Германии. " * 5)
    assert one(path).language == "ru"


# --- JSON Lines corpora ---------------------------------------------------------------------


def corpus_lines() -> list[str]:
    return [
        json.dumps({"id": "a", "title": "Acme buys Widget", "text": f"Acme buys Widget\n\n{BODY}"}),
        "{this is not json",
        json.dumps({"id": "b", "title": "No text here"}),
        "",
        json.dumps(
            {
                "id": 7,
                "title": "ACME <ACME> TO BUY WIDGET",
                "text": "Acme Corp <ACME> said it\nwould buy <Widget GmbH>.\n Reuter",
                "date": "1987-03-02",
                "topics": ["acq"],
            }
        ),
        json.dumps({"id": "c", "text": SECOND, "date": "yesterday"}),
        json.dumps(["not", "an", "object"]),
    ]


def test_jsonl_corpus_yields_good_records_and_skips_bad_ones(tmp_path: Path) -> None:
    path = write(tmp_path / "news.jsonl", "\n".join(corpus_lines()) + "\n")
    items = list(read_articles(str(path)))
    assert [type(item).__name__ for item in items] == [
        "Article",
        "Skipped",
        "Skipped",
        "Article",
        "Skipped",
        "Skipped",
    ]
    first, bad_json, no_text, wire, bad_date, not_object = items
    assert isinstance(first, Article) and isinstance(wire, Article)
    assert first.id == "a"
    assert first.title == "Acme buys Widget"
    assert first.text == BODY
    assert first.source == str(path)
    assert wire.id == "7"
    assert wire.title == "ACME TO BUY WIDGET"
    assert wire.text == "Acme Corp said it\nwould buy Widget GmbH."
    assert wire.date == date(1987, 3, 2)

    assert isinstance(bad_json, Skipped) and isinstance(no_text, Skipped)
    assert bad_json.item == f"{path}:line 2"
    assert isinstance(bad_json.error, CorpusFormatError)
    assert no_text.item == f"{path}#b"
    assert isinstance(no_text.error, CorpusFormatError)
    assert "has no text" in no_text.error.message
    assert isinstance(bad_date, Skipped) and bad_date.item == f"{path}#c"
    assert isinstance(not_object, Skipped) and not_object.item == f"{path}:line 7"


def test_jsonl_record_over_the_limit_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    records = [
        {"id": "big", "text": BODY * 50},
        {"id": "small", "text": BODY},
    ]
    path = write(tmp_path / "c.jsonl", "\n".join(json.dumps(r) for r in records))
    items = list(read_articles(str(path), Options(max_bytes=1000)))
    assert isinstance(items[0], Skipped)
    assert isinstance(items[0].error, TooLargeError)
    assert isinstance(items[1], Article) and items[1].id == "small"


def test_jsonl_record_that_is_not_utf8_is_skipped(tmp_path: Path) -> None:
    good = json.dumps({"id": "ok", "text": BODY}).encode()
    bad = b'{"id": "bad", "text": "Soci\xe9t\xe9 G\xe9n\xe9rale"}'
    path = write(tmp_path / "c.jsonl", bad + b"\n" + good + b"\n")
    first, second = read_articles(str(path))
    assert isinstance(first, Skipped) and isinstance(first.error, EncodingError)
    assert isinstance(second, Article) and second.id == "ok"


@pytest.mark.parametrize(
    ("content", "error"),
    [(b"", EmptyInputError), (b"\n\n", EmptyInputError), (b"\x00\x01" * 100, BinaryInputError)],
)
def test_unreadable_corpus_raises(tmp_path: Path, content: bytes, error: type[Exception]) -> None:
    path = write(tmp_path / "c.jsonl", content)
    with pytest.raises(error):
        read_articles(str(path))


# --- directories ----------------------------------------------------------------------------


def test_directory_reads_every_supported_file_sorted_and_recursively(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", BODY)
    write(tmp_path / "a.html", ARTICLE_PAGE)
    write(tmp_path / "notes.md", f"# Notes\n\n{SECOND}")
    write(tmp_path / "empty.txt", "")
    write(tmp_path / "data.csv", "id,text\n1,ignored")
    write(tmp_path / ".hidden.txt", BODY)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "c.htm", ARTICLE_PAGE)
    write(tmp_path / "sub" / "b.txt", SECOND)
    write(tmp_path / "sub" / "corpus.jsonl", json.dumps({"id": "r1", "text": BODY}) + "\n{oops\n")
    items = list(read_articles(str(tmp_path)))
    names = [item.item if isinstance(item, Skipped) else item.id for item in items]
    assert names == [
        str(tmp_path / "data.csv"),  # another kind of file: reported, not read
        "a",
        "b",
        str(tmp_path / "empty.txt"),
        "notes",
        "sub/b",
        "c",
        "r1",
        f"{tmp_path / 'sub' / 'corpus.jsonl'}:line 2",
    ]
    empty = items[3]
    assert isinstance(empty, Skipped) and isinstance(empty.error, EmptyInputError)
    assert isinstance(items[0], Skipped) and "not a kind of file" in items[0].error.message


def test_directory_without_readable_files_raises(tmp_path: Path) -> None:
    write(tmp_path / "data.csv", "a,b")
    with pytest.raises(EmptyInputError, match="no files to read"):
        read_articles(str(tmp_path))


# --- standard input -------------------------------------------------------------------------


def test_stdin_text(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.TextIOWrapper(io.BytesIO(f"{BODY}\r\n\r\n{SECOND}".encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stream)
    article = one("-")
    assert article.id == "stdin"
    assert article.source == "stdin"
    assert article.text == f"{BODY}\n\n{SECOND}"


def test_stdin_html_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.TextIOWrapper(io.BytesIO(ARTICLE_PAGE.encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stream)
    article = one("-")
    assert article.title == "Acme buys Widget for $2bn"
    assert BODY in article.text


@pytest.mark.parametrize(
    ("content", "error", "options"),
    [
        (b"", EmptyInputError, None),
        (b"\xff\xfe\x00\x00garbage\x00", EncodingError, None),
        (BODY.encode() * 10, TooLargeError, Options(max_bytes=200)),
    ],
)
def test_stdin_refusals(
    monkeypatch: pytest.MonkeyPatch,
    content: bytes,
    error: type[Exception],
    options: Options | None,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(content), encoding="utf-8"))
    with pytest.raises(error, match="stdin"):
        read_articles("-", options)
