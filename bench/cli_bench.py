"""Times the `checklist` command on a generated 10,000-item project document.

Each command runs as a real subprocess (start-up included, as in CI) several times; the median is
reported. `status` and `set` must stay under 0.5 s each (the budget of a CI gate). Run from the repository root:

    python -m bench.cli_bench [--items 10000] [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUDGET = {"status": 0.5, "set": 0.5}


def _checklist_command() -> list[str]:
    script = Path(sys.executable).with_name("checklist")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from handbook_checklists.cli.commands import main; main()"]


def _time(command: list[str], cwd: Path, env: dict, ok=(0, 1)) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run; CPU time is what a busy shared machine cannot inflate."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in ok:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def run(items: int = 10_000, runs: int = 7) -> dict[str, float]:
    sys.path.insert(0, str(REPO))
    from tests.support.handbooks import big_handbook_checklists, write_handbook

    work = Path(tempfile.mkdtemp(prefix="cli-bench-"))
    try:
        handbook = write_handbook(work / "handbook", big_handbook_checklists(items=items))
        project = work / "project"
        project.mkdir()
        env = {**os.environ, "CHECKLIST_HANDBOOK": str(handbook)}
        cli = _checklist_command()
        doc = project / "checklist.json"
        subprocess.run(cli + ["export", "--project", "bench", "-o", str(doc)], cwd=project, env=env, check=True,
                       capture_output=True)
        data = json.loads(doc.read_text(encoding="utf-8"))
        count = sum(len(c["items"]) for c in data["checklists"])
        last = data["checklists"][-1]["items"][-1]["id"]
        print(f"project document: {count} items, {doc.stat().st_size / 1e6:.1f} MB; {runs} runs each, median")
        timings: dict[str, list[tuple[float, float]]] = {"status": [], "set": [], "upgrade": []}
        for n in range(runs):
            timings["status"].append(_time(cli + ["status", str(doc), "--fail-on", "must"], project, env))
            status = "done" if n % 2 == 0 else "todo"
            timings["set"].append(_time(cli + ["set", str(doc), last, status, "--note", f"run {n}"], project, env))
            timings["upgrade"].append(_time(cli + ["upgrade", str(doc)], project, env))
        medians = {name: statistics.median(w for w, _ in values) for name, values in timings.items()}
        for name, values in timings.items():
            walls = [w for w, _ in values]
            cpu = statistics.median(c for _, c in values)
            budget = BUDGET.get(name)
            verdict = "" if budget is None else (" ok" if medians[name] <= budget else f" OVER the {budget:.1f} s budget")
            print(f"  {name:<8} {medians[name]:6.3f} s wall (min {min(walls):.3f}, max {max(walls):.3f}), "
                  f"{cpu:.3f} s CPU{verdict}")
        return medians
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    medians = run(args.items, args.runs)
    return 0 if all(medians[name] <= budget for name, budget in BUDGET.items()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
