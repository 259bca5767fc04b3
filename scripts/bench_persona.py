"""How much persona adds to analysing 100 comments (target: at most 20 % of ``analyze``).

    python scripts/bench_persona.py [--batch 100] [--reps 30] [--tone-model PATH] [--no-http]
                                    [--warm N]

Three measurements, each on fresh batches of real comments (never seen by the caches,
as in a companion: the extension sends each comment once):

1. ``companion.analysis.analyze`` in process, the code behind ``POST /analyze`` and
   ``otklik classify``: tone, persona, gratitude. Persona's time inside each call is
   measured by wrapping ``model.persona.predict``; its share is that time over the
   rest of the call. This is the issue's target.
2. The tone model, then persona on the same batch with the tone results: persona's
   time over the tone model's alone (a stricter ratio, shown for reference), and the
   rules alone (the fallback when no artifact loads).
3. ``POST /api/v1/analyze`` through a real waitress server on 127.0.0.1, as the
   extension calls it (JSON both ways), persona's time measured the same way.

Model loading is timed apart (it happens once per server start). Medians.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from benchlib import thread_of  # noqa: E402

from companion import analysis  # noqa: E402
from model import persona, tone  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SOURCES = (DATA / "sentirueval2015" / "telecom_train.csv", DATA / "toxic_ru" / "train.csv")
SEED = 5
TARGET_SHARE = 0.20


def comments_pool() -> list[str]:
    texts: list[str] = []
    for path in SOURCES:
        with open(path, encoding="utf-8", newline="") as f:
            texts += [r["text"] for r in csv.DictReader(f) if r.get("text")]
    random.Random(SEED).shuffle(texts)
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--reps", type=int, default=30)  # medians of 15 moved by a point
    ap.add_argument("--tone-model", type=Path, default=None, help="tone artifact to use")
    ap.add_argument("--no-http", action="store_true", help="skip the POST /analyze part")
    ap.add_argument("--warm", type=int, default=0, metavar="N",
                    help="first run N other batches through tone and persona, so that the "
                         "word caches are as warm as in a companion that has run a while")
    args = ap.parse_args()

    pool = comments_pool()
    need = args.batch * (args.reps + 1)
    if len(pool) < need * 3 + args.warm * args.batch:
        sys.exit(f"only {len(pool)} comments for {need * 3 + args.warm * args.batch} needed")
    # Disjoint slices: tone then persona; analyze; HTTP; warm-up.
    batches = [pool[i * args.batch:(i + 1) * args.batch] for i in range(args.reps + 1)]
    analyze_batches = [pool[need + i * args.batch:need + (i + 1) * args.batch]
                       for i in range(args.reps + 1)]
    http_texts = pool[need * 2:need * 3]

    t0 = time.perf_counter()
    try:
        tone.load_model(args.tone_model)
    except Exception as exc:  # noqa: BLE001 - whatever it is, say it and stop
        sys.exit(f"tone model unavailable ({exc}): the budget is relative to analyze, "
                 "which runs it")
    tone_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    persona.model_info()  # loads the persona artifact once
    persona_load = time.perf_counter() - t0
    warm = pool[need * 3:need * 3 + args.warm * args.batch]  # not among the timed texts
    for i in range(0, len(warm), args.batch):
        chunk = [{"id": f"w{i}-{j}", "text": t} for j, t in enumerate(warm[i:i + args.batch])]
        persona.predict(chunk, tone.predict([c["text"] for c in chunk]))

    tone_times: list[float] = []
    persona_times: list[float] = []
    rules_times: list[float] = []
    analyze_times: list[float] = []
    inside_times: list[float] = []
    spent: list[float] = []
    with timed_persona(spent), tempfile.TemporaryDirectory() as data_dir:
        for rep in range(args.reps + 1):
            # 2. tone, then persona on the same batch
            comments = thread_of(batches[rep], f"r{rep}")
            texts = batches[rep]
            t0 = time.perf_counter()
            tones = tone.predict(texts, args.tone_model)
            t_tone = time.perf_counter() - t0
            spent.clear()
            persona.predict(comments, tones=tones)
            t_persona = spent[0]
            # The same batch through the rules alone (the fallback when no artifact
            # loads); its cues are cached by now: this is the cost of the other steps.
            saved = dict(persona._model_state)
            persona._model_state.clear()
            persona._model_state["loaded"] = None
            t0 = time.perf_counter()
            persona.predict(comments, tones=tones)
            t_rules = time.perf_counter() - t0
            persona._model_state.clear()
            persona._model_state.update(saved)
            # 1. analyze on another fresh batch
            spent.clear()
            t0 = time.perf_counter()
            analysis.analyze(thread_of(analyze_batches[rep], f"a{rep}"), Path(data_dir))
            t_analyze = time.perf_counter() - t0
            if rep == 0:
                continue  # warm-up: first-call costs (pymorphy3 dictionaries, imports)
            persona_times.append(t_persona)
            rules_times.append(t_rules)
            analyze_times.append(t_analyze)
            inside_times.append(sum(spent))
            tone_times.append(t_tone)

    def ms(xs: list[float]) -> str:
        return f"{statistics.median(xs) * 1000:8.1f}" if xs else "       -"

    warmed = f", after {args.warm} warm-up batches" if args.warm else ""
    print(f"\n{args.batch} comments per batch, {args.reps} fresh batches{warmed}, medians:")
    print(f"{'part':34} {'load, ms':>9} {'batch, ms':>10} {'comments/s':>11}")
    print(f"{'analyze (tone+persona+gratitude)':34} {'':>9} {ms(analyze_times):>10} "
          f"{args.batch / statistics.median(analyze_times):11.0f}")
    print(f"{'  of which persona':34} {'':>9} {ms(inside_times):>10}")
    print(f"{'tone alone':34} {tone_load * 1000:9.0f} {ms(tone_times):>10} "
          f"{args.batch / statistics.median(tone_times):11.0f}")
    print(f"{'persona after tone':34} {persona_load * 1000:9.0f} {ms(persona_times):>10} "
          f"{args.batch / statistics.median(persona_times):11.0f}")
    print(f"{'  rules+guidance, cues cached':34} {'':>9} {ms(rules_times):>10}")
    share = statistics.median(
        [p / (t - p) for t, p in zip(analyze_times, inside_times, strict=True)]
    )
    verdict = "within" if share <= TARGET_SHARE else "OVER"
    print(f"\npersona adds {share:.1%} to the rest of analyze ({verdict} the "
          f"{TARGET_SHARE:.0%} budget)")
    ratio = statistics.median(persona_times) / statistics.median(tone_times)
    print(f"persona / tone model alone: {ratio:.1%} (stricter; for reference)")
    artifact = persona.ARTIFACT_PATH
    if artifact.exists():
        print(f"persona artifact: {artifact.stat().st_size / 1e6:.1f} MB")
    if not args.no_http:
        # Fresh texts for the HTTP part: none of them is in the caches yet.
        bench_http(http_texts, args.batch, args.reps)


@contextmanager
def timed_persona(spent: list[float]) -> Iterator[None]:
    """``model.persona.predict`` appends its duration to ``spent`` on every call."""
    predict = persona.predict

    def timed_predict(*a, **kw):
        t0 = time.perf_counter()
        try:
            return predict(*a, **kw)
        finally:
            spent.append(time.perf_counter() - t0)

    persona.predict = timed_predict
    try:
        yield
    finally:
        persona.predict = predict


def bench_http(texts: list[str], batch: int, reps: int) -> None:
    from benchlib import companion

    spent: list[float] = []
    totals: list[float] = []
    inside: list[float] = []
    with timed_persona(spent), companion() as client:
        for rep in range(reps + 1):
            spent.clear()
            elapsed = client.analyze(texts[rep * batch:(rep + 1) * batch], f"h{rep}")
            if rep == 0:
                continue
            totals.append(elapsed)
            inside.append(sum(spent))
    total, part = statistics.median(totals), statistics.median(inside)
    share = statistics.median([p / (t - p) for t, p in zip(totals, inside, strict=True)])
    verdict = "within" if share <= TARGET_SHARE else "OVER"
    print(f"\nPOST /api/v1/analyze over HTTP, {batch} fresh comments, {reps} requests, medians:")
    print(f"{'request':28} {total * 1000:20.1f} ms")
    print(f"{'  of which persona':28} {part * 1000:20.1f} ms")
    print(f"{'  the rest':28} {(total - part) * 1000:20.1f} ms")
    print(f"persona adds {share:.1%} to POST /analyze ({verdict} the {TARGET_SHARE:.0%} budget)")


if __name__ == "__main__":
    main()
