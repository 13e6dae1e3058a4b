"""Is this mention the same deal as that one? Names, blocking keys, scores and conflicts.

Pure functions over :class:`Profile` (the comparable features of one deal mention), so the
rules can be tested without a database. The rules, in order of strength:

* never: two mentions from the same article (the extractor already joined those), an umbrella
  package and a single deal, a financing instrument and the deal it finances, countries that
  differ on both sides (Starlink in Tajikistan vs Starlink in Kyrgyzstan), or the same role
  held by different companies (Boeing vs Airbus as seller);
* for: a shared company or state company (3; each further one 1; a shared lender 1, as
  export-credit agencies finance many deals between the same countries); without a shared
  company of the same type of deal, the same country set, sector and item; figures that
  agree;
* against: different types (a shared company then counts half), different sectors, values
  more than 2.5 times apart or counts more than 1.5 times apart (unless the deal was
  expanded), half a year and more so a year between reports.

Figures that disagree within a match are not a reason to split: they are the conflicts an
analyst wants to see (18 vs 15 aircraft).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Any

THRESHOLD = 3.0
MAX_DAYS_APART = 400
MONTHS_APART = 180
_NON_WORD = re.compile(r"[^\w]+")
_GOVERNMENT_KINDS = {"government"}
# Lenders finance many deals between the same countries: sharing one is weak evidence.
_LENDER_KINDS = {"bank", "export_credit_agency", "development_bank"}
# Legal forms and group words that outlets add or drop at will ("Boeing Co", "Kazatomprom JSC").
_LEGAL_FORMS = frozenset(
    [
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "plc",
        "llc",
        "llp",
        "lp",
        "jsc",
        "pjsc",
        "ojsc",
        "cjsc",
        "ag",
        "sa",
        "nv",
        "bv",
        "se",
        "ab",
        "spa",
        "gmbh",
        "oy",
        "asa",
        "kk",
        "pte",
        "bhd",
        "tbk",
        "sarl",
        "srl",
        "group",
        "holding",
        "holdings",
    ]
)
_ITEM_STOP = {"the", "a", "an", "of", "new", "more", "additional", "long", "haul", "range"}


def party_key(name: str) -> str:
    """A company name reduced for matching: case, accents, punctuation and legal suffixes off.

    "The Boeing Co." and "Boeing" give the same key; "Air Astana JSC" and "Air Astana" too.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    words = [w for w in _NON_WORD.sub(" ", text).split() if w]
    while len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words.pop()
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    return " ".join(words)


def item_key(item: str | None) -> str | None:
    """The head of a quantity's item ("long-haul Boeing 787-9 Dreamliners" -> "dreamliner")."""
    if not item:
        return None
    words = [w for w in _NON_WORD.sub(" ", item.lower()).split() if w not in _ITEM_STOP]
    if not words:
        return None
    head = words[-1]
    return head[:-1] if head.endswith("s") and len(head) > 3 else head


@dataclass(frozen=True)
class Profile:
    """What consolidation compares of one deal mention."""

    mention_id: int
    article_id: int
    type: str
    package: bool
    countries: frozenset[str]
    parties: Mapping[str, str]  # party key -> role, companies and other non-government parties
    sector: str
    usd: tuple[float, float] | None
    count: float | None
    item: str | None
    stakes: tuple[float, ...] = ()
    years: float | None = None
    day: date | None = None
    status: str = "announced"
    lenders: frozenset[str] = frozenset()  # keys of parties that are banks or lend


def profile(
    mention_id: int,
    article_id: int,
    deal: Mapping[str, Any],
    day: date | None,
    resolve: Callable[[str, Sequence[str]], str] | None = None,
) -> Profile:
    """The profile of an extracted deal (the JSON of :class:`~dealscope.core.model.Deal`).

    ``resolve`` maps a party name (and its aliases) to the key consolidation compares; the store
    passes one that knows the aliases already recorded.
    """
    resolve = resolve or (lambda name, _aliases: party_key(name))
    parties: dict[str, str] = {}
    lenders: set[str] = set()
    for party in deal.get("parties", []):
        if party.get("kind") in _GOVERNMENT_KINDS or party.get("role") == "government":
            continue
        key = resolve(party["name"], party.get("aliases", []))
        if key:
            parties.setdefault(key, party.get("role", "partner"))
            if party.get("role") == "lender" or party.get("kind") in _LENDER_KINDS:
                lenders.add(key)
    value = deal.get("value") or None
    usd = None
    if value and value.get("usd") is not None:
        low = float(value["usd"])
        usd = (low, float(value.get("usd_max") or low))
    quantity = deal.get("quantity") or None
    return Profile(
        mention_id=mention_id,
        article_id=article_id,
        type=deal["type"],
        package=bool(deal.get("package")),
        countries=frozenset(deal.get("countries", [])),
        parties=parties,
        lenders=frozenset(lenders),
        sector=deal.get("sector", "other"),
        usd=usd,
        count=float(quantity["count"]) if quantity else None,
        item=item_key(quantity.get("item")) if quantity else None,
        stakes=tuple(sorted(float(s["percent"]) for s in deal.get("stakes", []))),
        years=float(deal["period"]["years"]) if deal.get("period") else None,
        day=day,
        status=deal.get("status", "announced"),
    )


def blocking_keys(p: Profile) -> list[str]:
    """Keys a deal is filed under; a mention is compared only with deals sharing one.

    Parties are the strongest key; country pairs with the sector catch deals whose parties
    are named differently by different outlets.
    """
    keys = [f"p:{key}" for key in sorted(p.parties)]
    countries = sorted(p.countries)
    pairs = [f"{a}|{b}" for a, b in combinations(countries, 2)] or countries
    keys.extend(f"c:{pair}:{p.sector}" for pair in pairs)
    return keys


def _overlap(a: tuple[float, ...], b: tuple[float, ...], tolerance: float = 0.05) -> bool:
    return a[0] <= b[1] * (1 + tolerance) and b[0] <= a[1] * (1 + tolerance)


def _ratio(a: tuple[float, float], b: tuple[float, float]) -> float:
    low, high = sorted((max(a[0], 1.0), max(b[0], 1.0)))
    return high / low


def score(a: Profile, b: Profile) -> float | None:
    """How much ``a`` and ``b`` look like the same deal; ``None`` when they cannot be."""
    if a.article_id == b.article_id or a.package != b.package:
        return None
    if (a.type == "financing") != (b.type == "financing"):
        return None
    if (
        a.countries
        and b.countries
        and (
            not a.countries & b.countries
            or (a.countries - b.countries and b.countries - a.countries)
        )
    ):
        return None
    shared = set(a.parties) & set(b.parties)
    if _rival_parties(a, b):
        return None
    lenders = shared & (a.lenders | b.lenders)
    strong = len(shared - lenders)
    # The first shared company is strong evidence, more of them add little (two companies that
    # deal with each other often do more than one deal), and across deal types it counts half.
    # Where a company of the same type of deal is shared, the same countries, sector and item
    # follow from it and add nothing; otherwise they are what corroborates.
    weight = 3.0 if a.type == b.type else 1.5
    total = (weight + (strong - 1) if strong else 0.0) + 1.0 * len(lenders)
    corroborate = not strong or weight < 3.0
    if a.parties and b.parties and not shared:
        total -= 1.0
    total += 0.0 if a.type == b.type else -1.0
    if corroborate and len(a.countries) > 1 and a.countries == b.countries:
        total += 1.0
    if "other" not in (a.sector, b.sector) and not a.type == b.type == "financing":
        if a.sector != b.sector:
            total -= 2.0
        elif corroborate:
            total += 1.0
    if corroborate and a.item and a.item == b.item:
        total += 1.0
    # An expansion changes the figures: "raised its order from 14 to 22 jets".
    growing = "expanded" in (a.status, b.status)
    if a.count is not None and b.count is not None:
        if a.count == b.count:
            total += 1.0
        elif not growing and max(a.count, b.count) > 1.5 * max(min(a.count, b.count), 1.0):
            total -= 3.0
    if a.usd and b.usd:
        ratio = _ratio(a.usd, b.usd)
        if _overlap(a.usd, b.usd):
            total += 1.0
        elif growing:
            pass
        elif ratio > 10:
            total -= 5.0
        elif ratio > 2.5:
            total -= 4.0
    if a.day and b.day:
        apart = abs((a.day - b.day).days)
        total -= 3.0 if apart > MAX_DAYS_APART else 1.0 if apart > MONTHS_APART else 0.0
    return total


def _rival_parties(a: Profile, b: Profile) -> bool:
    """A buyer, seller, investor ... named on both sides, with no name in common: two deals.

    "Partner" is left out: outlets name different partners of the same cooperation.
    """
    roles_a: dict[str, set[str]] = {}
    roles_b: dict[str, set[str]] = {}
    for profile_, roles in ((a, roles_a), (b, roles_b)):
        for key, role in profile_.parties.items():
            if role != "partner":
                roles.setdefault(role, set()).add(key)
    return any(role in roles_b and not keys & roles_b[role] for role, keys in roles_a.items())


def best_match(mention: Profile, candidates: Mapping[int, Sequence[Profile]]) -> int | None:
    """The deal (id -> its mentions' profiles) that ``mention`` belongs to, if any.

    A deal matches when its best-matching mention scores at least :data:`THRESHOLD` and none of
    its mentions rules the match out (same article, rival parties ...).
    """
    best: tuple[float, int] | None = None
    for deal_id, members in candidates.items():
        scores = [score(mention, member) for member in members]
        if not scores or any(s is None for s in scores):
            continue
        top = max(s for s in scores if s is not None)
        if top >= THRESHOLD and (best is None or (top, -deal_id) > (best[0], -best[1])):
            best = (top, deal_id)
    return best[1] if best else None


@dataclass(frozen=True)
class Figure:
    """One source's figure for a field: what is compared, how it reads, who said it."""

    field: str
    value: tuple[float, float]
    display: str
    mention_id: int
    article_id: int
    label: str | None = None  # what the field is about: the party of a stake
    native: tuple[str, float, float] | None = None  # a value in the currency reported


def figures(mention_id: int, article_id: int, deal: Mapping[str, Any]) -> list[Figure]:
    """The comparable figures of one mention: value, quantity, stakes and duration."""
    out: list[Figure] = []
    value = deal.get("value")
    if value and value.get("usd") is not None:
        low = float(value["usd"])
        amount = float(value.get("amount") or 0.0)
        native = (str(value.get("currency")), amount, float(value.get("amount_max") or amount))
        out.append(
            Figure(
                "value",
                (low, float(value.get("usd_max") or low)),
                value["span"]["text"],
                mention_id,
                article_id,
                native=native if amount else None,
            )
        )
    quantity = deal.get("quantity")
    if quantity:
        count = float(quantity["count"])
        low = float(quantity.get("count_from") or count)
        out.append(
            Figure("quantity", (low, count), quantity["span"]["text"], mention_id, article_id)
        )
    for stake in deal.get("stakes", []):
        percent = float(stake["percent"])
        out.append(
            Figure(
                f"stake:{party_key(stake['party'])}",
                (percent, percent),
                f"{percent:g}% ({stake['party']})",
                mention_id,
                article_id,
                stake["party"],
            )
        )
    period = deal.get("period")
    if period:
        years = float(period["years"])
        out.append(Figure("period", (years, years), period["span"]["text"], mention_id, article_id))
    return out


def _agree(a: Figure, b: Figure) -> bool:
    """Same figure? Amounts in one currency are compared as written (1% for rounding: "$6.75bn"
    and "$6.8bn"); across currencies in US dollars, 5% apart at most, for exchange rates taken
    on different days. Counts, stakes and durations must be equal."""
    if a.field != "value":
        return _overlap(a.value, b.value, 0.0)
    if a.native and b.native and a.native[0] == b.native[0]:
        return _overlap(a.native[1:], b.native[1:], 0.01)
    return _overlap(a.value, b.value, 0.05)


def conflicts(all_figures: Iterable[Figure]) -> list[dict[str, Any]]:
    """Fields whose figures disagree between sources, each with every version and its sources.

    Figures agree when their ranges overlap (see :func:`_agree` for the slack); a single
    article never conflicts with itself.
    """
    by_field: dict[str, list[Figure]] = {}
    for fig in all_figures:
        by_field.setdefault(fig.field, []).append(fig)
    out: list[dict[str, Any]] = []
    for name, figs in sorted(by_field.items()):
        groups: list[list[Figure]] = []
        for fig in figs:
            for group in groups:
                if _agree(group[0], fig):
                    group.append(fig)
                    break
            else:
                groups.append([fig])
        articles = [{f.article_id for f in group} for group in groups]
        if len(groups) < 2 or len(set().union(*articles)) < 2:
            continue
        out.append(
            {
                "field": name.split(":")[0],
                "detail": figs[0].label,
                "values": [
                    {
                        "low": group[0].value[0],
                        "high": group[0].value[1],
                        "display": sorted({f.display for f in group}),
                        "mention_ids": sorted({f.mention_id for f in group}),
                        "article_ids": sorted({f.article_id for f in group}),
                    }
                    for group in groups
                ],
            }
        )
    return out
