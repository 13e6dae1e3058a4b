"""Scoring: which predicted deal is which gold deal, and how right it is.

The rules (also in the README of the evaluation):

Names. A name is normalised by NFKC, casefolding, removing dots inside words ("U.S." -> "US",
"S.A." -> "SA"), splitting into word tokens (punctuation goes), dropping a leading "The" and
then any trailing legal suffixes (:data:`LEGAL_SUFFIXES`, e.g. "Group", "Ltd", "Holdings"), and
joining the tokens without spaces ("Tau-Ken Samruk" = "TauKen Samruk"). Nothing is dropped that
would leave the name empty. A party's keys are its normalised name and aliases.

Deal match. A prediction can match a gold deal when their country sets intersect and either
(a) some gold party whose role is not ``government`` shares a key with some predicted party
(of any role), or (b) both USD values are known and ``|pred - gold| <= 2% * |gold|``.

Assignment. Every possible pair gets :func:`pair_score` =
``4*named_party + 4*value_agrees + share_of_gold_parties_found + type_overlaps
+ jaccard(countries) + quantity_counts_equal``; pairs are taken greedily by descending score
(ties: required gold before optional, then gold order, then prediction order), each gold deal
and each prediction at most once.

Counts. A prediction matched to a required gold deal is a true positive, an unmatched prediction
a false positive, an unmatched required gold deal a false negative; a prediction matched to an
optional gold deal counts neither way. Precision, recall and F1 are 0.0 when undefined (no
predictions, no required gold), except that an article with nothing to find and nothing found
scores 1.0 on all three. Overall figures are micro-averaged (counts summed over articles).
A gold deal that no prediction could ever match (:func:`can_match`) is named in the warnings.

Fields. Judged on every matched pair, required or optional (see :func:`field_results`); a field
that does not apply to a pair (``None``) is left out of its total. Field accuracies pool all
matched pairs of all articles; an accuracy with nothing to judge is 0.0.

Quotes. Only direct predicted quotes are scored (the gold lists direct quotes). Texts are
compared as multisets of casefolded word tokens; a predicted and a gold quote match when
``|common words| / max(|pred words|, |gold words|) > 0.5``, i.e. most of the words of each are in
the other. Matching is one-to-one, greedy by descending overlap. On matched quotes the speaker is
right when the last word token of the gold speaker's name is a word token of the predicted
speaker's name, or when both are missing.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from dealscope.eval.convert import ComparableDeal, ComparableParty, ComparableQuote

LEGAL_SUFFIXES = frozenset(
    {
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "cos",
        "company",
        "group",
        "ltd",
        "limited",
        "plc",
        "llc",
        "llp",
        "ag",
        "sa",
        "nv",
        "bv",
        "gmbh",
        "holding",
        "holdings",
        "jsc",
        "pjsc",
        "pty",
        "pte",
        "spa",
    }
)
"""Trailing words dropped from names before comparing them (after casefolding)."""

FIELDS = (
    "type",
    "value",
    "value_qualifier",
    "quantity",
    "stakes",
    "period",
    "sector",
    "status",
    "countries",
    "parties",
    "party_countries",
)
"""The deal fields judged on matched pairs, in report order."""

VALUE_TOLERANCE = 0.02
QUOTE_MIN_OVERLAP = 0.5

_WORD = re.compile(r"[^\W_]+")
_INNER_DOT = re.compile(r"(?<=\w)\.(?=\w)")


def words(text: str) -> list[str]:
    """Casefolded word tokens: letters and digits; punctuation and spacing are ignored."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def normalize_name(name: str) -> str:
    """The comparison key of a name: "The Cove Kaz Capital Group" -> "covekazcapital"."""
    tokens = words(_INNER_DOT.sub("", unicodedata.normalize("NFKC", name)))
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1] in LEGAL_SUFFIXES:
        tokens = tokens[:-1]
    return "".join(tokens)


def name_keys(party: ComparableParty) -> frozenset[str]:
    return frozenset(key for key in map(normalize_name, party.names) if key)


def _all_keys(deal: ComparableDeal) -> frozenset[str]:
    return frozenset().union(*(name_keys(p) for p in deal.parties))


def values_agree(pred: float | None, gold: float | None) -> bool:
    """Both values known and within 2% of the gold value."""
    if pred is None or gold is None:
        return False
    return abs(pred - gold) <= VALUE_TOLERANCE * abs(gold)


def named_party_matches(pred: ComparableDeal, gold: ComparableDeal) -> bool:
    """Some non-government gold party shares a name or alias with some predicted party."""
    keys = _all_keys(pred)
    return any(name_keys(g) & keys for g in gold.parties if g.role != "government")


def deals_match(pred: ComparableDeal, gold: ComparableDeal) -> bool:
    """The README's rule: countries intersect, and a named party or the USD value agrees."""
    if not pred.countries & gold.countries:
        return False
    return named_party_matches(pred, gold) or values_agree(pred.value_usd, gold.value_usd)


def can_match(gold: ComparableDeal) -> bool:
    """Whether any prediction could match this gold deal: it has countries, and a named
    non-government party or a value. Gold deals that cannot are reported in the warnings."""
    named = any(name_keys(p) for p in gold.parties if p.role != "government")
    return bool(gold.countries) and (named or gold.value_usd is not None)


def pair_score(pred: ComparableDeal, gold: ComparableDeal) -> float:
    """How well a matching pair fits, to take the best pairs first (see the module notes)."""
    keys = _all_keys(pred)
    found = sum(1 for g in gold.parties if name_keys(g) & keys)
    countries = pred.countries | gold.countries
    same_count = gold.quantity_count is not None and _same_number(
        pred.quantity_count, gold.quantity_count
    )
    return (
        4.0 * named_party_matches(pred, gold)
        + 4.0 * values_agree(pred.value_usd, gold.value_usd)
        + (found / len(gold.parties) if gold.parties else 0.0)
        + bool(pred.types & gold.types)
        + (len(pred.countries & gold.countries) / len(countries) if countries else 0.0)
        + same_count
    )


def field_results(pred: ComparableDeal, gold: ComparableDeal) -> dict[str, bool | None]:
    """Each field of :data:`FIELDS` judged right (True), wrong (False) or not applicable (None).

    type, sector, status: the predicted values meet the gold list. value: both null, or within
    2%. value_qualifier: equal (both null is right). quantity: both null, or equal counts (the
    item is not compared). stakes: the same number of stakes, each gold stake paired with a
    predicted one of equal percent whose party shares a name key (a stake's party is looked up
    among the deal's parties to use its aliases). period: both null or equal. countries: equal
    sets. parties: every non-government gold party found by name or alias among the predicted
    parties (None when the gold deal has none). party_countries: every gold party with a
    country that is found by name has a same-named predicted party with that country (None
    when no such party).
    """
    return {
        "type": bool(pred.types & gold.types),
        "value": _same_value(pred.value_usd, gold.value_usd),
        "value_qualifier": pred.value_qualifier == gold.value_qualifier,
        "quantity": _same_number(pred.quantity_count, gold.quantity_count),
        "stakes": _same_stakes(pred, gold),
        "period": _same_number(pred.period_years, gold.period_years),
        "sector": bool(pred.sectors & gold.sectors),
        "status": bool(pred.statuses & gold.statuses),
        "countries": pred.countries == gold.countries,
        "parties": _parties_found(pred, gold),
        "party_countries": _party_countries_right(pred, gold),
    }


def _same_value(pred: float | None, gold: float | None) -> bool:
    return (pred is None and gold is None) or values_agree(pred, gold)


def _same_number(pred: float | None, gold: float | None) -> bool:
    if pred is None or gold is None:
        return pred is None and gold is None
    return math.isclose(pred, gold, rel_tol=1e-9, abs_tol=1e-9)


def _stakes(deal: ComparableDeal) -> list[tuple[frozenset[str], float]]:
    stakes = []
    for name, percent in deal.stakes:
        key = normalize_name(name)
        party = next((p for p in deal.parties if key in name_keys(p)), None)
        stakes.append((name_keys(party) if party else frozenset({key}), percent))
    return stakes


def _same_stakes(pred: ComparableDeal, gold: ComparableDeal) -> bool:
    left = _stakes(pred)
    wanted = _stakes(gold)
    if len(left) != len(wanted):
        return False
    for keys, percent in wanted:
        hit = next(
            (i for i, (k, p) in enumerate(left) if k & keys and _same_number(p, percent)), None
        )
        if hit is None:
            return False
        del left[hit]
    return True


def _parties_found(pred: ComparableDeal, gold: ComparableDeal) -> bool | None:
    named = [g for g in gold.parties if g.role != "government"]
    if not named:
        return None
    keys = _all_keys(pred)
    return all(name_keys(g) & keys for g in named)


def _party_countries_right(pred: ComparableDeal, gold: ComparableDeal) -> bool | None:
    judged = False
    for g in gold.parties:
        if g.country is None:
            continue
        same = [p for p in pred.parties if name_keys(p) & name_keys(g)]
        if not same:
            continue
        if not any(p.country == g.country for p in same):
            return False
        judged = True
    return True if judged else None


def quote_overlap(pred: str, gold: str) -> float:
    """Common word tokens (as multisets) over the word count of the longer of the two."""
    p, g = Counter(words(pred)), Counter(words(gold))
    longest = max(p.total(), g.total())
    return (p & g).total() / longest if longest else 0.0


def speaker_right(pred: str | None, gold: str | None) -> bool:
    """The gold speaker's surname (last word token) is a word token of the predicted speaker."""
    surname = words(gold or "")[-1:]
    if not surname:
        return pred is None or not words(pred)
    return pred is not None and surname[0] in words(pred)


# Results


@dataclass(frozen=True)
class Counts:
    """True positives, false positives, false negatives; P/R/F1 as in the module notes."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def _nothing(self) -> bool:
        return self.tp == self.fp == self.fn == 0

    @property
    def precision(self) -> float:
        if self._nothing:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        if self._nothing:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Tally:
    """How many of ``total`` judgements were right; accuracy 0.0 when there were none."""

    correct: int = 0
    total: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.correct + other.correct, self.total + other.total)

    @classmethod
    def of(cls, results: Iterable[bool | None]) -> Tally:
        judged = [r for r in results if r is not None]
        return cls(sum(judged), len(judged))

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class DealMatch:
    gold_id: str
    pred_id: str
    score: float
    optional: bool
    fields: Mapping[str, bool | None]

    @property
    def wrong(self) -> list[str]:
        return [name for name in FIELDS if self.fields[name] is False]


@dataclass(frozen=True)
class DealRef:
    """A deal named in a list of false positives or false negatives."""

    id: str
    summary: str


@dataclass(frozen=True)
class QuoteMatch:
    gold: ComparableQuote
    pred: ComparableQuote
    overlap: float
    speaker_right: bool


@dataclass(frozen=True)
class ArticleScore:
    article: str
    deals: Counts
    fields: Mapping[str, Tally]
    quotes: Counts
    speakers: Tally
    matches: tuple[DealMatch, ...] = ()
    false_positives: tuple[DealRef, ...] = ()
    false_negatives: tuple[DealRef, ...] = ()
    quote_matches: tuple[QuoteMatch, ...] = ()
    missed_quotes: tuple[ComparableQuote, ...] = ()
    spurious_quotes: tuple[ComparableQuote, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    """Scores of every gold article; the overall figures are sums over the articles."""

    articles: tuple[ArticleScore, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def deals(self) -> Counts:
        return sum((a.deals for a in self.articles), Counts())

    @property
    def fields(self) -> dict[str, Tally]:
        return {name: sum((a.fields[name] for a in self.articles), Tally()) for name in FIELDS}

    @property
    def quotes(self) -> Counts:
        return sum((a.quotes for a in self.articles), Counts())

    @property
    def speakers(self) -> Tally:
        return sum((a.speakers for a in self.articles), Tally())


def score_article(
    article: str,
    gold_deals: Sequence[ComparableDeal],
    gold_quotes: Sequence[ComparableQuote],
    pred_deals: Sequence[ComparableDeal],
    pred_quotes: Sequence[ComparableQuote],
    warnings: Sequence[str] = (),
) -> ArticleScore:
    """Score one article's predictions against its gold."""
    deal_pairs = _greedy(
        ((-pair_score(p, g), g.optional), gi, pi)
        for gi, g in enumerate(gold_deals)
        for pi, p in enumerate(pred_deals)
        if deals_match(p, g)
    )
    matches = tuple(
        DealMatch(
            gold_deals[gi].id,
            pred_deals[pi].id,
            pair_score(pred_deals[pi], gold_deals[gi]),
            gold_deals[gi].optional,
            field_results(pred_deals[pi], gold_deals[gi]),
        )
        for gi, pi in deal_pairs
    )
    matched_gold = {gi for gi, _ in deal_pairs}
    matched_pred = {pi for _, pi in deal_pairs}
    false_negatives = tuple(
        DealRef(g.id, g.summary)
        for gi, g in enumerate(gold_deals)
        if gi not in matched_gold and not g.optional
    )
    false_positives = tuple(
        DealRef(p.id, p.summary) for pi, p in enumerate(pred_deals) if pi not in matched_pred
    )
    tp = sum(1 for m in matches if not m.optional)

    overlaps = {
        (gi, pi): quote_overlap(p.text, g.text)
        for gi, g in enumerate(gold_quotes)
        for pi, p in enumerate(pred_quotes)
    }
    quote_pairs = _greedy(
        ((-overlap,), gi, pi)
        for (gi, pi), overlap in overlaps.items()
        if overlap > QUOTE_MIN_OVERLAP
    )
    quote_matches = tuple(
        QuoteMatch(
            gold_quotes[gi],
            pred_quotes[pi],
            overlaps[gi, pi],
            speaker_right(pred_quotes[pi].speaker, gold_quotes[gi].speaker),
        )
        for gi, pi in quote_pairs
    )
    quoted_gold = {gi for gi, _ in quote_pairs}
    quoted_pred = {pi for _, pi in quote_pairs}
    return ArticleScore(
        article=article,
        deals=Counts(tp, len(false_positives), len(false_negatives)),
        fields={name: Tally.of(m.fields[name] for m in matches) for name in FIELDS},
        quotes=Counts(
            len(quote_matches),
            len(pred_quotes) - len(quote_matches),
            len(gold_quotes) - len(quote_matches),
        ),
        speakers=Tally.of(m.speaker_right for m in quote_matches),
        matches=matches,
        false_positives=false_positives,
        false_negatives=false_negatives,
        quote_matches=quote_matches,
        missed_quotes=tuple(q for i, q in enumerate(gold_quotes) if i not in quoted_gold),
        spurious_quotes=tuple(q for i, q in enumerate(pred_quotes) if i not in quoted_pred),
        warnings=(
            *warnings,
            *(
                f"gold deal {g.id} can never be matched: no countries, or neither a"
                " non-government party nor a value"
                for g in gold_deals
                if not can_match(g)
            ),
        ),
    )


def _greedy(
    candidates: Iterable[tuple[tuple[float | bool, ...], int, int]],
) -> list[tuple[int, int]]:
    """One-to-one pairs ``(gold, pred)`` taken in ascending order of ``(key, gold, pred)``."""
    pairs: list[tuple[int, int]] = []
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for _, gi, pi in sorted(candidates):
        if gi not in used_gold and pi not in used_pred:
            pairs.append((gi, pi))
            used_gold.add(gi)
            used_pred.add(pi)
    return sorted(pairs)


def score_quotes(
    gold: Sequence[ComparableQuote], pred: Sequence[ComparableQuote]
) -> tuple[Counts, Tally]:
    """Quote counts and speaker tally of one text, by the rule of ``score_article``."""
    result = score_article("", (), gold, (), pred)
    return result.quotes, result.speakers
