"""Cleaning: the cleaned text is the reference for every offset, so its rules are pinned here.

Texts are written for the tests; the real seed article and corpora are only read from
../shared (never copied), and assertions quote a few words at most.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from dealscope.core.model import Article
from dealscope.ingest import Cleaned, Skipped, clean_text, read_articles, read_text

# --- where the shared corpora live ----------------------------------------------------------


def shared_dir() -> Path:
    """``../shared`` next to the repository, else ``$DEALSCOPE_SHARED``.

    Skips with the reason when neither holds the corpora; in CI (``CI=true``) that fails.
    """
    candidates = [Path(__file__).resolve().parents[2] / "shared"]
    if os.environ.get("DEALSCOPE_SHARED"):
        candidates.append(Path(os.environ["DEALSCOPE_SHARED"]))
    for candidate in candidates:
        if (candidate / "corpus").is_dir():
            return candidate
    tried = ", ".join(str(path) for path in candidates)
    message = f"the shared corpora are absent (looked in {tried}; set DEALSCOPE_SHARED)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def assert_offset_safe(text: str) -> None:
    """What every cleaned text guarantees to the offset-based layers."""
    assert "\r" not in text
    assert "\t" not in text
    assert "\u00a0" not in text
    assert "  " not in text
    assert "\n\n\n" not in text
    assert text == text.strip()
    for line in lines_of(text):
        assert line == line.strip(" "), f"leading or trailing space in {line!r}"


# --- whitespace and characters ---------------------------------------------------------------


def test_line_endings_spaces_and_blank_runs_are_normalised() -> None:
    raw = "First  paragraph\twith\u00a0 odd   spaces.   \r\n\r\n\r\n\r\nSecond one.\rThird line."
    cleaned = clean_text(raw)
    assert cleaned.text == "First paragraph with odd spaces.\n\nSecond one.\nThird line."
    assert_offset_safe(cleaned.text)


def test_bom_zero_width_and_control_characters_are_dropped() -> None:
    cleaned = clean_text("\ufeffAcme\u200b bought\x07 Widget Co.")
    assert cleaned.text == "Acme bought Widget Co."


def test_paragraph_breaks_and_single_line_headings_are_kept() -> None:
    raw = (
        "Opening paragraph about the summit.\n\n"
        "Kazakhstan\n"
        "Kazakhstan signed an agreement with a US firm.\n\n"
        "Uzbekistan\n"
        "Uzbekistan announced a purchase."
    )
    assert clean_text(raw).text == raw


# --- headline, byline, dateline --------------------------------------------------------------


def test_repeated_headline_becomes_the_title_and_leaves_the_text() -> None:
    raw = (
        "Acme agrees to buy Widget Co\n\n"
        "Acme agrees  to buy  Widget Co\n"
        "By Jane Doe, Reuters\n\n"
        "Acme said on Monday it would buy Widget Co."
    )
    cleaned = clean_text(raw)
    assert cleaned.title == "Acme agrees to buy Widget Co"
    assert (cleaned.author, cleaned.site) == ("Jane Doe", "Reuters")
    assert cleaned.text == "Acme said on Monday it would buy Widget Co."
    assert "repeated headline: Acme agrees to buy Widget Co" in cleaned.removed


def test_a_short_first_line_standing_alone_is_the_headline() -> None:
    raw = "Acme agrees to buy Widget Co\n\nAcme said on Monday it would buy Widget Co."
    cleaned = clean_text(raw)
    assert cleaned.title == "Acme agrees to buy Widget Co"
    assert cleaned.text == "Acme said on Monday it would buy Widget Co."
    assert cleaned.removed == ["title: Acme agrees to buy Widget Co"]


@pytest.mark.parametrize(
    "raw",
    [
        "Acme agreed to buy Widget Co.\n\nThe deal closes in May.",  # a sentence
        "Kazakhstan\nKazakhstan signed an agreement.\n\nMore followed.",  # a section heading
        "Acme agrees to buy Widget Co",  # nothing below it
        "In a statement on Monday:\n\nAcme said it would buy Widget.",  # a lead-in
    ],
)
def test_a_first_line_that_is_not_a_headline_stays(raw: str) -> None:
    cleaned = clean_text(raw)
    assert cleaned.title is None
    assert cleaned.text == raw


def test_a_known_title_wins_over_a_different_first_line() -> None:
    raw = "Exclusive report\n\nAcme said on Monday it would buy Widget Co."
    cleaned = clean_text(raw, title="Acme agrees to buy Widget Co")
    assert cleaned.title is None
    assert cleaned.text == raw
    known = clean_text(
        "Acme agrees to buy Widget Co\n\nAcme said on Monday it would buy Widget Co.",
        title="Acme agrees to buy Widget Co",
    )
    assert known.title == "Acme agrees to buy Widget Co"
    assert known.text == "Acme said on Monday it would buy Widget Co."


def test_known_title_with_a_site_suffix_still_matches_the_headline() -> None:
    raw = "Acme agrees to buy Widget Co\n\nAcme said it would buy Widget Co."
    cleaned = clean_text(raw, title="Acme agrees to buy Widget Co | Example News")
    assert cleaned.text == "Acme said it would buy Widget Co."


@pytest.mark.parametrize(
    ("line", "author", "day"),
    [
        ("By bne IntelliNews November 9, 2025", "bne IntelliNews", date(2025, 11, 9)),
        ("By John Smith, Reuters", "John Smith", None),
        ("By Jane Doe | 3 March 2024 10:30 GMT", "Jane Doe", date(2024, 3, 3)),
        ("BY MARY ROE, Nov. 2, 2023", "MARY ROE", date(2023, 11, 2)),
    ],
)
def test_a_byline_becomes_author_and_date(line: str, author: str, day: date | None) -> None:
    cleaned = clean_text(f"{line}\n\nAcme bought Widget Co for $2bn on Tuesday.")
    assert cleaned.author == author
    assert cleaned.date == day
    assert cleaned.text == "Acme bought Widget Co for $2bn on Tuesday."
    assert f"byline: {line}" in cleaned.removed


@pytest.mark.parametrize(
    "line",
    [
        "By contrast, rivals cut prices.",
        "By 2030 the plant will employ 500 people.",
        "By the end of the year, sales had doubled.",
        "By buying Widget, Acme doubles its share of the European market in industrial parts.",
    ],
)
def test_a_sentence_starting_with_by_is_not_a_byline(line: str) -> None:
    cleaned = clean_text(f"{line}\n\nSecond paragraph.")
    assert cleaned.author is None
    assert cleaned.text.startswith(line)


def test_a_date_only_line_at_the_top_becomes_the_date() -> None:
    cleaned = clean_text("Published: 14 March 2025\n\nAcme bought Widget Co.")
    assert cleaned.date == date(2025, 3, 14)
    assert cleaned.text == "Acme bought Widget Co."


# --- captions, credits, UI words, notices ----------------------------------------------------


@pytest.mark.parametrize(
    "furniture",
    [
        "The two presidents at a dinner in Washington. / The White House",
        "Workers at the new smelter / Reuters",
        "Photo: Jane Doe for Example News",
        "Photograph: AP",
        "Miners at the pit head (Photo: AFP)",
        "Image copyright Getty Images",
        "Image caption The plant employs 400 people",
        "The minister speaks to reporters. AFP via Getty Images",
        "Dismiss",
        "Features",
        "SHARE",
        "Share this article",
        "Advertisement",
        "Read more »",
        "Subscribe:",
        "Skip to content",
        "We use cookies to improve your experience on our site.",
        "Accept all cookies",
        "© 2025 Example News Ltd",
        "Copyright 2025 Example News. All rights reserved.",
    ],
)
def test_furniture_lines_are_removed_and_recorded(furniture: str) -> None:
    raw = f"Acme bought Widget Co on Monday.\n\n{furniture}\n\nThe deal closes in May."
    cleaned = clean_text(raw)
    assert cleaned.text == "Acme bought Widget Co on Monday.\n\nThe deal closes in May."
    assert any(entry.endswith(furniture) for entry in cleaned.removed), cleaned.removed


@pytest.mark.parametrize(
    "sentence",
    [
        "The phone features a larger screen.",
        "Features of the deal include a break fee.",
        "Share prices rose 5% after the announcement.",
        "Readers can subscribe to the report for a fee.",
        "The ratio of debt / GDP rose.",
        "Debt / GDP",
        "He said the product has new Features",
        "Getty Images agreed to merge with a rival.",
        "Cookie sales rose at the bakery chain.",
    ],
)
def test_sentences_that_merely_contain_ui_words_stay(sentence: str) -> None:
    raw = f"Acme bought Widget Co on Monday.\n\n{sentence}"
    cleaned = clean_text(raw)
    assert cleaned.text == raw
    assert cleaned.removed == []


@pytest.mark.parametrize(
    ("last", "kept"),
    [
        ('It will open in 2026." Features Dismiss', 'It will open in 2026."'),
        ("It will open in 2026.FeaturesDismiss", "It will open in 2026."),
        ("It will open in 2026. Share", "It will open in 2026."),
        ("It will open in its home marketDismiss", "It will open in its home market"),
    ],
)
def test_ui_words_glued_to_the_end_of_the_last_line_are_removed(last: str, kept: str) -> None:
    cleaned = clean_text(f"First paragraph.\n\n{last}")
    assert cleaned.text == f"First paragraph.\n\n{kept}"


# --- wire copy: sign-offs, markup, hard wrapping ---------------------------------------------


@pytest.mark.parametrize("sign_off", ["Reuter", "REUTER", " Reuter", "REUTER...", "reuter"])
def test_a_final_wire_sign_off_line_is_removed(sign_off: str) -> None:
    cleaned = clean_text(f"Acme said it bought a stake in Widget.\n{sign_off}")
    assert cleaned.text == "Acme said it bought a stake in Widget."
    assert cleaned.removed == [f"sign-off: {sign_off.strip()}"]


def test_a_sign_off_glued_to_the_last_sentence_is_removed() -> None:
    cleaned = clean_text("Shares closed at 768p. REUTER")
    assert cleaned.text == "Shares closed at 768p."


def test_a_closing_reporting_credit_is_removed() -> None:
    raw = "Acme bought Widget Co.\n\n(Reporting by Jane Doe; Editing by John Roe)"
    assert clean_text(raw).text == "Acme bought Widget Co."


def test_reuter_inside_the_text_stays() -> None:
    raw = "Reuter said the deal was done.\n\nMore details later."
    assert clean_text(raw).text == raw


def test_company_markup_loses_its_brackets_and_tickers_go() -> None:
    raw = (
        "Acme Corp <ACME> said it sold shares to <Sedio N.V.> of Lugano.\n"
        "BankAmerica Corp (<BAC>) and Widget Inc <WDG.N>, said so.\n"
        "Marriott Corp <mhs>. x < 5 and y > 3; keep <p> as written."
    )
    cleaned = clean_text(raw)
    assert cleaned.text == (
        "Acme Corp said it sold shares to Sedio N.V. of Lugano.\n"
        "BankAmerica Corp and Widget Inc, said so.\n"
        "Marriott Corp. x < 5 and y > 3; keep <p> as written."
    )
    assert "markup: <Sedio N.V.>" in cleaned.removed
    assert {"ticker: <ACME>", "ticker: <BAC>", "ticker: <WDG.N>", "ticker: <mhs>"} <= set(
        cleaned.removed
    )


def test_a_ticker_standing_for_a_name_keeps_its_text() -> None:
    cleaned = clean_text("<ITSU.T> made a takeover bid on Friday.")
    assert cleaned.text == "ITSU.T made a takeover bid on Friday."


def test_hard_wrapped_wire_copy_is_unwrapped_into_paragraphs() -> None:
    raw = (
        "Widget Industries Inc said it agreed\n"
        "to sell its packaging unit to <Acme Holdings\n"
        "Corp> for about 45 mln dlrs in cash and notes.\n"
        "    The company said the sale is subject to approval by\n"
        "regulators and should close by the end of the third quarter.\n"
        " Reuter\n"
    )
    cleaned = clean_text(raw)
    assert cleaned.text == (
        "Widget Industries Inc said it agreed to sell its packaging unit to Acme Holdings "
        "Corp for about 45 mln dlrs in cash and notes.\n\n"
        "The company said the sale is subject to approval by regulators and should close by "
        "the end of the third quarter."
    )
    assert_offset_safe(cleaned.text)


def test_short_lines_are_not_unwrapped() -> None:
    table = "Shr 31 cts vs 22 cts\nNet 804,112 vs 577,300\nRevs 5.1 mln vs 4.8 mln\nNine mths"
    assert clean_text(table).text == table


def test_one_paragraph_per_line_text_is_not_unwrapped() -> None:
    raw = "\n".join(
        f"Paragraph {n} has a sentence that is long enough to be wrapped by an editor"
        " but here it sits alone on its line, as web text does."
        for n in range(5)
    )
    assert clean_text(raw).text == raw


def test_cleaning_is_idempotent_on_clean_text() -> None:
    once = clean_text("Acme  bought\tWidget.\r\n\r\n\r\nIt paid $2bn.\nREUTER").text
    assert clean_text(once).text == once


# --- the real seed article (../shared/corpus/seed) -------------------------------------------


@pytest.fixture(scope="module")
def seed_path() -> Path:
    paths = sorted((shared_dir() / "corpus" / "seed").glob("*.txt"))
    if not paths:
        pytest.fail("no .txt file in shared/corpus/seed")
    return paths[0]


@pytest.fixture(scope="module")
def seed_cleaned(seed_path: Path) -> Cleaned:
    return clean_text(seed_path.read_text(encoding="utf-8"))


@pytest.mark.shared
def test_seed_title_is_set_and_repeated_headline_gone(seed_cleaned: Cleaned) -> None:
    assert seed_cleaned.title is not None
    assert seed_cleaned.title.startswith("US, Central Asia relations")
    assert "relations will be strengthened" not in seed_cleaned.text
    assert any(entry.startswith("repeated headline:") for entry in seed_cleaned.removed)


@pytest.mark.shared
def test_seed_caption_credit_and_ui_words_are_gone(seed_cleaned: Cleaned) -> None:
    text = seed_cleaned.text
    assert "/ The White House" not in text
    assert not any(line.endswith("/ The White House") for line in lines_of(text))
    assert "Dismiss" not in text
    assert "Features" not in lines_of(text)
    assert not text.endswith(("Features", "Dismiss"))


@pytest.mark.shared
def test_seed_byline_becomes_author_and_date(seed_cleaned: Cleaned) -> None:
    assert seed_cleaned.author == "bne IntelliNews"
    assert seed_cleaned.date == date(2025, 11, 9)
    assert not any(line.startswith("By bne") for line in lines_of(seed_cleaned.text))


@pytest.mark.shared
def test_seed_body_and_headings_are_kept(seed_cleaned: Cleaned) -> None:
    text = seed_cleaned.text
    assert text.startswith("Donald Trump has pledged to strengthen")
    assert text.endswith("in its Tajik operation.")
    lines = lines_of(text)
    for heading in ("Kazakhstan", "Uzbekistan", "Tajikistan"):
        assert heading in lines
        assert lines[lines.index(heading) + 1].startswith(f"{heading} ")
    assert_offset_safe(text)


@pytest.mark.shared
def test_seed_file_reads_as_an_article(seed_path: Path, seed_cleaned: Cleaned) -> None:
    [article] = list(read_articles(str(seed_path)))
    assert isinstance(article, Article)
    assert article.id == seed_path.stem
    assert article.text == seed_cleaned.text
    assert article.title == seed_cleaned.title
    assert article.author == "bne IntelliNews"
    assert article.date == date(2025, 11, 9)
    assert article.language == "en"
    assert article.source == str(seed_path)


# --- the real news corpora (../shared/corpus/news) -------------------------------------------


@pytest.mark.shared
def test_reuters_corpus_reads_clean() -> None:
    path = shared_dir() / "corpus" / "news" / "reuters-acq-trade.jsonl"
    items = list(read_articles(str(path)))
    skipped = [item for item in items if isinstance(item, Skipped)]
    assert skipped == []
    articles = [item for item in items if isinstance(item, Article)]
    assert len(articles) == sum(1 for line in path.open(encoding="utf-8") if line.strip())
    for article in articles:
        assert article.date is not None
        last = article.text.rsplit("\n", 1)[-1].strip().lower()
        assert last not in {"reuter", "reuter...", "more"}, article.id
        assert_offset_safe(article.text)
    # Only malformed markup in the source, such as "(SKFR ST>" or "<CYL<", is left.
    assert sum("<" in article.text for article in articles) <= 20
    assert sum("<" in (article.title or "") for article in articles) <= 3
    english = sum(article.language == "en" for article in articles)
    assert english >= len(articles) - 3  # earnings tables have no function words


@pytest.mark.shared
def test_bbc_corpus_titles_leave_the_text() -> None:
    path = shared_dir() / "corpus" / "news" / "bbc-business.jsonl"
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    articles = [item for item in read_articles(str(path)) if isinstance(item, Article)]
    assert len(articles) == len(records)
    for record, article in zip(records, articles, strict=True):
        assert article.id == record["id"]
        assert article.title == record["title"]
        assert not article.text.startswith(record["title"] + "\n"), article.id
        assert record["text"].endswith(article.text[-40:]), article.id
        assert article.language == "en"


@pytest.mark.shared
def test_corpus_record_cleans_the_same_through_read_text() -> None:
    path = shared_dir() / "corpus" / "news" / "reuters-acq-trade.jsonl"
    record = json.loads(path.open(encoding="utf-8").readline())
    from_text = read_text(record["text"], id=record["id"], title=record["title"])
    [from_corpus] = [
        item for item in read_articles(str(path)) if getattr(item, "id", None) == record["id"]
    ]
    assert isinstance(from_corpus, Article)
    assert from_text.text == from_corpus.text
    assert from_text.title == from_corpus.title


def test_a_dateline_with_its_place_gives_the_date_and_stays() -> None:
    cleaned = clean_text(
        "Headline of a story\n\nOsh, June 2, 2024\n\nThe mayor opened a new bridge."
    )
    assert cleaned.date == date(2024, 6, 2)
    assert "Osh, June 2, 2024" in cleaned.text


@pytest.mark.parametrize(
    ("line", "kept", "outlet"),
    [
        (
            "ALMATY, Nov 7 (Steppe Wire) - Boeing won orders.",
            "ALMATY, Nov 7 - Boeing won orders.",
            "Steppe Wire",
        ),
        (
            "WASHINGTON (Reuters) - The bank lent $1bn.",
            "WASHINGTON - The bank lent $1bn.",
            "Reuters",
        ),
        (
            "Boeing (the planemaker) - as usual - won.",
            "Boeing (the planemaker) - as usual - won.",
            None,
        ),
    ],
)
def test_wire_credit_leaves_the_dateline_and_becomes_the_site(
    line: str, kept: str, outlet: str | None
) -> None:
    cleaned = clean_text(f"Headline of the story\n\n{line}\n\nMore text follows here.")
    assert cleaned.text.splitlines()[0] == kept
    assert cleaned.site == outlet
