"""Does focused parsing lose quality? Deal F1 on the development set with and without it.

Focused parsing (``Options.focus``, the default) runs the spaCy parser only on sentences that
hold a deal trigger; without it every sentence is parsed. Both runs score ``tests/gold`` and
the seed gold with ``dealscope.eval``, in one process.

    python benchmarks/focus_f1.py [--shared PATH]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from dealscope.core.options import Options
from dealscope.eval import evaluate, report_to_dict
from dealscope.pipeline import Extractor

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    sets = {"dev": ROOT / "tests" / "gold", "seed": args.shared / "eval" / "seed.json"}
    print(f"{'focus':<6} {'set':<5} {'P':>6} {'R':>6} {'F1':>6} {'seconds':>8}")
    for focus in (True, False):
        extractor = Extractor(Options(focus=focus))
        for name, gold in sets.items():
            start = time.perf_counter()
            deals = report_to_dict(evaluate(gold, extractor=extractor))["overall"]["deals"]
            seconds = time.perf_counter() - start
            print(
                f"{'on' if focus else 'off':<6} {name:<5} {deals['precision']:6.3f} "
                f"{deals['recall']:6.3f} {deals['f1']:6.3f} {seconds:8.2f}"
            )


if __name__ == "__main__":
    main()
