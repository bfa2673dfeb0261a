"""Lighthouse bench: npm `lighthouse` (installed under bench/out/lighthouse, never committed) with Debian's
chromium on the real site's home page and its largest checklist pages (the one with the most items and the
one with the most HTML), served on 127.0.0.1 the way a static host serves it (gzip, the strict CSP, the 404
page: tests/support/hosting.py); the median of RUNS runs per page, as Lighthouse's own guidance on
variability advises. Then, with Playwright, the longest main-thread task on first loads of those checklist
pages: its wall time (PerformanceObserver 'longtask') and its main-thread CPU time (the `tdur` of the task
in a Chrome trace), which a busy machine inflates far less.

    python -m bench.lighthouse_bench                 # from the repository root
    python -m bench.lighthouse_bench --no-install    # do not npm-install lighthouse under bench/out/lighthouse

Targets: performance, best practices and SEO >= 95, accessibility 100; longest task <= 100 ms.
Skips with a printed reason when npm, lighthouse or chromium is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import statistics
import tempfile
from pathlib import Path

from tests.support.hosting import serve_strict
from tests.support.site import REPO, build, free_port

OUT = REPO / "bench" / "out"
PREFIX = OUT / "lighthouse"
LIGHTHOUSE = PREFIX / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 95}
LONGTASK_BUDGET_MS = 100.0
RUNS = 5  # Lighthouse's guidance on variability: the median of five runs

OBSERVE_LONGTASKS = """
window.__longtasks = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__longtasks.push(e.duration); })
  .observe({type: "longtask", buffered: true});
"""


def install() -> str | None:
    """npm-install lighthouse under bench/out/lighthouse; returns a reason when it cannot."""
    if not shutil.which("npm"):
        return "npm is not installed"
    PREFIX.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "lighthouse"],
                          cwd=PREFIX, capture_output=True, text=True)
    return None if done.returncode == 0 else f"npm install lighthouse failed: {done.stderr[-400:]}"


def missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (make chromium)"
    if not shutil.which("node"):
        return "node is not installed"
    if not LIGHTHOUSE.exists():
        return f"lighthouse is not installed under {PREFIX} (run without --no-install)"
    return None


def lighthouse(url: str, out: Path) -> dict[str, float]:
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
               f"--only-categories={','.join(CATEGORIES)}", "--max-wait-for-load=90000",
               "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking"]
    for attempt in range(3):  # on a busy machine a DevTools call can pass Lighthouse's fixed 30 s protocol timeout
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode == 0:
            break
        print(f"    lighthouse attempt {attempt + 1} failed on {url}: {done.stderr.strip().splitlines()[-1][:200]}")
    else:
        raise RuntimeError(f"lighthouse failed on {url}: {done.stderr[-800:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    failed = {c: [a for a, r in report["audits"].items() if r.get("score") is not None and r["score"] < 1
                  and a in {x["id"] for x in report["categories"][c]["auditRefs"] if x.get("weight")}]
              for c in CATEGORIES}
    return {"scores": scores, "failed": failed}


def longest_task(url: str, loads: int = RUNS) -> list[tuple[float, float]]:
    """(wall ms, main-thread CPU ms) of the longest main-thread task of each of `loads` first loads (fresh
    context: empty cache and storage) of a checklist page. Wall time is what the PerformanceObserver
    reports; CPU time is the thread time of the longest top-level task of the page's renderer main thread
    in a Chrome trace."""
    from playwright.sync_api import sync_playwright

    origin = url.split("/checklists")[0]
    longest = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for _ in range(loads):
            context = browser.new_context()
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(origin) else r.abort())
            context.add_init_script(OBSERVE_LONGTASKS)
            page = context.new_page()
            browser.start_tracing(page=page, categories=["devtools.timeline", "disabled-by-default-devtools.timeline"])
            page.goto(url, wait_until="load")
            page.wait_for_function("performance.getEntriesByName('cl-mounted').length > 0")
            page.wait_for_timeout(1000)  # Material's and the page's idle work after the controls are mounted
            tasks = page.evaluate("window.__longtasks")
            trace = json.loads(browser.stop_tracing())
            longest.append((max(tasks, default=0.0), longest_task_cpu(trace, origin)))
            context.close()
        browser.close()
    return longest


def longest_task_cpu(trace: dict | list, origin: str) -> float:
    """The largest thread time (ms) of a top-level task on the main thread that parsed a page of `origin`."""
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    threads = {(e["pid"], e["tid"]) for e in events if e.get("name") == "ParseHTML"
               and str(e.get("args", {}).get("beginData", {}).get("url", "")).startswith(origin)}
    return max((e.get("tdur", 0) / 1000 for e in events
                if e.get("name") == "RunTask" and (e.get("pid"), e.get("tid")) in threads), default=0.0)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if not LIGHTHOUSE.exists() and "--no-install" not in argv:
        reason = install()
        if reason:
            print(f"  skipped: {reason}")
            return
    reason = missing()
    if reason:
        print(f"  skipped: {reason}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        site = Path(tmp) / "site"
        result = build(REPO / "mkdocs.yml", site, url)
        if result.returncode:
            raise SystemExit(result.stderr)
        index = json.loads((site / "checklists" / "all.json").read_text(encoding="utf-8"))
        weight = {c["id"]: (site / "checklists" / c["id"] / "index.html").stat().st_size for c in index["checklists"]}
        # the checklist page with the most items, and the one with the most HTML (the pages differ when the
        # longest checklist lists many items that others explain: render/html.py)
        largest = max(index["checklists"], key=lambda c: len(c["items"]))
        heaviest = max(index["checklists"], key=lambda c: weight[c["id"]])
        checklists = [largest] + ([heaviest] if heaviest is not largest else [])
        pages = [("home", "home", url)] + [
            (c["id"], f"checklist {c['id']} ({len(c['items'])} items, {weight[c['id']] // 1024} KB of HTML)", c["url"])
            for c in checklists]  # (report file's name, label, URL)
        OUT.mkdir(parents=True, exist_ok=True)
        with serve_strict(site, port):  # as hosted: CSP, 404 page, gzip
            for slug, name, page_url in pages:
                reports = [lighthouse(page_url, OUT / f"lighthouse-{slug}-{run}.json") for run in range(RUNS)]
                median = {c: statistics.median(r["scores"][c] for r in reports) for c in CATEGORIES}
                scores = "  ".join(f"{c} {s:.0f}{'' if s >= TARGETS[c] else ' (below ' + str(TARGETS[c]) + ')'}"
                                   for c, s in median.items())
                runs = " / ".join(str(r["scores"]["performance"]) for r in reports)
                print(f"  {name}: median of {RUNS} runs: {scores} (performance per run: {runs})")
                for c in CATEGORIES:
                    audits = sorted({a for r in reports for a in r["failed"][c]})
                    if audits:
                        print(f"    {c} audits not passed in some run: {', '.join(audits)}")
            tasks = {c["id"]: longest_task(c["url"]) for c in checklists}
        for cid, runs in tasks.items():
            walls, cpus = [t[0] for t in runs], [t[1] for t in runs]
            print(f"  longest main-thread task on first load of {cid}, median of {len(runs)} loads: wall "
                  f"{statistics.median(walls):.0f} ms ({' / '.join(f'{t:.0f}' for t in walls)}), main-thread CPU "
                  f"{statistics.median(cpus):.0f} ms ({' / '.join(f'{t:.0f}' for t in cpus)}) "
                  f"(budget {LONGTASK_BUDGET_MS:.0f} ms; load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
