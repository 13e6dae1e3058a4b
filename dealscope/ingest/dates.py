"""Dates as news pages write them: ISO strings in metadata, "November 9, 2025" in bylines."""

from __future__ import annotations

import re
from datetime import date as Date
from datetime import datetime

_MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WRITTEN_DATES = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),  # November 9, 2025
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b"),  # 9 November 2025
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),  # 2025-11-09
)
# A clock time that may follow a date in a byline: "10:30", "10:30 AM GMT", "10.30am".
TIME_AFTER = re.compile(
    r"^\s*,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?", re.IGNORECASE
)


def find_date(text: str) -> tuple[Date, int, int] | None:
    """The first well-formed written date in ``text`` with its ``[start, end)`` offsets."""
    for pattern in _WRITTEN_DATES:
        for match in pattern.finditer(text):
            month_text = match.group("month")
            month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower())
            if month is None:
                continue
            try:
                found = Date(int(match.group("year")), month, int(match.group("day")))
            except ValueError:
                continue
            return found, match.start(), match.end()
    return None


def parse_iso_date(value: str) -> Date:
    """An ISO date or date-time string ("2025-11-09", "2025-11-09T10:00:00Z") as a date.

    Raises ``ValueError`` when ``value`` is neither.
    """
    value = value.strip()
    try:
        return Date.fromisoformat(value)
    except ValueError:
        pass
    return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
