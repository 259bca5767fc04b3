"""Speed of the template warning: build, check, add — printed as a table.

    python scripts/bench_drafts.py [--templates 5000] [--replies 50000] [--checks 2000]

The library and the sent replies are made reproducibly (fixed seed) by recombining
real sentences of the corpora in ``../shared/data/`` (SentiRuEval tweets, including
the operators' own answers in them, CEDR, OpenSentimentCorpus, RuSentiment): each
item is 1-3 sentences, so items share words and phrases the way a team's replies
do, and none is a copy of another. Drafts are a mix of edited templates (greeting
and name added, a sentence dropped, «Вы» → «вы», sentences swapped), edited sent
replies and fresh recombinations, so checks hit both the near-duplicate and the
"nothing close" paths. The coach row reviews each draft as a reply to a comment of
``tests/data/coach_eval.json`` in turn (the draft's tone model run included).

Measured in-process, single thread, after one warm-up pass (pymorphy3's lemma cache
fills the way it does in a running companion).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model import coach  # noqa: E402
from model.cliches import find_cliches  # noqa: E402
from model.similarity import SimilarityIndex, pair_score  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
COACH_SET = ROOT / "tests" / "data" / "coach_eval.json"
SOURCES = [
    ("sentirueval2015/telecom_train.csv", "text"),
    ("sentirueval2015/banks_train.csv", "text"),
    ("cedr/train.csv", "text"),
    ("opensentimentcorpus/majority.csv", "text"),
    ("rusentiment/train.csv", "text"),
]
SEED = 20261122
_SENT = re.compile(r"(?<=[.!?])\s+")
_NOISE = re.compile(r"(@\w+|#\w+|https?://\S+)")
GREETINGS = ["Добрый день!", "Здравствуйте!", "Иван, добрый день!", "Анна, здравствуйте.",
             "Добрый вечер, Ольга!", "Привет!"]


def sentences(limit_per_file: int = 20000) -> list[str]:
    out: list[str] = []
    for name, column in SOURCES:
        path = DATA / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh)):
                if i >= limit_per_file:
                    break
                text = _NOISE.sub("", row[column]).strip()
                for s in _SENT.split(text):
                    s = s.strip()
                    if 4 <= len(s.split()) <= 30:
                        out.append(s)
    if not out:
        raise SystemExit(f"no corpora found under {DATA}")
    return sorted(set(out))


def make_items(rng: random.Random, pool: list[str], n: int) -> list[str]:
    return [" ".join(rng.sample(pool, rng.randint(1, 3))) for _ in range(n)]


def edit(rng: random.Random, text: str) -> str:
    parts = _SENT.split(text)
    if len(parts) > 1 and rng.random() < 0.5:
        parts.pop(rng.randrange(len(parts)))
    if len(parts) > 1 and rng.random() < 0.5:
        rng.shuffle(parts)
    out = " ".join(parts)
    if rng.random() < 0.5:
        out = out.replace("Вы", "вы").replace("Ваш", "ваш")
    if rng.random() < 0.7:
        out = rng.choice(GREETINGS) + " " + out
    return out


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--templates", type=int, default=5000)
    parser.add_argument("--replies", type=int, default=50000)
    parser.add_argument("--checks", type=int, default=2000)
    args = parser.parse_args(argv)

    rng = random.Random(SEED)
    t0 = time.perf_counter()
    every = sentences()
    rng.shuffle(every)
    # Fresh drafts come from sentences no stored item uses: a personal reply.
    held_out, pool = every[: len(every) // 10], every[len(every) // 10:]
    templates = make_items(rng, pool, args.templates)
    replies = make_items(rng, pool, args.replies)
    drafts = []
    for _ in range(args.checks):
        roll = rng.random()
        if roll < 0.4:
            drafts.append(edit(rng, rng.choice(templates)))
        elif roll < 0.6:
            drafts.append(edit(rng, rng.choice(replies)))
        else:
            drafts.append(make_items(rng, held_out, 1)[0])
    generated = time.perf_counter() - t0

    items = [(f"t{i}", t, "template") for i, t in enumerate(templates)]
    items += [(f"r{i}", t, "reply") for i, t in enumerate(replies)]

    # Build twice: cold (lemma cache empty, as at companion start-up) and warm.
    index = SimilarityIndex()
    t0 = time.perf_counter()
    index.add_many(items)
    build_cold = time.perf_counter() - t0
    index = SimilarityIndex()
    t0 = time.perf_counter()
    index.add_many(items)
    build_warm = time.perf_counter() - t0

    # The coach answers each draft as a reply to one of the written evaluation set's
    # comments (every persona and tone), in turn, as the extension sends them.
    comments = [
        {k: c.get(k) for k in ("text", "tone", "persona", "author_name")}
        for c in json.loads(COACH_SET.read_text(encoding="utf-8"))["comments"]
    ]
    for i, d in enumerate(drafts[:200]):  # warm-up
        coach.review(d, comments[i % len(comments)], template=index.check(d))
    check_ms, cliche_ms, coach_ms, total_ms = [], [], [], []
    coach_cpu_ms, total_cpu_ms = [], []  # the thread's CPU time: without the waits
    # a shared machine adds when another process has the core
    levels = {"ok": 0, "warn": 0, "high": 0}
    for i, d in enumerate(drafts):
        c0 = time.thread_time()
        t0 = time.perf_counter()
        result = index.check(d)
        check_ms.append((time.perf_counter() - t0) * 1000)
        levels[result["level"]] += 1
        t1 = time.perf_counter()
        cliches = find_cliches(d)
        cliche_ms.append((time.perf_counter() - t1) * 1000)
        c2 = time.thread_time()
        t2 = time.perf_counter()
        coach.review(d, comments[i % len(comments)], template=result, cliches=cliches)
        t3 = time.perf_counter()
        c3 = time.thread_time()
        coach_ms.append((t3 - t2) * 1000)
        total_ms.append((t3 - t0) * 1000)
        coach_cpu_ms.append((c3 - c2) * 1000)
        total_cpu_ms.append((c3 - c0) * 1000)

    add_ms = []
    fresh = make_items(rng, pool, 500)
    for i, text in enumerate(fresh):
        t0 = time.perf_counter()
        index.add(f"new{i}", text, "reply")
        add_ms.append((time.perf_counter() - t0) * 1000)
    # A reply just added must be found at once: the best score is its score against
    # itself (1, or less for a text under MIN_SHARED; another item may tie).
    found = sum(index.nearest(t)[0][1] >= pair_score(t, t) - 1e-9 for t in fresh[:50])
    after_add_ms = []
    for d in drafts[:500]:
        t0 = time.perf_counter()
        index.check(d)
        after_add_ms.append((time.perf_counter() - t0) * 1000)

    print(f"index: {args.templates} templates + {args.replies} replies "
          f"({len(pool)} corpus sentences, {len(held_out)} held out for fresh drafts, "
          f"seed {SEED}, generated in {generated:.1f} s)")
    print(f"drafts checked: {len(drafts)}; levels {levels}")
    print()
    print("| measure | value |")
    print("|---|---|")
    print(f"| build, cold lemma cache | {build_cold:.2f} s |")
    print(f"| build, warm lemma cache | {build_warm:.2f} s |")
    without_coach = [t - c for t, c in zip(total_ms, coach_ms, strict=True)]
    for name, values in (("check", check_ms), ("check after 500 adds", after_add_ms),
                         ("clichés", cliche_ms), ("coach (added to a check)", coach_ms),
                         ("check + clichés", without_coach),
                         ("check + clichés + coach", total_ms),
                         ("coach, thread CPU time", coach_cpu_ms),
                         ("check + clichés, thread CPU time",
                          [t - c for t, c in zip(total_cpu_ms, coach_cpu_ms, strict=True)]),
                         ("check + clichés + coach, thread CPU time", total_cpu_ms),
                         ("add one reply", add_ms)):
        print(f"| {name}: p50 / p95 / p99 / max | {pct(values, 50):.2f} / {pct(values, 95):.2f}"
              f" / {pct(values, 99):.2f} / {max(values):.2f} ms |")
    print(f"| added replies found at once | {found} / 50 |")
    print(f"| mean check | {statistics.mean(check_ms):.2f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
