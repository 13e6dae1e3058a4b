"""Percentages, durations and counted quantities, found on the text without a parser.

A quantity is a number followed by the noun phrase it counts ("18 long-haul Boeing 787-9
Dreamliners", "at least 3,000 agricultural machines", "from 14 to 22 aircraft"). Without a
parse, the item is read as the words after the number up to a function word, a verb or a
punctuation mark: the lists below are those stop words. Numbers that are money, percentages,
years, dates or durations are not quantities.
"""

from __future__ import annotations

import re

from dealscope.core.model import Duration, Money, Percent, Qualifier, Quantity, Span
from dealscope.nlp.words import CALENDAR, WORD_NUMBERS

NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
WORD_NUMBER = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
COUNT = rf"(?:{NUMBER}|(?i:{WORD_NUMBER}))"
SCALE = r"(?:\s(?:thousand|million|mln|billion|bln))?"

PERCENT_RE = re.compile(rf"(?<![\w.])(?P<n>{NUMBER})(?:\s?%|\s?-?(?:per\s?cent|percent|pct)\b)")
DURATION_RE = re.compile(
    rf"(?<![\w.])(?P<n>{COUNT}|a|an)[\s-](?P<unit>years?|yrs?|months?|decades?)\b"
    r"|(?P<decade>\ba decade\b)",
    re.IGNORECASE,
)
QUANTITY_RE = re.compile(
    rf"(?:(?P<from>\bfrom\s(?P<n0>{NUMBER})\s(?:to|-)\s)|(?P<range>(?P<r0>{NUMBER})\s?(?:-|–|to)\s?))?"
    rf"(?<![\w.$£€¥,])(?P<n>{NUMBER}|(?i:{WORD_NUMBER}))(?P<scale>{SCALE})(?=\s)"
)
COUNT_QUALIFIERS: dict[str, Qualifier] = {
    "at least": "at_least",
    "more than": "at_least",
    "over": "at_least",
    "some": "approx",
    "about": "approx",
    "around": "approx",
    "nearly": "approx",
    "almost": "approx",
    "up to": "up_to",
    "as many as": "up_to",
}
# Words that end an item phrase: prepositions, conjunctions, auxiliaries and common verbs.
STOP = {
    "for",
    "to",
    "from",
    "with",
    "at",
    "in",
    "on",
    "by",
    "of",
    "and",
    "or",
    "but",
    "which",
    "that",
    "who",
    "worth",
    "valued",
    "is",
    "are",
    "was",
    "were",
    "will",
    "would",
    "be",
    "been",
    "have",
    "has",
    "had",
    "as",
    "than",
    "per",
    "a",
    "an",
    "the",
    "under",
    "over",
    "into",
    "each",
    "this",
    "these",
    "it",
    "its",
    "their",
    "his",
    "her",
    "said",
    "says",
    "made",
    "until",
    "through",
    "during",
    "last",
    "next",
    "between",
    "including",
    "if",
    "while",
    "when",
    "after",
    "before",
    "since",
    "because",
    "could",
    "should",
    "may",
    "might",
    "can",
    "do",
    "does",
    "did",
    "also",
    "not",
    "up",
    "out",
    "about",
    "bought",
    "sold",
    "ordered",
    "delivered",
    "plus",
    "via",
    "so",
    "then",
    "there",
}
NOT_ITEMS = {
    "years",
    "year",
    "months",
    "month",
    "days",
    "day",
    "weeks",
    "week",
    "decades",
    "hours",
    "pct",
    "percent",
    "per",
    "cent",
    "times",
    "points",
    "point",
    "am",
    "pm",
    "pence",
    "cents",
    "mln",
    "million",
    "billion",
    "bln",
    "thousand",
    "crore",
    "stg",
    "dlrs",
    "dollars",
    "euros",
    "yen",
    "pounds",
    "shares",
    "share",
    # Counted things that are not what a deal trades.
    "more",
    "others",
    "other",
    "orders",
    "order",
    "options",
    "commitments",
    "jobs",
    "workers",
    "employees",
    "staff",
    "people",
    "companies",
    "firms",
    "countries",
    "deals",
    "agreements",
    "members",
    "executives",
    "bosses",
    "directors",
    "branches",
    "stores",
    "of",
    "new",
}
MONTHS = CALENDAR
TOKEN_RE = re.compile(r"[A-Za-z0-9][\w.\-+/&']*")


def _value(text: str) -> float:
    lowered = text.lower()
    if lowered in WORD_NUMBERS:
        return float(WORD_NUMBERS[lowered])
    return float(text.replace(",", ""))


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any((s <= start and end <= e) or (s < end and start < e) for s, e in spans)


def find_percents(text: str) -> list[Percent]:
    return [
        Percent(span=Span.of(text, m.start(), m.end()), value=float(m.group("n").replace(",", "")))
        for m in PERCENT_RE.finditer(text)
    ]


def find_durations(text: str) -> list[Duration]:
    found = []
    for m in DURATION_RE.finditer(text):
        if m.group("decade"):
            years = 10.0
        else:
            raw = m.group("n").lower()
            count = 1.0 if raw in {"a", "an"} else _value(raw)
            unit = m.group("unit").lower()
            years = count * (
                10 if unit.startswith("decade") else 1 / 12 if unit.startswith("month") else 1
            )
        found.append(Duration(span=Span.of(text, m.start(), m.end()), years=years))
    return found


def _item(text: str, start: int) -> tuple[int, int] | None:
    """The offsets of the item phrase that starts at ``start`` (after the number), if any."""
    words: list[tuple[int, int]] = []
    pos = start
    while len(words) < 6:
        gap = re.match(r"[ \t]*", text[pos:])
        assert gap is not None
        token = TOKEN_RE.match(text, pos + gap.end())
        if not token or (words and gap.end() == 0):
            break
        word = token.group().rstrip(".'")
        if word.lower() in STOP:
            break
        end = token.start() + len(word)
        words.append((token.start(), end))
        pos = end
        if end < len(text) and text[end] in ',;:()"“”':
            break
    if not words:
        return None
    first = text[words[0][0] : words[0][1]].lower()
    last = text[words[-1][0] : words[-1][1]].lower()
    if first in NOT_ITEMS or first in MONTHS or first.rstrip("s") in NOT_ITEMS:
        return None
    if last in NOT_ITEMS:  # "200 firm commitments": the head noun decides
        return None
    return words[0][0], words[-1][1]


def _model_number(text: str, start: int, end: int) -> bool:
    """A product designation such as "Boeing 737" or "737 MAX" is a name, not a count."""
    before = re.search(r"([A-Z][A-Za-z]+)\s$", text[max(0, start - 20) : start])
    after = re.match(r"\s([A-Z]{2,})\b", text[end : end + 12])
    return bool(
        before
        and before.group(1).lower() not in MONTHS
        and before.group(1)
        not in {"The", "A", "An", "Some", "About", "Around", "Over", "And", "With", "For"}
    ) or bool(after)


def find_quantities(
    text: str, money: list[Money], percents: list[Percent], durations: list[Duration]
) -> list[Quantity]:
    """Counted items: a number and the phrase after it, leaving out money and measures."""
    busy = [(m.span.start, m.span.end) for m in money]
    busy += [(p.span.start, p.span.end) for p in percents]
    busy += [(d.span.start, d.span.end) for d in durations]
    found: list[Quantity] = []
    for m in QUANTITY_RE.finditer(text):
        n_start, n_end = m.span("n")
        if _inside(n_start, n_end, busy):
            continue
        raw = m.group("n")
        if re.fullmatch(r"(?:1[89]|20)\d\d", raw):  # a year, not a count
            continue
        before = text[max(0, n_start - 12) : n_start].lower()
        if any(before.rstrip().endswith(month) for month in MONTHS):  # "November 6"
            continue
        if n_start > 0 and text[n_start - 1] in "+-/:#":
            continue
        if _model_number(text, n_start, m.end()):
            continue
        item = _item(text, m.end())
        if item is None:
            continue
        count = _value(raw)
        scale = m.group("scale").strip().lower()
        count *= {"thousand": 1e3, "million": 1e6, "mln": 1e6, "billion": 1e9, "bln": 1e9}.get(
            scale, 1
        )
        count_from = None
        start = n_start
        if m.group("from"):
            count_from, start = _value(m.group("n0")), m.start("from")
        elif m.group("range"):
            count_from, start = _value(m.group("r0")), m.start("range")
        qualifier = None
        lead = text[max(0, start - 15) : start].lower()
        for phrase, name in COUNT_QUALIFIERS.items():
            if lead.rstrip().endswith(phrase):
                qualifier = name
        item_start, item_end = item
        found.append(
            Quantity(
                span=Span.of(text, start, item_end),
                count=count,
                count_from=count_from,
                qualifier=qualifier,
                item=text[item_start:item_end],
                item_span=Span.of(text, item_start, item_end),
            )
        )
    return found
