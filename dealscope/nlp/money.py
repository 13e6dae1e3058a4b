"""Money amounts in the forms news writes them, found with regular expressions on the text.

spaCy's small model labels some amounts as people ("$900mn" -> PERSON), so money never depends
on NER labels: two patterns (currency before the number, currency after it) built from the
lexicon ``data/currencies.json`` find the amount, its multiplier, an optional range and the
qualifier standing before it ("around", "at least", "up to", "another").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from dealscope.core.model import Money, Qualifier, Span
from dealscope.nlp.fx import to_usd
from dealscope.nlp.lexicon import load_json
from dealscope.nlp.words import WORD_NUMBERS as BASE_WORD_NUMBERS

NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
WORD_NUMBERS = {**BASE_WORD_NUMBERS, "a": 1, "half a": 0.5}
# A number in words counts only before a multiplier word ("eight mln dlrs", "a billion euros").
WORDED = (
    "(?:"
    + "|".join(
        f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}" for w in sorted(WORD_NUMBERS, key=len)[::-1]
    )
    + r")(?=\s(?:thousand|million|mln|billion|bln|trillion)\b)"
)
# Suffix currency words that also mean something else ("won", "pounds" of weight): these
# count as money only with a multiplier ("3 billion won").
AMBIGUOUS_SUFFIXES = {
    "won",
    "rand",
    "marks",
    "dong",
    "sums",
    "pounds",
    "crowns",
    "lira",
    "soms",
    "shillings",
    "manat",
    "soum",
    "dollar",
    "dlr",
    "francs",
    "euro",
}


@dataclass(frozen=True)
class _Patterns:
    prefix: re.Pattern[str]
    suffix: re.Pattern[str]
    prefixes: dict[str, str]
    suffixes: dict[str, str]
    multipliers: dict[str, float]
    qualifier: re.Pattern[str]


def _alternation(forms: list[str]) -> str:
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))


@cache
def _patterns() -> _Patterns:
    lex = load_json("currencies.json")
    mults: dict[str, float] = lex["multipliers"]
    long_mults = [m for m in mults if len(m) > 1]
    short_mults = [m for m in mults if len(m) == 1]
    # A long multiplier may follow a space ("2.5 bn"); a one-letter one must be glued ("£3m").
    mult = (
        rf"(?:\s?(?P<{{g}}>{_alternation(long_mults)})|(?P<{{g}}s>{_alternation(short_mults)}))"
        r"(?![A-Za-z])"
    )
    m1, m2 = mult.format(g="m1"), mult.format(g="m2")
    pre = _alternation(list(lex["prefix"]))
    prefix = re.compile(
        rf"(?<![\w$£€¥])(?P<cur>{pre})\s?(?P<n1>{NUMBER})(?:{m1})?"
        rf"(?:\s?(?:-|–|to|and)\s?(?:{pre})?\s?(?P<n2>{NUMBER})(?:{m2})?)?"
        r"(?:\s(?:US\s|U\.S\.\s)?(?:dollars|dlrs))?(?![\w%])"
    )
    suf = _alternation(list(lex["suffix"]))
    suffix = re.compile(
        rf"(?<![\w.,$£€¥])(?P<n1>{NUMBER}|{WORDED})(?:{m1})?"
        rf"(?:\s?(?:-|–|to)\s?(?P<n2>{NUMBER})(?:{m2})?)?"
        rf"\s(?:of\s)?(?P<cur>{suf})(?![A-Za-z])"
    )
    quals = lex["qualifiers"]
    alts = []
    for name, forms in quals.items():
        alts.append(rf"(?P<{name}>\b(?:{_alternation(forms)}))")
    qualifier = re.compile(rf"(?:{'|'.join(alts)})\s+(?:of\s+)?$", re.IGNORECASE)
    return _Patterns(prefix, suffix, lex["prefix"], lex["suffix"], mults, qualifier)


def _number(text: str) -> float:
    lowered = text.lower()
    if lowered in WORD_NUMBERS:
        return float(WORD_NUMBERS[lowered])
    return float(text.replace(",", ""))


def _multiplier(match: re.Match[str], group: str, table: dict[str, float]) -> float | None:
    word = match.group(group) or match.group(group + "s")
    return table[word.lower()] if word else None


def _qualifier(text: str, start: int) -> tuple[Qualifier | None, bool]:
    before = text[max(0, start - 40) : start]
    additional = bool(
        re.search(r"\b(?:another|an additional|a further|additional)\s+$", before, re.I)
    )
    match = _patterns().qualifier.search(before)
    if not match:
        return None, additional
    for name in ("approx", "at_least", "up_to"):
        if match.group(name):
            return name, additional
    return None, additional


def find_money(text: str, when: date | None = None) -> list[Money]:
    """Every money amount of ``text``, in order, with USD at the date ``when``."""
    pats = _patterns()
    found: list[Money] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match[str], currency: str) -> None:
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            return
        m1 = _multiplier(match, "m1", pats.multipliers)
        m2 = _multiplier(match, "m2", pats.multipliers) if match.group("n2") else None
        low = _number(match.group("n1")) * (m1 or m2 or 1.0)
        high = _number(match.group("n2")) * (m2 or m1 or 1.0) if match.group("n2") else None
        if high is not None and high < low:
            high = None
        qualifier, additional = _qualifier(text, start)
        usd, estimated, rate_date = to_usd(low, currency, when)
        usd_max = to_usd(high, currency, when)[0] if high is not None else None
        taken.append((start, end))
        found.append(
            Money(
                span=Span.of(text, start, end),
                amount=low,
                amount_max=high,
                currency=currency,
                usd=usd,
                usd_max=usd_max,
                usd_estimated=estimated,
                rate_date=rate_date,
                qualifier=qualifier,
                additional=additional,
            )
        )

    for match in pats.prefix.finditer(text):
        add(match, pats.prefixes[match.group("cur")])
    for match in pats.suffix.finditer(text):
        word = match.group("cur")
        has_mult = bool(match.group("m1") or match.group("m1s") or match.group("m2"))
        if word.lower() in AMBIGUOUS_SUFFIXES and not has_mult:
            continue
        currency = pats.suffixes.get(word) or pats.suffixes.get(word.lower())
        if currency:
            add(match, currency)
    found.sort(key=lambda m: m.span.start)
    return found
