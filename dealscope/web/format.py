"""Jinja filters: money, counts and dates the way the pages print them."""

from __future__ import annotations

import datetime as dt
import re

from dealscope.report.brief import web_url
from dealscope.report.text import money


def money_range(low: float | None, high: float | None = None) -> str:
    if low is None:
        return ""
    if high is not None and high != low:
        return f"{money(low)}–{money(high)}"
    return money(low)


def number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def label(value: str | None) -> str:
    """``financing_offered`` -> ``financing offered``."""
    return (value or "").replace("_", " ")


def sector_name(value: str) -> str:
    """``aviation`` -> ``Aviation``."""
    return label(value).capitalize()


def headline(summary: str) -> str:
    """A summary without its leading type ("Purchase: "), which the page shows as a badge."""
    head, sep, rest = summary.partition(": ")
    return rest if sep and head.isalpha() and rest else summary


def site_label(site: str | None) -> str:
    """Where an article came from: the site, or a file's name rather than its whole path."""
    if not site:
        return ""
    return re.split(r"[/\\]", site.rstrip("/\\"))[-1] if not re.match(r"https?://", site) else site


FILTERS = {
    "money": money,
    "money_range": money_range,
    "number": number,
    "day": day,
    "label": label,
    "headline": headline,
    "site_label": site_label,
    "web_url": web_url,  # only http(s) links: a stored URL could say javascript:
}
