"""Word lists for quote attribution: cue verbs, titles, organization words and country codes.

Lexicons live apart from logic (see ``quotes_speakers`` and ``quotes_attribution``). Country
codes come from ``dealscope/data/countries.json`` when that file exists (keyed by ISO alpha-3,
each entry with ``names``, ``demonyms`` and ``capitals`` lists); the small table below is the
fallback, and fills in forms the data file lacks.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from dealscope.nlp.words import CALENDAR

# Lemmas of verbs that introduce speech. "pledge", "vow" and "promise" are left out on purpose:
# "X pledged to do Y 'like never before'" is a commitment, not an attribution of words.
CUE_LEMMAS = frozenset(
    {
        "say",
        "tell",
        "remark",
        "add",
        "accuse",
        "note",
        "state",
        "explain",
        "warn",
        "insist",
        "argue",
        "claim",
        "write",
        "ask",
        "reply",
        "respond",
        "announce",
        "declare",
        "comment",
        "describe",
        "call",
        "quote",
        "stress",
        "emphasise",
        "emphasize",
        "observe",
        "acknowledge",
        "admit",
        "predict",
        "tweet",
        "continue",
        "conclude",
        "recall",
        "concede",
        "confirm",
        "urge",
        "caution",
        "complain",
        "boast",
        "reiterate",
        "tout",
        "joke",
        "suggest",
    }
)

# Verbs whose clausal complement is reported (indirect) speech: "X said (that) ...".
INDIRECT_CUE_LEMMAS = frozenset(
    {
        "say",
        "tell",
        "add",
        "state",
        "note",
        "announce",
        "claim",
        "argue",
        "explain",
        "warn",
        "insist",
        "predict",
        "confirm",
        "stress",
        "acknowledge",
        "admit",
        "report",
        "reiterate",
    }
)

# Surface forms of speech verbs, for the cheap regex pass that picks the windows to parse.
CUE_FORMS = re.compile(
    r"\b(?:says?|said|saying|tells?|told|telling|remark(?:s|ed)|add(?:s|ed|ing)|accus(?:es|ed)|"
    r"not(?:es|ed|ing)|stat(?:es|ed)|explain(?:s|ed)|warn(?:s|ed)|insist(?:s|ed)|argu(?:es|ed)|"
    r"claim(?:s|ed)|wrote|writes|asked|repl(?:ies|ied)|respond(?:s|ed)|announc(?:es|ed)|"
    r"declar(?:es|ed)|comment(?:s|ed)|describ(?:es|ed|ing)|call(?:ed|ing)|quoted|"
    r"[Aa]ccording to|stress(?:es|ed)|emphasi[sz](?:es|ed)|observed|acknowledg(?:es|ed)|"
    r"admit(?:s|ted)|predict(?:s|ed)|tweet(?:s|ed)|conclud(?:es|ed)|recall(?:s|ed)|"
    r"conced(?:es|ed)|confirm(?:s|ed)|urg(?:es|ed)|caution(?:s|ed)|complain(?:s|ed)|"
    r"reported|reiterat(?:es|ed)|predicted)\b",
)

# The cue verbs that make a short partial quote ("described it as 'a wealthy region'") speech.
STRONG_CUE_FORMS = re.compile(
    r"\b(?:says?|said|saying|tells?|told|remark(?:s|ed)|add(?:s|ed|ing)|not(?:es|ed|ing)|"
    r"stat(?:es|ed)|explain(?:s|ed)|warn(?:s|ed)|insist(?:s|ed)|argu(?:es|ed)|claim(?:s|ed)|"
    r"wrote|writes|describ(?:es|ed|ing)|call(?:s|ed|ing)(?!\s+(?:on|for|off|up)\b)|quoted|"
    r"[Aa]ccording to|stress(?:es|ed)|"
    r"declar(?:es|ed)|comment(?:s|ed)|accus(?:es|ed))\b",
)

# Nouns naming a role a person holds: "Uzbek leader", "head of analysis", "chief executive".
TITLE_WORDS = frozenset(
    {
        "president",
        "vice",
        "leader",
        "premier",
        "prime",
        "minister",
        "chancellor",
        "king",
        "queen",
        "prince",
        "princess",
        "emir",
        "sheikh",
        "sultan",
        "secretary",
        "chairman",
        "chairwoman",
        "chairperson",
        "chair",
        "chief",
        "executive",
        "ceo",
        "cfo",
        "coo",
        "cto",
        "director",
        "head",
        "governor",
        "mayor",
        "ambassador",
        "envoy",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "analyst",
        "economist",
        "strategist",
        "official",
        "adviser",
        "advisor",
        "senator",
        "congressman",
        "congresswoman",
        "representative",
        "commissioner",
        "founder",
        "co-founder",
        "owner",
        "manager",
        "partner",
        "professor",
        "deputy",
        "general",
        "admiral",
        "colonel",
        "officer",
        "treasurer",
        "trader",
        "researcher",
        "fellow",
        "expert",
        "lawyer",
        "attorney",
        "judge",
        "spokes",
        "consultant",
        "banker",
        "investor",
        "dealer",
        "editor",
        "correspondent",
        "chairmen",
        "officials",
        "analysts",
        "economists",
        "executives",
        "leaders",
        "ministers",
        "presidents",
    }
)

# Capitalized words that belong to a title, not to an organization: "Trade Minister",
# "Foreign Secretary", "Managing Director".
PORTFOLIO_WORDS = frozenset(
    {
        "trade",
        "finance",
        "foreign",
        "economy",
        "economic",
        "energy",
        "defence",
        "defense",
        "interior",
        "agriculture",
        "industry",
        "commerce",
        "treasury",
        "health",
        "justice",
        "labour",
        "labor",
        "transport",
        "external",
        "home",
        "deputy",
        "vice",
        "managing",
        "senior",
        "acting",
        "former",
        "first",
        "general",
        "state",
        "executive",
        "financial",
        "operating",
        "technology",
        "investment",
    }
)

# Honorifics are not roles: "Mr Hunter" names Hunter.
HONORIFICS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "sen",
        "rep",
        "gov",
        "gen",
        "prof",
        "rev",
        "hon",
        "messrs",
    }
)

# Head nouns of organizations and of things organizations say through.
# Documents an organization speaks through ("a GTX statement", "the report said").
DOCUMENT_NOUNS = frozenset(
    {
        "memo",
        "communique",
        "report",
        "document",
        "study",
        "filing",
        "review",
        "letter",
        "survey",
        "announcement",
        "release",
        "website",
        "paper",
        "statement",
    }
)
ORG_NOUNS = (
    frozenset(
        {
            "company",
            "firm",
            "group",
            "bank",
            "airline",
            "carrier",
            "giant",
            "maker",
            "manufacturer",
            "producer",
            "operator",
            "lender",
            "insurer",
            "retailer",
            "agency",
            "ministry",
            "department",
            "government",
            "administration",
            "regulator",
            "corporation",
            "conglomerate",
            "subsidiary",
            "unit",
            "office",
            "fund",
            "exchange",
            "union",
            "committee",
            "commission",
            "council",
            "board",
            "organisation",
            "organization",
            "institute",
            "developer",
            "miner",
            "utility",
            "supplier",
            "builder",
            "network",
            "broadcaster",
            "newspaper",
            "daily",
            "outlet",
            "kremlin",
            "reinsurer",
            "watchdog",
            "federation",
            "broker",
            "brokerage",
            "chain",
            "supermarket",
            "exporter",
            "importer",
            "refiner",
            "provider",
            "consortium",
            "publisher",
            "parliament",
            "court",
            "embassy",
            "party",
            "cabinet",
        }
    )
    | DOCUMENT_NOUNS
)

# Nouns through which an organization speaks: "a GTX statement", "a Japan Airlines spokesman".
VOICE_NOUNS = (
    frozenset(
        {
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "official",
            "officials",
            "source",
            "sources",
            "representative",
        }
    )
    | DOCUMENT_NOUNS
)

# Words in a capitalized sequence that make it an organization or a place, not a person.
NON_PERSON_WORDS = (
    frozenset(
        {
            "inc",
            "corp",
            "co",
            "ltd",
            "plc",
            "llc",
            "ag",
            "sa",
            "nv",
            "group",
            "bank",
            "airlines",
            "airways",
            "air",
            "holdings",
            "holding",
            "capital",
            "partners",
            "ministry",
            "department",
            "agency",
            "commission",
            "fund",
            "exchange",
            "association",
            "council",
            "institute",
            "university",
            "board",
            "office",
            "bureau",
            "authority",
            "service",
            "services",
            "party",
            "kremlin",
            "house",
            "center",
            "centre",
            "company",
            "corporation",
            "technologies",
            "technology",
            "systems",
            "international",
            "industries",
            "energy",
            "oil",
            "gas",
            "motors",
            "electric",
            "asia",
            "europe",
            "africa",
            "america",
            "east",
            "west",
            "north",
            "south",
            "central",
            "street",
            "city",
            "river",
            "sea",
            "ocean",
            "republic",
            "union",
            "states",
            "kingdom",
            "news",
            "times",
            "journal",
            "post",
            "reuters",
            "earth",
            "exploration",
            "element",
            "resources",
            "mining",
            "minerals",
            "securities",
            "investments",
            "trust",
            "media",
            "studies",
            "war",
            "terror",
        }
    )
    | CALENDAR
)

# Particles inside personal names: "Willy De Clercq", "Rodrigo de Rato".
NAME_PARTICLES = frozenset(
    {"de", "da", "di", "del", "della", "van", "von", "der", "den", "bin", "al", "el", "la", "le"}
)

# Fallback table: demonyms, names and short forms -> ISO alpha-3.
_FALLBACK_COUNTRIES: dict[str, str] = {
    "us": "USA",
    "u.s.": "USA",
    "usa": "USA",
    "u.s.a.": "USA",
    "america": "USA",
    "american": "USA",
    "united states": "USA",
    "uk": "GBR",
    "u.k.": "GBR",
    "britain": "GBR",
    "great britain": "GBR",
    "british": "GBR",
    "united kingdom": "GBR",
    "uzbekistan": "UZB",
    "uzbek": "UZB",
    "kazakhstan": "KAZ",
    "kazakh": "KAZ",
    "kazakhstani": "KAZ",
    "kyrgyzstan": "KGZ",
    "kyrgyz": "KGZ",
    "tajikistan": "TJK",
    "tajik": "TJK",
    "turkmenistan": "TKM",
    "turkmen": "TKM",
    "russia": "RUS",
    "russian": "RUS",
    "china": "CHN",
    "chinese": "CHN",
    "japan": "JPN",
    "japanese": "JPN",
    "india": "IND",
    "indian": "IND",
    "germany": "DEU",
    "german": "DEU",
    "france": "FRA",
    "french": "FRA",
    "italy": "ITA",
    "italian": "ITA",
    "spain": "ESP",
    "spanish": "ESP",
    "portugal": "PRT",
    "portuguese": "PRT",
    "netherlands": "NLD",
    "dutch": "NLD",
    "belgium": "BEL",
    "belgian": "BEL",
    "switzerland": "CHE",
    "swiss": "CHE",
    "austria": "AUT",
    "austrian": "AUT",
    "sweden": "SWE",
    "swedish": "SWE",
    "norway": "NOR",
    "norwegian": "NOR",
    "denmark": "DNK",
    "danish": "DNK",
    "finland": "FIN",
    "finnish": "FIN",
    "ireland": "IRL",
    "irish": "IRL",
    "poland": "POL",
    "polish": "POL",
    "ukraine": "UKR",
    "ukrainian": "UKR",
    "turkey": "TUR",
    "turkish": "TUR",
    "türkiye": "TUR",
    "iran": "IRN",
    "iranian": "IRN",
    "iraq": "IRQ",
    "iraqi": "IRQ",
    "israel": "ISR",
    "israeli": "ISR",
    "saudi arabia": "SAU",
    "saudi": "SAU",
    "qatar": "QAT",
    "qatari": "QAT",
    "uae": "ARE",
    "emirati": "ARE",
    "egypt": "EGY",
    "egyptian": "EGY",
    "south africa": "ZAF",
    "south african": "ZAF",
    "nigeria": "NGA",
    "nigerian": "NGA",
    "kenya": "KEN",
    "kenyan": "KEN",
    "canada": "CAN",
    "canadian": "CAN",
    "mexico": "MEX",
    "mexican": "MEX",
    "brazil": "BRA",
    "brazilian": "BRA",
    "argentina": "ARG",
    "argentine": "ARG",
    "chile": "CHL",
    "chilean": "CHL",
    "australia": "AUS",
    "australian": "AUS",
    "new zealand": "NZL",
    "south korea": "KOR",
    "korea": "KOR",
    "korean": "KOR",
    "south korean": "KOR",
    "north korea": "PRK",
    "north korean": "PRK",
    "taiwan": "TWN",
    "taiwanese": "TWN",
    "hong kong": "HKG",
    "singapore": "SGP",
    "singaporean": "SGP",
    "indonesia": "IDN",
    "indonesian": "IDN",
    "malaysia": "MYS",
    "malaysian": "MYS",
    "thailand": "THA",
    "thai": "THA",
    "vietnam": "VNM",
    "vietnamese": "VNM",
    "philippines": "PHL",
    "philippine": "PHL",
    "filipino": "PHL",
    "pakistan": "PAK",
    "pakistani": "PAK",
    "afghanistan": "AFG",
    "afghan": "AFG",
    "azerbaijan": "AZE",
    "azerbaijani": "AZE",
    "azeri": "AZE",
    "georgia": "GEO",
    "georgian": "GEO",
    "armenia": "ARM",
    "armenian": "ARM",
    "mongolia": "MNG",
    "mongolian": "MNG",
    "belarus": "BLR",
    "belarusian": "BLR",
    "greece": "GRC",
    "greek": "GRC",
    "hungary": "HUN",
    "hungarian": "HUN",
    "czech republic": "CZE",
    "czech": "CZE",
    "romania": "ROU",
    "romanian": "ROU",
    "venezuela": "VEN",
    "venezuelan": "VEN",
}


@lru_cache(maxsize=1)
def _country_table() -> dict[str, str]:
    """Lower-cased names and demonyms -> alpha-3, from countries.json then the fallback."""
    table: dict[str, str] = {}
    try:
        raw = resources.files("dealscope.data").joinpath("countries.json").read_text("utf-8")
        data = json.loads(raw)
    except (FileNotFoundError, ModuleNotFoundError, OSError, ValueError):
        data = None
    if isinstance(data, dict):
        for code, entry in data.items():
            if not (isinstance(code, str) and len(code) == 3 and isinstance(entry, dict)):
                continue
            for key in ("names", "demonyms"):
                forms = entry.get(key)
                if isinstance(forms, list):
                    for form in forms:
                        if isinstance(form, str) and form:
                            table.setdefault(form.lower(), code.upper())
    for form, code in _FALLBACK_COUNTRIES.items():
        table.setdefault(form, code)
    return table


def country_code(word: str) -> str | None:
    """ISO alpha-3 of a country name or demonym ("Uzbek" -> "UZB"), or None."""
    key = " ".join(word.replace("’", "'").split()).lower()
    if key.endswith("'s"):
        key = key[:-2]
    return _country_table().get(key)
