"""What every command shares: one-line errors on standard error and plural wording."""

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
