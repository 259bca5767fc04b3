"""Memory of a running companion while it analyses comments (target: RSS <= 300 MB).

    python scripts/bench_memory.py [--comments 60000] [--batch 100]
                                   [--templates 5000] [--replies 50000] [--workers N]

Starts a real ``otklik serve`` in a subprocess with a temporary data dir, posts
batches of distinct real comments (every corpus of ../shared/data, deduplicated) to
``POST /api/v1/analyze`` and prints the resident memory (VmRSS, from /proc) of the
server alone and of the server with its analysis workers, and their proportional set
size (Pss: shared library pages counted once, not once per process), at the start and
as the comments go by. The caches of words and lemmas fill up and stop at their limits;
the table shows where the memory levels off. With
``--templates``/``--replies`` the companion first stores that many (templates
imported with ``otklik templates import``, replies sent as ``reply_sent`` events) and
builds its template index, as a team's companion does after months of use.
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from benchlib import Companion, pss_mb, rss_mb  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
TARGET_MB = 300


def distinct_comments() -> list[str]:
    texts: dict[str, None] = {}
    for path in sorted(DATA.glob("**/*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row.get("text"):
                    texts[row["text"]] = None
    return list(texts)


def stored_items(n_templates: int, n_replies: int) -> tuple[list[str], list[str]]:
    """Template and reply texts made of corpus sentences, as scripts/bench_drafts.py does."""
    if not n_templates and not n_replies:
        return [], []
    import bench_drafts

    rng = random.Random(bench_drafts.SEED)
    pool = bench_drafts.sentences()
    return (bench_drafts.make_items(rng, pool, n_templates),
            bench_drafts.make_items(rng, pool, n_replies))


def memory(pid: int) -> tuple[float, float, float]:
    """(the server's own RSS, RSS of the server and its workers, their Pss), MB."""
    return rss_mb(pid, tree=False), rss_mb(pid), pss_mb(pid)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--comments", type=int, default=60_000)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--port", type=int, default=8797)
    ap.add_argument("--templates", type=int, default=0)
    ap.add_argument("--replies", type=int, default=0)
    ap.add_argument("--workers", type=int, help="`otklik serve --workers N` (default: its own)")
    args = ap.parse_args()
    workers = [] if args.workers is None else ["--workers", str(args.workers)]

    texts = distinct_comments()[: args.comments]
    if not texts:
        sys.exit(f"no comments under {DATA}")
    otklik = [sys.executable, "-m", "companion.cli"]
    with tempfile.TemporaryDirectory() as data_dir:
        templates, replies = stored_items(args.templates, args.replies)
        if templates:
            path = Path(data_dir) / "templates.csv"
            with open(path, "w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f)
                writer.writerow(["id", "text"])
                writer.writerows((f"t{i}", t) for i, t in enumerate(templates))
            subprocess.run([*otklik, "--data-dir", data_dir, "templates", "import", str(path)],
                           cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        server = subprocess.Popen(
            [*otklik, "--data-dir", data_dir, "serve", "--port", str(args.port),
             "--no-browser", *workers],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            token = subprocess.check_output(
                [*otklik, "--data-dir", data_dir, "token"], cwd=ROOT, text=True
            ).strip().splitlines()[-1]
            client = Companion(args.port, token)
            for _ in range(100):  # wait for the first healthy answer
                try:
                    client.conn.request("GET", "/api/v1/health", headers=client.headers)
                    client.conn.getresponse().read()
                    break
                except OSError:
                    client.conn.close()
                    time.sleep(0.1)
            rows = [("first healthy answer", 0, memory(server.pid))]
            if replies:
                for start in range(0, len(replies), 500):
                    client.post("/api/v1/events", {"events": [
                        {"uuid": str(uuid.uuid4()), "type": "reply_sent", "platform": "vk",
                         "comment_id": f"-1_2_{start + i}", "operator": "Анна", "text": text,
                         "reply_sent_at": "2026-11-22T10:01:00Z"}
                        for i, text in enumerate(replies[start:start + 500])
                    ]})
                rows.append((f"{len(replies)} replies stored", 0, memory(server.pid)))
            if templates or replies:
                client.post("/api/v1/drafts/check", {"text": "Добрый день!"})
                rows.append((f"index: {len(templates)} t + {len(replies)} r", 0,
                             memory(server.pid)))
            step = max(len(texts) // 6, args.batch)
            for start in range(0, len(texts), args.batch):
                chunk = texts[start:start + args.batch]
                client.post("/api/v1/analyze", {"comments": [
                    {"id": f"c{start + i}", "text": t} for i, t in enumerate(chunk)
                ]})
                done = start + len(chunk)
                if done % step < args.batch or done == len(texts):
                    rows.append(("after analysing", done, memory(server.pid)))
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    peak = max(r[2][1] for r in rows)
    peak_pss = max(r[2][2] for r in rows)
    w = max(len(r[0]) for r in rows)
    head = ("server RSS", "with workers RSS", "with workers Pss")
    print(f"| {'companion':{w}} | {'comments':>8} | " + " | ".join(head) + " |")
    print(f"|{'-' * (w + 2)}|{'-' * 9}:|" + "|".join("-" * (len(h) + 1) + ":" for h in head) + "|")
    for name, n, mb in rows:
        print(f"| {name:{w}} | {n:8} | "
              + " | ".join(f"{v:{len(h)}.0f}" for v, h in zip(mb, head, strict=True)) + " |")
    verdict = "within" if peak <= TARGET_MB else "OVER"
    print(f"\npeak RSS {peak:.0f} MB, Pss {peak_pss:.0f} MB"
          f" (RSS {verdict} the {TARGET_MB} MB target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
