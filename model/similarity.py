"""How close a reply draft is to a canned answer: the template library and sent replies.

A draft and every stored item become sets of weighted features over lemmas
(``model.draft_text``): each lemma, and each unordered pair of neighbouring content
lemmas. Greetings, names, punctuation, emoji, case and inflection are gone before
that, and sets ignore word order, so what an operator does to disguise a template
(«Иван, добрый день!», «Вы» → «вы», a clause moved, «передана» → «передали») changes
little. Function words weigh ``FUNCTION_WEIGHT``: any two Russian replies share «в»,
«вы», «мы», «спасибо».

The score of a draft against one item is the mean of the two containments,

    shared / draft  and  shared / item      (sums of feature weights),

so a template with a sentence dropped (the draft is inside the template) and a
template with a personal line added (the template is inside the draft) both stay
high, while a personal reply about the same subject, which shares a few words with
a template, stays low. When the shared part is smaller than ``MIN_SHARED`` (about
three content words) the score is scaled down: a bare «Спасибо!» is inside many
templates without being one. The draft's score is the maximum over all items.

What most of the library shares (the team's signature, a standard closing, «спасибо
за обращение» in every template) is no sign that a draft was copied from any one of
them: in an index of at least ``MIN_LIBRARY`` templates, a feature held by a share
``s`` of the templates weighs ``(1 - s) / (1 - COMMON_SHARE)`` of its weight (at most
all of it), in the draft and in every item alike. A feature in every template weighs
nothing; one in under ``COMMON_SHARE`` of them, all it did. So a personal reply that
ends with the signature every template ends with shares almost nothing with them.

Candidates come from a sparse item × feature matrix (one column slice and one
sparse product per check), so a check against 55,000 items takes milliseconds; items
added after the last build wait in a small delta that is merged now and then, so a
sent reply is searchable at once without a rebuild.
"""

from __future__ import annotations

import contextlib
import gc
import re
import threading
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

import numpy as np
from scipy import sparse

from model.draft_text import Token, tokenize

__all__ = [
    "COMMON_SHARE",
    "DEFAULT_THRESHOLDS",
    "FUNCTION_WEIGHT",
    "MIN_LIBRARY",
    "MIN_SHARED",
    "SimilarityIndex",
    "Thresholds",
    "discover",
    "features",
    "pair_score",
]

FUNCTION_WEIGHT = 0.25
PAIR_WEIGHT = 0.5
# Shared weight below which a match is too small to call a template: three content
# words. «Спасибо за отзыв!» copied from a template is a natural phrase, not a script.
MIN_SHARED = 3.0
# The library-wide discount: features in more than this share of the templates weigh
# less, down to nothing for a feature every template holds; it applies from this many
# templates on (in a library of two, what both share is still what a copy shares).
COMMON_SHARE = 0.3
MIN_LIBRARY = 5
# Items added since the last build are kept apart until there are this many.
_DELTA_LIMIT = 2048
_BUILD_CHUNK = 2048
# Full-width ones too: offsets point at the text as typed, not at the cleaned one.
_BREAK = re.compile(r"[.!?…\n\u2029\uff01\uff0e\uff1f]")


@dataclass(frozen=True)
class Thresholds:
    """Score at or above ``warn`` shows a warning; at or above ``high``, a strong one."""

    warn: float = 0.5
    high: float = 0.75

    def __post_init__(self) -> None:
        if not 0.0 < self.warn <= self.high <= 1.0:
            raise ValueError(f"need 0 < warn <= high <= 1, got {self.warn}, {self.high}")

    def level(self, score: float) -> str:
        if score >= self.high:
            return "high"
        if score >= self.warn:
            return "warn"
        return "ok"


DEFAULT_THRESHOLDS = Thresholds()


def _kept(tokens: Iterable[Token]) -> list[Token]:
    return [t for t in tokens if not t.dropped]


def features(text: str) -> dict[str, float]:
    """Weighted features of a text: ``u:<lemma>`` and ``p:<lemma> <lemma>`` (sorted pair)."""
    toks = _kept(tokenize(text))
    out: dict[str, float] = {}
    for t in toks:
        key = "u:" + t.lemma
        w = FUNCTION_WEIGHT if t.function else 1.0
        if w > out.get(key, 0.0):
            out[key] = w
    content = [t.lemma for t in toks if not t.function]
    for a, b in zip(content, content[1:], strict=False):
        if a != b:  # the pair in sorted order: word order does not matter
            out["p:" + a + " " + b if a < b else "p:" + b + " " + a] = PAIR_WEIGHT
    return out


def _combine(shared, draft_total, item_total):
    """Mean of both containments, scaled down when the shared part is small."""
    with np.errstate(divide="ignore", invalid="ignore"):
        score = 0.5 * (shared / draft_total + shared / item_total)
        score = score * np.minimum(1.0, shared / MIN_SHARED)
    return np.nan_to_num(score, nan=0.0, posinf=0.0)


def pair_score(a: str, b: str) -> float:
    """Score of text ``a`` against text ``b`` (symmetric), as the index computes it."""
    fa, fb = features(a), features(b)
    shared = sum(w for k, w in fa.items() if k in fb)
    ta, tb = sum(fa.values()), sum(fb.values())
    if not shared:
        return 0.0
    return float(np.clip(_combine(np.float64(shared), ta, tb), 0.0, 1.0))


def spans(text: str, other: str) -> list[dict[str, int]]:
    """Character ranges of ``text`` made of words that also occur (as lemmas) in ``other``.

    Neighbouring matched words are merged into one range, never across the end of a
    sentence; a range made only of function words is left out.
    """
    other_lemmas = {t.lemma for t in _kept(tokenize(other))}
    out: list[dict[str, int]] = []
    run: list[Token] = []

    def flush() -> None:
        if run and any(not t.function for t in run):
            out.append({"start": run[0].start, "end": run[-1].end})
        run.clear()

    bridge: list[Token] = []  # unmatched function words inside a run («за эту ситуацию»)
    for t in tokenize(text):
        if run and _BREAK.search(text, (bridge or run)[-1].end, t.start):
            flush()
            bridge.clear()
        if t.dropped or t.lemma not in other_lemmas:
            if run and t.function and not t.dropped and len(bridge) < 2:
                bridge.append(t)
                continue
            flush()
            bridge.clear()
            continue
        run.extend(bridge)
        bridge.clear()
        run.append(t)
    flush()
    return out


@contextlib.contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """The cyclic garbage collector off while a build allocates millions of tuples.

    Nothing built here forms reference cycles, and each collection walks every object
    alive (the index itself included): about a tenth of a 55,000-item build.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class SimilarityIndex:
    """Templates and sent replies, searchable for the one nearest to a draft.

    Thread-safe: the companion checks drafts while replies are being stored.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._vocab: dict[str, int] = {}
        self._ids: list[str] = []  # row -> id (rows of removed items stay, marked dead)
        self._texts: list[str] = []
        self._sources: list[str] = []
        self._totals: list[float] = []
        self._alive: list[bool] = []
        self._row_of: dict[str, int] = {}
        self._row_cols: list[bytes] = []  # each row's feature columns, int32 as bytes
        # The built part: rows [0, _built) as a CSC matrix (items x features).
        self._built = 0
        self._matrix: sparse.csc_matrix | None = None
        self._delta: sparse.csc_matrix | None = None  # rows [_built, n), rebuilt lazily
        self._totals_arr = np.zeros(0)
        self._alive_arr = np.zeros(0, dtype=bool)
        # The library-wide discount: per column, its weight and how many live
        # templates hold it; the factors and discounted totals are derived lazily.
        self._col_weight: list[float] = []
        self._template_df: dict[int, int] = {}
        self._n_templates = 0
        self._discount: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None

    # -- building -----------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, item_id: str) -> bool:
        return item_id in self._row_of

    def add(self, item_id: str, text: str, source: str = "template") -> None:
        """Add or replace one item; searchable at once, no rebuild."""
        feats = features(text)
        with self._lock:
            self._append(item_id, text, source, feats)
            if len(self._ids) - self._built > _DELTA_LIMIT:
                self._rebuild()

    def add_many(self, items: Iterable[tuple[str, str, str]]) -> None:
        """Add ``(id, text, source)`` items, then build the matrix once.

        Features are computed outside the lock (checks go on meanwhile), a chunk at a
        time, so that the feature dicts of 55,000 items never exist all at once.
        """
        it = iter(items)
        with _no_gc_pauses():
            while chunk := list(islice(it, _BUILD_CHUNK)):
                prepared = [(item_id, text, src, features(text)) for item_id, text, src in chunk]
                with self._lock:
                    for item_id, text, source, feats in prepared:
                        self._append(item_id, text, source, feats)
            with self._lock:
                self._rebuild()

    def _append(self, item_id: str, text: str, source: str, feats: dict[str, float]) -> None:
        if source not in ("template", "reply"):
            raise ValueError(f"source must be 'template' or 'reply', not {source!r}")
        with self._lock:
            if item_id in self._row_of:
                self._kill(self._row_of.pop(item_id))
            vocab = self._vocab
            cols = []
            for key, weight in feats.items():
                col = vocab.get(key)
                if col is None:
                    col = vocab[key] = len(vocab)
                    self._col_weight.append(weight)
                cols.append(col)
            if source == "template":
                self._count_template(cols, +1)
            self._row_of[item_id] = len(self._ids)
            self._ids.append(item_id)
            self._texts.append(text)
            self._sources.append(source)
            self._totals.append(float(sum(feats.values())))
            self._alive.append(True)
            self._row_cols.append(np.array(cols, dtype=np.int32).tobytes())
            self._delta = None

    def remove(self, item_id: str) -> bool:
        """Remove one item; False when there was none with that id."""
        with self._lock:
            row = self._row_of.pop(item_id, None)
            if row is None:
                return False
            self._kill(row)
            return True

    def _count_template(self, cols: Iterable[int], step: int) -> None:
        df = self._template_df
        for col in cols:
            df[col] = df.get(col, 0) + step
        self._n_templates += step
        self._discount = None

    def _kill(self, row: int) -> None:
        if self._sources[row] == "template":
            self._count_template(np.frombuffer(self._row_cols[row], dtype=np.int32).tolist(), -1)
        self._alive[row] = False
        if row < self._built:
            self._alive_arr[row] = False
        else:
            self._delta = None
        # Free the text; the row itself goes at the next rebuild.
        self._texts[row] = ""

    def _rows_matrix(self, lo: int, hi: int) -> sparse.csc_matrix:
        cols = self._row_cols[lo:hi]
        lengths = np.fromiter((len(c) // 4 for c in cols), dtype=np.int64, count=hi - lo)
        indptr = np.zeros(hi - lo + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        indices = np.frombuffer(b"".join(cols), dtype=np.int32)
        # Every entry is 1 (the item has the feature): one byte each, not eight; the
        # product with the draft's float weights is computed in floats all the same.
        data = np.ones(len(indices), dtype=np.uint8)
        csr = sparse.csr_matrix((data, indices, indptr), shape=(hi - lo, len(self._vocab)))
        return csr.tocsc()

    def _rebuild(self) -> None:
        """Drop dead rows and put everything into one CSC matrix."""
        keep = [i for i, a in enumerate(self._alive) if a]
        if len(keep) != len(self._alive):
            self._ids = [self._ids[i] for i in keep]
            self._texts = [self._texts[i] for i in keep]
            self._sources = [self._sources[i] for i in keep]
            self._totals = [self._totals[i] for i in keep]
            self._row_cols = [self._row_cols[i] for i in keep]
            self._alive = [True] * len(keep)
            self._row_of = {item_id: i for i, item_id in enumerate(self._ids)}
        n = len(self._ids)
        self._matrix = self._rows_matrix(0, n)
        self._built = n
        self._delta = None
        self._totals_arr = np.asarray(self._totals, dtype=np.float64)
        self._alive_arr = np.asarray(self._alive, dtype=bool)
        self._discount = None

    def _factors(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(discounted columns in order, their factors, the weight each loses, the
        discounted totals of the built rows).

        Columns added after this was computed weigh fully: only a template changes
        what the library shares, and adding or removing one recomputes this.
        """
        if self._discount is None:
            cols = np.zeros(0, dtype=np.int64)
            factors = loss = np.zeros(0)
            n = self._n_templates
            if n >= MIN_LIBRARY:
                common = sorted((c, k) for c, k in self._template_df.items()
                                if k > COMMON_SHARE * n)
                if common:
                    cols = np.array([c for c, _ in common], dtype=np.int64)
                    share = np.array([k for _, k in common], dtype=np.float64) / n
                    factors = np.clip((1.0 - share) / (1.0 - COMMON_SHARE), 0.0, 1.0)
                    weights = np.array([self._col_weight[c] for c in cols.tolist()])
                    loss = weights * (1.0 - factors)
            totals = self._totals_arr
            if len(cols) and self._matrix is not None and self._built:
                totals = totals - _lost_weight(self._matrix, cols, loss)
            self._discount = (cols, factors, loss, totals)
        return self._discount

    # -- searching ----------------------------------------------------------------
    def _scores(self, feats: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """(rows, scores) of every live item sharing at least one feature with ``feats``."""
        known = [(self._vocab[k], w) for k, w in feats.items() if k in self._vocab]
        if not known:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        cols = np.array([c for c, _ in known], dtype=np.int64)
        weights = np.array([w for _, w in known], dtype=np.float64)
        draft_total = sum(feats.values())
        common, factors, loss, built_totals = self._factors()
        if len(common):
            # What the library shares weighs less in the draft as in every item.
            where = np.minimum(np.searchsorted(common, cols), len(common) - 1)  # sorted
            hit = common[where] == cols
            scale = np.ones(len(cols))
            scale[hit] = factors[where[hit]]
            draft_total -= float(np.dot(weights, 1.0 - scale))
            weights = weights * scale
        rows_out, scores_out = [], []
        n = len(self._ids)
        if self._built < n and self._delta is None:
            self._delta = self._rows_matrix(self._built, n)
        parts = []
        if self._matrix is not None and self._built:
            parts.append((0, self._matrix, built_totals, self._alive_arr))
        if self._built < n:
            delta_totals = np.asarray(self._totals[self._built:], dtype=np.float64)
            if len(common):
                delta_totals = delta_totals - _lost_weight(self._delta, common, loss)
            parts.append((
                self._built,
                self._delta,
                delta_totals,
                np.asarray(self._alive[self._built:], dtype=bool),
            ))
        for offset, matrix, totals, alive in parts:
            usable = cols[cols < matrix.shape[1]]
            if not len(usable):
                continue
            sub = matrix[:, usable]
            shared = sub @ weights[cols < matrix.shape[1]]
            rows = np.flatnonzero((shared > 0) & alive)
            if not len(rows):
                continue
            rows_out.append(rows + offset)
            scores_out.append(_combine(shared[rows], draft_total, totals[rows]))
        if not rows_out:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return np.concatenate(rows_out), np.concatenate(scores_out)

    def nearest(self, text: str, k: int = 1) -> list[tuple[str, float]]:
        """The ``k`` items nearest to ``text`` as ``(id, score)``, best first."""
        feats = features(text)
        with self._lock:
            rows, scores = self._scores(feats)
            order = np.argsort(-scores, kind="stable")[:k]
            return [(self._ids[rows[i]], float(min(scores[i], 1.0))) for i in order]

    def check(
        self,
        text: str,
        thresholds: Thresholds | None = None,
        exclude: Collection[str] | None = None,
    ) -> dict:
        """Score, level, nearest item and overlapping spans of one draft.

        ``exclude``: ids not to compare with (the operator's earlier reply to the same
        comment is not a template).
        """
        thresholds = thresholds or DEFAULT_THRESHOLDS
        feats = features(text)
        with self._lock:
            rows, scores = self._scores(feats)
            if exclude and len(rows):
                skip = [self._row_of[i] for i in exclude if i in self._row_of]
                if skip:
                    keep = ~np.isin(rows, skip)
                    rows, scores = rows[keep], scores[keep]
            if not len(rows):
                return {"score": 0.0, "level": "ok", "nearest": None, "spans": []}
            best = float(scores.max())
            # On a tie the template wins: its id tells the operator more than a reply's.
            tied = rows[scores >= best - 1e-9]
            row = next((r for r in tied if self._sources[r] == "template"), tied[0])
            nearest = {
                "id": self._ids[row],
                "text": self._texts[row],
                "source": self._sources[row],
            }
        score = round(min(max(best, 0.0), 1.0), 4)
        return {
            "score": score,
            "level": thresholds.level(score),
            "nearest": nearest,
            "spans": spans(text, nearest["text"]),
        }


def _lost_weight(matrix: sparse.csc_matrix, cols: np.ndarray, loss: np.ndarray) -> np.ndarray:
    """Per row of ``matrix``: the weight the discount takes from its total (``loss``
    per column of ``cols``)."""
    usable = cols < matrix.shape[1]
    return np.asarray(matrix[:, cols[usable]] @ loss[usable]).ravel()


def discover(
    texts: list[tuple[str, str]], min_count: int = 3, threshold: float = 0.8
) -> list[dict]:
    """Near-duplicate groups among ``(id, text)`` replies: the team's de-facto templates.

    Two replies are near-duplicates when their ``pair_score`` is at least ``threshold``;
    groups are the connected parts of that relation, kept when they have at least
    ``min_count`` members. The representative is the member most similar to the others.
    Largest groups first.
    """
    ids = [i for i, _ in texts]
    feats = [features(t) for _, t in texts]
    n = len(texts)
    if n < max(min_count, 2):
        return []
    vocab: dict[str, int] = {}
    rows_i, cols_i, vals = [], [], []
    pair_rows, pair_cols = [], []
    for r, f in enumerate(feats):
        for k, w in f.items():
            c = vocab.setdefault(k, len(vocab))
            rows_i.append(r)
            cols_i.append(c)
            vals.append(w)
            if not k.startswith("u:") or w == 1.0:
                pair_rows.append(r)
                pair_cols.append(c)
    shape = (n, len(vocab))
    weighted = sparse.csr_matrix((vals, (rows_i, cols_i)), shape=shape)
    binary = weighted.copy()
    binary.data[:] = 1.0
    totals = np.asarray(weighted.sum(axis=1)).ravel()
    # Candidates share a content feature; a feature in more than a fifth of all
    # replies («проблема», «день») finds no duplicates, only work, so it is skipped.
    cand = sparse.csr_matrix(
        (np.ones(len(pair_rows)), (pair_rows, pair_cols)), shape=shape
    )
    df = np.asarray((cand > 0).sum(axis=0)).ravel()
    common = np.flatnonzero(df > max(50, n // 5))
    if len(common):
        keep = np.ones(shape[1])
        keep[common] = 0.0
        cand = (cand @ sparse.diags(keep)).tocsr()
        cand.eliminate_zeros()

    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    degree = np.zeros(n)
    for lo in range(0, n, 2000):
        block = (cand[lo:lo + 2000] @ cand.T).tocoo()
        i = block.row + lo
        j = block.col
        mask = i < j
        i, j = i[mask], j[mask]
        if not len(i):
            continue
        shared = np.asarray(weighted[i].multiply(binary[j]).sum(axis=1)).ravel()
        score = _combine(shared, totals[i], totals[j])
        hit = score >= threshold
        for a, b in zip(i[hit], j[hit], strict=True):
            parent[find(a)] = find(b)
        np.add.at(degree, i[hit], score[hit])
        np.add.at(degree, j[hit], score[hit])

    groups: dict[int, list[int]] = {}
    for r in range(n):
        groups.setdefault(find(r), []).append(r)
    out = []
    for members in groups.values():
        if len(members) < min_count:
            continue
        rep = max(members, key=lambda r: (degree[r], -len(texts[r][1])))
        out.append({
            "text": texts[rep][1],
            "count": len(members),
            "members": [ids[r] for r in members],
        })
    out.sort(key=lambda g: (-g["count"], g["text"]))
    return out
