"""Organizations: a gazetteer kept as data, plus context cues for the ones it does not know.

The gazetteer (``data/organizations.jsonl``) gives known companies, state companies, banks,
export-credit agencies and airlines their home country and kind. An organization it does not
know is found by the words around it (the lists in ``data/org_cues.json``):

* a cue noun before a capitalised name: "airline Air Astana", "companies X and Y";
* an apposition after it: "X, a company that ...", "X, a subsidiary of ...";
* a name ending in an organizational word: "... Exploration Group", "... Technologies";
* a name written in CamelCase ("AgromashHolding").

Its country comes from a country form just before the cue ("Kazakhstani airline X",
"US-based X", "Kazakhstan's state company X") or inside the apposition, and its kind from the
cue noun (airline, bank, state company, fund, ...).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from typing import cast

from dealscope.core.model import CountryMention, OrgMention, PartyKind, Span
from dealscope.nlp.lexicon import has_data, load_json, load_jsonl

TOKEN_RE = re.compile(r"[\w]+(?:[-&'’.][\w]+)*\.?|&")
CONNECTORS = {"&", "and", "of", "de", "du", "la", "for", "the"}


@dataclass(frozen=True)
class Entry:
    name: str
    country: str | None
    kind: PartyKind | None
    sector: str | None


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def capital(self) -> bool:
        first = self.text[0]
        return first.isupper() or (first.isdigit() and any(c.isupper() for c in self.text))


@dataclass(frozen=True)
class Cues:
    nouns: dict[str, PartyKind]
    suffixes: frozenset[str]
    legal: frozenset[str]
    not_orgs: frozenset[str]
    suffix_countries: dict[str, frozenset[str]]
    blocs: dict[str, str]


def tokenize(text: str) -> list[Token]:
    return [
        Token(m.group().rstrip("."), m.start(), m.start() + len(m.group().rstrip(".")))
        for m in TOKEN_RE.finditer(text)
        if m.group().rstrip(".")
    ]


def _key(name: str) -> str:
    return " ".join(t.text for t in tokenize(name))


@cache
def gazetteer() -> dict[str, Entry]:
    """Surface form (tokens joined by spaces) -> entry; canonical names and aliases alike."""
    if not has_data("organizations.jsonl"):
        return {}
    table: dict[str, Entry] = {}
    for row in load_jsonl("organizations.jsonl"):
        # A multilateral lender (IMF, World Bank) takes no side's country: its seat is not a
        # party to the deal.
        country = None if row.get("multilateral") else row.get("country")
        entry = Entry(row["name"], country, row.get("kind"), row.get("sector"))
        for form in [row["name"], *row.get("aliases", [])]:
            table.setdefault(_key(form), entry)
    return table


@cache
def ambiguous_forms() -> frozenset[str]:
    """Gazetteer forms that are also common words ("Delta", "Shell"): names only mid-sentence."""
    if not has_data("organizations.jsonl"):
        return frozenset()
    return frozenset(
        _key(form)
        for row in load_jsonl("organizations.jsonl")
        for form in row.get("ambiguous_forms", [])
    )


@cache
def key_widths() -> dict[str, int]:
    """First token of a gazetteer form -> the most tokens a form starting with it has."""
    widths: dict[str, int] = {}
    for key in gazetteer():
        parts = key.split(" ")
        widths[parts[0]] = max(widths.get(parts[0], 0), len(parts))
    return widths


@cache
def by_canonical() -> dict[str, Entry]:
    """Canonical name -> gazetteer entry."""
    return {entry.name: entry for entry in gazetteer().values()}


@cache
def cues() -> Cues:
    data = load_json("org_cues.json")
    return Cues(
        nouns={k: cast(PartyKind, v) for k, v in data["cue_nouns"].items()},
        suffixes=frozenset(data["name_suffixes"]),
        legal=frozenset(data["legal_suffixes"]),
        not_orgs=frozenset(data["not_orgs"]),
        suffix_countries={k: frozenset(v) for k, v in data["suffix_countries"].items()},
        blocs=dict(data["blocs"]),
    )


def _sequence(tokens: list[Token], i: int, text: str, in_country: set[int] | None = None) -> int:
    """The end index (exclusive) of a capitalised name starting at token ``i``; "of" before a
    country ends it ("Ajinomoto Co Inc of Japan" is a company and its home)."""
    j = i
    while j < len(tokens):
        tok = tokens[j]
        gap = text[tokens[j - 1].end : tok.start] if j > i else ""
        if gap not in (" ", "") and not (gap == ". " and "." in tokens[j - 1].text):
            break  # but "Air U.K. Ltd" runs on past the abbreviation's full stop
        if in_country and tok.text == "of" and j + 1 in in_country:
            break
        if tok.capital and tok.text not in cues().not_orgs:
            j += 1
            if tok.text.endswith(("'s", "’s")):
                break
            continue
        if (
            j > i
            and tok.text in CONNECTORS
            and j + 1 < len(tokens)
            and tokens[j + 1].capital
            and tok.text != "and"
        ):
            j += 1
            continue
        break
    return j


def _country_before(
    index: int, tokens: list[Token], countries: dict[int, CountryMention]
) -> CountryMention | None:
    stops = {
        "with",
        "and",
        "by",
        "from",
        "to",
        "for",
        "of",
        "in",
        "on",
        "at",
        "that",
        "said",
        "as",
        "the",
        "a",
        "an",
        "its",
        "their",
        "is",
        "was",
        "will",
    }
    for k in range(index - 1, max(-1, index - 6), -1):
        tok = tokens[k]
        hit = countries.get(tok.start)
        if hit is not None:
            return hit
        if tok.text.lower() in stops and tok.text.lower() != "the":
            return None
        if tok.text.lower() == "the":
            return None
    return None


def _kind_before(index: int, tokens: list[Token]) -> tuple[PartyKind | None, int]:
    """The kind given by a cue noun right before token ``index`` and where the cue starts."""
    nouns = cues().nouns
    for width in (3, 2, 1):
        if index - width < 0:
            continue
        phrase = " ".join(t.text.lower() for t in tokens[index - width : index])
        if phrase in nouns:
            return nouns[phrase], index - width
    return None, index


STATE_OWNER = re.compile(
    r"\b(?:subsidiary|unit|arm|division|part)\s+of\s+(?P<owner>(?:the\s+)?[\w’'-]+(?:’s|'s)?\s+"
    r"(?:(?:state|national|sovereign|sovereign wealth|state-owned|state oil|state energy)\s+)"
    r"(?:fund|company|holding|corporation|group|wealth fund))",
    re.IGNORECASE,
)


def _apposition(
    text: str, end: int, countries: list[CountryMention]
) -> tuple[PartyKind | None, str | None, Span | None]:
    """ ", a Kazakh company ..." after a name: the kind and country it gives. "X, a subsidiary
    of the country's sovereign wealth fund" makes X a state company of the country named last
    before it."""
    window = text[end : end + 120]
    m = re.match(r",\s(?:a|an|the)\s", window)
    if not m:
        return None, None, None
    clause = window[: (window.find(",", m.end()) + 1 or len(window) + 1) - 1]
    found = list(re.finditer(r"[\w’'-]+", clause[m.end() :]))[:7]
    words = [w.group().lower() for w in found]
    nouns = cues().nouns
    kind: PartyKind | None = None
    noun_end = end
    for i in range(len(words)):
        width = next((n for n in (3, 2, 1) if " ".join(words[i : i + n]) in nouns), None)
        if width is not None:
            kind = nouns[" ".join(words[i : i + width])]
            noun_end = end + m.end() + found[min(i + width, len(found)) - 1].end()
            break
    if kind is None:
        return None, None, None
    owner = STATE_OWNER.search(clause)
    if owner is not None:
        kind = "state_company"
    # The home is named before the cue noun ("a Canadian miner"), not in what follows it.
    country = next((c for c in countries if end < c.span.start < noun_end), None)
    if country is None and owner and re.match(r"the\s+(?:country|nation)", owner["owner"], re.I):
        country = next((c for c in reversed(countries) if c.span.end <= end), None)
    return kind, (country.code if country else None), (country.span if country else None)


def _alpha2_suffix(name: str) -> str | None:
    last = name.split()[-1]
    if len(last) == 2 and last.isupper() and last not in cues().legal:
        import pycountry

        hit = pycountry.countries.get(alpha_2=last)
        return hit.alpha_3 if hit else None
    return None


ABBREVIATION = re.compile(r" \(([A-Z][A-Za-z&.]{1,9})\)")
NAME_WORD = re.compile(r"[A-Z][\w'’.-]*|and|&|of|the|de|for")
POSSESSIVE_CUE = re.compile(r"(?:'s|’s)\s(?:[\w-]+\s){0,3}?([\w-]+),?\s$")


def _initials_name(text: str, end: int, letters: str) -> int | None:
    """The start of the capitalised words ending at ``end`` whose initials spell ``letters``
    ("Scottish and Newcastle" before "(S&N)"), if any."""
    words = list(NAME_WORD.finditer(text, max(0, end - 90), end))
    initials = ""
    for word in reversed(words):
        if text[word.end() : end].strip() and not text[word.end() : end].startswith(" "):
            return None
        if word.group()[0].isupper():
            initials = word.group()[0] + initials
        if initials == letters and word.group()[0].isupper():
            return word.start()
        if len(initials) > len(letters):
            return None
        end = word.start()
    return None


def _abbreviations(
    text: str, found: list[OrgMention], countries: list[CountryMention]
) -> list[OrgMention]:
    """ "Full Name (ABBR)": the full name is an organization, and so is every later ABBR."""
    added: list[OrgMention] = []
    for m in ABBREVIATION.finditer(text):
        abbr = m.group(1)
        letters = "".join(c for c in abbr if c.isupper())
        org = next((o for o in found + added if o.span.end == m.start()), None)
        if org is None:
            start = _initials_name(text, m.start(), letters)
            if start is None or len(letters) < 2:
                continue
            country = None
            country_span = None
            cue = POSSESSIVE_CUE.search(text[max(0, start - 60) : start])
            if cue and cue.group(1).lower() in cues().nouns:
                home = [c for c in countries if start - 60 <= c.span.start < start]
                if home:
                    country, country_span = home[-1].code, home[-1].span
            org = OrgMention(
                span=Span.of(text, start, m.start()),
                name=text[start : m.start()],
                country=country,
                kind="company",
                source="context",
                country_span=country_span,
            )
            added.append(org)
        taken = [(o.span.start, o.span.end) for o in found + added]
        for use in re.finditer(rf"(?<![\w&]){re.escape(abbr)}(?![\w&])", text):
            if use.start() <= m.end() or any(s <= use.start() < e for s, e in taken):
                continue
            added.append(
                OrgMention(
                    span=Span.of(text, use.start(), use.end()),
                    name=abbr,
                    canonical=org.canonical or org.name,
                    country=org.country,
                    kind=org.kind,
                    source="context",
                )
            )
    return added


def _short_forms(name: str) -> list[str]:
    """Shorter names a text uses for an organization after naming it in full:
    "Consolidated TVX Mining Corp" -> "Consolidated TVX Mining", "Consolidated TVX", "TVX"."""
    words = name.split()
    forms = []
    suffixes = cues().suffixes
    while len(words) > 1 and words[-1].rstrip(".,") in suffixes | {"&", "and", "of"}:
        words = words[:-1]
        forms.append(" ".join(words))
    forms += [w for w in words if len(w) >= 3 and w.isupper() and w.isalpha()]
    return [f for f in forms if f != name and f not in cues().not_orgs]


def _later_mentions(text: str, found: list[OrgMention]) -> list[OrgMention]:
    """Later, shorter mentions of organizations already found in full. In this text a short
    form means the organization named in full before it, even where the gazetteer knows
    another one by the same letters ("CPC" after "CPC International Inc"): those gazetteer
    hits are dropped from ``found``."""
    forms = {f for org in found for f in _short_forms(org.name)}
    for index, org in enumerate(found):
        if org.source != "context" or org.canonical or org.name not in forms:
            continue
        full = next(
            (x for x in found if x.span.end <= org.span.start and org.name in _short_forms(x.name)),
            None,
        )
        if full is not None:
            found[index] = org.model_copy(
                update={
                    "canonical": full.canonical or full.name,
                    "country": org.country or full.country,
                }
            )
    found[:] = [
        o
        for o in found
        if not (
            o.source == "gazetteer"
            and o.name in forms
            and any(o.name in _short_forms(x.name) and x.span.end <= o.span.start for x in found)
        )
    ]
    taken = [(o.span.start, o.span.end) for o in found]
    added: list[OrgMention] = []
    seen: set[str] = set()
    for org in sorted(found, key=lambda o: o.span.start):
        for form in _short_forms(org.name):
            if form in seen or len(form) < 3:
                continue
            seen.add(form)
            pattern = rf"(?<![\w&-]){re.escape(form)}(?![\w&-]|\s[A-Z])"
            for use in re.finditer(pattern, text[org.span.end :]):
                start, end = org.span.end + use.start(), org.span.end + use.end()
                if any(s < end and start < e for s, e in taken):
                    continue
                added.append(
                    OrgMention(
                        span=Span.of(text, start, end),
                        name=form,
                        canonical=org.canonical or org.name,
                        country=org.country,
                        kind=org.kind,
                        source=org.source,
                        country_span=None,
                    )
                )
                taken.append((start, end))
    return added


def _foreign_suffix(tokens: list[Token], at: int, country: str) -> bool:
    """Whether the legal suffixes after a name ("Co Plc") say it is not from ``country``."""
    table = cues().suffix_countries
    for tok in tokens[at : at + 3]:
        homes = table.get(tok.text)
        if homes is not None:
            return country not in homes
        if tok.text not in cues().suffixes:
            return False
    return False


def _stated_home(text: str, start: int, countries: list[CountryMention]) -> CountryMention | None:
    """A country the text gives right before a name: "Spain's X", "Madrid-based X"."""
    before = text[max(0, start - 40) : start]
    cue = re.search(r"(?:'s|’s|-based)\s$", before)
    if not cue:
        return None
    cue_at = start - len(before) + cue.start()
    return next((c for c in countries if c.span.end == cue_at), None)


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start]
    return start == 0 or before.endswith("\n") or bool(re.search(r"[.!?][\"”’)]?\s+$", before))


@cache
def _bloc_pattern() -> re.Pattern[str]:
    names = sorted(cues().blocs, key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])")


def _blocs(text: str, found: list[OrgMention]) -> list[OrgMention]:
    """Blocs that sign deals as one party ("the European Union", "Mercosur"): no home country."""
    taken = [(o.span.start, o.span.end) for o in found]
    return [
        OrgMention(
            span=Span.of(text, m.start(), m.end()),
            name=m.group(),
            canonical=cues().blocs[m.group()],
            country=None,
            kind="organization",
            source="gazetteer",
        )
        for m in _bloc_pattern().finditer(text)
        if not any(s < m.end() and m.start() < e for s, e in taken)
    ]


def find_organizations(text: str, countries: list[CountryMention]) -> list[OrgMention]:
    """Organizations in ``text``: gazetteer hits first, then names found by context cues."""
    tokens = tokenize(text)
    by_start = {c.span.start: c for c in countries}
    starts = [t.start for t in tokens]
    in_country = {
        i
        for c in countries
        for i in range(bisect_left(starts, c.span.start), bisect_left(starts, c.span.end))
    }
    gaz = gazetteer()
    widths = key_widths()
    ambiguous = ambiguous_forms()
    found: list[OrgMention] = []
    taken: set[int] = set()
    i = 0
    while i < len(tokens):
        longest = widths.get(tokens[i].text, 0)
        for width in range(min(longest, len(tokens) - i), 0, -1):
            key = " ".join(t.text for t in tokens[i : i + width])
            entry = gaz.get(key)
            if entry is None:
                continue
            if entry.country and _foreign_suffix(tokens, i + width, entry.country):
                continue  # "General Electric Co Plc" is British GEC, not American GE
            if key in ambiguous and _sentence_initial(text, tokens[i].start):
                continue
            start, end = tokens[i].start, tokens[i + width - 1].end
            # What the article states beats the gazetteer: "Spain's Ferrovial", "Madrid-based X".
            stated = _stated_home(text, start, countries)
            found.append(
                OrgMention(
                    span=Span.of(text, start, end),
                    name=text[start:end],
                    canonical=entry.name,
                    country=stated.code if stated and entry.country else entry.country,
                    country_span=stated.span if stated and entry.country else None,
                    kind=entry.kind,
                    source="gazetteer",
                )
            )
            taken.update(range(i, i + width))
            i += width - 1
            break
        i += 1
    i = 0
    while i < len(tokens):
        if i in taken or not tokens[i].capital or tokens[i].text in cues().not_orgs:
            i += 1
            continue
        if tokens[i].text.endswith("-based"):  # "US-based X": a cue, not part of the name
            i += 1
            continue
        j = _sequence(tokens, i, text, in_country)
        if i in in_country and not (j - i > 1 and tokens[j - 1].text in cues().suffixes):
            # A country starts an organization's name only before an organizational word
            # ("Turkish Airlines", "Kazakhstan Development Bank").
            i += 1
            continue
        if j <= i or any(k in taken for k in range(i, j)):
            i = max(j, i + 1)
            continue
        name_tokens = tokens[i:j]
        start, end = name_tokens[0].start, name_tokens[-1].end
        name = text[start:end]
        kind, cue_start = _kind_before(i, tokens)
        country_mention = _country_before(cue_start, tokens, by_start)
        app_kind, app_country, app_span = _apposition(text, end, countries)
        based = re.search(r"(\w[\w.]*)-based\s+$", text[max(0, start - 30) : start])
        suffix = len(name_tokens) > 1 and (
            name_tokens[-1].text in cues().suffixes
            # "Vostok Holding KZ": an organizational word, then a country code
            or (
                len(name_tokens) > 2
                and name_tokens[-2].text in cues().suffixes
                and _alpha2_suffix(name_tokens[-1].text) is not None
            )
        )
        camel = any(re.search(r"[a-z][A-Z]", t.text) for t in name_tokens)
        sentence_start = _sentence_initial(text, start)
        if not (kind or app_kind or based or suffix or camel):
            i = j
            continue
        if sentence_start and j - i == 1 and not (camel or kind or based):
            i = j  # "Separately, the French agency ...": a lone opening word is not a name
            continue
        if sentence_start and not (kind or app_kind or based or suffix or camel):
            i = j
            continue
        country = country_mention.code if country_mention else None
        country_span = country_mention.span if country_mention else None
        if country is None and based:
            from dealscope.nlp.countries import lookup_country

            country = lookup_country(based.group(1))
        if country is None and app_country:
            country, country_span = app_country, app_span
        if (
            country is None
            and j + 1 < len(tokens)
            and tokens[j].text == "of"
            and j + 1 in in_country
        ):
            home = next(c for c in countries if c.span.start <= tokens[j + 1].start < c.span.end)
            country, country_span = home.code, home.span
        if country is None and i in in_country:
            first = next(c for c in countries if c.span.start <= tokens[i].start < c.span.end)
            country, country_span = first.code, first.span
        if country is None:
            country = _alpha2_suffix(name)
        if country is None:  # "Air U.K. Ltd": a country inside an unknown name is its home
            inner = [c for c in countries if start < c.span.start and c.span.end <= end]
            if inner:
                country = inner[0].code
        found.append(
            OrgMention(
                span=Span.of(text, start, end),
                name=name,
                country=country,
                kind=kind or app_kind or "company",
                source="context",
                country_span=country_span,
            )
        )
        taken.update(range(i, j))
        # "companies X and Y": the cue covers a coordinated name too.
        if kind and j + 1 < len(tokens) and tokens[j].text == "and" and tokens[j + 1].capital:
            k = _sequence(tokens, j + 1, text)
            if k > j + 1 and not any(x in in_country for x in range(j + 1, k)):
                s2, e2 = tokens[j + 1].start, tokens[k - 1].end
                found.append(
                    OrgMention(
                        span=Span.of(text, s2, e2),
                        name=text[s2:e2],
                        country=None,
                        kind=kind,
                        source="context",
                    )
                )
                taken.update(range(j + 1, k))
                j = k
        i = j
    found += _blocs(text, found)
    extra = _abbreviations(text, found, countries)
    spans = [(o.span.start, o.span.end) for o in extra]
    found = [o for o in found if not any(s < o.span.end and o.span.start < e for s, e in spans)]
    found.extend(extra)
    found.extend(_later_mentions(text, found))
    found.sort(key=lambda o: o.span.start)
    return found
