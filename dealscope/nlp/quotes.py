"""Quotes and their speakers, grounded in the cleaned article text.

``find_quotes(text, nlp)`` returns every direct quote (``kind="direct"``) and every piece of
reported speech (``kind="indirect"``) with its speaker, cue verb and character span. The span
covers the quoted words without the quote marks, and ``Quote.text`` is the same string.

The work is staged for speed and robustness:

1. ``quotes_marks`` pairs the quote marks of the whole text with string rules (curly and
   straight marks mixed, nesting, multi-paragraph quotes, stray marks bounded by the
   paragraph); quotes in the title line are ignored.
2. Scare quotes and titles are dropped (a quoted term of one or two words; a short fragment
   with no speech verb in its sentence; a title-case name).
3. Only the sentences around the quotes and the sentences holding a speech verb are parsed,
   with ``nlp.pipe``; each window keeps its base offset.
4. ``quotes_attribution`` finds the cue verb and the speaker's head token in the parse;
   ``quotes_speakers`` reads the speaker's name, role, affiliation and country;
   ``quotes_registry`` resolves "he", "Trump" and "the US leader" through the article's names.
5. A quote paragraph with no cue of its own continues the previous quote's speaker when no
   other person is named in between.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from dealscope.core.model import Quote, QuoteKind, Span, Speaker
from dealscope.nlp.quotes_attribution import (
    Cue,
    Window,
    find_cue,
    find_indirect,
    is_speech,
)
from dealscope.nlp.quotes_lexicon import CUE_FORMS
from dealscope.nlp.quotes_marks import (
    Layout,
    Region,
    find_regions,
    sentence_around,
    sentence_ends,
)
from dealscope.nlp.quotes_registry import Registry
from dealscope.nlp.quotes_speakers import Kind, NPInfo, analyze_np, clean_name

__all__ = ["QuotePlan", "find_quotes", "plan_quotes", "quotes_from"]

MAX_WINDOW_CHARS = 4000
CONTINUATION_GAP = 500
_FLATTEN = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\u00a0": " "})
_TITLE_OR_HONORIFIC = ("mr ", "mrs ", "ms ", "dr ", "president ", "sir ")


@dataclass
class _Candidate:
    """A quoted region kept as speech, with the sentence(s) around it."""

    region: Region
    sent_start: int
    sent_end: int


@dataclass
class _Item:
    """A direct quote or indirect speech with its cue and speaker phrase, before resolution."""

    start: int
    end: int
    kind: QuoteKind
    cue: Cue | None = None
    np: NPInfo | None = None
    region: Region | None = None


class _Windows:
    """The parsed windows of one text, found by offset."""

    def __init__(self, spans: list[tuple[int, int]], docs: Iterable[Doc]) -> None:
        self.windows = [Window(lo, hi, doc) for (lo, hi), doc in zip(spans, docs, strict=True)]
        self._starts = [w.start for w in self.windows]

    def at(self, pos: int) -> Window | None:
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and self.windows[i].start <= pos < self.windows[i].end:
            return self.windows[i]
        return None


@dataclass
class QuotePlan:
    """What one text needs parsed to find its quotes: ``windows`` are ``(start, end)`` offsets,
    and ``window_texts`` the strings to give the parser (newlines read as spaces, so offsets
    hold). Plans of many texts can be parsed in one ``nlp.pipe`` call."""

    text: str
    layout: Layout | None
    candidates: list[_Candidate]
    indirect: bool
    windows: list[tuple[int, int]]

    def window_texts(self) -> list[str]:
        # newlines and non-breaking spaces read as plain spaces (same length, so offsets
        # hold): wire copy wraps lines in the middle of names
        return [self.text[lo:hi].translate(_FLATTEN) for lo, hi in self.windows]


def plan_quotes(text: str, *, indirect: bool = True) -> QuotePlan:
    """The quote candidates of ``text`` and the windows to parse for them."""
    if not text or not text.strip():
        return QuotePlan(text, None, [], indirect, [])
    layout = find_regions(text)
    candidates = _speech_regions(text, layout)
    spans = [(c.sent_start, c.sent_end) for c in candidates]
    if indirect:
        spans += [
            (lo, hi)
            for lo, hi in _cue_sentences(text, layout.paragraphs, layout.regions)
            if not layout.in_title(lo)
        ]
    return QuotePlan(text, layout, candidates, indirect, _merge(spans))


def quotes_from(plan: QuotePlan, docs: Iterable[Doc]) -> list[Quote]:
    """The quotes of a planned text, given the parses of its windows in order."""
    text, layout, candidates, indirect = plan.text, plan.layout, plan.candidates, plan.indirect
    if layout is None:
        return []
    quote_ranges = [(c.region.open_pos, c.region.outer_end) for c in candidates]
    windows = _Windows(plan.windows, docs)
    masks = {id(w): w.masked(quote_ranges) for w in windows.windows}
    registry = Registry(text, quote_ranges)
    registry.scan()
    for window in windows.windows:
        _register_entities(window, registry, masks[id(window)])
    items = _direct_items(text, candidates, windows, masks)
    for window in windows.windows if indirect else []:
        for ind in find_indirect(window, masks[id(window)], quote_ranges):
            item = _Item(ind.start, ind.end, "indirect", ind.cue)
            if ind.cue.speaker is not None:
                item.np = analyze_np(ind.cue.speaker, text, window.start, masks[id(window)])
            items.append(item)
    items.sort(key=lambda it: it.start)
    _register_speakers(items, registry)
    return _resolve_all(text, items, registry)


def find_quotes(text: str, nlp: Language, *, indirect: bool = True) -> list[Quote]:
    """Every direct quote and reported speech of ``text``, ordered by start offset.

    ``nlp`` is the full English pipeline (parser and NER are used). With ``indirect=False``
    only the sentences around quote marks are parsed: no indirect speech is reported, and
    speakers named only in other sentences are found by the capitalized-word scan alone.
    """
    plan = plan_quotes(text, indirect=indirect)
    return quotes_from(plan, nlp.pipe(plan.window_texts()))


def _speech_regions(text: str, layout: Layout) -> list[_Candidate]:
    """The quoted regions that are speech, not scare quotes or titles."""
    paras = layout.paragraphs
    starts = [lo for lo, _ in paras]

    def para_of(pos: int) -> tuple[int, int]:
        return paras[max(0, bisect.bisect_right(starts, pos) - 1)]

    kept: list[_Candidate] = []
    for region in layout.regions:
        first = region.open_pos
        last = region.close_pos if region.close_pos is not None else region.end - 1
        s_start, _ = sentence_around(text, para_of(first), first, first + 1, layout.regions)
        _, s_end = sentence_around(text, para_of(last), last, last + 1, layout.regions)
        if is_speech(text, region, s_start, s_end):
            kept.append(_Candidate(region, s_start, s_end))
    return kept


def _direct_items(
    text: str, candidates: list[_Candidate], windows: _Windows, masks: dict[int, set[int]]
) -> list[_Item]:
    """Each direct quote with the cue and speaker phrase found around it."""
    items: list[_Item] = []
    for idx, cand in enumerate(candidates):
        region = cand.region
        item = _Item(region.start, region.end, "direct", region=region)
        items.append(item)
        window = windows.at(region.open_pos)
        if window is None:
            continue
        # the context stops at the neighbouring quotes of the same sentence
        lo, hi = cand.sent_start, cand.sent_end
        if idx and candidates[idx - 1].region.outer_end > lo:
            lo = candidates[idx - 1].region.outer_end
        if idx + 1 < len(candidates) and candidates[idx + 1].region.open_pos < hi:
            hi = max(region.outer_end, candidates[idx + 1].region.open_pos)
        mask = masks[id(window)]
        item.cue = find_cue(window, region, lo, hi, mask)
        if item.cue is not None and item.cue.speaker is not None:
            item.np = analyze_np(item.cue.speaker, text, window.start, mask)
    return items


def _register_speakers(items: list[_Item], registry: Registry) -> None:
    """Speaker phrases feed the registry: names, salient positions, unnamed spokesmen."""
    for item in items:
        info = item.np
        if info is None:
            continue
        registry.add_speaker_position(info.start, info.end)
        if info.kind == "description" and info.voice and info.entity == "person":
            if info.affiliation and info.role:
                registry.add_voice(info, info.affiliation)
        elif info.kind == "name" and info.name and info.entity == "person":
            registry.add_person(info.name)
        elif info.kind == "name" and info.name:
            start = info.name_start if info.name_start is not None else info.start
            end = info.name_end if info.name_end is not None else info.end
            registry.add_org(info.name, start, end, certain=True)
    registry.finish()
    for item in items:
        info = item.np
        if info is not None and info.kind == "name" and info.entity == "person" and info.name:
            registry.note(info, registry.canonical(info.name, before=info.start))


def _resolve_all(text: str, items: list[_Item], registry: Registry) -> list[Quote]:
    """Speakers resolved; a direct quote without a cue continues the previous speaker."""
    quotes: list[Quote] = []
    previous: tuple[int, Speaker] | None = None
    for item in items:
        speaker = _resolve(item.np, registry) if item.np is not None else None
        if item.kind == "direct" and item.cue is None and previous is not None:
            gap_start, prev_speaker = previous
            if _continues(registry, gap_start, item.start, prev_speaker):
                speaker = prev_speaker
        if item.region is not None and speaker is not None:
            previous = (item.region.outer_end, speaker)
        quotes.append(
            Quote(
                span=Span.of(text, item.start, item.end),
                text=text[item.start : item.end],
                kind=item.kind,
                speaker=speaker,
                cue=item.cue.text if item.cue is not None else None,
            )
        )
    return sorted(quotes, key=lambda q: (q.span.start, q.kind))


def _cue_sentences(
    text: str, paras: list[tuple[int, int]], regions: list[Region]
) -> Iterable[tuple[int, int]]:
    """Sentences that hold a speech verb, for indirect speech and for names."""
    for lo, hi in paras:
        if CUE_FORMS.search(text, lo, hi) is None:
            continue
        start = lo
        for end in sentence_ends(text, lo, hi, regions):
            if CUE_FORMS.search(text, start, end) is not None:
                yield start, end
            start = end


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans merged; very long ones cut so one parse stays small."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if out and lo < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    cut: list[tuple[int, int]] = []
    for lo, hi in out:
        while hi - lo > MAX_WINDOW_CHARS:
            cut.append((lo, lo + MAX_WINDOW_CHARS))
            lo += MAX_WINDOW_CHARS
        cut.append((lo, hi))
    return cut


def _register_entities(window: Window, registry: Registry, masked: set[int]) -> None:
    """Names the NER finds in a window, outside quotes, go into the registry."""
    for ent in window.doc.ents:
        if "\n" in ent.text or any(t.i in masked for t in ent):
            continue
        tokens = [t for t in ent if not t.is_punct or t.text in {"-", "."}]
        while tokens and tokens[-1].lower_ in {"'s", "’s"}:
            tokens = tokens[:-1]
        if ent.label_ == "PERSON" and tokens:
            first, last = tokens[0], tokens[-1]
            name = clean_name(ent.doc.text[first.idx : last.idx + len(last.text)])
            low = name.lower()
            while low.startswith(_TITLE_OR_HONORIFIC):
                name = name.split(" ", 1)[1]
                low = name.lower()
            if name and name[0].isupper():
                registry.add_person(name)
        elif ent.label_ == "ORG" and tokens:
            if tokens[0].lower_ == "the" and len(tokens) > 1:
                tokens = tokens[1:]
            start = window.start + int(tokens[0].idx)
            end = window.start + int(tokens[-1].idx) + len(tokens[-1].text)
            registry.add_org(registry.text[start:end], start, end)


def _speaker(
    registry: Registry,
    name: str,
    kind: Kind,
    at: int,
    info: NPInfo | None,
    local: tuple[int, int] | None,
) -> Speaker:
    text = registry.text
    known = registry.info(name) if kind == "person" else None
    span_at = registry.name_span(name, at) if kind == "person" else None
    if span_at is None:
        span_at = local
    role = info.role if info is not None and info.role else (known.role if known else None)
    affiliation = info.affiliation if info is not None and info.affiliation else None
    if affiliation is None and known is not None:
        affiliation = known.affiliation
    country = info.country if info is not None and info.country else None
    if country is None and known is not None:
        country = known.country
    return Speaker(
        name=name,
        span=Span.of(text, *span_at) if span_at is not None else None,
        role=role,
        affiliation=affiliation,
        country=country,
        kind="organization" if kind == "organization" else "person",
    )


def _resolve(info: NPInfo, registry: Registry) -> Speaker | None:
    """The speaker a noun phrase refers to: names expanded, pronouns and descriptions resolved."""
    at = info.start
    if info.kind == "pronoun":
        low = info.text.lower()
        if low in {"he", "she", "him", "her"}:
            mention = registry.antecedent(at, "person")
        elif low == "it":
            mention = registry.antecedent(at, "organization")
        else:
            return None
        if mention is None:
            return None
        if mention.voice_role is not None:
            voice = NPInfo("description", mention.start, mention.end, "", role=mention.voice_role)
            span = registry.name_span(mention.name, at)
            return _speaker(registry, mention.name, "organization", at, voice, span)
        return _speaker(
            registry, mention.name, mention.kind, at, None, (mention.start, mention.end)
        )
    if info.kind == "name" and info.name:
        local = (info.name_start or info.start, info.name_end or info.end)
        if info.entity == "person" or registry.is_person(info.name):
            name = registry.canonical(info.name, before=at)
            return _speaker(registry, name, "person", at, info, local)
        return _speaker(registry, info.name, "organization", at, info, local)
    if info.possessor is not None:
        return _resolve(info.possessor, registry)
    if info.voice and info.affiliation and info.affiliation_span is not None:
        return _speaker(
            registry, info.affiliation, "organization", at, _voice(info), info.affiliation_span
        )
    if info.definite and info.affiliation is None:
        kind: Kind = "organization" if info.entity == "organization" or info.voice else "person"
        mention = registry.antecedent(at, kind, country=info.country if kind == "person" else None)
        if mention is not None:
            return _speaker(registry, mention.name, kind, at, info, (mention.start, mention.end))
    name = clean_name(info.text)
    for det in ("the ", "a ", "an "):
        if name.lower().startswith(det):
            name = name[len(det) :]
    if not name:
        return None
    return _speaker(registry, name, info.entity, at, info, (info.start, info.end))


def _voice(info: NPInfo) -> NPInfo:
    """A spokesman's NPInfo with the organization's name kept out of the role."""
    copy = NPInfo(info.kind, info.start, info.end, info.text)
    copy.role = info.role
    copy.country = info.country
    return copy


def _continues(registry: Registry, gap_start: int, gap_end: int, speaker: Speaker) -> bool:
    """True when a quote without a cue continues the previous quote's speaker."""
    if gap_end - gap_start > CONTINUATION_GAP:
        return False
    others = registry.mentions_between(gap_start, gap_end)
    surname = speaker.name.split()[-1]
    return all(m.name.split()[-1] == surname for m in others if m.kind == "person")
