"""Deal frames from one parsed sentence: triggers, who does what to whom, and the figures.

A frame is a deal in the making. Its trigger ("purchase", "signed an agreement", "letter of
interest") gives the type; the dependency parse gives the parties and their roles (the subject
of the governing verb, "with X", "from X", "by X", "in X", the object of "acquire"); the
figures (money, quantity, duration, stakes) attach to the nearest trigger. Frames of a whole
article are then joined by ``dealscope.nlp.deals``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from dealscope.core.model import (
    DealType,
    Duration,
    Money,
    PartyKind,
    Percent,
    Quantity,
    Role,
    Sector,
    Status,
)
from dealscope.nlp.triggers import lexicon

PRONOUNS = {"it", "they", "he", "she", "its", "the company", "the firm", "the group"}
QUOTE_RE = re.compile(r"[\"“][^\"“”]*[\"”]")


@dataclass(frozen=True)
class Entity:
    """A possible party: an organization or a country (its government) found in the text."""

    name: str
    surface: str
    start: int
    end: int
    country: str | None
    kind: PartyKind | None
    sector: str | None = None
    adjective: bool = False  # a demonym ("Italian imports"): a party only as a subject

    @property
    def is_government(self) -> bool:
        return self.kind == "government"


@dataclass
class Frame:
    type: DealType
    sentence_start: int
    sentence_end: int
    trigger_start: int
    trigger_words: list[str]
    parties: list[tuple[Entity, Role]] = field(default_factory=list)
    subject: Entity | None = None
    subject_pronoun: bool = False
    definite: bool = False  # "the order", "this deal": a deal named before
    money: Money | None = None
    quantity: Quantity | None = None
    period: Duration | None = None
    stakes: list[tuple[Entity | None, Percent]] = field(default_factory=list)
    status: Status = "announced"
    financing_offered: bool = False
    package: bool = False
    sector_text: str = ""
    coordinated: list[Entity] = field(default_factory=list)
    places: list[Entity] = field(default_factory=list)

    def named(self) -> list[Entity]:
        return [e for e, _ in self.parties if not e.is_government]


@dataclass(frozen=True)
class SentenceInput:
    """A parsed sentence (a spaCy Doc of the sentence alone) and what lies inside it."""

    doc: Any
    base: int
    entities: list[Entity]
    money: list[Money]
    quantities: list[Quantity]
    percents: list[Percent]
    durations: list[Duration]


def _token_at(doc: Any, char: int) -> Any | None:
    for tok in doc:
        if tok.idx <= char < tok.idx + max(1, len(tok.text)):
            return tok
    return None


def _in_quotes(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in QUOTE_RE.finditer(text)]


def _triggers(doc: Any, blocked: list[tuple[int, int]]) -> list[tuple[Any, DealType, int]]:
    """Trigger tokens with their type and width (phrases cover several tokens); words inside
    quotes or inside a name ("Export-Import Bank") are not triggers."""
    lex = lexicon()
    quoted = _in_quotes(doc.text) + blocked
    found: list[tuple[Any, DealType, int]] = []
    skip_until = -1
    for tok in doc:
        if tok.i < skip_until:
            continue
        if any(s <= tok.idx < e for s, e in quoted):
            continue
        matched = False
        for phrase, deal_type in lex.phrases_by_first.get(tok.lower_, ()):
            width = len(phrase)
            words = tuple(t.lower_ for t in doc[tok.i : tok.i + width])
            if words == phrase:
                head = doc[tok.i : tok.i + width].root
                found.append((head, deal_type, width))
                skip_until = tok.i + width
                matched = True
                break
        if matched:
            continue
        word = tok.lower_
        deal_type_or_none = lex.words.get(word)
        if deal_type_or_none is None:
            continue
        if tok.pos_ not in {"NOUN", "VERB", "PROPN"}:
            continue
        found.append((tok, deal_type_or_none, 1))
    return found


def _nested_under(tok: Any, triggers: set[int]) -> int | None:
    """The trigger that governs ``tok`` (not through coordination), if any."""
    node = tok
    hops = 0
    while node.head.i != node.i and hops < 6:
        if node.dep_ == "conj":
            return None
        node = node.head
        hops += 1
        if node.i in triggers:
            return int(node.i)
    return None


def _governing_verb(tok: Any) -> Any:
    node = tok
    hops = 0
    while node.pos_ not in {"VERB", "AUX"} and node.head.i != node.i and hops < 6:
        node = node.head
        hops += 1
    return node


def _subject_of(verb: Any) -> tuple[Any | None, bool]:
    """The subject token of ``verb`` and whether it is passive, climbing to the governing
    verbs ("Uzbekistan has committed to buying ...", "an agreement ... and an agreement ...")
    but not out of a reported clause ("X said that Y signed")."""
    node = verb
    for _ in range(8):
        for child in node.children:
            if child.dep_ in {"nsubj", "csubj"}:
                return child, False
            if child.dep_ == "nsubjpass":
                return child, True
        if node.dep_ == "relcl":
            return node.head, False
        if node.head.i == node.i or node.dep_ in {"ccomp", "parataxis"}:
            break
        node = node.head
    return None, False


def _possessor_of_other(entity: Entity, tokens: list[Any], base: int) -> bool:
    """ "Boeing's European competitor": the name is the possessor of someone else."""
    inside = [t for t in tokens if entity.start <= t.idx + base < entity.end]
    if not inside:
        return False
    head = min(inside, key=lambda t: len(list(t.ancestors)))
    owner = head.head
    return (
        head.dep_ == "poss"
        and owner.pos_ == "NOUN"
        and owner.lower_ not in GOVERNMENT_NOUNS
        and owner.lower_ not in {"company", "unit", "subsidiary", "division", "airline", "bank"}
    )


def _unit_price(money: Money, text: str, base: int) -> bool:
    """ "$120m each", "$5 a share": a price per unit, not the value of the deal."""
    after = text[money.span.end - base : money.span.end - base + 12].lower()
    return bool(re.match(r"\s*(?:each|apiece|a piece|per\b|a share|a tonne|a ton|an ounce)", after))


def _root_dep(entity: Entity, tokens: list[Any], base: int) -> str | None:
    """The dependency label of an entity's head token among ``tokens``, if it is there."""
    inside = [t for t in tokens if entity.start <= t.idx + base < entity.end]
    if not inside:
        return None
    return str(min(inside, key=lambda t: len(list(t.ancestors))).dep_)


def _owner_of(trigger: Any, entities: list[Entity], base: int) -> Any | None:
    """A named organization that modifies a trigger noun is its actor: "a KLM stake"."""
    if trigger.pos_ != "NOUN":
        return None
    for child in trigger.children:
        if child.dep_ in {"compound", "poss", "nmod"} and child.i < trigger.i:
            start = base + child.idx
            if any(e.start <= start < e.end and not e.is_government for e in entities):
                return child
    return None


def _entity_for(tokens: list[Any], entities: list[Entity], base: int) -> list[Entity]:
    """Entities covered by a token list (a subject's subtree), organizations first."""
    if not tokens:
        return []
    start = min(t.idx for t in tokens) + base
    end = max(t.idx + len(t.text) for t in tokens) + base
    inside = [e for e in entities if start <= e.start and e.end <= end]
    orgs = [e for e in inside if not e.is_government]
    return orgs or inside


GOVERNMENT_NOUNS = {
    "government", "governments", "ministry", "ministries", "officials", "authorities", "state",
    "cabinet", "administration", "minister", "regulator", "agency", "parliament", "president",
    "leader", "leaders", "delegation", "side", "treasury", "customs",
}  # fmt: skip


def _modifier(head: Any, adjective: bool) -> bool:
    """A country named only to qualify a noun: "US manufacturer", "Italian imports",
    "Kazakhstan's state company" — but "the Uzbek energy ministry" is a government."""
    if head.dep_ not in {"compound", "amod", "nmod", "poss"} and not adjective:
        return False
    noun = head.head
    while noun.dep_ == "compound" and noun.head.i != noun.i:
        noun = noun.head
    return noun.lower_ not in GOVERNMENT_NOUNS


def _preposition(tok: Any, anchors: set[int]) -> tuple[str | None, bool]:
    """The preposition an entity token hangs from ("with", "from", "by", ...), if any, and
    whether it is coordinated with an earlier name ("with A and B"). An object ("obj") counts
    only as the object of the trigger or its verb (``anchors``)."""
    node = tok
    coordinated = False
    for _ in range(5):
        if node.dep_ == "pobj" and node.head.dep_ in {"prep", "agent", "dative"}:
            return str(node.head.lower_), coordinated
        if node.dep_ == "conj":
            coordinated = True
        if node.dep_ == "appos" and node.head.pos_ == "PROPN":
            break  # a name inside an apposition describes a party ("X, a division of Y")
        if node.dep_ in {"conj", "appos", "compound", "amod", "nmod", "poss"}:
            node = node.head
            continue
        if node.dep_ in {"dobj", "attr"} and node.head.i in anchors:
            return "obj", coordinated
        break
    return None, coordinated


ROLE_BY_PREP: dict[DealType, dict[str, Role]] = {
    "purchase": {
        "from": "seller",
        "with": "partner",
        "by": "buyer",
        "to": "buyer",
        "obj": "seller",
        "of": "seller",
        "for": "seller",
        "in": "seller",
    },
    "investment": {
        "with": "partner",
        "in": "recipient",
        "by": "investor",
        "into": "recipient",
        "from": "investor",
        "obj": "recipient",
        "of": "recipient",
    },
    "financing": {
        "to": "borrower",
        "for": "borrower",
        "from": "lender",
        "by": "lender",
        "with": "partner",
        "obj": "borrower",
    },
    "trade": {
        "from": "seller",
        "to": "buyer",
        "with": "partner",
        "by": "supplier",
        "obj": "partner",
    },
    "cooperation": {
        "with": "partner",
        "by": "partner",
        "between": "partner",
        "obj": "partner",
        "from": "partner",
        "to": "partner",
    },
}
SUBJECT_ROLE: dict[DealType, Role] = {
    "purchase": "buyer",
    "investment": "investor",
    "financing": "lender",
    "trade": "buyer",
    "cooperation": "partner",
}
AGREEMENT_NOUNS = {"agreement", "agreements", "deal", "deals", "pact", "accord", "treaty"}
BORROW_WORDS = {"borrow", "borrows", "borrowed", "borrowing"}
SELL_WORDS = {
    "sell",
    "sells",
    "sold",
    "selling",
    "sale",
    "export",
    "exports",
    "supply",
    "supplies",
    "supplied",
}


MODALS = {"would", "will", "may", "might", "could", "should", "can", "shall", "to"}


def _status_chain(trigger: Any) -> list[Any]:
    """The words that say how far a deal has got: the trigger, the nouns and prepositions above
    it, and the first verb with its modals, climbing on through "intended to", "committed to"."""
    chain = []
    node = trigger
    for _ in range(8):
        chain.append(node)
        if node.pos_ in {"VERB", "AUX"}:
            chain.extend(
                c for c in node.children if c.dep_ in {"aux", "neg"} and c.lower_ in MODALS
            )
            if node.dep_ not in {"xcomp", "pcomp", "acl"} or node.head.i == node.i:
                break
        elif node.head.i == node.i or node.dep_ in {"nsubj", "csubj"}:
            break  # "exports reached $2bn": a subject's verb does not say how far a deal got
        node = node.head
    return chain


def _status(trigger: Any) -> tuple[Status, bool]:
    lex = lexicon()
    cue_words = [tok.lower_ for tok in _status_chain(trigger)]
    sentence = trigger.doc.text.lower()
    offered = any(p in sentence for p in lex.financing_offered)
    found: set[Status] = set()
    for word in cue_words:
        for status in lex.status.get(word, ()):
            found.add(status)
    for status in lex.status_priority:
        if status in found:
            return status, offered
    return "announced", offered


def frames_for(sentence: SentenceInput) -> list[Frame]:
    """Every deal frame of one parsed sentence."""
    doc, base = sentence.doc, sentence.base
    lex = lexicon()
    names = [(e.start - base, e.end - base) for e in sentence.entities]
    triggers = _triggers(doc, names)
    if not triggers:
        return []
    trigger_ids = {t.i for t, _, _ in triggers}
    groups: dict[int, list[tuple[Any, DealType, int]]] = {}
    for tok, deal_type, width in triggers:
        outer = _nested_under(tok, trigger_ids)
        if outer is None and tok.lower_ in lex.nested_only:
            continue
        groups.setdefault(outer if outer is not None else tok.i, []).append((tok, deal_type, width))
    # Flatten nesting chains: a trigger nested under a nested trigger joins the top one.
    top_of: dict[int, int] = {}
    for key in groups:
        node = key
        seen = set()
        while node not in seen:
            seen.add(node)
            parent = next(
                (k for k, v in groups.items() if k != node and any(t.i == node for t, _, _ in v)),
                None,
            )
            if parent is None:
                break
            node = parent
        top_of[key] = node
    merged: dict[int, list[tuple[Any, DealType, int]]] = {}
    for key, members in groups.items():
        merged.setdefault(top_of[key], []).extend(members)

    frames: list[Frame] = []
    regions: dict[int, set[int]] = {}
    for key in merged:
        regions[key] = {t.i for t in doc[key].subtree}
    for key in merged:
        for other in merged:
            if other != key and other in regions[key]:
                regions[key] -= regions[other]

    for key, members in sorted(merged.items()):
        top = doc[key]
        types = {dt for _, dt, _ in members}
        # The most specific type among the triggers; weak ones ("deal", "supply") count once a
        # strong one confirms the group, or when they stand alone.
        deal_type = next(t for t in lex.specificity if t in types)
        words = [m[0].lower_ for m in members]
        verb = _governing_verb(top)
        subj_tok, passive = _subject_of(verb)
        if subj_tok is not None and subj_tok.i in {m[0].i for m in members}:
            subj_tok, passive = None, False  # "The sale of X to Y is ...": no actor named
        owner = _owner_of(top, sentence.entities, base)
        if owner is not None:
            subj_tok, passive = owner, False  # "a KLM minority stake", "Ryanair's order"
        frame = Frame(
            type=deal_type,
            sentence_start=base,
            sentence_end=base + len(doc.text),
            trigger_start=base + top.idx,
            trigger_words=words,
        )
        sells = any(w in SELL_WORDS for w in words)
        if subj_tok is not None:
            subject_tokens = list(subj_tok.subtree)
            subjects = [
                e
                for e in _entity_for(subject_tokens, sentence.entities, base)
                if not _possessor_of_other(e, subject_tokens, base)
            ]
            if subj_tok.lower_ in PRONOUNS and not subjects:
                frame.subject_pronoun = True
                earlier = [e for e in sentence.entities if e.end <= base + subj_tok.idx]
                if earlier:
                    subjects = [earlier[-1]]
                    frame.subject_pronoun = False
            elif subj_tok.lower_ in PRONOUNS:
                frame.subject_pronoun = True
            role = SUBJECT_ROLE[deal_type]
            if deal_type == "trade" and any(w in AGREEMENT_NOUNS for w in words):
                role = "partner"  # the sides of a trade agreement, not a buyer and a seller
            if any(w in BORROW_WORDS for w in words):
                role = "borrower"
            if sells:
                role = "seller" if deal_type == "purchase" else "supplier"
            if passive and deal_type in {"purchase", "investment"}:
                role = "seller" if deal_type == "purchase" else "recipient"
            coordinated = [e for e in subjects]
            if subjects:
                first = subjects[0]
                more = [
                    e
                    for e in sentence.entities
                    if e is not first
                    and not e.adjective
                    and _root_dep(e, subject_tokens, base) in {"conj", "nsubj", "nsubjpass"}
                ]
                coordinated = [first, *more]  # "Indonesia and the European Union signed"
                frame.subject = first
                for ent in coordinated:
                    frame.parties.append((ent, role))
        region = regions[key] | (
            {t.i for t in verb.subtree}
            - {t.i for t in (subj_tok.subtree if subj_tok is not None else [])}
        )
        for other in merged:
            if other != key:
                region -= regions[other]
        region_chars = [(doc[i].idx + base, doc[i].idx + len(doc[i].text) + base) for i in region]

        def inside(start: int, chars: list[tuple[int, int]] = region_chars) -> bool:
            return any(s <= start < e for s, e in chars)

        taken = {id(e) for e, _ in frame.parties}
        named = {e.name for e, _ in frame.parties}
        for ent in sentence.entities:
            if id(ent) in taken or ent.name in named or not inside(ent.start):
                continue
            tok = _token_at(doc, ent.start - base)
            if tok is None:
                continue
            ent_tokens = [t for t in doc if ent.start - base <= t.idx < ent.end - base]
            head = min(ent_tokens, key=lambda t: len(list(t.ancestors))) if ent_tokens else tok
            if ent.is_government and _modifier(head, ent.adjective):
                continue  # "US manufacturer X", "Italian imports", "Kazakhstan's state company"
            anchors = {top.i, verb.i, *(m[0].i for m in members if m[0].lower_ not in lex.weak)}
            prep, in_coordination = _preposition(head, anchors)
            if ent.is_government and (
                prep in {"in", "into", "at"} or (prep == "of" and head.head.head.pos_ == "PROPN")
            ):
                # "operations in Hong Kong", "Ajinomoto Co Inc of Japan": a place, not a party
                frame.places.append(ent)
                continue
            roles = ROLE_BY_PREP[deal_type]
            if sells and prep in {"to", "obj"}:
                role = "buyer"
            elif prep in roles:
                role = roles[prep]
            elif passive and prep == "by":
                role = "investor" if deal_type == "investment" else "buyer"
            else:
                continue
            if (
                in_coordination
                and not ent.is_government
                and any(r == role for e, r in frame.parties if e is not frame.subject)
            ):
                frame.coordinated.append(ent)
            frame.parties.append((ent, role))
            taken.add(id(ent))
            named.add(ent.name)

        # Figures: inside the region, nearest to the trigger.
        def nearest(items: list[Any], anchor: int = frame.trigger_start) -> Any | None:
            inner = [x for x in items if inside(x.span.start)]
            pool = inner or ([] if len(merged) > 1 else items)
            if not pool:
                return None
            return min(pool, key=lambda x: abs(x.span.start - anchor))

        totals = [m for m in sentence.money if not _unit_price(m, doc.text, base)]
        frame.money = _in_dollars(nearest(totals), totals, doc.text, base)
        frame.definite = top.pos_ == "NOUN" and any(
            c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in top.children
        )
        quantities = [q for q in sentence.quantities if inside(q.span.start)] or (
            sentence.quantities if len(merged) == 1 else []
        )
        if quantities:
            if "expanded" in {lexicon().status.get(w, ("",))[0] for w in words} or (
                len(quantities) > 1
                and any(t.lower_ in {"expanded", "expand", "increased", "raised"} for t in doc)
            ):
                frame.quantity = quantities[-1]
            else:
                frame.quantity = min(
                    quantities, key=lambda q: abs(q.span.start - frame.trigger_start)
                )
        frame.period = nearest(sentence.durations)
        if frame.quantity and frame.quantity.item_span:
            for ent in sentence.entities:
                q = frame.quantity.item_span
                if q.start <= ent.start and ent.end <= q.end and id(ent) not in taken:
                    frame.parties.append((ent, "seller" if deal_type == "purchase" else "supplier"))
                    taken.add(id(ent))
        if types & {"investment"} or any(w in {"stake", "stakes"} for w in words):
            frame.stakes = _stakes(sentence, frame)
        frame.status, frame.financing_offered = _status(top)
        if frame.financing_offered and deal_type == "financing":
            frame.status = "financing_offered"
        lowered = doc.text.lower()
        frame.package = (
            any(cue in lowered for cue in lex.package_cues)
            and frame.money is not None
            and (any(w in {"agreements", "deals", "contracts"} for w in words))
        )
        frame.sector_text = " ".join(t.lower_ for t in doc)  # the whole sentence speaks
        frames.append(frame)
    return _merge_in_sentence(frames)


def _counterparties(frame: Frame) -> set[str]:
    subject = frame.subject.name if frame.subject else None
    return {e.name for e, _ in frame.parties if e.name != subject and not e.is_government}


def _merge_in_sentence(frames: list[Frame]) -> list[Frame]:
    """Join frames of one sentence that tell one deal ("would acquire 14 aircraft from Boeing,
    with Somon Air to purchase ..."; "a letter of interest ... in financing for the investment"):
    a frame without counterparties of its own joins an earlier one, as does one of the same type
    that names no other counterparty."""
    lex = lexicon()
    kept: list[Frame] = []
    for frame in frames:
        target = None
        for other in kept:
            mine, theirs = _counterparties(frame), _counterparties(other)
            if mine and theirs and not (mine <= theirs or theirs <= mine):
                continue
            if frame.money and other.money and frame.money.span != other.money.span:
                continue
            target = other
            break
        if target is None:
            kept.append(frame)
            continue
        rank = lex.specificity.index
        if rank(frame.type) < rank(target.type):
            target.type = frame.type
        target.money = target.money or frame.money
        target.quantity = target.quantity or frame.quantity
        target.period = target.period or frame.period
        target.stakes = target.stakes or frame.stakes
        target.package = target.package or frame.package
        target.financing_offered = target.financing_offered or frame.financing_offered
        target.trigger_words += frame.trigger_words
        if target.status == "announced":
            target.status = frame.status
        names = {e.name for e, _ in target.parties}
        for ent, role in frame.parties:
            if ent.name not in names:
                target.parties.append((ent, role))
                names.add(ent.name)
        if target.subject is None:
            target.subject = frame.subject
    for frame in kept:
        if frame.type == "financing" and frame.financing_offered:
            frame.status = "financing_offered"
    return kept


def _in_dollars(money: Money | None, amounts: list[Money], text: str, base: int) -> Money | None:
    """The US-dollar figure the text gives beside a foreign one, if any: "£146m ($281m)",
    "$4bn (£2.1bn)" — the writer's own conversion beats ours."""
    if money is None or money.currency == "USD":
        return money
    for other in amounts:
        if other.currency != "USD":
            continue
        between = (
            text[money.span.end - base : other.span.start - base]
            if other.span.start >= money.span.end
            else text[other.span.end - base : money.span.start - base]
        )
        if between.strip() in {"(", "", "or", "(about", "(around", "(some"} and len(between) <= 9:
            return other
    return money


def _stakes(sentence: SentenceInput, frame: Frame) -> list[tuple[Entity | None, Percent]]:
    """Each percentage with its owner: the nearest organization before it, else the subject."""
    owners: list[tuple[Entity | None, Percent]] = []
    previous_end = frame.sentence_start
    for pct in sentence.percents:
        window = [
            e
            for e in sentence.entities
            if previous_end <= e.start and e.end <= pct.span.start and not e.is_government
        ]
        owner = window[-1] if window else None
        owners.append((owner, pct))
        previous_end = pct.span.end
    return owners


def sector_of(frame_text: str, parties: list[Entity]) -> Sector:
    """The sector with most keyword hits in the frame's words, party sectors counting half."""
    lex = lexicon()
    scores: dict[Sector, float] = {}
    padded = f" {frame_text} "
    for word, sectors in lex.sector_words.items():
        if f" {word} " in padded:
            for sector in sectors:
                scores[sector] = scores.get(sector, 0.0) + 1.0
    for ent in parties:
        if ent.sector and ent.sector in lex.sector_priority:
            sector = ent.sector
            scores[sector] = scores.get(sector, 0.0) + 0.5
    if not scores:
        return "other"
    best = max(scores.values())
    return next(s for s in lex.sector_priority if scores.get(s) == best)
