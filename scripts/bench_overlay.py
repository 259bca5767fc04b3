"""Benchmark of the overlay's main-thread work per 100 new-VK comments; prints a table.

    python scripts/bench_overlay.py [--rounds 12] [--src extension/src] [--answer-ms 30]
                                    [--no-pieces] [--working-hours] [--dark]

Debian's Chromium (no extension) opens the 300-comment new-VK fixture of the e2e tests
(served from memory under https://vk.com/); the real page core, features and VK adapter
(`--src`, e.g. an exported older tree to compare) run in an isolated world, as a content
script does, with a stand-in worker that answers `--answer-ms` later, as the companion's
answer comes in a later task (so messaging is not in these figures: the e2e speed test
has it). Then:

- whole rounds as on a scroll (100 comments appended and scrolled to, then the overlay's
  flush, analysis and panel): the overlay's own measures (wall clock), and the
  renderer's thread time (CDP Performance.getMetrics: script, style, layout, all tasks,
  layout passes) with the overlay minus the same rounds on the bare page, min and median
  over the rounds;
- pieces, each the minimum over many repetitions on the same 100 comments (the least
  disturbed by other processes on a shared machine): the read, a badge, the drawings.

`--dark`: the page in VK's dark theme, marked as VK marks it (the token class on <html>,
the scheme on <body>), so the overlay draws with its dark stylesheets.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.e2e.fixture_server import FIXTURES, big_vk_thread  # noqa: E402

BOOT = r"""
(async () => {
  const { Page } = await import('/otklik-src/core/page.js');
  const { createAdapter } = await import('/otklik-src/sites/vk.js');
  const { mergeSettings } = await import('/otklik-src/core/settings.js');
  const { FEATURES } = await import('/otklik-src/features/index.js');
  const LABELS = ['negative', 'neutral', 'positive'];
  const PERSONAS = ['aggressor', 'unsure', 'talker', 'expert', 'positive'];
  const analysis = (c, i) => ({
    id: c.id, author_role: 'customer', gratitude: i % 5 === 0,
    tone: { label: LABELS[i % 3], scores: { negative: 0.7, neutral: 0.2, positive: 0.1 } },
    persona: {
      label: PERSONAS[i % 5], confidence: 0.9,
      behaviour: 'Пишет резко; признайте проблему и назовите срок.',
      phrasings: ['Понимаю, как это неприятно', 'Сейчас проверю вашу линию и вернусь с ответом'],
    },
  });
  // The companion's answer comes later than the read (a task or more), as in the browser.
  const later = (v) => new Promise((r) => setTimeout(() => r(v), ANSWER_MS));
  const send = async (type, p) => {
    if (type === 'cs-bg:analyze') {
      await later();
      return { results: Object.fromEntries(p.comments.map((c, i) => [c.id, analysis(c, i)])) };
    }
    if (type === 'cs-bg:handled') return later({ handled: {} });
    return { queued: true };
  };
  const settings = mergeSettings({ operator: 'Анна', team: TEAM });
  const page = new Page({ doc: document, adapter: createAdapter(), settings, send });
  for (const f of FEATURES) page.use(f);
  page.start();
  window.__otklik = page;
})()
"""

# Pieces on the last 100 comments, each the minimum of `reps` runs of `inner` loops.
PIECES = r"""
(async () => {
  const page = window.__otklik;
  const { Overlay } = await import('/otklik-src/core/overlay.js');
  const all = document.querySelectorAll('[data-testid=wall_comments_comment_root]');
  const els = [...all].slice(-100);
  const records = els.map((e) => page.byElement.get(e));
  const now = new Date();
  const best = (fn, reps = 9, inner = 5) => {
    let m = Infinity;
    for (let i = 0; i < reps; i += 1) {
      const t0 = performance.now();
      for (let j = 0; j < inner; j += 1) fn();
      m = Math.min(m, (performance.now() - t0) / inner);
    }
    return m;
  };
  const overlay = new Overlay(document, page.adapter);
  return {
    'read 100 comments': best(() => { for (const e of els) page.adapter.read(e, now); }),
    'make and insert 100 badges': best(() => {
      for (const e of els) overlay.badge(e);
      for (const e of els) overlay.drop(e);
    }),
    'draw 100 new comments (all features)': best(() => {
      for (const e of els) page.overlay.drop(e);
      // (quietly: the badges unseen by the page's observer, as in a flush; older trees lack it)
      if (page.quietly) page.quietly(() => page.emit('comments', records));
      else page.emit('comments', records);
    }, 7, 2),
    'draw 100 analyses (unchanged)': best(() => page.emit('analysis', records), 7, 2),
  };
})()
"""


# The overlay's measures since a moment, summed by name (ms).
BY_MEASURE = r"""
(() => { const out = {};
  for (const m of performance.getEntriesByType('measure')) {
    if (!m.name.startsWith('otklik:') || m.startTime < SINCE) continue;
    out[m.name] = (out[m.name] ?? 0) + m.duration;
  }
  return out; })()
"""

# --working-hours: the team counts waits in working hours, as GET /api/v1/settings serves
# them when the dashboard says so (the waiting times and the panel then work out the
# working time of every shown comment).
NINE_SIX = [["09:00", "18:00"]]
WORKING_HOURS = {
    "timezone": "Europe/Moscow",
    "target_minutes": 20,
    "sla_working_hours": True,
    "week": dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), NINE_SIX) | {"sat": [], "sun": []},
    "days": {"2026-11-04": [], "2026-12-31": [["09:00", "15:00"]]},
}

METRICS = ("ScriptDuration", "RecalcStyleDuration", "LayoutDuration", "TaskDuration", "LayoutCount")


def rounds_on(ctx, boot: str | None, rounds: int, pieces: bool) -> dict:
    """Open the fixture (with the overlay when `boot` is given), then `rounds` scroll
    rounds of 100 new comments; each round's CDP metric deltas (ms, counts as they are)
    and the overlay's own measure (`work`), and the pieces when asked."""
    page = ctx.new_page()
    page.goto("https://vk.com/wall-12345_999")
    cdp = ctx.new_cdp_session(page)
    frame = cdp.send("Page.getFrameTree")["frameTree"]["frame"]["id"]
    world = cdp.send("Page.createIsolatedWorld", {"frameId": frame, "worldName": "otklik"})

    def run(expr: str):
        r = cdp.send(
            "Runtime.evaluate",
            {
                "expression": expr,
                "contextId": world["executionContextId"],
                "awaitPromise": True,
                "returnByValue": True,
            },
        )
        if "exceptionDetails" in r:
            raise SystemExit(f"bench_overlay: {json.dumps(r['exceptionDetails'])[:500]}")
        return r["result"].get("value")

    if boot:
        run(boot)
    time.sleep(1.5)  # the first 300 analysed, timers settled
    cdp.send("Performance.enable", {"timeDomain": "threadTicks"})

    def metrics() -> dict[str, float]:
        got = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        return {k: got.get(k, 0.0) for k in METRICS}

    out: dict = {k: [] for k in (*METRICS, "work")}
    out["by_measure"] = []
    for _ in range(rounds):
        w0, m0 = (run("window.__otklik.workMs") if boot else 0), metrics()
        since = run("performance.now()")
        page.evaluate(
            "() => { window.vkFixture.more(100); window.scrollTo(0, document.body.scrollHeight); }"
        )
        time.sleep(0.8)  # the answers (ANSWER_MS later), the panel, the first-seen timer
        m1 = metrics()
        for k in METRICS:
            out[k].append((m1[k] - m0[k]) * (1 if k.endswith("Count") else 1000))
        out["work"].append((run("window.__otklik.workMs") - w0) if boot else 0.0)
        out["by_measure"].append(run(BY_MEASURE.replace("SINCE", str(since))) if boot else {})
    if boot:
        out["pending"] = run(
            "[...document.querySelectorAll('otklik-badge')].filter((h) =>"
            " h.shadowRoot.querySelector('[data-slot=tone]').dataset.tone === 'pending').length"
        )
        if pieces:
            out["pieces"] = run(PIECES)
    page.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=12)
    ap.add_argument("--src", type=Path, default=ROOT / "extension" / "src")
    ap.add_argument("--answer-ms", type=int, default=30, help="the stand-in worker's delay")
    ap.add_argument("--no-pieces", action="store_true", help="rounds only")
    ap.add_argument(
        "--working-hours", action="store_true", help="the team counts waits in working hours"
    )
    ap.add_argument("--dark", action="store_true", help="the page in VK's dark theme")
    args = ap.parse_args()
    src = args.src.resolve()
    html = big_vk_thread()
    if args.dark:
        html = html.replace('<html lang="ru">', '<html lang="ru" class="vkui--vkCom--dark">', 1)
        html = html.replace("<body>", '<body scheme="vkcom_dark">', 1)
        assert "vkui--vkCom--dark" in html and 'scheme="vkcom_dark"' in html

    def serve(route) -> None:
        path = route.request.url.split("vk.com", 1)[1].split("?")[0]
        js = "text/javascript; charset=utf-8"
        if path.startswith("/otklik-src/"):
            route.fulfill(body=(src / path[len("/otklik-src/") :]).read_bytes(), content_type=js)
        elif path.endswith(".js"):
            file = FIXTURES / "vk" / Path(path).name
            if not file.is_file():  # shared by every site's stand-in (paste.js)
                file = FIXTURES / Path(path).name
            route.fulfill(body=file.read_bytes(), content_type=js)
        else:
            route.fulfill(body=html.encode(), content_type="text/html; charset=utf-8")

    from playwright.sync_api import sync_playwright

    team = json.dumps(WORKING_HOURS if args.working_hours else None)
    boot = BOOT.replace("ANSWER_MS", str(args.answer_ms)).replace("TEAM", team)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            ctx = browser.new_context(viewport={"width": 1280, "height": 900})
            ctx.route("https://vk.com/**", serve)
            bare = rounds_on(ctx, None, args.rounds, False)
            with_ = rounds_on(ctx, boot, args.rounds, not args.no_pieces)
        finally:
            browser.close()

    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    med = statistics.median
    hours = (", waits in working hours" if args.working_hours else "") + (
        ", VK's dark theme" if args.dark else ""
    )
    print(f"overlay work per 100 new-VK comments ({src}{hours}, load average {load})")
    print(f"{'what':<44}{'min ms':>9}{'median ms':>11}")
    work = with_["work"]
    print(f"{'round: the overlay measures (wall clock)':<44}{min(work):>9.2f}{med(work):>11.2f}")
    names = sorted({n for r in with_["by_measure"] for n in r})
    for n in names:
        each = [r.get(n, 0.0) for r in with_["by_measure"]]
        print(f"{'round: ' + n:<44}{min(each):>9.2f}{med(each):>11.2f}")
    # Added by the overlay: with minus without, per metric (min of each side; median of each side).
    total_min = total_med = 0.0
    for k in METRICS:
        lo, mid = min(with_[k]) - min(bare[k]), med(with_[k]) - med(bare[k])
        if k in ("ScriptDuration", "RecalcStyleDuration", "LayoutDuration"):
            total_min, total_med = total_min + lo, total_med + mid
        print(f"{'round: CDP ' + k + ' added':<44}{lo:>9.2f}{mid:>11.2f}")
    print(f"{'round: CDP script+style+layout added':<44}{total_min:>9.2f}{total_med:>11.2f}")
    for name, ms in with_.get("pieces", {}).items():
        print(f"{'piece: ' + name:<44}{ms:>9.2f}{'':>11}")
    if with_["pending"]:
        print(f"({with_['pending']} badges still pending at the end: the rounds were too short)")


if __name__ == "__main__":
    main()
