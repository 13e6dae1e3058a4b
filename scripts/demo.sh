#!/usr/bin/env bash
# Install dealscope in .venv and run the main job on the bundled example articles.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
.venv/bin/dealscope demo
