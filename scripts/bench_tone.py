"""Speed of the tone model and the gratitude flag, in-process. Prints a table.

    python scripts/bench_tone.py [--artifact PATH] [--repeats 50]

- load: a fresh Python process imports model.tone and loads the artifact (median of 3);
- batch of 100 comments: first call (cold lemma cache) and median of ``--repeats``
  calls on other batches of 100 (warm cache, as in a running companion);
- the same with the gratitude flag (tone passed in, as the companion should do);
- the accurate mode (``--accurate-repeats`` batches of 100 after one warm-up batch;
  ``0`` to skip): its load and its median per 100;
- ``POST /api/v1/analyze`` through a real companion on 127.0.0.1 (tone, gratitude
  and persona, JSON both ways), a batch of 100 per request after the same warm-up
  (``--no-http`` to skip);
- peak RSS of this process after the runs.
Comments come from the validation part of the training data when it is available,
otherwise from a built-in list.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from model import tone, training  # noqa: E402
from model.gratitude import is_gratitude  # noqa: E402

BATCH = 100
FALLBACK = [
    "Спасибо огромное, всё работает!",
    "Третий день нет интернета, позор",
    "Подскажите, во сколько открывается офис на Ленина?",
    "[id123|Анна], мастер придёт завтра с 10 до 14)",
    "ВЫ ИЗДЕВАЕТЕСЬ?! Сколько можно ждать!!!",
    "С днём рождения, любимый магазин!)))",
    "роутер мигает красным, пинг 300, потери пакетов, PPPoE не поднимается",
]


def comments(n: int) -> list[str]:
    root = training.shared_data_root()
    if root is None:
        return [FALLBACK[i % len(FALLBACK)] + f" {i}" for i in range(n)]
    _c, _all, _train, val = training.standard_split(root)
    texts = [e.text for e in val if e.domain in ("vk", "telecom", "banks")]
    random.Random(13).shuffle(texts)
    return (texts * (n // max(len(texts), 1) + 1))[:n]


def load_seconds(artifact: Path) -> float:
    code = (
        f"import sys, time; sys.path.insert(0, {str(ROOT)!r}); t = time.perf_counter(); "
        f"from model import tone; tone.load_model({str(artifact)!r}); "
        "print(time.perf_counter() - t)"
    )
    runs = [float(subprocess.check_output([sys.executable, "-c", code], text=True))
            for _ in range(3)]
    return statistics.median(runs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--artifact", type=Path, default=tone.SHIPPED_PATH)
    ap.add_argument("--repeats", type=int, default=50)
    ap.add_argument("--no-http", action="store_true", help="skip POST /api/v1/analyze")
    ap.add_argument("--accurate-repeats", type=int, default=10)
    args = ap.parse_args()

    texts = comments(BATCH * (args.repeats + 1))
    batches = [texts[i : i + BATCH] for i in range(0, len(texts), BATCH)]
    load_s = load_seconds(args.artifact)
    tone.load_model(args.artifact)

    t = time.perf_counter()
    tone.predict(batches[0], model_path=args.artifact)
    cold_ms = (time.perf_counter() - t) * 1000

    tone_ms, grat_ms = [], []
    for batch in batches[1:]:
        t = time.perf_counter()
        tones = tone.predict(batch, model_path=args.artifact)
        tone_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        for text, r in zip(batch, tones, strict=True):
            is_gratitude(text, tone=r)
        grat_ms.append((time.perf_counter() - t) * 1000)

    acc_ms: list[float] = []
    acc_load_s = 0.0
    if args.accurate_repeats and tone.ACCURATE_PATH.exists():
        t = time.perf_counter()
        tone.predict(batches[0][:1], mode="accurate")  # loads the artifact and the encoder
        acc_load_s = time.perf_counter() - t
        for batch in batches[1:args.accurate_repeats + 1]:
            t = time.perf_counter()
            tone.predict(batch, mode="accurate")
            acc_ms.append((time.perf_counter() - t) * 1000)

    http_ms: list[float] = []
    if not args.no_http and args.artifact == tone.SHIPPED_PATH:
        from benchlib import companion, forget_texts

        forget_texts()  # the same texts again, but not from the per-text caches
        with companion() as client:
            client.analyze(batches[0], "warm")  # the persona artifact loads here
            http_ms = [client.analyze(b, f"r{i}") * 1000 for i, b in enumerate(batches[1:])]

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    med = statistics.median(tone_ms)
    rows = [
        ("artifact size", f"{args.artifact.stat().st_size / 1e6:.1f} MB", "<= 30 MB"),
        ("load (fresh process, import + load)", f"{load_s:.2f} s", "<= 2 s"),
        ("100 comments, tone, first call (cold cache)", f"{cold_ms:.1f} ms", ""),
        (f"100 comments, tone, median of {len(tone_ms)}", f"{med:.1f} ms", "<= 30 ms"),
        ("100 comments, tone, p90", f"{sorted(tone_ms)[int(len(tone_ms) * 0.9)]:.1f} ms", ""),
        ("100 comments, gratitude given tone, median",
         f"{statistics.median(grat_ms):.1f} ms", ""),
        ("throughput, tone", f"{BATCH / med * 1000:.0f} comments/s", ""),
    ]
    if acc_ms:
        rows += [
            ("accurate mode: first call (artifact + encoder load)", f"{acc_load_s:.2f} s", ""),
            (f"accurate mode: 100 comments, median of {len(acc_ms)}",
             f"{statistics.median(acc_ms):.0f} ms", "not the page's path"),
        ]
    if http_ms:
        rows += [
            (f"100 comments, POST /analyze over HTTP, median of {len(http_ms)}",
             f"{statistics.median(http_ms):.1f} ms", "<= 60 ms"),
            ("100 comments, POST /analyze over HTTP, p90",
             f"{sorted(http_ms)[int(len(http_ms) * 0.9)]:.1f} ms", ""),
        ]
    rows += [
        ("peak RSS of this process", f"{rss_mb:.0f} MB", ""),
    ]
    w = max(len(r[0]) for r in rows)
    print(f"| {'measure':{w}s} | value | target |")
    print(f"|{'-' * (w + 2)}|---:|---|")
    for name, value, target in rows:
        print(f"| {name:{w}s} | {value} | {target} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
