"""A cheap check of whether a text is English, and a rough guess of what it is otherwise.

Why hand-written: dealscope only needs a yes/no answer to "can the English pipeline read this?"
plus a readable code for the warning. The offline detectors in reach (fastText's lid.176 model,
langdetect, lingua) either bring a model file of tens to hundreds of megabytes or a slow,
heavy dependency, which is not worth its weight for one boolean. Two signals do the job:

1. the *script* of the letters: a text whose letters are mostly Cyrillic, Arabic, Chinese,
   Japanese, Korean, Greek, Hebrew, Devanagari or Thai is not English, and the script names
   the language well enough for a warning (Cyrillic is reported as "ru", or "uk" when the
   letters only Ukrainian uses appear);
2. for Latin script, the *share of function words*: in English prose about a third of all
   words are "the", "of", "and", "to" ...; the same count for a few other Latin-script
   languages tells French or German apart from English. Below the thresholds the answer is
   "und" (undetermined), which the pipeline treats as not English.

Non-English text never raises: the caller gets the code and decides what to do.
"""

from __future__ import annotations

import re
import unicodedata

ENGLISH = "en"
UNDETERMINED = "und"

# A language wins when at least this share of the words are its function words.
MIN_SHARE = 0.10
# Texts shorter than this many words are judged leniently: any English evidence that no other
# language beats is enough (a headline has few function words).
SHORT_TEXT_WORDS = 20
# A non-Latin script names the language when it has more than this share of the letters.
SCRIPT_MAJORITY = 0.5


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the of and to a in is that for it on was with as by at be this from are have has had "
        "an or not but which were been will would its their they he she his her we also than "
        "after about into over who can could up out there all if more no"
    ),
    "fr": _words(
        "le la les des est et une du dans pour que qui sur pas par avec au ce il sont aux "
        "cette été ont leur"
    ),
    "de": _words(
        "der die das und ist nicht mit den dem von zu ein eine sich auf für des im auch wird "
        "sind nach bei"
    ),
    "es": _words(
        "el los las del que y en un una por con para es se su al lo como más pero sus fue"
    ),
    "it": _words("il di che e la le per un una con del della non sono è gli nel alla dei delle"),
    "pt": _words("o os as do da dos das que e em um uma para com não por se é no na pelo pela"),
    "nl": _words("de het een en van is dat op te niet met zijn voor aan er ook bij als wordt"),
}

# Unicode name prefixes of letters, and the language a dominant script stands for.
_SCRIPTS: tuple[tuple[str, str], ...] = (
    ("CYRILLIC", "ru"),
    ("ARABIC", "ar"),
    ("HIRAGANA", "ja"),
    ("KATAKANA", "ja"),
    ("HANGUL", "ko"),
    ("CJK", "zh"),
    ("GREEK", "el"),
    ("HEBREW", "he"),
    ("DEVANAGARI", "hi"),
    ("THAI", "th"),
)
_UKRAINIAN_LETTERS = frozenset("іїєґІЇЄҐ")
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    """An ISO 639-1 code for ``text``: "en" for English, "und" when it cannot tell."""
    script = _dominant_script(text)
    if script is not None:
        return script
    words = [word.lower() for word in _WORD.findall(text)]
    if not words:
        return UNDETERMINED
    shares = {
        code: sum(word in lexicon for word in words) / len(words)
        for code, lexicon in _FUNCTION_WORDS.items()
    }
    english = shares.pop(ENGLISH)
    other_code, other = max(shares.items(), key=lambda item: item[1])
    if english >= MIN_SHARE and english >= other:
        return ENGLISH
    if other >= MIN_SHARE and other > english:
        return other_code
    if len(words) < SHORT_TEXT_WORDS and english > 0 and english >= other:
        return ENGLISH
    return UNDETERMINED


def is_english(text: str) -> bool:
    return detect_language(text) == ENGLISH


def _dominant_script(text: str) -> str | None:
    """The language of a non-Latin script holding most of the letters, if there is one."""
    letters = 0
    counts: dict[str, int] = {}
    ukrainian = 0
    for char in text:
        if not char.isalpha():
            continue
        letters += 1
        if char.isascii():
            continue
        if char in _UKRAINIAN_LETTERS:
            ukrainian += 1
        name = unicodedata.name(char, "")
        for prefix, code in _SCRIPTS:
            if name.startswith(prefix):
                counts[code] = counts.get(code, 0) + 1
                break
    if not letters or not counts:
        return None
    # Japanese mixes kana with Chinese characters: any real share of kana makes it Japanese.
    if counts.get("ja", 0) >= 0.1 * letters:
        counts["ja"] += counts.pop("zh", 0)
    code, count = max(counts.items(), key=lambda item: item[1])
    if count <= SCRIPT_MAJORITY * letters:
        return None
    if code == "ru" and ukrainian >= 0.01 * count:
        return "uk"
    return code
