"""Countries named in the text, by name, demonym, capital or code, to ISO 3166-1 alpha-3.

pycountry gives the official names; ``data/countries.json`` adds the forms news writes
("Kazakhstani", "Tashkent", "U.S.", "Britain"). Matching is case-sensitive on word boundaries
(so "US" is a country and "us" is not) and longest-first, so "South Korean" wins over "Korean".
Hyphenated forms split naturally: "US-based" and "UK-Dutch" name their countries.
Historical states keep their historical codes (the Soviet Union is SUN, not RUS).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pycountry

from dealscope.core.model import CountryForm, CountryMention, Span
from dealscope.nlp.lexicon import has_data, load_json

HISTORICAL: dict[str, tuple[str, CountryForm]] = {
    "Soviet Union": ("SUN", "name"),
    "USSR": ("SUN", "alias"),
    "U.S.S.R.": ("SUN", "alias"),
    "Soviet": ("SUN", "demonym"),
    "Soviets": ("SUN", "demonym"),
    "Yugoslavia": ("YUG", "name"),
    "Yugoslav": ("YUG", "demonym"),
    "Czechoslovakia": ("CSK", "name"),
    "Czechoslovak": ("CSK", "demonym"),
    "East Germany": ("DDR", "name"),
    "East German": ("DDR", "demonym"),
    "West Germany": ("DEU", "name"),
    "West German": ("DEU", "demonym"),
}
# Names that are also common first names or words: a country only when not followed by a
# capitalised word ("Chad Smith", "Jordan Henderson").
NAME_LIKE = {"Chad", "Jordan", "Georgia", "Israel", "Kenya", "India", "Virginia", "Mali", "Niger"}


@dataclass(frozen=True)
class CountryIndex:
    forms: dict[str, tuple[str, CountryForm]]
    pattern: re.Pattern[str]
    guarded: frozenset[str]


def _add(
    forms: dict[str, tuple[str, CountryForm]], name: str, code: str, form: CountryForm
) -> None:
    name = name.strip()
    if len(name) >= 2 and name not in forms:
        forms[name] = (code, form)


@cache
def country_index() -> CountryIndex:
    forms: dict[str, tuple[str, CountryForm]] = dict(HISTORICAL)
    blocked: set[str] = set()  # regions and blocs: matched only so that their parts are not
    ambiguous_anywhere: set[str] = set()
    if has_data("countries.json"):
        data = load_json("countries.json")
        blocked = set(data.get("_groups", {}))
        for code, entry in data.items():
            if code.startswith("_") or not isinstance(entry, dict):
                continue
            ambiguous = set(entry.get("ambiguous", []))
            ambiguous_anywhere |= ambiguous
            for name in entry.get("names", []):
                if name not in ambiguous:
                    _add(forms, name, code, "name")
            for name in entry.get("metonyms", []):
                if name not in ambiguous:
                    _add(forms, name, code, "alias")
            for name in entry.get("aliases", []):
                _add(forms, name, code, "alias")
            for name in entry.get("demonyms", []):
                if name not in ambiguous:
                    _add(forms, name, code, "demonym")
            for name in entry.get("capitals", []):
                if name not in ambiguous:
                    _add(forms, name, code, "capital")
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                _add(forms, value, country.alpha_3, "name")
    names = sorted(list(forms) + list(blocked), key=len, reverse=True)
    alternation = "|".join(re.escape(n) for n in names)
    pattern = re.compile(rf"(?<![\w.])(?:{alternation})(?:'s)?(?![\w])")
    for group in blocked:
        forms.pop(group, None)
    return CountryIndex(forms, pattern, frozenset(ambiguous_anywhere | NAME_LIKE))


def lookup_country(name: str) -> str | None:
    """The alpha-3 code of a country form ("Kazakh", "Tashkent", "U.S."), or None."""
    hit = country_index().forms.get(name.strip())
    return hit[0] if hit else None


def find_countries(text: str) -> list[CountryMention]:
    index = country_index()
    found = []
    for m in index.pattern.finditer(text):
        surface = m.group()
        end = m.end()
        if surface.endswith("'s"):
            surface, end = surface[:-2], end - 2
        hit = index.forms.get(surface)
        if hit is None:  # a region or bloc ("Central Asia"): matched only to block its parts
            continue
        if surface in index.guarded and (
            re.match(r" [A-Z][a-z]", text[end : end + 3])
            or text[max(0, m.start() - 2) : m.start()] == ", "
        ):
            continue  # "Georgia Power", "Atlanta, Georgia", "Chad Smith"
        code, form = hit
        found.append(CountryMention(span=Span.of(text, m.start(), end), code=code, form=form))
    return found


@cache
def country_name(code: str) -> str:
    """The common English name of a country code ("USA" -> "United States")."""
    if has_data("countries.json"):
        entry = load_json("countries.json").get(code)
        if isinstance(entry, dict) and entry.get("names"):
            return str(entry["names"][0])
    historical = next((n for n, (c, f) in HISTORICAL.items() if c == code and f == "name"), None)
    if historical:
        return historical
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


@cache
def _places() -> dict[str, str]:
    """Upper-cased capital and city names -> country code, for datelines."""
    places: dict[str, str] = {}
    if has_data("countries.json"):
        for code, entry in load_json("countries.json").items():
            if code.startswith("_") or not isinstance(entry, dict):
                continue
            ambiguous = set(entry.get("ambiguous", []))
            for name in [*entry.get("capitals", []), *entry.get("cities", [])]:
                if name not in ambiguous:
                    places.setdefault(name.upper(), code)
    return places


DATELINE = re.compile(
    r"^\s*([A-Z][A-Za-z .'-]{1,30}?)"  # the place
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?,?\s+[-–—]\s"  # ", March 3 - "
)


def article_country(text: str, mentions: list[CountryMention]) -> str | None:
    """The country an article is about: its dateline's, else the one it names most often."""
    match = DATELINE.match(text)
    if match:
        place = match.group(1).strip().upper()
        code = _places().get(place) or lookup_country(match.group(1).strip())
        if code:
            return code
    counts: dict[str, int] = {}
    for mention in mentions:
        counts[mention.code] = counts.get(mention.code, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda c: counts[c])
