"""The registry of an article's names, for resolving speakers.

``Registry`` is the document-level memory of names: person names found by the NER in the
parsed windows, by speaker analysis and by a cheap scan of capitalized word sequences over the
whole text. It expands a surname to the full name ("Trump" -> "Donald Trump") and finds the
antecedent of "he"/"she" (persons only, never organizations), "it" (organizations) and of
definite descriptions ("The US leader"): the nearest salient earlier mention (a speaker or a
sentence subject), else the nearest mention, outside quotes.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from dealscope.nlp.quotes_lexicon import (
    HONORIFICS,
    NAME_PARTICLES,
    NON_PERSON_WORDS,
    PORTFOLIO_WORDS,
    TITLE_WORDS,
    country_code,
)
from dealscope.nlp.quotes_speakers import Kind, NPInfo, clean_name

ANTECEDENT_CHARS = 1500
_APPOSITION = re.compile(r",[\s\u00a0]+((?:[\w'’.-]+[\s\u00a0]+){0,4}[\w'’.-]+)")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*\.?")
_STOP_WORDS = frozenset(
    {
        "the",
        "a",
        "an",
        "and",
        "but",
        "or",
        "in",
        "on",
        "at",
        "for",
        "to",
        "of",
        "by",
        "with",
        "from",
        "as",
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "you",
        "this",
        "that",
        "these",
        "those",
        "then",
        "now",
        "when",
        "while",
        "if",
        "after",
        "before",
        "since",
        "under",
        "over",
        "also",
        "meanwhile",
        "however",
        "analysts",
        "shares",
        "its",
        "his",
        "her",
        "their",
        "our",
        "there",
        "so",
        "yet",
        "not",
        "all",
        "some",
        "many",
        "most",
        "both",
        "each",
        "one",
        "last",
        "next",
        "asked",
        "according",
    }
)


@dataclass
class PersonInfo:
    name: str
    role: str | None = None
    affiliation: str | None = None
    country: str | None = None
    confirmed: bool = False
    parsed: bool = False  # seen by the NER or as a speaker, not only by the cheap scan


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    name: str
    kind: Kind
    salient: bool = False  # a subject: a speaker, or the first words of a sentence
    voice_role: str | None = None  # "a Norvik spokesman": "he" then means Norvik's
    weak: bool = False  # from the capitalized-sequence scan only, never confirmed


@dataclass
class Registry:
    """Names seen in one article and where they are mentioned."""

    text: str
    quotes: list[tuple[int, int]]
    people: dict[str, PersonInfo] = field(default_factory=dict)
    orgs: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    _speakers: list[tuple[int, int]] = field(default_factory=list)
    _voices: list[Mention] = field(default_factory=list)
    _titled_singles: set[str] = field(default_factory=set)
    _mentions: list[Mention] = field(default_factory=list)
    _ends: list[int] = field(default_factory=list)

    def in_quote(self, start: int) -> bool:
        return any(qs <= start < qe for qs, qe in self.quotes)

    # building -------------------------------------------------------------------------------

    def scan(self) -> None:
        """The cheap pass: capitalized word sequences of the whole text as candidate names."""
        text = self.text
        words = list(_WORD.finditer(text))
        i = 0
        while i < len(words):
            if not _cap_word(words[i].group()):
                i += 1
                continue
            j = i
            while j + 1 < len(words):
                if words[j].group().endswith(".") and len(words[j].group()) > 2:
                    break  # "Higher Education. Jane Roe": a sentence ended
                gap = text[words[j].end() : words[j + 1].start()]
                nxt = words[j + 1].group()
                if gap not in {" ", "\u00a0", "\n"}:
                    break
                if _cap_word(nxt) or (
                    nxt.lower() in NAME_PARTICLES
                    and j + 2 < len(words)
                    and _cap_word(words[j + 2].group())
                ):
                    j += 1
                    continue
                break
            self._candidate(words[i : j + 1])
            i = j + 1

    def _candidate(self, run: list[re.Match[str]]) -> None:
        text = self.text
        # drop a sentence-initial common word ("Then Trump"), titles and honorifics
        if run and _sentence_initial(text, run[0].start()):
            first = run[0].group().lower()
            if (
                first in _STOP_WORDS
                or first.endswith(("ing", "ed", "ly"))
                or re.search(rf"\b{re.escape(first)}\b", text) is not None
            ):
                run = run[1:]
        titled = False
        for k in range(len(run) - 1, -1, -1):
            word = run[k].group().lower().rstrip(".")
            if word in TITLE_WORDS or word in HONORIFICS:
                run = run[k + 1 :]
                titled = True
                break
        while run and (
            country_code(run[0].group()) is not None
            or run[0].group().lower() in PORTFOLIO_WORDS
            or text[max(0, run[0].start() - 1) : run[0].start()] == "."  # "U.S. Farm"
        ):
            run = run[1:]
        if run:
            prev = re.search(
                r"([^\W\d_]+)\.?[\s\u00a0]+$", text[max(0, run[0].start() - 30) : run[0].start()]
            )
            if prev is not None and prev.group(1).lower() in TITLE_WORDS | HONORIFICS:
                titled = True
        if len(run) == 1 and titled and len(run[0].group()) > 2:
            self._titled_singles.add(run[0].group().rstrip("."))  # "Mr Okafor"
        if not 2 <= len(run) <= 4:
            return
        lowered = [m.group().lower().rstrip(".") for m in run]
        if len(set(lowered)) < len(lowered):
            return  # "says Berg\nBerg attended": a headline's last word, a caption's first
        if any(w in NON_PERSON_WORDS or country_code(w) is not None for w in lowered):
            return
        if lowered[-1] in NAME_PARTICLES or len(run[-1].group().rstrip(".")) < 2:
            return
        name = clean_name(text[run[0].start() : run[-1].end()]).rstrip(".")
        if not titled:
            # "Maria Lindqvist, the chief executive of ...": a title in apposition
            after = _APPOSITION.match(text, run[-1].end())
            titled = after is not None and any(
                w.lower() in TITLE_WORDS for w in re.findall(r"[\w-]+", after.group(1))
            )
        info = self.people.setdefault(name, PersonInfo(name))
        info.confirmed = info.confirmed or titled

    def add_person(self, name: str, confirmed: bool = True) -> PersonInfo:
        name = clean_name(name)
        info = self.people.setdefault(name, PersonInfo(name))
        info.confirmed = info.confirmed or confirmed
        info.parsed = True
        return info

    def add_org(self, name: str, start: int, end: int, certain: bool = False) -> None:
        """An organization mention; ``certain`` (from speaker analysis) overrides the NER
        when it took the name for a person ("Acme Labs, a company that ...")."""
        name = clean_name(name)
        self.orgs.setdefault(name, []).append((start, end))
        if certain and name in self.people:
            self.people[name].confirmed = False

    def add_voice(self, info: NPInfo, org: str) -> None:
        """An unnamed person speaking for an organization ("a Norvik spokesman")."""
        self._voices.append(Mention(info.start, info.end, org, "person", True, info.role))

    def add_speaker_position(self, start: int, end: int) -> None:
        """A speaker noun phrase: mentions inside it are salient antecedents."""
        self._speakers.append((start, end))

    def _salient(self, start: int) -> bool:
        if any(lo <= start < hi for lo, hi in self._speakers):
            return True
        words = self.text[max(0, start - 60) : start].split()
        while words and (
            words[-1][:1].isupper()
            or words[-1].lower().strip(",.") in TITLE_WORDS
            or words[-1].lower() in PORTFOLIO_WORDS
        ):
            if words[-1].endswith((".", "!", "?", '"', "”")) and len(words[-1]) > 3:
                return True
            words.pop()
        return not words or words[-1][-1:] in {".", "!", "?", '"', "”"}

    def note(self, info: NPInfo, name: str) -> None:
        """Remember a speaker's role, affiliation and country for later mentions."""
        person = self.people.get(name)
        if person is None:
            return
        person.role = person.role or info.role
        person.affiliation = person.affiliation or info.affiliation
        person.country = person.country or info.country

    def finish(self) -> None:
        """Confirm full names whose surname is a known person; index every mention."""
        single = {n for n, p in self.people.items() if p.confirmed and " " not in n}
        single |= self._titled_singles
        for name, info in self.people.items():
            if not info.confirmed and name.split()[-1] in single:
                info.confirmed = True
        mentions: list[Mention] = []
        for name, info in self.people.items():
            if not info.confirmed:
                if 2 <= len(name.split()) <= 3:
                    # a capitalized pair the NER never saw: a last-resort antecedent
                    for m in re.finditer(_name_pattern(name), self.text):
                        if not self.in_quote(m.start()):
                            mentions.append(Mention(m.start(), m.end(), name, "person", weak=True))
                continue
            forms = {name}
            parts = name.split()
            if len(parts) > 1 and len(parts[-1]) > 2:
                forms.add(parts[-1])
            for form in forms:
                pattern = r"(?<![\w-])" + r"[\s\u00a0]+".join(map(re.escape, form.split()))
                for m in re.finditer(pattern + r"(?![\w-])", self.text):
                    if not self.in_quote(m.start()):
                        full = self.canonical(form)
                        salient = self._salient(m.start())
                        mentions.append(Mention(m.start(), m.end(), full, "person", salient))
        for name, spans in self.orgs.items():
            for start, end in spans:
                if not self.in_quote(start):
                    salient = self._salient(start)
                    mentions.append(Mention(start, end, name, "organization", salient))
        mentions += [v for v in self._voices if v.voice_role and not self.in_quote(v.start)]
        mentions.sort(key=lambda m: (m.end, m.start))
        self._mentions = mentions
        self._ends = [m.end for m in mentions]

    # lookups --------------------------------------------------------------------------------

    def canonical(self, name: str, before: int | None = None) -> str:
        """The full name a person is known by: "Trump" -> "Donald Trump"."""
        name = clean_name(name)
        parts = name.split()
        candidates = [
            full
            for full, info in self.people.items()
            if info.confirmed
            and len(full.split()) > len(parts)
            and full.split()[-len(parts) :] == parts
            and not any(w.lower().rstrip(".") in TITLE_WORDS for w in full.split())
        ]
        if not candidates:
            candidates = [
                full
                for full in self.people
                if len(full.split()) > len(parts) and full.split()[-len(parts) :] == parts
            ]
        parsed = [full for full in candidates if self.people[full].parsed]
        candidates = parsed or candidates
        if not candidates and len(parts) == 1:
            # a lone first name: "Anan said" after "Anan Wongsawat"
            candidates = [
                full
                for full, info in self.people.items()
                if info.confirmed and len(full.split()) > 1 and full.split()[0] == name
            ]
            if len(candidates) != 1:
                candidates = []
        if not candidates:
            return name
        if len(candidates) == 1 or before is None:
            return candidates[0]

        def last_before(full: str) -> int:
            found = [m.start() for m in re.finditer(re.escape(full), self.text[:before])]
            return found[-1] if found else -1

        return max(candidates, key=last_before)

    def is_person(self, name: str) -> bool:
        """True when ``name`` is the surname of a confirmed person: "Okafor" after
        "Ada Okafor" (the NER sometimes labels a lone surname ORG)."""
        if clean_name(name) in self._titled_singles:
            return True
        full = self.canonical(name)
        info = self.people.get(full)
        return full != clean_name(name) and info is not None and info.confirmed

    def info(self, name: str) -> PersonInfo | None:
        return self.people.get(name)

    def antecedent(self, pos: int, kind: Kind, country: str | None = None) -> Mention | None:
        """The mention "he", "it" or "the US leader" at ``pos`` refers to: of the mentions of
        ``kind`` outside quotes that end before ``pos`` within ``ANTECEDENT_CHARS``, the
        nearest salient one (a speaker, a sentence subject), else the nearest; with a country
        ("the US leader"), one whose known country agrees comes first."""
        i = bisect.bisect_right(self._ends, pos)
        nearest: Mention | None = None
        salient: Mention | None = None
        weak: Mention | None = None
        while i > 0:
            i -= 1
            m = self._mentions[i]
            if m.kind != kind:
                continue
            if m.weak:
                weak = weak or (m if pos - m.end <= ANTECEDENT_CHARS else None)
                continue
            if country is not None:
                person = self.people.get(m.name)
                if person is not None and person.country == country:
                    return m
            if pos - m.end > ANTECEDENT_CHARS and nearest is not None:
                if country is None:
                    break
                continue
            nearest = nearest or m
            if m.salient and salient is None:
                salient = m
                if country is None:
                    break
        return salient or nearest or weak

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        """The mentions that lie inside ``[start, end)``."""
        return [m for m in self._mentions if start <= m.start and m.end <= end]

    def name_span(self, name: str, before: int) -> tuple[int, int] | None:
        """Where ``name`` is written: the nearest occurrence before ``before``, else the first."""
        pattern = r"[\s\u00a0]+".join(map(re.escape, name.split()))
        found = [
            (m.start(), m.end()) for m in re.finditer(r"(?<!\w)" + pattern + r"(?!\w)", self.text)
        ]
        if not found:
            return None
        earlier = [f for f in found if f[0] < before]
        return earlier[-1] if earlier else found[0]


def _name_pattern(name: str) -> str:
    words = r"[\s\u00a0]+".join(map(re.escape, name.split()))
    return r"(?<![\w-])" + words + r"(?![\w-])"


def _cap_word(word: str) -> bool:
    return (len(word) > 1 and word[0].isupper() and not word.isupper()) or bool(
        re.fullmatch(r"[A-Z]\.", word)
    )


def _sentence_initial(text: str, pos: int) -> bool:
    before = text[max(0, pos - 4) : pos].rstrip(" \"“‘'(\u00a0")
    return not before or before[-1] in ".!?:\n"
