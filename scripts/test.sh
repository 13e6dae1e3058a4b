#!/usr/bin/env bash
# Install dealscope with its dev tools in .venv, then lint, type-check and run the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[dev]"
.venv/bin/ruff check dealscope tests benchmarks
.venv/bin/mypy dealscope
.venv/bin/lint-imports
.venv/bin/python -m pytest "$@"
