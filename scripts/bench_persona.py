"""How much persona adds to analysing 100 comments with the tone model (target: at most 20 %).

    python scripts/bench_persona.py [--batch 100] [--reps 15] [--tone-model PATH] [--no-http]

Each repetition takes a fresh batch of real comments (never seen by the caches), runs
the tone model on it and then persona on the same batch with the tone results, in
the order ``POST /analyze`` does. Model loading is timed apart (it happens once per
server start). Prints a table of medians; the persona share is persona time divided
by tone time. Without a tone artifact, persona is timed alone and the share is not
computed.

Then the same through the companion, as the extension calls it: a real waitress
server on 127.0.0.1 with a temporary data dir, ``POST /api/v1/analyze`` with a fresh
batch per request (tone, gratitude, persona, JSON both ways). Persona's time inside
each request is measured by wrapping ``model.persona.predict``; the share is that
time over the rest of the request.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from model import persona  # noqa: E402

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
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--tone-model", type=Path, default=None, help="tone artifact to use")
    ap.add_argument("--no-http", action="store_true", help="skip the POST /analyze part")
    ap.add_argument("--warm", type=int, default=0, metavar="N",
                    help="first run N other batches through tone and persona, so that the "
                         "word caches are as warm as in a companion that has run a while")
    args = ap.parse_args()

    pool = comments_pool()
    need = args.batch * (args.reps + 1)
    if len(pool) < need:
        sys.exit(f"only {len(pool)} comments for {need} needed")
    batches = [pool[i * args.batch:(i + 1) * args.batch] for i in range(args.reps + 1)]

    tone = None
    t0 = time.perf_counter()
    try:
        from model import tone as tone_module

        tone_module.load_model(args.tone_model)
        tone = tone_module
    except Exception as exc:  # noqa: BLE001 - any failure means: bench persona alone
        print(f"tone model unavailable ({exc}); timing persona alone")
    tone_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    persona.model_info()  # loads the persona artifact once
    persona_load = time.perf_counter() - t0
    warm = pool[need * 2:need * 2 + args.warm * args.batch]  # not among the timed texts
    for i in range(0, len(warm), args.batch):
        chunk = [{"id": f"w{i}-{j}", "text": t} for j, t in enumerate(warm[i:i + args.batch])]
        persona.predict(chunk, tone.predict([c["text"] for c in chunk]) if tone else None)

    tone_times: list[float] = []
    persona_times: list[float] = []
    rules_times: list[float] = []
    for rep, texts in enumerate(batches):
        # A few authors write several comments, as in a real thread.
        comments = [
            {"id": f"r{rep}c{i}", "text": t, "author": f"u{i % 70}",
             "posted_at": f"2026-11-22T10:{i % 60:02d}:00Z"}
            for i, t in enumerate(texts)
        ]
        tones = None
        if tone is not None:
            t0 = time.perf_counter()
            tones = tone.predict(texts, args.tone_model)
            t_tone = time.perf_counter() - t0
        t0 = time.perf_counter()
        persona.predict(comments, tones=tones)
        t_persona = time.perf_counter() - t0
        # The same batch through the rules alone (the fallback when no artifact loads);
        # its cues are cached by now, so this row is the cost of the remaining steps.
        saved = dict(persona._model_state)
        persona._model_state.clear()
        persona._model_state["loaded"] = None
        t0 = time.perf_counter()
        persona.predict(comments, tones=tones)
        t_rules = time.perf_counter() - t0
        persona._model_state.clear()
        persona._model_state.update(saved)
        if rep == 0:
            continue  # warm-up: first-call costs (pymorphy3 dictionaries, imports)
        persona_times.append(t_persona)
        rules_times.append(t_rules)
        if tone is not None:
            tone_times.append(t_tone)

    def ms(xs: list[float]) -> str:
        return f"{statistics.median(xs) * 1000:8.1f}" if xs else "       -"

    warmed = f", after {args.warm} warm-up batches" if args.warm else ""
    print(f"\n{args.batch} comments per batch, {args.reps} fresh batches{warmed}, medians:")
    print(f"{'part':28} {'load, ms':>9} {'batch, ms':>10} {'comments/s':>11}")
    if tone_times:
        print(f"{'tone':28} {tone_load * 1000:9.0f} {ms(tone_times):>10} "
              f"{args.batch / statistics.median(tone_times):11.0f}")
    print(f"{'persona (after tone)':28} {persona_load * 1000:9.0f} {ms(persona_times):>10} "
          f"{args.batch / statistics.median(persona_times):11.0f}")
    print(f"{'  rules+guidance, cues cached':28} {'':>9} {ms(rules_times):>10}")
    if tone_times:
        share = statistics.median(persona_times) / statistics.median(tone_times)
        verdict = "within" if share <= TARGET_SHARE else "OVER"
        print(f"\npersona adds {share:.1%} to the tone model's time "
              f"({verdict} the {TARGET_SHARE:.0%} budget)")
    artifact = persona.ARTIFACT_PATH
    if artifact.exists():
        print(f"persona artifact: {artifact.stat().st_size / 1e6:.1f} MB")
    if not args.no_http:
        # Fresh texts for the HTTP part: none of them is in the caches yet.
        bench_http(pool[need:need * 2], args.batch, args.reps)


def bench_http(texts: list[str], batch: int, reps: int) -> None:
    from benchlib import companion

    spent: list[float] = []
    predict = persona.predict

    def timed_predict(*a, **kw):
        t0 = time.perf_counter()
        try:
            return predict(*a, **kw)
        finally:
            spent.append(time.perf_counter() - t0)

    persona.predict = timed_predict
    totals: list[float] = []
    inside: list[float] = []
    try:
        with companion() as client:
            for rep in range(reps + 1):
                spent.clear()
                elapsed = client.analyze(texts[rep * batch:(rep + 1) * batch], f"h{rep}")
                if rep == 0:
                    continue
                totals.append(elapsed)
                inside.append(sum(spent))
    finally:
        persona.predict = predict
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
