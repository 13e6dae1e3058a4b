"""Throughput of dealscope against the naive baseline, measured in one run on the same texts.

Three passes over the texts of ``../shared/corpus/news/*.jsonl``:

1. ``mentions``: ingestion (cleaning) + the mention layer (money, numbers, countries,
   organizations) — issue 2's stage;
2. ``extract``: the whole extractor (mentions, focused parsing, deals);
3. ``baseline``: the full en_core_web_sm pipeline (``nlp.pipe``) over every text.

It prints articles/s, words/s, the ratio of each pass to the baseline, and the peak resident
memory after the dealscope passes (taken before the baseline runs, so it is dealscope's).

    python benchmarks/throughput.py [--limit N] [--shared PATH] [--quotes direct|indirect|none]
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from dealscope.core.options import Options
from dealscope.ingest import read_text
from dealscope.pipeline import Extractor, find_mentions, load_model


def load_texts(shared: Path, limit: int | None) -> list[tuple[str, str, str | None]]:
    records = []
    for path in sorted((shared / "corpus" / "news").glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                records.append((row["id"], row["text"], row.get("date")))
    return records[:limit] if limit else records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N texts")
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    parser.add_argument(
        "--quotes",
        choices=["direct", "indirect", "none"],
        default="direct",
        help="quotes found by the extract pass (default: direct quotes, as the CLI does)",
    )
    args = parser.parse_args()
    records = load_texts(args.shared, args.limit)
    words = sum(len(text.split()) for _, text, _ in records)
    extractor = Extractor(
        Options(quotes=args.quotes != "none", indirect_speech=args.quotes == "indirect")
    )
    extractor.nlp  # load the model outside the timings  # noqa: B018

    start = time.perf_counter()
    articles = [read_text(text, id=rid, date=day) for rid, text, day in records]
    mentions = sum(len(find_mentions(a).money) for a in articles)
    t_mentions = time.perf_counter() - start

    start = time.perf_counter()
    deals = 0
    stream = (read_text(text, id=rid, date=day) for rid, text, day in records)
    for result in extractor.extract_many(stream):
        deals += len(result.deals)
    t_extract = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    nlp = load_model(extractor.options.model)
    start = time.perf_counter()
    for _doc in nlp.pipe(text for _, text, _ in records):
        pass
    t_base = time.perf_counter() - start

    n = len(records)
    print(f"texts: {n}, words: {words}")
    print(f"{'pass':<10} {'seconds':>8} {'articles/s':>11} {'words/s':>10} {'vs baseline':>12}")
    for name, seconds in (("mentions", t_mentions), ("extract", t_extract), ("baseline", t_base)):
        print(
            f"{name:<10} {seconds:8.2f} {n / seconds:11.1f} {words / seconds:10.0f} "
            f"{t_base / seconds:11.2f}x"
        )
    print(f"money mentions: {mentions}, deals: {deals}")
    print(f"peak memory after the dealscope passes: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
