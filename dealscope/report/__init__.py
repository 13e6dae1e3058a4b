"""Reports from the deal store: country-by-country briefs (Markdown, HTML, JSON) and exports
(CSV, JSON, Parquet). Imports the store, never the web or the API layers."""

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"
