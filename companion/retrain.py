"""`otklik train`: a team's tone model, used only when it does better than the one in use.

The recipe (figures from ``scripts``-free code, all measured on this machine at training
time and stored in the model's meta):

1. The team's rows (and trainers' corrections) are deduplicated by their words.
2. A candidate is built: by default an adapter stacked on the shipped model's scores
   (``model.tone_adapter``); with ``base="none"`` a model of the team's rows alone (for
   teams that may not use the shipped model's non-commercial license).
3. Held-out comparison: the candidate's recipe is cross-validated on the team's rows
   (stratified folds, fixed seed: every row is predicted by a model that did not see
   it), and the model in use predicts the same rows. Both also label the bundled sanity
   set (``model.tone_adapter.sanity_rows``), which the candidate never trains on.
4. The candidate (refitted on all rows) is kept under ``models/tone/`` either way, and
   becomes the model in use only when its held-out macro-F1 on the team's rows is higher
   than the model in use, and its sanity-set macro-F1 is no more than
   ``SANITY_TOLERANCE`` below it; or when ``force`` is given.
"""

from __future__ import annotations

import platform
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import model_registry

__all__ = ["MIN_PER_LABEL", "Outcome", "SANITY_TOLERANCE", "dedupe_rows", "retrain"]

MIN_PER_LABEL = 5
# The sanity set is 75 clear-cut comments: one flipped comment moves its macro-F1 by
# about 0.013, so the tolerance lets one or two go, not four.
SANITY_TOLERANCE = 0.03
FOLDS = 5


@dataclass
class Outcome:
    """What `otklik train` reports: the candidate, the comparison and the decision."""

    model_id: str
    path: Path
    activated: bool
    reason: str
    compared_with: str
    figures: dict[str, dict[str, float]] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)


def dedupe_rows(rows: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """One row per text (as ``model.training.dedupe`` compares them: normalised, without
    mentions, links and punctuation), with its majority label; ties dropped."""
    from model.training import Example, dedupe

    return [(e.text, e.label) for e in dedupe(Example(t.strip(), lab, "user") for t, lab in rows)]


def _macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    from sklearn.metrics import f1_score

    from model.tone import LABELS

    labels = [c for c in LABELS if c in set(gold)]
    return round(float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)), 4)


def _build(kind: str, base_id: str, n_rows: int, seed: int):
    if kind == "shipped":
        from model.tone_adapter import build_adapter

        return build_adapter(base_id, seed=seed)
    from model import training

    return training.build_pipeline(n_rows, seed=seed)


def _cross_validated(kind: str, base_id: str, rows, seed: int) -> list[str]:
    from sklearn.base import clone
    from sklearn.model_selection import StratifiedKFold

    from model.tone_adapter import predict_labels

    texts = [t for t, _ in rows]
    labels = [lab for _, lab in rows]
    folds = min(FOLDS, min(Counter(labels).values()))
    pred = [""] * len(rows)
    template = _build(kind, base_id, len(rows), seed)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_idx, test_idx in splitter.split(texts, labels):
        model = clone(template)
        model.fit([texts[i] for i in train_idx], [labels[i] for i in train_idx])
        for i, p in zip(test_idx, predict_labels(model, [texts[i] for i in test_idx]),
                        strict=True):
            pred[i] = p
    return pred


def retrain(
    data_dir: Path,
    rows: Sequence[tuple[str, str]],
    *,
    kind: str = "shipped",
    source_name: str = "team rows",
    source_sha256: str | None = None,
    seed: int = 13,
    force: bool = False,
) -> Outcome:
    """Train a candidate on ``rows`` ``(text, label)``, compare it, maybe activate it.

    ``kind``: ``shipped`` (adapt the shipped model) or ``none`` (the rows alone).
    Raises ``ValueError`` with a readable message when the rows cannot make a model.
    """
    import hashlib

    from model import artifacts, tone
    from model.tone_adapter import predict_labels, sanity_rows

    if kind not in ("shipped", "none"):
        raise ValueError(f"base must be 'shipped' or 'none', not {kind!r}")
    bad = [lab for _, lab in rows if lab not in tone.LABELS]
    if bad:
        raise ValueError(f"label {bad[0]!r} is not one of {', '.join(tone.LABELS)}")
    team = dedupe_rows(rows)
    counts = Counter(lab for _, lab in team)
    thin = [f"{c} ({counts.get(c, 0)})" for c in tone.LABELS if counts.get(c, 0) < MIN_PER_LABEL]
    if thin:
        raise ValueError(
            f"need at least {MIN_PER_LABEL} different comments of each tone "
            f"(negative, neutral, positive); too few: {', '.join(thin)}"
        )

    shipped = tone.model_info()
    base_id = shipped["id"]
    active_id = model_registry.active_tone_id(data_dir)
    active_path = model_registry.active_tone_path(data_dir)
    active_pipe, _ = tone.load_model(active_path)

    texts = [t for t, _ in team]
    gold = [lab for _, lab in team]
    sanity = sanity_rows()
    s_texts = [t for t, _ in sanity]
    s_gold = [lab for _, lab in sanity]

    cv_pred = _cross_validated(kind, base_id, team, seed)
    candidate = _build(kind, base_id, len(team), seed)
    candidate.fit(texts, gold)
    if kind == "shipped":
        from model.tone_adapter import fold_weights

        fold_weights(candidate)  # same probabilities, the fast inference path

    figures = {
        "candidate": {
            "team_heldout_macro_f1": _macro_f1(gold, cv_pred),
            "sanity_macro_f1": _macro_f1(s_gold, predict_labels(candidate, s_texts)),
        },
        "in_use": {
            "team_heldout_macro_f1": _macro_f1(gold, predict_labels(active_pipe, texts)),
            "sanity_macro_f1": _macro_f1(s_gold, predict_labels(active_pipe, s_texts)),
        },
    }
    c, a = figures["candidate"], figures["in_use"]
    reasons = []
    if c["team_heldout_macro_f1"] <= a["team_heldout_macro_f1"]:
        reasons.append(
            f"on your {len(team)} rows (held out) it scores macro-F1 "
            f"{c['team_heldout_macro_f1']:.3f}, the model in use "
            f"{a['team_heldout_macro_f1']:.3f}"
        )
    if c["sanity_macro_f1"] < a["sanity_macro_f1"] - SANITY_TOLERANCE:
        reasons.append(
            f"on the {len(sanity)} clear-cut sanity comments it scores "
            f"{c['sanity_macro_f1']:.3f}, the model in use {a['sanity_macro_f1']:.3f}"
        )
    better = not reasons
    activate = better or force
    if better:
        reason = (
            f"better than {active_id}: held-out macro-F1 on your rows "
            f"{c['team_heldout_macro_f1']:.3f} vs {a['team_heldout_macro_f1']:.3f}, "
            f"sanity set {c['sanity_macro_f1']:.3f} vs {a['sanity_macro_f1']:.3f}"
        )
    else:
        reason = "not better than " + active_id + ": " + "; ".join(reasons)

    out = model_registry.new_model_path(data_dir)
    digest = source_sha256 or hashlib.sha256(
        "".join(f"{lab}\t{t}\n" for t, lab in rows).encode()).hexdigest()
    user_data = {
        "name": source_name, "rows": len(rows), "rows_deduplicated": len(team),
        "labels": dict(sorted(counts.items())), "sha256": digest,
        "license": "the user's own data",
    }
    if kind == "shipped":
        base_terms = artifacts.license_terms(shipped["license"])
        training_data = [{"name": base_id, "license": base_terms,
                          "trained_on": shipped.get("trained_on", [])}, user_data]
        license_ = (f"adapted from {base_id}, so its terms apply: "
                    f"{base_terms.rstrip('. ')}; plus the user's own data")
    else:
        training_data = [user_data]
        license_ = "trained only on the user's own labelled comments: the user's terms"
    meta = {
        "id": out.name.removesuffix(".joblib"),
        "version": "1",
        "protocol": tone.PROTOCOL,
        "task": "tone",
        "kind": "adapter" if kind == "shipped" else "own",
        "base_model": base_id if kind == "shipped" else None,
        "labels": list(tone.LABELS),
        "trained_on": [d["name"] for d in training_data],
        "training_data": training_data,
        "metrics": {
            "team_cv": {"macro_f1": c["team_heldout_macro_f1"], "n": len(team),
                        "folds": min(FOLDS, min(counts.values()))},
            "sanity": {"macro_f1": c["sanity_macro_f1"], "n": len(sanity)},
            "compared_with": {"id": active_id, **a},
            "note": "team_cv: each row predicted by a model of the same recipe fitted on "
                    "the other folds; sanity: model/data/tone_sanity.csv, never trained on",
        },
        "decision": {"activated": activate, "forced": activate and not better,
                     "reason": reason},
        "license": license_,
        "seed": seed,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
    }
    meta = artifacts.save(candidate, out, meta)
    if activate:
        model_registry.set_active(data_dir, meta["id"])
    return Outcome(meta["id"], out, activate, reason, active_id, figures, meta)
