"""model.tone_adapter: an adapter stacked on the shipped tone model, served by model.tone."""

from __future__ import annotations

from collections import Counter

import numpy as np

from model import artifacts, tone
from model.inference import predict_proba
from model.tone_adapter import build_adapter, fold_weights, sanity_rows


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
