"""dealscope.eval: the gold loader, the matching rule and the figures, on hand-built cases.

Every gold file, source and prediction here is written by the test; the names are invented.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from dealscope.core.errors import GoldFormatError
from dealscope.core.model import (
    Article,
    Deal,
    Duration,
    Extraction,
    Money,
    Party,
    Quantity,
    Quote,
    Span,
    Speaker,
    Stake,
)
from dealscope.eval import (
    FIELDS,
    Counts,
    Report,
    eval_command,
    evaluate,
    load_gold,
    normalize_name,
    report_to_dict,
)
from dealscope.eval.score import quote_overlap, speaker_right

NOWHERE = Span(start=0, end=0, text="")

# Builders --------------------------------------------------------------------------------------


def party(name: str, role: str = "partner", country: str | None = None, **kw: Any) -> Party:
    return Party(name=name, role=role, country=country, **kw)


def deal(
    id: str,
    *,
    type: str = "investment",
    parties: list[Party] | None = None,
    countries: tuple[str, ...] = (),
    usd: float | None = None,
    qualifier: str | None = None,
    count: float | None = None,
    stakes: dict[str, float] | None = None,
    years: float | None = None,
    sector: str = "other",
    status: str = "signed",
) -> Deal:
    return Deal(
        id=id,
        type=type,
        summary=f"predicted {id}",
        parties=parties or [],
        countries=list(countries),
        value=None
        if usd is None
        else Money(span=NOWHERE, amount=usd, currency="USD", usd=usd, qualifier=qualifier),
        quantity=None if count is None else Quantity(span=NOWHERE, count=count),
        stakes=[Stake(party=k, percent=v) for k, v in (stakes or {}).items()],
        period=None if years is None else Duration(span=NOWHERE, years=years),
        sector=sector,
        status=status,
    )


def quote(text: str, speaker: str | None = None, kind: str = "direct") -> Quote:
    return Quote(
        span=Span.of(text, 0, len(text)),
        text=text,
        kind=kind,
        speaker=Speaker(name=speaker) if speaker else None,
    )


def extraction(
    article: str, deals: Sequence[Deal] = (), quotes: Sequence[Quote] = ()
) -> Extraction:
    return Extraction(
        article=Article(id=article, text="invented text"), deals=list(deals), quotes=list(quotes)
    )


def gparty(
    name: str, role: str = "partner", country: str | None = None, **kw: Any
) -> dict[str, Any]:
    return {"name": name, "role": role, "country": country, **kw}


def gdeal(id: str, **kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": id,
        "type": ["investment"],
        "parties": [],
        "countries": [],
        "value_usd": None,
        "value_qualifier": None,
        "quantity": None,
        "stakes": {},
        "period_years": None,
        "sector": ["other"],
        "status": ["signed"],
        "optional": False,
    }
    return base | kw


def write(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def write_predictions(path: Path, extractions: list[Extraction]) -> Path:
    lines = [json.dumps(e.model_dump(mode="json")) for e in extractions]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(tmp_path: Path, gold: Any, predictions: list[Extraction]) -> Report:
    gold_file = write(tmp_path / "gold.json", gold)
    return evaluate(gold_file, write_predictions(tmp_path / "pred.jsonl", predictions))


# The gold article used by most tests: four required deals and one optional.

GOLD = {
    "article": "a1",
    "deals": [
        gdeal(
            "alpha",
            parties=[
                gparty("Alpha Mining Corp", "investor", "USA"),
                gparty("Kazakhstan", "government", "KAZ"),
            ],
            countries=["KAZ", "USA"],
            value_usd=1e9,
            sector=["mining"],
        ),
        gdeal(
            "beta",
            type=["purchase"],
            parties=[gparty("Beta Air", "buyer", "KAZ"), gparty("Gamma Aero", "seller", "USA")],
            countries=["KAZ", "USA"],
            value_usd=2e9,
            value_qualifier="approx",
            quantity={"count": 10, "item": "jets"},
            sector=["aviation"],
            status=["intended", "announced"],
        ),
        gdeal(
            "gamma",
            type=["financing"],
            parties=[gparty("Delta Bank", "lender", "GBR")],
            countries=["GBR", "UZB"],
            value_usd=5e8,
            sector=["finance", "energy"],
            status=["financing_offered"],
        ),
        gdeal(
            "delta",
            type=["cooperation", "investment"],
            parties=[
                gparty("Epsilon Tech Ltd", "partner", "USA", aliases=["Epsilon"]),
                gparty("Omega Group", "partner", "TJK"),
            ],
            countries=["TJK", "USA"],
            stakes={"Epsilon Tech Ltd": 60, "Omega Group": 40},
            period_years=5,
            sector=["technology"],
        ),
        gdeal(
            "zeta",
            type=["cooperation"],
            parties=[gparty("Zeta Farms", "partner", None)],
            countries=["UZB", "USA"],
            sector=["agriculture"],
            optional=True,
        ),
    ],
    "quotes": [],
}


def perfect() -> list[Deal]:
    return [
        deal(
            "p-alpha",
            parties=[party("Alpha Mining Corporation", "investor", "USA")],
            countries=("USA", "KAZ"),
            usd=1e9,
            sector="mining",
        ),
        deal(
            "p-beta",
            type="purchase",
            parties=[party("Beta Air", "buyer", "KAZ"), party("Gamma Aero", "seller", "USA")],
            countries=("KAZ", "USA"),
            usd=2e9,
            qualifier="approx",
            count=10,
            sector="aviation",
            status="intended",
        ),
        deal(
            "p-gamma",
            type="financing",
            parties=[party("Delta Bank", "lender", "GBR")],
            countries=("GBR", "UZB"),
            usd=5e8,
            sector="energy",
            status="financing_offered",
        ),
        deal(
            "p-delta",
            type="cooperation",
            parties=[party("Epsilon", "partner", "USA"), party("Omega", "partner", "TJK")],
            countries=("TJK", "USA"),
            stakes={"Epsilon": 60, "Omega": 40},
            years=5,
            sector="technology",
        ),
    ]


# Deal precision, recall and F1 -----------------------------------------------------------------


def test_perfect_predictions(tmp_path: Path) -> None:
    report = run(tmp_path, GOLD, [extraction("a1", perfect())])
    assert report.deals == Counts(tp=4, fp=0, fn=0)
    assert (report.deals.precision, report.deals.recall, report.deals.f1) == (1.0, 1.0, 1.0)
    assert {m.gold_id: m.pred_id for m in report.articles[0].matches} == {
        "alpha": "p-alpha",
        "beta": "p-beta",
        "gamma": "p-gamma",
        "delta": "p-delta",
    }
    for name in FIELDS:
        assert report.fields[name].accuracy == 1.0, name
        assert report.fields[name].total == 4, name


def test_empty_predictions_give_zero_precision_recall_f1(tmp_path: Path) -> None:
    report = run(tmp_path, GOLD, [extraction("a1")])
    assert report.deals == Counts(tp=0, fp=0, fn=4)
    # Precision is undefined (nothing predicted): reported as 0.0.
    assert (report.deals.precision, report.deals.recall, report.deals.f1) == (0.0, 0.0, 0.0)
    assert all(t.total == 0 and t.accuracy == 0.0 for t in report.fields.values())
    assert [d.id for d in report.articles[0].false_negatives] == ["alpha", "beta", "gamma", "delta"]


def test_article_without_predictions_is_scored_empty_with_a_warning(tmp_path: Path) -> None:
    report = run(tmp_path, GOLD, [extraction("other-article", perfect())])
    assert report.deals == Counts(tp=0, fp=0, fn=4)
    assert any("no predictions" in w for w in report.articles[0].warnings)
    assert report.warnings == ("ignored predictions for 1 articles not in the gold: other-article",)


def test_nothing_to_find_and_nothing_found_is_perfect(tmp_path: Path) -> None:
    report = run(tmp_path, {"article": "a1", "deals": []}, [extraction("a1")])
    assert (report.deals.precision, report.deals.recall, report.deals.f1) == (1.0, 1.0, 1.0)
    assert Counts(0, 1, 0).precision == 0.0 and Counts(0, 1, 0).recall == 0.0


def test_partial_three_of_four_and_one_spurious(tmp_path: Path) -> None:
    found = [d for d in perfect() if d.id != "p-gamma"]
    spurious = deal("p-x", parties=[party("Nobody Ltd")], countries=("FRA", "DEU"), usd=7e6)
    report = run(tmp_path, GOLD, [extraction("a1", [*found, spurious])])
    assert report.deals == Counts(tp=3, fp=1, fn=1)
    assert report.deals.precision == 0.75
    assert report.deals.recall == 0.75
    assert report.deals.f1 == pytest.approx(0.75)
    article = report.articles[0]
    assert [d.id for d in article.false_negatives] == ["gamma"]
    assert [(d.id, d.summary) for d in article.false_positives] == [("p-x", "predicted p-x")]


def test_micro_average_sums_counts_over_articles(tmp_path: Path) -> None:
    second = {"article": "a2", "deals": [GOLD["deals"][0]]}
    gold = [GOLD, second]
    report = run(tmp_path, gold, [extraction("a1", perfect()[:2]), extraction("a2")])
    assert [a.deals for a in report.articles] == [Counts(2, 0, 2), Counts(0, 0, 1)]
    assert report.deals == Counts(2, 0, 3)
    assert report.deals.recall == 0.4


def test_optional_gold_deal_matched_counts_neither_way(tmp_path: Path) -> None:
    zeta = deal("p-zeta", type="cooperation", parties=[party("Zeta Farms")], countries=("UZB",))
    report = run(tmp_path, GOLD, [extraction("a1", [*perfect(), zeta])])
    assert report.deals == Counts(tp=4, fp=0, fn=0)
    matches = {m.gold_id: m for m in report.articles[0].matches}
    assert matches["zeta"].optional and matches["zeta"].pred_id == "p-zeta"
    # Fields are judged on every matched pair, optional ones included.
    assert report.fields["type"].total == 5
    assert report.fields["countries"].correct == 4  # {UZB} != {UZB, USA}
    assert report.fields["sector"].correct == 4  # "other" is not in ["agriculture"]


# The matching rule -----------------------------------------------------------------------------


def test_value_within_two_percent_is_right_five_percent_is_wrong(tmp_path: Path) -> None:
    def with_usd(d: Deal, usd: float) -> Deal:
        assert d.value is not None
        return d.model_copy(update={"value": d.value.model_copy(update={"usd": usd})})

    alpha, beta = perfect()[:2]
    preds = [with_usd(alpha, 1.05e9), with_usd(beta, 2.03e9)]  # 5% and 1.5% off
    report = run(tmp_path, GOLD, [extraction("a1", preds)])
    assert report.deals.tp == 2  # both still matched by party name
    assert (report.fields["value"].correct, report.fields["value"].total) == (1, 2)
    assert report.fields["value"].accuracy == 0.5
    assert report.articles[0].matches[0].wrong == ["value"]


def test_match_by_value_when_names_differ(tmp_path: Path) -> None:
    renamed = deal(
        "p-alpha", parties=[party("Entirely Other Name")], countries=("KAZ",), usd=1.019e9
    )
    report = run(tmp_path, GOLD, [extraction("a1", [renamed])])
    assert report.deals == Counts(tp=1, fp=0, fn=3)
    (match,) = report.articles[0].matches
    assert match.gold_id == "alpha"
    assert match.fields["parties"] is False
    assert match.fields["value"] is True


def test_no_match_when_value_differs_more_than_two_percent_and_names_differ(
    tmp_path: Path,
) -> None:
    renamed = deal(
        "p-alpha", parties=[party("Entirely Other Name")], countries=("KAZ",), usd=1.03e9
    )
    report = run(tmp_path, GOLD, [extraction("a1", [renamed])])
    assert report.deals == Counts(tp=0, fp=1, fn=4)


def test_no_match_when_country_sets_are_disjoint(tmp_path: Path) -> None:
    moved = perfect()[0].model_copy(update={"countries": ["FRA", "DEU"]})
    report = run(tmp_path, GOLD, [extraction("a1", [moved])])
    assert report.deals == Counts(tp=0, fp=1, fn=4)


def test_government_party_name_alone_does_not_match(tmp_path: Path) -> None:
    kazakhstan = deal("p-kz", parties=[party("Kazakhstan", "government")], countries=("KAZ",))
    report = run(tmp_path, GOLD, [extraction("a1", [kazakhstan])])
    assert report.deals == Counts(tp=0, fp=1, fn=4)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Cove Kaz Capital Group", "Cove Kaz Capital"),
        ("The Coca-Cola Company", "Coca-Cola"),
        ("Alpha Mining Corp.", "alpha mining corporation"),
        ("Samruk Holding", "Samruk Holdings"),
        ("Tau-Ken Samruk", "TauKen Samruk"),
        ("U.S. Widgets, Inc.", "US Widgets"),
        ("Nordic Paper S.A.", "Nordic Paper"),
        ("Harbor & Co. LLC", "Harbor"),
        ("Acme GmbH", "ACME AG"),
        ("Zypl AI", "zypl.ai"),
        ("Dealer’s Choice Plc", "Dealer's Choice"),
    ],
)
def test_names_match_after_normalisation(left: str, right: str) -> None:
    assert normalize_name(left) == normalize_name(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [("Air Astana", "Astana"), ("Delta Bank", "Delta"), ("Group", "Ltd")],
)
def test_names_that_stay_apart(left: str, right: str) -> None:
    assert normalize_name(left) != normalize_name(right)


def test_suffix_normalisation_in_scoring(tmp_path: Path) -> None:
    gold = {
        "article": "a1",
        "deals": [
            gdeal(
                "kz",
                parties=[gparty("Cove Kaz Capital Group", "investor", "USA")],
                countries=["KAZ", "USA"],
                stakes={"Cove Kaz Capital Group": 70},
            )
        ],
    }
    pred = deal(
        "p",
        parties=[party("Cove Kaz Capital", "investor", "USA")],
        countries=("KAZ",),
        stakes={"Cove Kaz Capital": 70},
    )
    report = run(tmp_path, gold, [extraction("a1", [pred])])
    assert report.deals == Counts(tp=1, fp=0, fn=0)
    assert report.articles[0].matches[0].fields["parties"] is True
    assert report.articles[0].matches[0].fields["stakes"] is True


def test_one_to_one_two_predictions_for_one_gold(tmp_path: Path) -> None:
    gold = {"article": "a1", "deals": [GOLD["deals"][0]]}
    name_only = deal("p-name", parties=[party("Alpha Mining")], countries=("KAZ",))
    name_and_value = deal("p-both", parties=[party("Alpha Mining")], countries=("KAZ",), usd=1e9)
    report = run(tmp_path, gold, [extraction("a1", [name_only, name_and_value])])
    assert report.deals == Counts(tp=1, fp=1, fn=0)
    assert report.articles[0].matches[0].pred_id == "p-both"  # the better pair is taken first
    assert [d.id for d in report.articles[0].false_positives] == ["p-name"]


def test_field_judgements(tmp_path: Path) -> None:
    wrong = deal(
        "p-delta",
        type="trade",
        parties=[party("Epsilon Tech", "partner", "GBR"), party("Omega", "partner", "TJK")],
        countries=("TJK",),
        stakes={"Epsilon": 60, "Omega": 35},
        years=3,
        count=2,
        usd=1e6,
        sector="telecom",
        status="completed",
    )
    report = run(tmp_path, GOLD, [extraction("a1", [wrong])])
    (match,) = report.articles[0].matches
    assert match.gold_id == "delta"
    assert match.wrong == [
        "type",
        "value",
        "quantity",
        "stakes",
        "period",
        "sector",
        "status",
        "countries",
        "party_countries",
    ]
    assert match.fields["parties"] is True
    assert match.fields["value_qualifier"] is True


def test_stakes_both_empty_are_right_and_parties_not_applicable_without_named_party(
    tmp_path: Path,
) -> None:
    gold = {
        "article": "a1",
        "deals": [
            gdeal(
                "gov",
                parties=[gparty("Uzbekistan", "government", "UZB")],
                countries=["UZB", "USA"],
                value_usd=1e11,
            )
        ],
    }
    pred = deal(
        "p", parties=[party("Uzbekistan", "government", "UZB")], countries=("UZB",), usd=1e11
    )
    report = run(tmp_path, gold, [extraction("a1", [pred])])
    fields = report.articles[0].matches[0].fields
    assert fields["stakes"] is True
    assert fields["parties"] is None  # no non-government gold party: left out of the total
    assert fields["party_countries"] is True
    assert report.fields["parties"].total == 0


def test_unmatchable_gold_deal_is_named_in_warnings(tmp_path: Path) -> None:
    gold = {
        "article": "a1",
        "deals": [gdeal("vague", parties=[gparty("Tajikistan", "government")], countries=["TJK"])],
    }
    report = run(tmp_path, gold, [extraction("a1")])
    assert any("gold deal vague can never be matched" in w for w in report.articles[0].warnings)


# Quotes ----------------------------------------------------------------------------------------


def test_quote_overlap_rule() -> None:
    gold = "we will build a new plant in the north"  # 9 words
    assert quote_overlap("We will build a new plant", gold) == pytest.approx(6 / 9)
    assert quote_overlap("We will build", gold) == pytest.approx(3 / 9)
    assert quote_overlap("a new plant", "they said a new plant would come soon") == 3 / 8
    assert quote_overlap("new plant", "a new big plant") == 0.5  # half is not most
    # Raw source against cleaned text: curly quotes, line breaks and spacing do not count.
    assert quote_overlap("It's a new era, friends.", "It’s  a\nnew era,\n friends") == 1.0


def test_speaker_surname_rule() -> None:
    assert speaker_right("President Aru Temirov", "Aru Temirov")
    assert speaker_right("TEMIROV", "Aru Temirov")
    assert speaker_right("Temirov's office", "Aru Temirov")
    assert not speaker_right("Aru", "Aru Temirov")
    assert not speaker_right("Temirova", "Aru Temirov")
    assert not speaker_right(None, "Aru Temirov")
    assert speaker_right(None, None)
    assert not speaker_right("Aru Temirov", None)


def test_quote_scores(tmp_path: Path) -> None:
    gold = {
        "article": "a1",
        "deals": [],
        "quotes": [
            {"speaker": "Aru Temirov", "text": "we will build a new plant in the north"},
            {"speaker": "Mira Oskenova", "text": "prices will fall next spring, we think"},
            {"speaker": None, "text": "a turning point for the whole valley"},
        ],
    }
    preds = [
        quote("We will build a new plant in the north.", "Minister Temirov"),
        quote("Prices will fall next spring", "Aru Temirov"),  # 5/7 words: matched, wrong speaker
        quote("Nothing like any gold quote", "Someone"),
        quote("a turning point for the whole valley", kind="indirect"),  # not scored
    ]
    report = run(tmp_path, gold, [extraction("a1", quotes=preds)])
    assert report.quotes == Counts(tp=2, fp=1, fn=1)
    assert report.quotes.precision == pytest.approx(2 / 3)
    assert report.quotes.f1 == pytest.approx(2 / 3)
    assert (report.speakers.correct, report.speakers.total) == (1, 2)
    assert [q.text for q in report.articles[0].missed_quotes] == [
        "a turning point for the whole valley"
    ]
    assert [q.text for q in report.articles[0].spurious_quotes] == ["Nothing like any gold quote"]


# Gold loading ----------------------------------------------------------------------------------

SOURCE_TEXT = "Headline here\r\n\r\nThe minister said “we will open two mines” on Monday.\n"


def test_gold_quote_spans_resolved_from_a_jsonl_source(tmp_path: Path) -> None:
    corpus = tmp_path / "data" / "corpus.jsonl"
    corpus.parent.mkdir()
    records = [
        {"id": "r0", "text": "other"},
        {"id": "r1", "title": "Headline", "text": SOURCE_TEXT},
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    start = SOURCE_TEXT.index("we will")
    end = SOURCE_TEXT.index("”")
    gold_file = write(
        tmp_path / "gold" / "g.json",
        {
            "article": "g1",
            "source": "../data/corpus.jsonl#r1",
            "quotes": [{"speaker": "A B", "span": [start, end]}, {"speaker": "C", "text": "x"}],
        },
    )
    (article,) = load_gold(gold_file)
    assert article.source == f"{corpus.resolve()}#r1"
    assert article.file == gold_file
    assert [q.text for q in article.quotes] == ["we will open two mines", "x"]
    assert article.quotes[0].span == (start, end)


def test_gold_quote_spans_index_the_raw_text_file(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_bytes(SOURCE_TEXT.encode("utf-8"))  # \r\n kept as is
    start = SOURCE_TEXT.index("we will")
    gold_file = write(
        tmp_path / "g.json",
        {"article": "g1", "source": "story.txt", "quotes": [{"span": [start, start + 7]}]},
    )
    assert load_gold(gold_file)[0].quotes[0].text == "we will"


def test_gold_folder_is_read_in_name_order(tmp_path: Path) -> None:
    write(tmp_path / "b.json", {"article": "b"})
    write(tmp_path / "a.json", [{"article": "a1"}, {"article": "a2"}])
    (tmp_path / "notes.txt").write_text("not gold")
    assert [a.article for a in load_gold(tmp_path)] == ["a1", "a2", "b"]


def test_gold_accepts_a_single_string_for_lists(tmp_path: Path) -> None:
    gold_file = write(
        tmp_path / "g.json",
        {"article": "g", "deals": [gdeal("d", type="trade", sector="energy", status="signed")]},
    )
    (deal_,) = load_gold(gold_file)[0].deals
    assert (deal_.type, deal_.sector, deal_.status) == (["trade"], ["energy"], ["signed"])


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "invalid JSON at line 1"),
        ("[]", "holds no gold articles"),
        ("42", "top level: expected a JSON object"),
        ({"deals": []}, "article: Field required"),
        (
            {"article": "a", "deals": [gdeal("d", type=["buy"])]},
            "deals[0].type[0]: Input should be",
        ),
        ({"article": "a", "deals": [gdeal("d", countries=["kaz"])]}, "deals[0].countries[0]"),
        ({"article": "a", "deals": [gdeal("d", value_usd="lots")]}, "deals[0].value_usd"),
        ({"article": "a", "deals": [gdeal("d", sector=[])]}, "deals[0].sector"),
        ({"article": "a", "deals": [gdeal("d", colour="red")]}, "deals[0].colour: Extra inputs"),
        ({"article": "a", "deals": [gdeal("d"), gdeal("d")]}, "deals[1].id: duplicate deal id"),
        ({"article": "a", "quotes": [{"speaker": "x"}]}, "quotes[0]: Value error, a quote needs"),
        ({"article": "a", "quotes": [{"span": [0, 4]}]}, "quotes[0].span: a span needs a source"),
        (
            {"article": "a", "source": "missing.txt", "quotes": [{"span": [0, 4]}]},
            "source: source",
        ),
        ([{"article": "a"}, {"article": 3}], "[1].article: Input should be a valid string"),
    ],
)
def test_bad_gold_file(tmp_path: Path, content: Any, expected: str) -> None:
    gold_file = tmp_path / "bad.json"
    gold_file.write_text(content if isinstance(content, str) else json.dumps(content))
    with pytest.raises(GoldFormatError) as caught:
        load_gold(gold_file)
    message = str(caught.value)
    assert "bad.json" in message
    assert expected in message
    assert "\n" not in message


def test_bad_gold_span(tmp_path: Path) -> None:
    (tmp_path / "s.txt").write_text("short text")
    gold = {"article": "a", "source": "s.txt", "quotes": [{"span": [0, 99]}]}
    with pytest.raises(GoldFormatError, match=r"quotes\[0\]\.span: \[0, 99\] runs past the end"):
        load_gold(write(tmp_path / "g.json", gold))
    gold["quotes"] = [{"span": [0, 5], "text": "other"}]
    with pytest.raises(GoldFormatError, match=r"quotes\[0\]\.text: differs from the source"):
        load_gold(write(tmp_path / "g.json", gold))


def test_missing_gold_and_duplicate_articles(tmp_path: Path) -> None:
    with pytest.raises(GoldFormatError, match="no such file or folder"):
        load_gold(tmp_path / "nope.json")
    with pytest.raises(GoldFormatError, match=r"no \*\.json gold files"):
        load_gold(tmp_path)
    write(tmp_path / "a.json", {"article": "same"})
    write(tmp_path / "b.json", {"article": "same"})
    with pytest.raises(GoldFormatError, match=r"b\.json: article: duplicate article id 'same'"):
        load_gold(tmp_path)


# Predictions -----------------------------------------------------------------------------------


def test_saved_predictions_as_a_json_list_and_a_single_object(tmp_path: Path) -> None:
    gold_file = write(tmp_path / "gold.json", GOLD)
    as_list = write(tmp_path / "list.json", [extraction("a1", perfect()).model_dump(mode="json")])
    single = write(tmp_path / "one.json", extraction("a1", perfect()[:1]).model_dump(mode="json"))
    assert evaluate(gold_file, as_list).deals == Counts(4, 0, 0)
    assert evaluate(gold_file, single).deals == Counts(1, 0, 3)


def test_predictions_found_by_source_record_id(tmp_path: Path) -> None:
    gold = GOLD | {"source": "corpus.jsonl#rec-7"}
    report = run(tmp_path, gold, [extraction("rec-7", perfect())])
    assert report.deals == Counts(4, 0, 0)
    assert report.warnings == ()


def test_predictions_in_the_gold_format(tmp_path: Path) -> None:
    gold_file = write(tmp_path / "gold.json", GOLD)
    other_tool = {
        "article": "a1",
        "deals": [
            gdeal(
                "t1",
                type="financing",
                parties=[gparty("Delta Bank", "lender", "GBR")],
                countries=["UZB"],
                value_usd=5.05e8,
                sector="finance",
                status="financing_offered",
            ),
            gdeal("t2", parties=[gparty("Zeta Farms")], countries=["USA"], optional=True),
        ],
        "quotes": [],
    }
    report = evaluate(gold_file, write(tmp_path / "tool.json", other_tool))
    # t2 matches the optional gold deal: its own "optional" flag is ignored.
    assert report.deals == Counts(tp=1, fp=0, fn=3)
    assert report.fields["value"].correct == 2


def test_bad_prediction_files(tmp_path: Path) -> None:
    gold_file = write(tmp_path / "gold.json", GOLD)
    cases = {
        "a.jsonl": '{"article": {"id": "a1", "text": ""}, "deals": [{"id": 3}]}\n',
        "b.jsonl": "\n{oops\n",
        "c.json": '{"title": "no article"}',
        "d.jsonl": '{"article": "a1"}\n{"article": "a1"}\n',
    }
    expected = {
        "a.jsonl": "line 1: deals[0].id: Input should be a valid string",
        "b.jsonl": "line 2: invalid JSON",
        "c.json": "neither an Extraction nor a gold-format article",
        "d.jsonl": "line 2: article: duplicate article id 'a1'",
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text)
        with pytest.raises(GoldFormatError, match=re.escape(expected[name])):
            evaluate(gold_file, tmp_path / name)


# Running the extractor -------------------------------------------------------------------------


class FakeExtractor:
    def __init__(self) -> None:
        self.seen: list[Article] = []

    def extract(self, article: Article) -> Extraction:
        self.seen.append(article)
        return extraction(article.id, perfect()[:2])


def test_evaluate_runs_the_extractor_on_each_source(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(SOURCE_TEXT)
    gold_file = write(tmp_path / "gold.json", GOLD | {"source": "story.txt"})
    fake = FakeExtractor()
    report = evaluate(gold_file, extractor=fake)
    assert report.deals == Counts(tp=2, fp=0, fn=2)
    (article,) = fake.seen
    assert (article.id, article.title) == ("a1", "Headline here")
    assert "we will open two mines" in article.text


def test_evaluate_builds_the_pipeline_extractor_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "story.txt").write_text(SOURCE_TEXT)
    gold_file = write(tmp_path / "gold.json", GOLD | {"source": "story.txt"})
    monkeypatch.setattr("dealscope.pipeline.Extractor", FakeExtractor)
    assert evaluate(gold_file).deals == Counts(tp=2, fp=0, fn=2)


def test_running_needs_a_readable_source(tmp_path: Path) -> None:
    with pytest.raises(GoldFormatError, match="article 'a1': source: missing"):
        evaluate(write(tmp_path / "g.json", GOLD), extractor=FakeExtractor())
    gone = write(tmp_path / "h.json", GOLD | {"source": "gone.txt"})
    with pytest.raises(GoldFormatError, match=r"h.json: article 'a1': source .*gone.txt: file not"):
        evaluate(gone, extractor=FakeExtractor())


# Report and command ----------------------------------------------------------------------------


def test_report_json_shape(tmp_path: Path) -> None:
    report = run(tmp_path, GOLD, [extraction("a1", perfect()[:3], [quote("hello there", "X")])])
    data = report_to_dict(report)
    assert list(data) == ["overall", "articles", "warnings"]
    assert list(data["overall"]) == ["deals", "fields", "quotes"]
    assert data["overall"]["deals"] == {
        "tp": 3,
        "fp": 0,
        "fn": 1,
        "precision": 1.0,
        "recall": 0.75,
        "f1": pytest.approx(6 / 7),
    }
    assert list(data["overall"]["fields"]) == list(FIELDS)
    assert data["overall"]["fields"]["type"] == {"correct": 3, "total": 3, "accuracy": 1.0}
    assert data["overall"]["quotes"] == {
        "tp": 0,
        "fp": 1,
        "fn": 0,
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "speaker_accuracy": 0.0,
        "speaker_correct": 0,
        "speaker_total": 0,
    }
    (article,) = data["articles"]
    assert article["article"] == "a1"
    assert article["false_negatives"][0]["id"] == "delta"
    assert article["spurious_quotes"] == [{"speaker": "X", "text": "hello there"}]
    assert {m["gold"] for m in article["matches"]} == {"alpha", "beta", "gamma"}
    json.dumps(data)


def test_eval_command_json_and_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold_file = write(tmp_path / "gold.json", GOLD)
    predictions = write_predictions(tmp_path / "p.jsonl", [extraction("a1", perfect()[:3])])
    assert eval_command(gold_file, predictions, as_json=True) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["overall"]["deals"]["recall"] == 0.75
    assert eval_command(gold_file, predictions, as_json=False) == 0
    out = capsys.readouterr().out
    assert "Overall" in out and "missed: delta" in out and "0.750" in out


def test_eval_command_error_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert eval_command(tmp_path / "missing.json", None, as_json=False) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: [E300] ")
    assert captured.err.count("\n") == 1
