"""Attribution: which cue verb introduces a quote and which noun phrase is its speaker.

Works on the parsed windows only. For a direct quote, the cue is looked for first right after
the quote (``"...," Trump told``, ``"...," said Berg``), then before it, nearest first
(``he remarked: "..."``, ``Berg said that ... are "..."``, ``reported X as saying: "..."``).
The speaker is the cue's subject; a participle cue without one ("..., saying it was ...")
takes the subject of the nearest speech verb above it; "as saying" takes the object of the
verb it hangs on; "according to X" takes X.

Indirect speech is a speech verb with a clausal complement ("X told Trump that ...", "X said
the deal ..."), reported as its own quote when the clause holds no direct quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dealscope.nlp.quotes_lexicon import (
    CUE_FORMS,
    CUE_LEMMAS,
    INDIRECT_CUE_LEMMAS,
    STRONG_CUE_FORMS,
)
from dealscope.nlp.quotes_marks import Region

AFTER_TOKENS = 15
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_RELATIVE = frozenset({"who", "that", "which"})
_NOT_SPEECH = frozenset({"on", "for", "off", "up", "in"})
_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
# '"No," he said.': a cue within three words after a short quote that opens its sentence
_SHORT_UTTERANCE = re.compile(r"[\s,]*(?:[^\s.!?]+\s+){0,3}?(?:" + CUE_FORMS.pattern + ")")
_FUNCTION_WORDS = frozenset(
    {"of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "with", "by", "from", "or"}
)


@dataclass
class Window:
    """A parsed stretch of the text: ``doc`` is ``nlp(text[start:end])``."""

    start: int
    end: int
    doc: Doc

    def tokens(self, lo: int, hi: int) -> list[Token]:
        """Tokens that start inside ``[lo, hi)`` (absolute offsets)."""
        return [t for t in self.doc if lo <= self.start + t.idx < hi]

    def masked(self, quotes: list[tuple[int, int]]) -> set[int]:
        """Indexes of the tokens inside any quote (marks included)."""
        out: set[int] = set()
        for tok in self.doc:
            pos = self.start + tok.idx
            if any(lo <= pos < hi for lo, hi in quotes):
                out.add(int(tok.i))
        return out


@dataclass
class Cue:
    """A cue found for a quote: the verb (or "according to"), and the speaker's head token."""

    start: int
    end: int
    text: str
    speaker: Token | None


def word_count(text: str) -> int:
    return len(_WORDS.findall(text))


def is_speech(text: str, region: Region, sent_start: int, sent_end: int) -> bool:
    """False for scare quotes and titles: a quoted term of one or two words, a short quoted
    fragment without a speech verb in its sentence, a title-case name of a work."""
    words = _WORDS.findall(text[region.start : region.end])
    n = len(words)
    if n == 0:
        return False
    close = region.close_pos
    inner = text[region.start : close] if close is not None else text[region.start : region.end]
    prefix = text[sent_start : region.open_pos].strip()
    suffix = text[region.outer_end : sent_end]
    introduced = (
        not prefix
        or prefix.endswith((":", ",", "—", "–", "-"))
        or STRONG_CUE_FORMS.search(prefix[-25:]) is not None
    )
    partial = (not introduced) or bool(re.match(r"\s*[^\W_]", suffix))
    if n <= 2:
        # only a complete short utterance: "No," he said.
        ends = inner.rstrip().endswith((",", ".", "!", "?"))
        return ends and not prefix and _SHORT_UTTERANCE.match(suffix) is not None
    if partial and n <= 8 and _title_case(words) and not inner.rstrip().endswith((".", "!", "?")):
        return False
    if partial and n < 6:
        context = text[sent_start : region.open_pos] + " " + text[region.outer_end : sent_end]
        return STRONG_CUE_FORMS.search(context) is not None
    return True


def _title_case(words: list[str]) -> bool:
    caps = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    return bool(caps) and all(w[0].isupper() for w in caps) and words[0][0].isupper()


def _is_cue(tok: Token, masked: set[int], lemmas: frozenset[str] = CUE_LEMMAS) -> bool:
    if tok.i in masked:
        return False
    lemma: str = tok.lemma_.lower()
    tag: str = tok.tag_
    if lemma not in lemmas or not (tok.pos_ in {"VERB", "AUX"} or tag.startswith("VB")):
        return False
    if lemma == "call":  # "called on firms to ...", "called for" are not speech
        return not any(c.dep_ in {"prep", "prt"} and c.lower_ in _NOT_SPEECH for c in tok.children)
    if lemma == "continue":  # only "He continued: ..." / '"...," he continued.'
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        return nxt is None or nxt.text in {":", ",", ".", '"', "“"}
    return True


def _subject(verb: Token, masked: set[int]) -> Token | None:
    for child in verb.children:
        if child.dep_ in _SUBJECTS and child.i not in masked:
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                # "Acme Labs, a company that says ...": the relative's antecedent
                noun = verb.head
                return noun.head if noun.dep_ == "appos" else noun
            return child
    return None


def speaker_of(cue: Token, masked: set[int]) -> Token | None:
    """The head token of the speaker of a cue verb, from the parse."""
    doc = cue.doc
    prev = doc[cue.i - 1] if cue.i > 0 else None
    if prev is not None and prev.lower_ == "as" and cue.tag_ == "VBG":
        # "Kursiv reported X as saying", "X was quoted as saying"
        for anc in cue.ancestors:
            if anc.pos_ in {"VERB", "AUX"}:
                for child in anc.children:
                    if child.dep_ in {"dobj", "nsubjpass"} and child.i not in masked:
                        return child
                break
    if cue.lemma_.lower() == "quote":
        # "the agency quoted X as saying", "X was quoted as saying"
        for child in cue.children:
            if child.dep_ in {"dobj", "nsubjpass"} and child.i not in masked:
                return child
    subject = _subject(cue, masked)
    if subject is not None:
        return subject
    if cue.dep_ in {"advcl", "xcomp", "conj", "pcomp", "acl", "ccomp"} or cue.tag_ == "VBG":
        # "..., saying ...", "X, asked if ..., said": the subject of the verb above
        ancestors = [a for a in cue.ancestors if a.pos_ in {"VERB", "AUX"}][:4]
        for anc in ancestors:
            if _is_cue(anc, masked) and _subject(anc, masked) is not None:
                return _subject(anc, masked)
        for anc in ancestors:
            if _subject(anc, masked) is not None:
                return _subject(anc, masked)
    # inverted order the parser missed: '"...," said Jane Roe'
    for child in cue.children:
        if (
            child.i > cue.i
            and child.dep_ in {"dobj", "attr", "npadvmod", "appos"}
            and child.pos_ in {"PROPN", "NOUN"}
            and child.i not in masked
        ):
            return child
    return None


def _surface_speaker(between: list[Token], following: list[Token]) -> Token | None:
    """When the parse gives no subject: the first name between the quote and the cue
    ('"...," Jane Roe, head of policy, said'), else the first name after the cue."""
    for tokens in (between, following[:6]):
        run: list[Token] = []
        for tok in tokens:
            if tok.pos_ == "PROPN" or (tok.pos_ == "PRON" and tok.lower_ in {"he", "she"}):
                run.append(tok)
                if tok.pos_ == "PRON":
                    break
            elif run:
                break
        if run:
            return run[-1]
    return None


def _according(tokens: list[Token], masked: set[int]) -> Cue | None:
    for tok in tokens:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc):
            to = tok.doc[tok.i + 1]
            if to.lower_ != "to":
                continue
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is None:
                pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            start = int(tok.idx)
            end = int(to.idx) + len(to.text)
            return Cue(start, end, "according to", pobj if pobj is not None else None)
    return None


def find_cue(window: Window, region: Region, lo: int, hi: int, masked: set[int]) -> Cue | None:
    """The cue of a direct quote whose context is ``[lo, hi)`` (absolute offsets)."""
    base = window.start
    after = [t for t in window.tokens(region.outer_end, hi) if t.i not in masked]
    before = [t for t in window.tokens(lo, region.open_pos) if t.i not in masked]
    found = _according(after[:AFTER_TOKENS], masked) or _according(before, masked)
    for n, tok in enumerate(after[:AFTER_TOKENS]):
        if tok.text in {".", "!", "?"}:
            break
        if _is_cue(tok, masked):
            speaker = speaker_of(tok, masked) or _surface_speaker(after[:n], after[n + 1 :])
            return _cue(base, tok, speaker)
    if found is not None:
        return _shift(found, base)
    for tok in reversed(before):
        if _is_cue(tok, masked):
            return _cue(base, tok, speaker_of(tok, masked))
    return None


def _cue(base: int, tok: Token, speaker: Token | None) -> Cue:
    doc = tok.doc
    start = int(tok.idx)
    end = start + len(tok.text)
    text = str(tok.text)
    if tok.i > 0 and doc[tok.i - 1].lower_ == "as" and tok.tag_ == "VBG":
        start = int(doc[tok.i - 1].idx)
        text = "as " + text
    return Cue(base + start, base + end, text, speaker)


def _shift(cue: Cue, base: int) -> Cue:
    return Cue(cue.start + base, cue.end + base, cue.text, cue.speaker)


@dataclass
class Indirect:
    """Reported speech: the clause's span, its cue and the cue's subject."""

    start: int
    end: int
    cue: Cue


def find_indirect(
    window: Window, masked: set[int], direct: list[tuple[int, int]]
) -> list[Indirect]:
    """Speech verbs with a clausal complement that holds no direct quote."""
    out: list[Indirect] = []
    base = window.start
    for tok in window.doc:
        if not _is_cue(tok, masked, INDIRECT_CUE_LEMMAS):
            continue
        comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
        subject = _subject(tok, masked)
        if comp is None or subject is None or subject.lower_ in {"i", "we", "you"}:
            continue
        if tok.tag_ == "VBG":
            continue
        tokens = sorted(comp.subtree, key=lambda t: t.i)
        # trim ", saying ..." / ", adding ..." that introduce something else
        for t in tokens:
            if (
                t.tag_ == "VBG"
                and t.lemma_.lower() in CUE_LEMMAS
                and t.i > 0
                and t.doc[t.i - 1].text == ","
            ):
                tokens = [u for u in tokens if u.i < t.i - 1]
                break
        while tokens and (tokens[0].dep_ == "mark" or tokens[0].is_punct or tokens[0].is_space):
            tokens = tokens[1:]
        while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
            tokens = tokens[:-1]
        if not tokens:
            continue
        start = base + int(tokens[0].idx)
        end = base + int(tokens[-1].idx) + len(tokens[-1].text)
        if any(t.i in masked for t in tokens) or any(lo < end and start < hi for lo, hi in direct):
            continue
        if word_count(window.doc.text[start - base : end - base]) < 3:
            continue
        out.append(Indirect(start, end, _cue(base, tok, subject)))
    return out
