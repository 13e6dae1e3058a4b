"""Which code a benchmark measured: printed with every result, so a figure can be traced."""

from __future__ import annotations

import subprocess
from pathlib import Path


def code_version() -> str:
    """The commit the measured code is at, and whether ``dealscope/`` differs from it."""
    root = Path(__file__).resolve().parents[1]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--", "dealscope"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (no git)"
    return f"{commit}" + (f" + {len(changed)} changed file(s) in dealscope/" if changed else "")
