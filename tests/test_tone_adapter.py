"""model.tone_adapter: an adapter stacked on the shipped tone model, served by model.tone."""

from __future__ import annotations

from collections import Counter

import numpy as np

from model import artifacts, tone
from model.inference import predict_proba
from model.tone_adapter import TowardBaseRegression, build_adapter, fold_weights, sanity_rows


def test_sanity_set_is_balanced_and_distinct():
    rows = sanity_rows()
    assert Counter(label for _, label in rows) == {"negative": 25, "neutral": 25, "positive": 25}
    assert len({text for text, _ in rows}) == 75


def test_folded_weights_give_the_same_probabilities_and_load_through_tone(tmp_path):
    rows = sanity_rows()
    texts, labels = [t for t, _ in rows], [lab for _, lab in rows]
    pipe = build_adapter(tone.model_info()["id"]).fit(texts, labels)
    before = pipe.predict_proba(texts)
    fold_weights(pipe)
    assert pipe.steps[0][1].transformer_weights is None
    assert np.allclose(predict_proba(pipe, texts), before, atol=1e-9)

    out = tmp_path / "tone_team_x.joblib"
    artifacts.save(pipe, out, {"id": "tone_team_x", "protocol": tone.PROTOCOL,
                               "training_data": [], "metrics": {}, "license": "test"})
    got = tone.predict(texts[:3], out)
    assert [g["label"] for g in got] == list(np.asarray(pipe.classes_)[before[:3].argmax(1)])


def _random_rows(seed: int = 0):
    from scipy import sparse

    rng = np.random.default_rng(seed)
    base = np.log(rng.dirichlet([1, 1, 1], 60))
    rest = rng.random((60, 8)) * (rng.random((60, 8)) > 0.5)
    y = rng.choice(list(tone.LABELS), 60)
    return base, sparse.csr_matrix(rest), y


def test_toward_base_is_scikit_learns_regression_plus_the_base_scores():
    """With the base columns at 0 and its weights kept at the identity, it is a plain
    LogisticRegression of the other columns (same objective, same probabilities)."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    _, rest, y = _random_rows()
    X = sparse.hstack([np.zeros((rest.shape[0], 3)), rest]).tocsr()  # noqa: N806
    mine = TowardBaseRegression(3, class_weight="balanced", base_penalty=None).fit(X, y)
    ref = LogisticRegression(class_weight="balanced", tol=1e-10, max_iter=5000).fit(rest, y)
    assert np.abs(mine.predict_proba(X) - ref.predict_proba(rest)).max() < 1e-3
    assert np.array_equal(mine.coef_[:, :3], np.eye(3))


def test_toward_base_stays_near_the_base_model_with_few_rows():
    """Rows that say nothing the base does not: the base weights stay near the identity
    (a plain regression rescales them freely)."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    base, rest, _ = _random_rows(1)
    y = np.asarray(tone.LABELS)[base.argmax(axis=1)]  # the base model's own labels
    X = sparse.hstack([base, rest]).tocsr()  # noqa: N806
    near = TowardBaseRegression(3, class_weight="balanced").fit(X, y)
    free = LogisticRegression(class_weight="balanced", max_iter=2000).fit(X, y)
    assert np.abs(near.coef_[:, :3] - np.eye(3)).max() < 0.5
    assert np.abs(free.coef_[:, :3] - np.eye(3)).max() > 1.0
