"""What every command shares: one-line errors on standard error, money and plural wording."""

from __future__ import annotations

import typer
from rich.console import Console


def stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``error: message`` and give the exit to raise (status 2 by default)."""
    stderr().print(f"error: {message}", markup=False)
    return typer.Exit(code)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def money(value: float | None) -> str:
    """US dollars the way the news writes them: $7bn, $32.5mn, $900,000."""
    if value is None:
        return ""
    for size, unit in ((1e12, "tn"), (1e9, "bn"), (1e6, "mn")):
        if value >= size:
            return f"${value / size:,.3g}{unit}"
    return f"${value:,.0f}"
