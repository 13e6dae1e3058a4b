"""Speaker noun phrases: the name, title, role, affiliation and country they give.

``analyze_np`` reads a speaker noun phrase from the parse: the name (without titles), the role
and affiliation (from the title before the name and from an apposition or an "of"/"at" phrase
after it), the country (from a demonym or a country in the title: "Uzbek leader" -> UZB,
"Kazakhstan's President" -> KAZ) and whether it names a person or an organization.

Who "he", "Trump" or "the US leader" is, is ``quotes_registry``'s business.
"""

from __future__ import annotations

from dataclasses import dataclass
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

_SUBJECT_PRONOUNS = frozenset({"he", "she", "him", "her", "it", "they", "we", "i", "you", "them"})
_DEFINITE = frozenset({"the", "this", "that"})
_HYPHENS = frozenset({"-", "‐", "‑"})
_APOSTROPHE_S = frozenset({"'s", "’s", "'", "’"})
_AFFILIATION_PREPS = frozenset({"at", "of", "with", "for", "from"})


def clean_name(name: str) -> str:
    """A name on one line with single spaces: non-breaking spaces and wraps become spaces,
    wire markup ("<Acme Corp>") goes."""
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
        a name that follows a title head ("executive vice president Jane Roe")."""
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
    # a possessive description: "the Latvian president's website" speaks for the president
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
    if name_lo is not None and head.ent_type_ == "PERSON":
        # the NER's person ends the title: "Minister for Trade Negotiations Jane Roe"
        ent_start = int(head.i)
        while ent_start > name_lo and doc[ent_start].ent_iob_ == "I":
            ent_start -= 1
        if ent_start > name_lo and not _is_title(doc[ent_start]):
            name_lo = ent_start
    s, e, surface = np.chars(tokens[0], doc[right])
    info = NPInfo("description", s, e, surface, definite=definite, possessor=possessor)
    title_end = name_lo if name_lo is not None else right + 1
    if name_lo is not None:
        info.kind = "name"
        name_tokens = [doc[i] for i in range(name_lo, right + 1)]
        # leading demonyms of a person's name are the title: "Uzbek Aziz Karimov"
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
        return "organization"  # a lone unknown name is usually a company: "Acme said"
    return "person"


def _read_apposition(np: _NP, head: Token, info: NPInfo) -> None:
    """Role and affiliation from ", head of analysis at PRISM," or "of the Institute for ..."."""
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
    """An apposition: "a strategist at Baltic Capital", "the fund's managing director",
    "deputy head of the risk unit at Acme Re, a reinsurer in Zurich" (role "deputy head of
    risk unit", affiliation "Acme Re")."""
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
        info.entity = "organization"  # "Acme Labs, a company that ..."
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
