"""Times `pr-lint` on the worst pull-request bodies it must survive, against the real handbook.

Each body is checked in-process with `lint_body` (median of several runs, CPU seconds); bodies over
GitHub's 65,536-character limit must be refused at once. Two bodies also go through the real
`checklist pr-lint` command (start-up included). The regex-based checker this replaced took 6.5 s on
16,000 spaces + x and over 60 s on 65,000. Every body must stay under BUDGET. Run from the
repository root:

    python -m bench.pr_lint_bench [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUDGET = 5.0  # seconds per body, in-process


def bodies(catalog, limit: int) -> dict[str, str]:
    items = [item for checklist in catalog.checklists for item in checklist.items]
    template = "".join(f"- [ ] [{i.id}](https://hb.example/c/{i.id}/) {i.title}\n" for i in items)
    while len(template) < limit - 200:
        template += template
    return {
        "16,000 spaces + x": " " * 16_000 + "x",
        "65,000 spaces + x": " " * 65_000 + "x",
        "x + 65,000 spaces + x": "x" + " " * 65_000 + "x",
        "65,536 x [": "[" * limit,
        "32,768 x ![": "![" * (limit // 2),
        "21,845 x a**": "a**" * (limit // 3),
        "16,384 x <!--": "<!--" * (limit // 4),
        "html block, 21,845 x <a": "<details>\n" + "<a " * (limit // 3 - 4),
        "10,922 near misses sec-1": "sec-1 " * (limit // 6),
        "6,553 tasks '- [ ] n/a '": "- [ ] n/a " * (limit // 10),
        f"template of all {len(items)} items, to the limit": template[:limit],
    }


def _cpu(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def run(runs: int = 5) -> dict[str, float]:
    sys.path.insert(0, str(REPO))
    from handbook_checklists.catalog.handbook import Handbook
    from handbook_checklists.model.urls import Links
    from handbook_checklists.pulls.lint import MAX_BODY_CHARS, BodyTooLarge, lint_body

    catalog = Handbook.at(REPO).load().catalog
    links = Links("https://hb.example/")
    results: dict[str, float] = {}
    print(f"pr-lint: in-process lint_body, median CPU of {runs} runs (budget {BUDGET:.1f} s each)")
    for name, body in bodies(catalog, MAX_BODY_CHARS).items():
        median = statistics.median(_cpu(lambda: lint_body(body, catalog, links)) for _ in range(runs))
        results[name] = median
        print(f"  {name:<42} {len(body):>7,} chars {median:7.3f} s{'' if median <= BUDGET else '  OVER BUDGET'}")

    big = "- [ ] SEC-001 lorem ipsum dolor sit amet, consectetur adipiscing elit\n" * 150_000
    start = time.process_time()
    try:
        lint_body(big, catalog, links)
        raise SystemExit("a 10 MB body was not refused")
    except BodyTooLarge as error:
        results["10 MB body (refused)"] = time.process_time() - start
        print(f"  {'10 MB body (refused)':<42} {len(big):>7,} chars {results['10 MB body (refused)']:7.3f} s: {error}")

    script = Path(sys.executable).with_name("checklist")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "handbook_checklists"]
    env = {**os.environ, "CHECKLIST_HANDBOOK": str(REPO)}
    print("pr-lint: the command as a subprocess, wall time including start-up and loading the handbook")
    with tempfile.TemporaryDirectory(prefix="pr-lint-bench-") as work:
        for name, text in {"65,000 spaces + x": " " * 65_000 + "x", "10 MB body": big}.items():
            path = Path(work) / "body.md"
            path.write_text(text, encoding="utf-8")
            start = time.perf_counter()
            done = subprocess.run(command + ["pr-lint", str(path)], env=env, capture_output=True, text=True)
            elapsed = time.perf_counter() - start
            said = (done.stdout + done.stderr).strip().splitlines()[-1][:100]
            print(f"  {name:<42} exit {done.returncode} in {elapsed:6.3f} s: {said}")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv if argv is not None else [])
    results = run(args.runs)
    return 0 if all(seconds <= BUDGET for seconds in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
