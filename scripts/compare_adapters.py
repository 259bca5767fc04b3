"""Compare the ways the tone adapter can map the shipped model's scores, as `otklik
train` decides: held-out macro-F1 on the team's rows and macro-F1 on the sanity set, the
candidate's and the shipped model's, and whether it would be used.

    python scripts/compare_adapters.py [--mapping toward_base offset learned]

The team files are those tests/test_train_cli.py builds (60 rows labelled right, the
same 60 labelled the wrong way round, 128 rows labelled right): templated rows, so the
held-out figures are high; they show how far each mapping moves with few rows. Each
run trains in a fresh temporary data dir; nothing is written here.
"""

from __future__ import annotations

import argparse
import functools
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_train_cli import sixty_rows, team_rows  # noqa: E402

import model.tone_adapter as tone_adapter  # noqa: E402
from companion import retrain  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mapping", nargs="+", default=list(tone_adapter.MAPPINGS),
                    choices=tone_adapter.MAPPINGS)
    args = ap.parse_args()
    files = {"60 rows labelled right": sixty_rows(False),
             "60 rows the wrong way round": sixty_rows(True),
             "128 rows labelled right": team_rows()}
    build = tone_adapter.build_adapter
    print("| mapping | file | held out: new / shipped | sanity: new / shipped | decision | s |")
    print("|---|---|---|---|---|---|")
    try:
        for mapping in args.mapping:
            tone_adapter.build_adapter = functools.partial(build, mapping=mapping)
            for name, rows in files.items():
                with tempfile.TemporaryDirectory() as tmp:
                    start = time.perf_counter()
                    out = retrain.retrain(Path(tmp) / "data", rows, source_name=name)
                    took = time.perf_counter() - start
                c, a = out.figures["candidate"], out.figures["in_use"]
                print(f"| {mapping} | {name} | {c['team_heldout_macro_f1']:.3f} / "
                      f"{a['team_heldout_macro_f1']:.3f} | {c['sanity_macro_f1']:.3f} / "
                      f"{a['sanity_macro_f1']:.3f} | {'used' if out.activated else 'not used'} "
                      f"| {took:.1f} |")
    finally:
        tone_adapter.build_adapter = build


if __name__ == "__main__":
    main()
