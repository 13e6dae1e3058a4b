"""Figures as the news writes them, for every front end (tables, briefs, pages)."""

from __future__ import annotations


def money(value: float | None) -> str:
    """US dollars the way the news writes them: $7bn, $32.5mn, $900,000."""
    if value is None:
        return ""
    for size, unit in ((1e12, "tn"), (1e9, "bn"), (1e6, "mn")):
        if abs(value) >= size:
            return f"${value / size:,.3g}{unit}"
    return f"${value:,.0f}"


def value_text(usd: float | None, usd_max: float | None, estimated: bool) -> str:
    """A deal's value: "$7bn", "$400mn–$500mn", "$50mn (est.)"; empty when unknown."""
    if usd is None:
        return ""
    text = money(usd)
    if usd_max and usd_max != usd:
        text += f"–{money(usd_max)}"
    return text + (" (est.)" if estimated else "")
