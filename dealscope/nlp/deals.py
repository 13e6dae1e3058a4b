"""From the frames of an article's sentences to its deals.

The article's discourse is followed in order:

* a section heading naming a country sets the country of the deals below it;
* a pronoun subject ("It also announced ...") takes the previous subject;
* a follow-up frame that names no new party ("It will own a 70% stake") adds its stakes and
  figures to the previous deal instead of making a new one;
* frames that share a named party, type and countries and do not disagree on figures are the
  same deal told twice, and are joined;
* a frame with no named counterparty, no figure and no country on the other side is a general
  intention, not a deal, and is dropped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from dealscope.core.model import (
    Deal,
    Financing,
    Money,
    Party,
    Role,
    Span,
    Stake,
)
from dealscope.nlp.frames import Entity, Frame, sector_of
from dealscope.nlp.triggers import lexicon

FINANCING_WORDS = {
    "loan": "loan",
    "loans": "loan",
    "credit": "credit line",
    "letter": "letter of interest",
    "guarantee": "guarantee",
    "grant": "grant",
    "financing": "financing",
    "bond": "bond",
    "lend": "loan",
    "lent": "loan",
    "lending": "loan",
}


@dataclass
class Draft:
    """A deal being assembled from one or more frames."""

    frame: Frame
    parties: list[tuple[Entity, Role]] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    stakes: list[tuple[Entity, float, Span]] = field(default_factory=list)
    evidence: list[tuple[int, int]] = field(default_factory=list)
    section_country: str | None = None

    def add_party(self, ent: Entity, role: Role) -> None:
        if all(e.name != ent.name for e, _ in self.parties):
            self.parties.append((ent, role))

    def named(self) -> set[str]:
        return {e.name for e, _ in self.parties if not e.is_government}

    def governments(self) -> set[str]:
        return {e.name for e, _ in self.parties if e.is_government}


@dataclass
class Context:
    section_country: str | None = None
    last_subject: Entity | None = None
    last_draft: Draft | None = None
    last_paragraph: int = -1


def _government(code: str, name: str) -> Entity:
    return Entity(name=name, surface=name, start=-1, end=-1, country=code, kind="government")


def _absorb(draft: Draft, frame: Frame) -> None:
    """Add a follow-up frame's figures, stakes and new parties to an earlier deal."""
    base = draft.frame
    if base.money is None and frame.money is not None and frame.type == base.type:
        base.money = frame.money
    if base.quantity is None and frame.quantity is not None:
        base.quantity = frame.quantity
    if base.period is None and frame.period is not None:
        base.period = frame.period
    for ent, role in frame.parties:
        if not ent.is_government:
            draft.add_party(ent, "partner" if role not in {"buyer", "seller"} else role)
    draft.evidence.append((frame.sentence_start, frame.sentence_end))


def _stake_owner(owner: Entity | None, frame: Frame, draft: Draft | None) -> Entity | None:
    if owner is not None:
        return owner
    subject = frame.subject
    if subject is not None and not subject.is_government and not frame.subject_pronoun:
        return subject
    if draft is not None:
        companies = [e for e, _ in draft.parties if not e.is_government]
        if companies:
            return companies[-1] if frame.subject_pronoun or subject is None else companies[0]
    return subject


def _compatible(a: Draft, b: Draft) -> bool:
    fa, fb = a.frame, b.frame
    if fa.type != fb.type and "cooperation" not in {fa.type, fb.type}:
        return False  # a generic agreement may be a specific deal told again; two specifics not
    if not (a.named() & b.named()) and not (
        not a.named() and not b.named() and a.governments() == b.governments()
    ):
        return False
    if a.section_country != b.section_country:
        return False
    ca, cb = set(a.countries), set(b.countries)
    if ca and cb and not (ca <= cb or cb <= ca):
        return False
    if (
        fa.money
        and fb.money
        and fa.money.usd
        and fb.money.usd
        and (abs(fa.money.usd - fb.money.usd) > 0.02 * max(fa.money.usd, fb.money.usd))
    ):
        return False
    return not (fa.quantity and fb.quantity and fa.quantity.count != fb.quantity.count)


def _join(a: Draft, b: Draft) -> None:
    fa, fb = a.frame, b.frame
    if fa.type == "cooperation":
        fa.type = fb.type
    fa.money = fa.money or fb.money
    fa.quantity = fa.quantity or fb.quantity
    fa.period = fa.period or fb.period
    if fb.status != "announced":
        fa.status = fb.status if fa.status == "announced" else fa.status
    for ent, role in b.parties:
        a.add_party(ent, role)
    a.stakes.extend(b.stakes)
    a.evidence.extend(b.evidence)
    a.countries = sorted(set(a.countries) | set(b.countries))


def build_drafts(
    sentences: list[tuple[int, bool, str | None, list[Frame]]], default_country: str | None = None
) -> list[Draft]:
    """Drafts from ``(paragraph, is_heading, heading_country, frames)`` per sentence.

    ``default_country`` (the article's dateline or most named country) stands in for the
    countries of a deal whose parties name none."""
    ctx = Context()
    drafts: list[Draft] = []
    for paragraph, heading, heading_country, frames in sentences:
        if heading:
            ctx = Context(section_country=heading_country, last_paragraph=paragraph)
            continue
        for frame in _split_coordinated(frames):
            if frame.subject_pronoun and frame.subject is None and ctx.last_subject is not None:
                frame.subject = ctx.last_subject
                frame.parties.insert(0, (ctx.last_subject, _subject_role(frame)))
            new_named = {e.name for e in frame.named()}
            previous = ctx.last_draft
            if (
                frame.definite
                and previous is not None
                and not (frame.money or frame.quantity or frame.stakes)
            ):
                # "The order can be seen as good news for Boeing": the deal told before
                previous.evidence.append((frame.sentence_start, frame.sentence_end))
                continue
            follow_up = (
                previous is not None
                and paragraph - ctx.last_paragraph <= 1
                and (
                    (frame.subject_pronoun and bool(frame.stakes))
                    or (
                        not (new_named - previous.named())
                        and not (frame.money and previous.frame.money)
                        and (
                            frame.subject_pronoun
                            or frame.subject is None
                            or not _is_deal(frame, ctx)
                        )
                    )
                )
            )
            if follow_up and previous is not None:
                owners = [
                    (_stake_owner(owner, frame, previous), pct) for owner, pct in frame.stakes
                ]
                _absorb(previous, frame)
                for who, pct in owners:
                    if who is not None:
                        previous.stakes.append((who, pct.value, pct.span))
                        previous.add_party(who, "partner")
                if frame.stakes and previous.frame.type == "cooperation":
                    previous.frame.type = "investment"
                ctx.last_paragraph = paragraph
                continue
            if not _is_deal(frame, ctx):
                if frame.subject is not None:
                    ctx.last_subject = frame.subject
                continue
            draft = Draft(frame=frame, section_country=ctx.section_country)
            for ent, role in frame.parties:
                draft.add_party(ent, role)
            for owner, pct in frame.stakes:
                who = _stake_owner(owner, frame, None)
                if who is not None:
                    draft.stakes.append((who, pct.value, pct.span))
            draft.evidence.append((frame.sentence_start, frame.sentence_end))
            codes = [e.country for e, _ in draft.parties if e.country]
            codes += [e.country for e in frame.places if e.country]
            if ctx.section_country:
                codes.append(ctx.section_country)
            # A deal that names one country only ("Saudi ACWA Power will invest $2.1bn in a
            # wind farm"), in an article about another, involves that other country too.
            if default_country and len(set(codes)) <= 1:
                codes.append(default_country)
            draft.countries = sorted(set(codes))
            drafts.append(draft)
            ctx.last_draft = draft
            ctx.last_paragraph = paragraph
            if frame.subject is not None:
                ctx.last_subject = frame.subject
    return _join_same(drafts)


def _split_coordinated(frames: list[Frame]) -> list[Frame]:
    """ "Agreements with companies A and B" are two deals: one frame per coordinated party."""
    out: list[Frame] = []
    for frame in frames:
        if not frame.coordinated:
            out.append(frame)
            continue
        role = next(r for e, r in frame.parties if e is frame.coordinated[0])
        group = [
            e
            for e, r in frame.parties
            if r == role and e is not frame.subject and not e.is_government
        ]
        if len(group) < 2:  # "between Kazakhstan and Boeing": one deal, two sides
            out.append(frame)
            continue
        for member in group:
            copy = replace(
                frame,
                parties=[(e, r) for e, r in frame.parties if e is member or e not in group],
                coordinated=[],
            )
            out.append(copy)
    return out


def _subject_role(frame: Frame) -> Role:
    return {
        "purchase": "buyer",
        "investment": "investor",
        "financing": "lender",
        "trade": "buyer",
        "cooperation": "partner",
    }[frame.type]  # type: ignore[return-value]


def _is_deal(frame: Frame, ctx: Context) -> bool:
    named = frame.named()
    countries = {e.country for e, _ in frame.parties if e.country}
    if ctx.section_country:
        countries.add(ctx.section_country)
    if named and (len(frame.parties) >= 2 or frame.money or frame.quantity or frame.stakes):
        return True
    governments = [e for e, _ in frame.parties if e.is_government]
    lex = lexicon()
    strong = any(w not in lex.weak for w in frame.trigger_words)
    # Governments and a figure make a deal only with a strong trigger: "China's exports rose
    # to $2.2bn" is a trade statistic, "Ghana signed a $2bn loan" a deal.
    if frame.money is not None and governments and (strong or frame.status == "signed"):
        return True
    # Between governments only: a purchase or sale with both sides named and a strong verb
    # ("committed to buying soybeans from the United States"), or an agreement that was signed,
    # extended or completed ("Argentina and Venezuela have extended a food-for-oil deal").
    roles = {r for _, r in frame.parties}
    if len(countries) < 2:
        return False
    if frame.type in {"purchase", "trade"} and "partner" not in roles:
        return strong and len(roles) >= 2
    return frame.status in {"signed", "expanded", "completed"} and len(governments) >= 2


def _join_same(drafts: list[Draft]) -> list[Draft]:
    kept: list[Draft] = []
    for draft in drafts:
        target = next((k for k in kept if _compatible(k, draft)), None)
        if target is None:
            kept.append(draft)
        else:
            _join(target, draft)
    return kept


def infer_party_countries(drafts: list[Draft]) -> None:
    """A company of unknown home in a deal with a government takes the article's dominant
    foreign country, when one country is home to most of the article's foreign parties."""
    foreign: Counter[str] = Counter()
    for draft in drafts:
        for ent, _ in draft.parties:
            if ent.country and not ent.is_government and ent.country != draft.section_country:
                foreign[ent.country] += 1
    if not foreign:
        return
    code, count = foreign.most_common(1)[0]
    if count < 3 or count < 0.6 * sum(foreign.values()):
        return
    for draft in drafts:
        local = {e.country for e, _ in draft.parties if e.is_government} | {draft.section_country}
        if code in local:
            continue
        changed = False
        for index, (ent, role) in enumerate(draft.parties):
            if ent.country is None and not ent.is_government and (local - {None}):
                draft.parties[index] = (
                    Entity(ent.name, ent.surface, ent.start, ent.end, code, ent.kind, ent.sector),
                    role,
                )
                changed = True
        if changed:
            draft.countries = sorted(set(draft.countries) | {code})


def _money_text(money: Money) -> str:
    usd = money.usd
    if usd is None:
        return money.span.text
    for size, unit in ((1e12, "tn"), (1e9, "bn"), (1e6, "mn"), (1e3, "k")):
        if usd >= size:
            return f"${usd / size:.3g}{unit}"
    return f"${usd:,.0f}"


def summarize(
    deal_type: str,
    parties: list[Party],
    money: Money | None,
    quantity_text: str | None,
    status: str,
) -> str:
    sides = "; ".join(
        f"{p.name} ({p.role}{', ' + p.country if p.country else ''})" for p in parties
    )
    bits = [f"{deal_type.capitalize()}: {sides or 'unnamed parties'}"]
    if quantity_text:
        bits.append(quantity_text)
    if money is not None:
        bits.append(_money_text(money))
    bits.append(status.replace("_", " "))
    return ", ".join(bits)


def to_deal(draft: Draft, index: int, text: str) -> Deal:
    frame = draft.frame
    parties: list[Party] = []
    for ent, role in draft.parties:
        span = Span.of(text, ent.start, ent.end) if ent.start >= 0 else None
        aliases = [ent.surface] if ent.surface != ent.name else []
        if (
            ent.is_government
            and role in {"partner", "investor"}
            and frame.type
            in {
                "cooperation",
                "investment",
            }
        ):
            role = "government"  # a state signing or hosting a deal, not a company's partner
        parties.append(
            Party(
                name=ent.name,
                role=role,
                kind=ent.kind,
                country=ent.country,
                aliases=aliases,
                span=span,
            )
        )
    stakes = []
    seen: set[str] = set()
    for ent, value, span in draft.stakes:
        if ent.name not in seen:
            stakes.append(Stake(party=ent.name, percent=value, span=span))
            seen.add(ent.name)
    financing = None
    if frame.type == "financing":
        instrument = next(
            (FINANCING_WORDS[w] for w in frame.trigger_words if w in FINANCING_WORDS), "financing"
        )
        lender = next((e.name for e, r in draft.parties if r == "lender"), None)
        financing = Financing(instrument=instrument, lender=lender)
    if frame.status == "announced" and frame.financing_offered and frame.type == "financing":
        frame.status = "financing_offered"
    quantity = frame.quantity
    quantity_text = f"{quantity.count:g} {quantity.item}" if quantity and quantity.item else None
    sector = sector_of(frame.sector_text, [e for e, _ in draft.parties])
    evidence = [Span.of(text, s, e) for s, e in sorted(set(draft.evidence))]
    confidence = (
        0.4
        + 0.2 * bool(draft.named())
        + 0.15 * bool(frame.money or quantity)
        + 0.1 * bool(frame.status in {"signed", "completed", "expanded"})
        + 0.1 * (len(draft.parties) >= 2)
    )
    return Deal(
        id=f"d{index}",
        type=frame.type,
        summary=summarize(frame.type, parties, frame.money, quantity_text, frame.status),
        parties=parties,
        countries=draft.countries,
        value=frame.money,
        quantity=quantity,
        stakes=stakes,
        period=frame.period,
        financing=financing,
        sector=sector,
        status=frame.status,
        package=frame.package,
        aggregate_safe=not frame.package,
        evidence=evidence,
        confidence=min(1.0, round(confidence, 2)),
    )
