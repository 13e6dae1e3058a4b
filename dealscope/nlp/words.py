"""Small closed word lists that several stages share (months, weekdays, abbreviations,
numbers in words), kept in one place so the stages agree."""

from __future__ import annotations

MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
MONTH_ABBREVIATIONS = frozenset(
    ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
)
WEEKDAYS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
CALENDAR = MONTHS | MONTH_ABBREVIATIONS | WEEKDAYS

# Lower-cased words that end with a full stop without ending a sentence ("Mr.", "Corp.", "U.S.").
ABBREVIATIONS = MONTH_ABBREVIATIONS | frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "inc",
        "corp",
        "co",
        "ltd",
        "jr",
        "sr",
        "no",
        "vs",
        "gen",
        "gov",
        "sen",
        "rep",
        "u.s",
        "u.k",
        "approx",
        "est",
        "dept",
        "plc",
        "bros",
        "e.g",
        "i.e",
        "etc",
    ]
)

WORD_NUMBERS: dict[str, float] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "a dozen": 12, "dozen": 12,
}  # fmt: skip
