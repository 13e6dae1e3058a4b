"""Speakers: who a noun phrase names, and who "he", "Trump" or "the US leader" refers to.

``analyze_np`` reads a speaker noun phrase from the parse: the name (without titles), the role
and affiliation (from the title before the name and from an apposition or an "of"/"at" phrase
after it), the country (from a demonym or a country in the title: "Uzbek leader" -> UZB,
"Kazakhstan's President" -> KAZ) and whether it names a person or an organization.

``Registry`` is the document-level memory of names: person names found by NER in the parsed
windows, by speaker analysis and by a cheap scan of capitalized word sequences over the whole
text. It expands a surname to the full name ("Trump" -> "Donald Trump") and finds the nearest
earlier compatible mention for "he"/"she" (persons only), "it" (organizations) and definite
descriptions ("The US leader").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Token

from dealscope.nlp.quotes_lexicon import (
    HONORIFICS,
    NAME_PARTICLES,
    NON_PERSON_WORDS,
    ORG_NOUNS,
    PORTFOLIO_WORDS,
    TITLE_WORDS,
    VOICE_NOUNS,
    country_code,
)

Kind = Literal["person", "organization"]
NPKind = Literal["pronoun", "name", "description"]

ANTECEDENT_CHARS = 1500
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_ORG_PRONOUNS = frozenset({"it"})
_SUBJECT_PRONOUNS = frozenset({"he", "she", "him", "her", "it", "they", "we", "i", "you", "them"})
_DEFINITE = frozenset({"the", "this", "that"})
_HYPHENS = frozenset({"-", "‐", "‑"})
_APOSTROPHE_S = frozenset({"'s", "’s", "'", "’"})
_AFFILIATION_PREPS = frozenset({"at", "of", "with", "for", "from"})
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


def clean_name(name: str) -> str:
    """A name on one line with single spaces: non-breaking spaces and wraps become spaces,
    wire markup ("<Milex Corp>") goes."""
    return " ".join(name.replace("\u00a0", " ").replace("<", " ").replace(">", " ").split())


@dataclass
class NPInfo:
    """What a speaker noun phrase says about its referent."""

    kind: NPKind
    start: int
    end: int
    text: str
    name: str | None = None
    name_start: int | None = None
    name_end: int | None = None
    role: str | None = None
    affiliation: str | None = None
    affiliation_span: tuple[int, int] | None = None
    country: str | None = None
    entity: Kind = "person"
    definite: bool = False
    voice: bool = False  # "a statement", "a spokesman": the organization speaks
    possessor: NPInfo | None = None


@dataclass
class PersonInfo:
    name: str
    role: str | None = None
    affiliation: str | None = None
    country: str | None = None
    confirmed: bool = False


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    name: str
    kind: Kind
    salient: bool = False  # a subject: a speaker, or the first words of a sentence
    voice_role: str | None = None  # "a KKK spokesman": "he" then means KKK's spokesman
    weak: bool = False  # from the capitalized-sequence scan only, never confirmed


def _is_cap(tok: Token) -> bool:
    text: str = tok.text
    return bool(text) and text[0].isupper()


def _is_title(tok: Token) -> bool:
    low: str = tok.lower_.rstrip(".")
    return low in TITLE_WORDS or low in HONORIFICS


def _tok_country(tok: Token) -> str | None:
    if tok.ent_type_ == "ORG":
        return None
    return country_code(tok.text)


def _span_text(text: str, start: int, end: int) -> str:
    return text[start:end]


class _NP:
    """Token-level helper for one noun phrase of a window Doc."""

    def __init__(self, text: str, base: int, masked: set[int]) -> None:
        self.text = text
        self.base = base
        self.masked = masked

    def start(self, tok: Token) -> int:
        return self.base + int(tok.idx)

    def end(self, tok: Token) -> int:
        return self.base + int(tok.idx) + len(tok.text)

    def chars(self, first: Token, last: Token) -> tuple[int, int, str]:
        s, e = self.start(first), self.end(last)
        return s, e, self.text[s:e]

    def left_bound(self, head: Token) -> int:
        """Index of the first token of the noun phrase left of ``head``."""
        doc = head.doc
        i = int(head.i)
        low = int(head.left_edge.i)
        while i - 1 >= low:
            tok = doc[i - 1]
            if tok.text in {",", ";", ":", "(", ")"} or tok.i in self.masked:
                break
            if tok.pos_ in {"VERB", "AUX", "ADP", "SCONJ", "ADV", "CCONJ", "PRON", "NUM"}:
                keep = tok.lower_ in PORTFOLIO_WORDS or tok.lower_ in TITLE_WORDS
                if tok.lower_ not in {"'s", "’s"} and not keep:
                    break
            i -= 1
        return i

    def right_bound(self, head: Token) -> int:
        """Index of the last token of a flat name right of ``head`` ("Kassym - Jomart"), or of
        a name that follows a title head ("executive vice president Douglas Yearley")."""
        doc = head.doc
        i = int(head.i)
        right_edge = int(head.right_edge.i)
        after_title = _is_title(head) and not _is_cap(head)
        while i + 1 <= right_edge:
            tok = doc[i + 1]
            if tok.i in self.masked or (tok.is_punct and tok.text not in _HYPHENS):
                break
            deps = (
                {"compound", "flat", "appos", "npadvmod", "nmod"}
                if after_title
                else {
                    "compound",
                    "flat",
                }
            )
            if tok.dep_ not in deps and not (tok.text in _HYPHENS or tok.lower_ in NAME_PARTICLES):
                break
            if not (_is_cap(tok) or tok.text in _HYPHENS or tok.lower_ in NAME_PARTICLES):
                break
            i += 1
        while i > head.i and (doc[i].text in _HYPHENS or doc[i].lower_ in NAME_PARTICLES):
            i -= 1
        return i

    def of_name(self, head: Token, right: int) -> int:
        """Extend an organization name over "of State" / "of America" (no determiner)."""
        doc = head.doc
        if (
            right + 2 < len(doc)
            and doc[right + 1].lower_ == "of"
            and doc[right + 1].head.i == head.i
        ):
            nxt = doc[right + 2]
            if _is_cap(nxt) and nxt.pos_ == "PROPN":
                j = right + 2
                while j + 1 < len(doc) and _is_cap(doc[j + 1]) and doc[j + 1].pos_ == "PROPN":
                    j += 1
                return j
        return right

    def phrase(self, tok: Token, drop_preps: frozenset[str]) -> tuple[int, int] | None:
        """Character span of ``tok``'s phrase without determiners, appositions and clauses."""
        skip: set[int] = set()
        for child in tok.children:
            if child.dep_ in {"appos", "relcl", "acl", "advcl", "punct", "cc"} and child.i > tok.i:
                skip.update(t.i for t in child.subtree)
            if child.dep_ == "prep" and child.lower_ in drop_preps:
                skip.update(t.i for t in child.subtree)
        idx = sorted(
            t.i
            for t in tok.subtree
            if t.i not in skip and t.i not in self.masked and t.dep_ != "det"
        )
        if not idx:
            return None
        doc = tok.doc
        while len(idx) > 1 and not _is_cap(doc[idx[0]]) and idx[0] < tok.i:
            idx = idx[1:]
        first = idx[0]
        last = first
        for i in idx[1:]:
            if i != last + 1:
                break
            last = i
        while last > first and (doc[last].is_punct or doc[last].is_space):
            last -= 1
        return self.start(doc[first]), self.end(doc[last])


def analyze_np(head: Token, text: str, base: int, masked: set[int]) -> NPInfo:
    """Read the noun phrase headed by ``head`` (a token of a window Doc at offset ``base``)."""
    np = _NP(text, base, masked)
    doc = head.doc
    low: str = head.lower_
    if head.pos_ == "PRON" or low in _SUBJECT_PRONOUNS:
        s = np.start(head)
        return NPInfo("pronoun", s, np.end(head), text[s : np.end(head)])
    if not _is_cap(head) or (head.pos_ == "NOUN" and head.tag_ == "NNS"):
        named = next(
            (
                c
                for c in head.children
                if c.dep_ == "appos" and c.pos_ == "PROPN" and _is_cap(c) and c.i not in masked
            ),
            None,
        )
        if named is not None:
            # "The UN's relief coordinator, Jan Egeland, said": the apposition is the name
            inner = analyze_np(named, text, base, masked)
            described = _describe(np, head)
            inner.role = inner.role or described.role
            inner.affiliation = inner.affiliation or described.affiliation
            inner.affiliation_span = inner.affiliation_span or described.affiliation_span
            inner.country = inner.country or described.country
            inner.entity = "person"
            return inner
    left = np.left_bound(head)
    right = np.right_bound(head)
    # a possessive description: "the Tajik president's website" speaks for the president
    possessor: NPInfo | None = None
    for child in head.children:
        if (
            child.dep_ == "poss"
            and child.pos_ in {"NOUN", "PROPN"}
            and child.i >= left
            and (not _is_cap(child) or child.ent_type_ == "PERSON")
        ):
            possessor = analyze_np(child, text, base, masked)
    tokens = [doc[i] for i in range(left, right + 1)]
    definite = bool(tokens) and tokens[0].lower_ in _DEFINITE
    while tokens and tokens[0].pos_ == "DET":
        tokens = tokens[1:]
    if not tokens:
        tokens = [head]
    # the name: the run of capitalized tokens that ends the phrase
    name_lo: int | None = None
    right_is_name = not _is_title(doc[right]) or (
        right - 1 >= tokens[0].i and _is_cap(doc[right - 1]) and not _is_title(doc[right - 1])
    )
    plural_noun = right == head.i and head.pos_ == "NOUN" and head.tag_ == "NNS"
    if _is_cap(doc[right]) and right_is_name and doc[right].pos_ != "PRON" and not plural_noun:
        k = right
        while k - 1 >= tokens[0].i:
            prev = doc[k - 1]
            if prev.text in _HYPHENS and k - 2 >= tokens[0].i and _is_cap(doc[k - 2]):
                k -= 1
                continue
            if prev.lower_ in NAME_PARTICLES and k - 2 >= tokens[0].i and _is_cap(doc[k - 2]):
                k -= 1
                continue
            if _is_cap(prev) and not _is_title(prev) and prev.pos_ != "DET":
                k -= 1
                continue
            break
        name_lo = k
    s, e, surface = np.chars(tokens[0], doc[right])
    info = NPInfo("description", s, e, surface, definite=definite, possessor=possessor)
    title_end = name_lo if name_lo is not None else right + 1
    if name_lo is not None:
        info.kind = "name"
        name_tokens = [doc[i] for i in range(name_lo, right + 1)]
        # leading demonyms of a person's name are the title: "Uzbek Shavkat Mirziyoyev"
        while (
            len(name_tokens) > 2
            and _tok_country(name_tokens[0]) is not None
            and not any(t.lower_ in NON_PERSON_WORDS for t in name_tokens[1:])
        ):
            name_tokens = name_tokens[1:]
        title_end = int(name_tokens[0].i)
        last = np.of_name(head, right) if head.ent_type_ != "PERSON" else right
        ns, ne, _ = np.chars(name_tokens[0], doc[last])
        info.name, info.name_start, info.name_end = clean_name(text[ns:ne]), ns, ne
    _read_title(np, [doc[i] for i in range(int(tokens[0].i), title_end)], info)
    if info.kind == "description":
        head_low = head.lemma_.lower()
        info.voice = head_low in VOICE_NOUNS or head.lower_ in VOICE_NOUNS
        if head_low in ORG_NOUNS:
            info.entity = "organization"
        _read_agent(np, head, info)
    else:
        info.entity = _name_entity(head, info, doc, tokens)
    _read_apposition(np, head, info)
    if info.entity == "organization" and info.kind == "name":
        info.role = None
        if info.country is None and name_lo is not None:
            info.country = country_code(doc[name_lo].text)
    return info


def _read_title(np: _NP, parts: list[Token], info: NPInfo) -> None:
    """Country, affiliation and role from the words before a name.

    "Kazakhstan's President" -> KAZ, role "President"; "Uzbek leader" -> UZB, "leader";
    "Ryanair chairman" -> affiliation "Ryanair", role "chairman"; "Japanese Trade Minister"
    -> JPN, role "Trade Minister"; "senior Japanese Finance Ministry official" -> JPN,
    affiliation "Japanese Finance Ministry", role "senior official".
    """
    role: list[Token] = []
    i = 0
    while i < len(parts):
        tok = parts[i]
        low = tok.lower_.rstrip(".")
        if (
            tok.pos_ == "DET"
            or tok.is_space
            or tok.lower_ in _APOSTROPHE_S
            or low in HONORIFICS
            or (tok.is_punct and tok.text not in _HYPHENS and tok.text != "&")
        ):
            i += 1
            continue
        if _is_cap(tok) and not _is_title(tok) and _in_org_run(parts, i):
            j = i
            while (
                j + 1 < len(parts)
                and (_is_cap(parts[j + 1]) or parts[j + 1].text in {"&", "-"})
                and not _is_title(parts[j + 1])
                and _in_org_run(parts, j + 1)
            ):
                j += 1
            run = parts[i : j + 1]
            code = _tok_country(tok) if len(run) == 1 else None
            if code is not None:
                info.country = info.country or code
            elif info.affiliation is None:
                s, e, _ = np.chars(run[0], run[-1])
                info.affiliation = clean_name(np.text[s:e])
                info.affiliation_span = (s, e)
                lead = country_code(run[0].text)
                if lead is not None and tok.ent_type_ != "ORG":
                    info.country = info.country or lead
            else:
                role.extend(run)
            i = j + 1
            continue
        role.append(tok)
        i += 1
    if role:
        info.role = clean_name(" ".join(str(t.text) for t in role).replace(" - ", "-"))
        if role[-1].lemma_.lower() in ORG_NOUNS and not _is_cap(role[-1]):
            info.entity = "organization"


def _describe(np: _NP, head: Token) -> NPInfo:
    """Role, affiliation and country of a description read on its own."""
    left = np.left_bound(head)
    parts = [head.doc[i] for i in range(left, int(head.i) + 1)]
    info = NPInfo("description", 0, 0, "")
    _read_title(np, parts, info)
    return info


def _in_org_run(parts: list[Token], i: int) -> bool:
    """Whether a capitalized title word belongs to an organization's name: a portfolio word
    ("Finance", "Trade") does only when a capitalized non-title word follows it ("Finance
    Ministry"), not when a title does ("Trade Minister")."""
    if parts[i].lower_ not in PORTFOLIO_WORDS:
        return True
    j = i + 1
    while j < len(parts) and parts[j].lower_ in PORTFOLIO_WORDS and _is_cap(parts[j]):
        j += 1
    return j < len(parts) and _is_cap(parts[j]) and not _is_title(parts[j])


def _name_entity(head: Token, info: NPInfo, doc: object, tokens: list[Token]) -> Kind:
    """Whether a name names a person or an organization."""
    if info.entity == "organization":  # "airline Air Astana"
        return "organization"
    label: str = head.ent_type_
    name = info.name or ""
    words = [w.lower().rstrip(".") for w in name.split()]
    if any(w in NON_PERSON_WORDS for w in words) and label != "PERSON":
        return "organization"
    if label == "PERSON":
        return "person"
    if label in {"ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT"}:
        return "organization"
    if info.role is not None:
        return "person"
    if info.definite or len(name.split()) == 1:
        return "organization"  # a lone unknown name is usually a company: "Wimpey said"
    return "person"


def _read_apposition(np: _NP, head: Token, info: NPInfo) -> None:
    """Role and affiliation from ", head of analysis at PRISM," or "of the Center for ..."."""
    for child in head.children:
        if child.i <= head.i or child.i in np.masked:
            continue
        if child.dep_ == "appos" and child.pos_ in {"NOUN", "PROPN"} and info.kind == "name":
            _read_role_phrase(np, child, info)
            return
        if (
            child.dep_ == "prep"
            and child.lower_ in {"of", "at", "from"}
            and info.kind == "name"
            and info.entity == "person"
        ):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and _tok_country(pobj) is not None:
                info.country = info.country or _tok_country(pobj)  # "Pat Carney of Canada"
                continue
            if pobj is not None and _is_cap(pobj):
                span = np.phrase(pobj, frozenset({"in", "on", "at", "from"}))
                if span is not None and info.affiliation is None:
                    info.affiliation = clean_name(np.text[span[0] : span[1]])
                    info.affiliation_span = span


def _read_role_phrase(np: _NP, appos: Token, info: NPInfo) -> None:
    """An apposition: "a strategist at UBS", "the IMF's managing director", "deputy head of
    the natural disasters department at Swiss Re, the world's second biggest reinsurer"."""
    doc = appos.doc
    first = int(appos.left_edge.i)
    tokens = sorted((t for t in appos.subtree if t.i not in np.masked), key=lambda t: int(t.i))
    stop = int(appos.i) + 1
    aff_tok: Token | None = None
    for tok in tokens:
        if tok.i <= appos.i:
            continue
        if (tok.text in {",", ";", "(", "—", "–"} and tok.head.i == appos.i) or tok.dep_ in {
            "relcl",
            "acl",
        }:
            break  # a second apposition or a clause: the role ends here
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if (
            tok.dep_ == "prep"
            and tok.lower_ in _AFFILIATION_PREPS
            and pobj is not None
            and _is_cap(pobj)
            and pobj.ent_type_ not in {"GPE", "LOC"}
            and _tok_country(pobj) is None
            and pobj.lower_ not in PORTFOLIO_WORDS
        ):
            aff_tok = pobj
            break
        if tok.dep_ == "prep" and tok.lower_ in {"in", "on"}:
            break
        stop = int(tok.i) + 1
    if aff_tok is not None:
        span = np.phrase(aff_tok, frozenset({"in", "on", "at", "from"}))
        if span is not None and info.affiliation is None:
            info.affiliation = clean_name(np.text[span[0] : span[1]])
            info.affiliation_span = span
    parts = [doc[i] for i in range(first, stop) if i not in np.masked]
    while parts and (parts[-1].is_punct or parts[-1].pos_ in {"ADP", "CCONJ"}):
        parts = parts[:-1]
    sub = NPInfo("description", 0, 0, "")
    _read_title(np, parts, sub)
    if sub.role:
        info.role = sub.role
    if sub.affiliation and info.affiliation is None:
        info.affiliation, info.affiliation_span = sub.affiliation, sub.affiliation_span
    if sub.country and info.country is None:
        info.country = sub.country
    lemma = appos.lemma_.lower()
    if lemma in ORG_NOUNS and not _is_cap(appos):
        info.entity = "organization"  # "Transparent Earth, a company that ..."
        info.role = None
    elif lemma in TITLE_WORDS or appos.lower_ in TITLE_WORDS:
        info.entity = "person"  # "Chihiro Nakajima, professor at ..."


def _read_agent(np: _NP, head: Token, info: NPInfo) -> None:
    """The organization behind a voice: "a statement issued by X", "a spokesman for X"."""
    for child in head.children:
        targets: list[Token] = []
        if child.dep_ == "acl":
            for grand in child.children:
                if grand.dep_ == "agent":
                    targets += [c for c in grand.children if c.dep_ == "pobj"]
        elif child.dep_ == "prep" and child.lower_ in {"for", "of", "from", "at"}:
            targets += [c for c in child.children if c.dep_ == "pobj"]
        for target in targets:
            if _is_cap(target):
                span = np.phrase(target, frozenset({"in", "on", "at", "from"}))
                if span is not None:
                    info.affiliation = clean_name(np.text[span[0] : span[1]])
                    info.affiliation_span = span
                    return


# --------------------------------------------------------------------------------------------
# the registry


@dataclass
class Registry:
    """Names seen in one article and where they are mentioned."""

    text: str
    quotes: list[tuple[int, int]]
    people: dict[str, PersonInfo] = field(default_factory=dict)
    orgs: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    _speakers: list[tuple[int, int]] = field(default_factory=list)
    _voices: list[Mention] = field(default_factory=list)
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
                    break  # "Higher Education. Joyce Johnston": a sentence ended
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
        while run and country_code(run[0].group()) is not None:
            run = run[1:]
        if run:
            prev = re.search(
                r"([^\W\d_]+)\.?[\s\u00a0]+$", text[max(0, run[0].start() - 30) : run[0].start()]
            )
            if prev is not None and prev.group(1).lower() in TITLE_WORDS | HONORIFICS:
                titled = True
        if not 2 <= len(run) <= 4:
            return
        lowered = [m.group().lower().rstrip(".") for m in run]
        if len(set(lowered)) < len(lowered):
            return  # "Trump\nTrump attended": a headline's last word and a caption's first
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
        return info

    def add_org(self, name: str, start: int, end: int, certain: bool = False) -> None:
        """An organization mention; ``certain`` (from speaker analysis) overrides the NER
        when it took the name for a person ("Transparent Earth, a company that ...")."""
        name = clean_name(name)
        self.orgs.setdefault(name, []).append((start, end))
        if certain and name in self.people:
            self.people[name].confirmed = False

    def add_voice(self, info: NPInfo, org: str) -> None:
        """An unnamed person speaking for an organization ("a KKK spokesman")."""
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
        if not candidates and len(parts) == 1:
            # a lone first name: "Siri said" after "Siri Karncharoendi"
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
        """True when ``name`` is the surname of a confirmed person: "Heyman" after
        "Samuel Heyman" (the NER sometimes labels a lone surname ORG)."""
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
