"""Lexicons and patterns of page furniture, kept apart from the cleaning logic in ``clean.py``.

Every rule here describes furniture in general (navigation words, photo credits, cookie
notices, wire sign-offs), never one article. Line rules match a *whole* line once spaces are
normalised, so a sentence that merely contains "features" or "share" is never touched.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Whole lines that are interface words, compared case-insensitively after stripping the
# decoration in ``UI_DECORATION``.
UI_LINES: frozenset[str] = frozenset(
    {
        "accept",
        "accept all",
        "accept all cookies",
        "accept cookies",
        "advertisement",
        "advertising",
        "back to top",
        "close",
        "comments",
        "continue reading",
        "dismiss",
        "email",
        "features",
        "follow us",
        "got it",
        "leave a comment",
        "listen",
        "listen to this article",
        "loading",
        "log in",
        "login",
        "manage cookies",
        "menu",
        "more",
        "most popular",
        "most read",
        "newsletter",
        "play video",
        "print",
        "read more",
        "read next",
        "recommended",
        "register",
        "reject all",
        "related",
        "related articles",
        "related content",
        "related news",
        "related stories",
        "see also",
        "share",
        "share on facebook",
        "share on linkedin",
        "share on twitter",
        "share on x",
        "share this",
        "share this article",
        "share this page",
        "share this story",
        "share via email",
        "show comments",
        "sign in",
        "sign up",
        "skip navigation",
        "skip to content",
        "skip to main content",
        "sponsored",
        "sponsored content",
        "subscribe",
        "subscribe now",
        "subscribe to our newsletter",
        "trending",
        "tweet",
        "view comments",
        "watch",
    }
)

# Characters around a UI word that do not change what it is ("Read more »", "Share:").
UI_DECORATION = " \t:»›→>|•·-–—…"

# UI words that a careless extraction glues to the end of the last line, in the case they are
# printed in ("...resources.\" Features Dismiss", "...FeaturesDismiss"). Only stripped at the very
# end of the text, and only after a sentence end or glued to a lower-case letter, so a final
# sentence that ends with an ordinary word is never cut.
GLUED_TAIL_WORDS: tuple[str, ...] = (
    "Advertisement",
    "Dismiss",
    "Features",
    "Read more",
    "Share",
    "Subscribe",
)

# A wire service's sign-off on its own last line: "Reuter", "REUTER...", "Reuters".
SIGN_OFF_LINE = re.compile(r"^(?:reuters?|ap|afp)\W*$", re.IGNORECASE)
# The same sign-off glued to the end of the last sentence: "... 768p. REUTER".
SIGN_OFF_GLUED = re.compile(r"(?<=[.!?\"”])\s+(?:REUTERS?|Reuters?)\W*$")
# Agency credits closing a story: "(Reporting by ...; Editing by ...)".
REPORTING_CREDIT = re.compile(
    r"^\((?:additional\s+)?(?:reporting|writing|editing|compiled)\s+by\b[^()]*\)$",
    re.IGNORECASE,
)

# A photo caption that ends with its credit: "Leaders at a dinner. / The White House",
# "... / Reuters". The credit is a short capitalised name; the caption before it has at least
# three words (so "Debt / GDP" is not a caption), or is absent.
_CREDIT_WORD = r"(?:[A-Z][\w.&'’-]*|of|the|and|for|de|du|la|via|/)"
CREDIT_TAIL = re.compile(rf"(?:^|\s)/\s*(?P<credit>[A-Z][\w.&'’-]*(?:\s+{_CREDIT_WORD}){{0,5}})$")

# Lines that announce a picture or its rights holder.
CAPTION_LINE = re.compile(
    r"^(?:photo|photograph|picture|image|credit|caption)s?(?:\s+(?:credit|source))?\s*[:©]"
    r"|^(?:image|photo|picture)\s+(?:copyright|caption|source)\b"
    r"|^media\s+caption\b",
    re.IGNORECASE,
)
# A line ending with a photo parenthesis: "Workers at the plant (Photo: AFP)".
CAPTION_PAREN_TAIL = re.compile(
    r"\((?:photo|photograph|picture|image|credit)s?\b[^()]*\)\s*$", re.IGNORECASE
)
# A line ending with an agency picture credit: "... AFP via Getty Images".
GETTY_TAIL = re.compile(r"(?:^|[\s/(])Getty Images\)?$")

# Copyright footers: "© 2025 Example", "Copyright 2025 ...", "... All rights reserved."
COPYRIGHT_LINE = re.compile(
    r"^(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4}))|\ball rights reserved\b", re.IGNORECASE
)
COPYRIGHT_MAX_LEN = 200

# Cookie and consent notices, recognised by how they open.
COOKIE_LINE = re.compile(
    r"^(?:we|this\s+(?:web)?site|our\s+(?:web)?site)\s+uses?\s+cookies\b"
    r"|^(?:accept|reject|manage)\s+(?:all\s+)?cookies\b"
    r"|^cookie\s+(?:policy|settings|preferences|notice|consent)\b"
    r"|^by\s+(?:using|continuing\s+to\s+use)\s+this\s+(?:web)?site\b",
    re.IGNORECASE,
)
COOKIE_MAX_LEN = 400

# Words that follow "By" at the start of an ordinary sentence, not of a byline.
BYLINE_STOPWORDS: frozenset[str] = frozenset(
    {
        "a",
        "about",
        "all",
        "an",
        "around",
        "comparison",
        "contrast",
        "default",
        "design",
        "early",
        "end",
        "far",
        "late",
        "law",
        "mid",
        "midday",
        "next",
        "noon",
        "now",
        "then",
        "that",
        "the",
        "these",
        "this",
        "those",
        "today",
        "tomorrow",
        "tonight",
        "using",
        "way",
    }
)
BYLINE_MAX_WORDS = 14
# How many non-blank lines at the top of a text may hold a byline or a dateline.
HEAD_ZONE_LINES = 8

# A first line standing alone as a paragraph is the headline when it is this short and does not
# end like a sentence or a lead-in.
HEADLINE_MAX_WORDS = 20
HEADLINE_MAX_CHARS = 200
NOT_HEADLINE_ENDINGS = ".,;:-–—"

# A wire dateline with the outlet's credit: "ALMATY, Nov 7 (Steppe Wire) - ...",
# "WASHINGTON (Reuters) - ...". The credit in parentheses is furniture; the place stays.
WIRE_CREDIT = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]{1,40}(?:,[^()\n]{1,30}?)?)"
    r"(?P<credit>\s+\((?P<outlet>[A-Z][^()\n]{1,40})\))(?=\s*[-–—])"
)
# Words after the last comma of a byline that belong to the name, not to an outlet.
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "md"})

# Prefixes of a line that is only a date: "Published November 9, 2025".
DATELINE_PREFIX = re.compile(
    r"^(?:(?:first\s+)?published(?:\s+on)?|(?:last\s+)?updated(?:\s+on)?|posted(?:\s+on)?)\s*:?\s*",
    re.IGNORECASE,
)

# Reuters-style company markup "<Sedio N.V.>" and stock tickers "<BAC>", "<TPN.PA>".
# The body starts with a capital or a digit and neither starts nor ends with a space, so
# "a < b > c" and HTML-like "<p>" are left alone.
MARKUP = re.compile(r"<(?P<body>[A-Z0-9](?:[^<>]{0,98}[^<>\s])?)>")
TICKER = re.compile(r"[A-Z0-9][A-Z0-9.&/-]{0,11}")
TICKER_IN_PARENS = re.compile(r"[ \t]*\([ \t]*<(?P<body>[A-Z0-9][A-Z0-9.&/-]{0,11})>[ \t]*\)")
# A ticker typed in lower case ("Marriott Corp <mhs>"): only removed right after a name, so an
# HTML-like "<p>" or "<br>" elsewhere in a plain text is left as it is.
LOWER_TICKER = re.compile(r"(?P<space>[ \t]*)<(?P<body>[a-z][A-Za-z0-9.&/-]{0,11})>(?!\w)")
HTML_TAG_NAMES: frozenset[str] = _words(
    "a abbr b big blockquote body br caption cite code dd div dl dt em font h1 h2 h3 h4 h5 h6 "
    "head hr html i img li ol p pre q s small span strong sub sup table tbody td th thead title "
    "tr tt u ul"
)

# Starts of a list item: a hard-wrapped text never joins one onto the line before.
BULLET = re.compile(r"^(?:[-*•·–]\s|\d{1,3}[.)]\s)")
