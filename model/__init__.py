"""Text models of otklik: normalisation, lemmas, tone, persona, template similarity.

Inference only: this package imports scikit-learn, joblib and pymorphy3, never the
training data. Training lives in ``scripts/train_*.py``.
"""
