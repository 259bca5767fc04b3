"""Speed of the tone model and the gratitude flag, in-process. Prints a table.

    python scripts/bench_tone.py [--artifact PATH] [--repeats 50] [--stages]

- load: a fresh Python process imports model.tone and loads the artifact (median of 3);
- batch of 100 comments: first call (cold lemma cache) and median of ``--repeats``
  calls on other batches of 100 (warm cache, as in a running companion);
- the same with the gratitude flag (tone passed in, as the companion should do);
- the accurate mode (``--accurate-repeats`` batches of 100 after one warm-up batch;
  ``0`` to skip): its load and its median per 100;
- ``POST /api/v1/analyze`` through a real companion on 127.0.0.1 (tone, gratitude
  and persona, JSON both ways), a batch of 100 per request after the same warm-up
  (``--no-http`` to skip);
- peak RSS of this process after the runs;
- with ``--stages``: where the time of the fast path goes, stage by stage, in CPU
  time per 100 comments (the same batches again in a fresh process, each stage run
  over a batch before the next, as ``tone.predict`` runs them).
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

import numpy as np  # noqa: E402

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
    ap.add_argument("--stages", action="store_true",
                    help="also the fast path's time stage by stage (CPU time)")
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
    if args.stages:
        print()
        print(subprocess.check_output(
            [sys.executable, __file__, "--stages-only", str(args.artifact), str(args.repeats)],
            text=True), end="")
    return 0


def stages(artifact: Path, repeats: int) -> None:
    """CPU time per 100 comments of each stage of the fast path, on fresh batches."""
    from model import inference, lemmas, tone_cues
    from model.normalize import clean, normalize

    texts = comments(BATCH * (repeats + 1))
    pipe, _ = tone.load_model(artifact)
    tone.predict(texts[:BATCH], model_path=artifact)  # loads, warms the caches a little
    union, clf = pipe.steps[-2][1], pipe.steps[-1][1]
    parts = dict(union.transformer_list)
    spent: dict[str, float] = {}

    def timed(name, f, *args):
        t = time.process_time()
        out = f(*args)
        spent[name] = spent.get(name, 0.0) + time.process_time() - t
        return out

    for i in range(BATCH, len(texts), BATCH):
        batch = texts[i:i + BATCH]
        timed("clean (model.normalize)", lambda b: [clean(t) for t in b], batch)
        norm = timed("normalize, after clean", lambda b: [normalize(t) for t in b], batch)
        timed("words and lemmas (model.lemmas)", lambda b: [lemmas.word_lemmas(t) for t in b], norm)
        timed("cue markers (model.tone_cues)", lambda b: [tone_cues.cue_markers(t) for t in b],
              norm)
        if hasattr(tone, "tone_terms"):
            timed("other analyzer terms (n-grams, negation)",
                  lambda b: [(tone.word_ngrams(t), tone.tone_terms(t)) for t in b], norm)
        got = {name: timed(f"TF-IDF {name}", inference.tfidf_transform, vec, norm)
               for name, vec in parts.items()}
        timed("regression", inference._union_decision, union, clf, None, list(got.values()))
        timed("brand-comment prior", lambda b: tone.with_prior(
            pipe.classes_, np.full((len(b), len(pipe.classes_)), 1 / 3), b), batch)
    n = len(texts) // BATCH - 1
    print(f"| stage of the fast path (CPU time, {n} fresh batches) | ms per 100 |")
    print("|---|---:|")
    for name, seconds in spent.items():
        print(f"| {name} | {seconds / n * 1000:.2f} |")
    print(f"| sum | {sum(spent.values()) / n * 1000:.2f} |")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--stages-only":
        stages(Path(sys.argv[2]), int(sys.argv[3]))
        raise SystemExit(0)
    raise SystemExit(main())
