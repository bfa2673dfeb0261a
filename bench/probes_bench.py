"""Times `checklist run` over a generated repository of 20,000 files: wall time and peak memory of
the whole command (start-up included, as in CI), against a floor of `git ls-files | xargs grep -l`
over the same content patterns. The target is 5 s. Run from the repository root:

    python -m bench.probes_bench [--files 20000] [--runs 3]

The floor is one GNU grep (-P, PCRE) per run with every content pattern of the probes joined by
`|`: one pass over the files that git lists, as the probes make one pass. It is a floor, not the
same work: grep neither matches globs per pattern nor keeps evidence, and reads every file
(the probes read only files some probe's globs select).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 5.0
SOURCE = "import os\n\n\ndef handler_{n}(request):\n    value = os.environ.get('X_{n}')\n    return {{'ok': value}}\n" * 12


def generate(root: Path, files: int, seed: int = 7) -> Path:
    """A service-like tree: sources in nested packages, tests, docs, YAML, a few lockfiles and a Dockerfile."""
    rng = random.Random(seed)
    root.mkdir(parents=True)
    kinds = [("src", ".py", 0.55), ("web", ".ts", 0.15), ("tests", ".py", 0.15), ("docs", ".md", 0.08),
             ("deploy", ".yaml", 0.05), ("data", ".json", 0.02)]
    made = 0
    fixed = {
        "README.md": "# Service\n\nRun `make test`.\n", ".gitignore": ".env\nnode_modules/\n", "poetry.lock": "# lock\n",
        "Dockerfile": "FROM python:3.12.7-slim AS build\nFROM gcr.io/distroless/python3\nUSER 65532\n",
        ".github/workflows/ci.yml": "on:\n  pull_request:\njobs:\n  t:\n    steps:\n      - uses: actions/checkout@v4\n"
                                    "      - run: pytest --cov\n",
        "Makefile": "test:\n\tpytest\n",
    }
    for name, text in fixed.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        made += 1
    while made < files:
        r, acc = rng.random(), 0.0
        for folder, suffix, share in kinds:
            acc += share
            if r <= acc:
                break
        depth = rng.randint(1, 5)
        parts = [folder] + [f"pkg{rng.randint(0, 30)}" for _ in range(depth)]
        path = root.joinpath(*parts, f"mod_{made}{suffix}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(SOURCE.format(n=made)[: rng.randint(300, 4000)], encoding="utf-8")
        made += 1
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    return root


def _checklist() -> list[str]:
    script = Path(sys.executable).with_name("checklist")
    return [str(script)] if script.exists() else [sys.executable, "-m", "handbook_checklists"]


def _timed(command: list[str], cwd: Path, shell: bool = False) -> tuple[float, int, float]:
    """(wall seconds, peak RSS in KiB, CPU seconds) of this command's processes, each run in a fresh
    child whose own getrusage reports what it waited for. CPU time is what a busy shared machine
    cannot inflate; wall time is what a user waits."""
    wrapper = ("import resource, subprocess, sys, time, json\n"
               "t = time.perf_counter()\n"
               "p = subprocess.run(sys.argv[2:] if sys.argv[1] == '0' else ' '.join(sys.argv[2:]), shell=sys.argv[1] == '1',"
               " capture_output=True)\n"
               "e = time.perf_counter() - t\n"
               "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
               "print(json.dumps([e, u.ru_maxrss, p.returncode, u.ru_utime + u.ru_stime]))\n")
    done = subprocess.run([sys.executable, "-c", wrapper, "1" if shell else "0", *command], cwd=cwd,
                          capture_output=True, text=True, check=True)
    import json

    seconds, peak, code, cpu = json.loads(done.stdout)
    if code not in (0, 1, 123):  # 123: xargs saw a grep without matches in some batch
        raise SystemExit(f"{command} failed with {code}")
    return seconds, peak, cpu


def content_patterns() -> list[str]:
    sys.path.insert(0, str(REPO / "src"))
    from handbook_checklists.catalog.handbook import Handbook
    from handbook_checklists.probes.definitions import probes_for

    found = []

    def walk(node):
        for key in ("all", "any"):
            for child in node.get(key, []):
                walk(child)
        if "not" in node:
            walk(node["not"])
        for key in ("contains", "lacks", "lines"):
            if key in node:
                found.append(node[key])

    for probe in probes_for(Handbook.packaged().load_or_raise().catalog):
        walk(probe.check)
    return sorted(set(found))


def run(files: int = 20_000, runs: int = 3) -> dict:
    work = Path(tempfile.mkdtemp(prefix="probes-bench-"))
    try:
        started = time.perf_counter()
        repo = generate(work / "repo", files)
        print(f"generated {files} files in {time.perf_counter() - started:.1f} s", flush=True)
        env_path = os.environ.get("PYTHONPATH")
        os.environ["PYTHONPATH"] = str(REPO / "src") + (os.pathsep + env_path if env_path else "")
        probes = [_timed(_checklist() + ["run", "--repo", str(repo), "--format", "json"], work) for _ in range(runs)]
        joined = "|".join(f"(?:{p.replace('(?m)', '').replace('(?mi)', '(?i)')})" for p in content_patterns())
        quoted = "'" + joined.replace("'", "'\\''") + "'"
        floor = [_timed(["git", "ls-files", "-z", "|", "xargs", "-0", "grep", "-l", "-P", "-e", quoted], repo, shell=True)
                 for _ in range(runs)]
        return {
            "files": files,
            "probes_seconds": statistics.median(s for s, _, _ in probes),
            "probes_cpu": statistics.median(c for _, _, c in probes),
            "probes_peak_mib": max(m for _, m, _ in probes) / 1024,
            "floor_seconds": statistics.median(s for s, _, _ in floor),
            "floor_cpu": statistics.median(c for _, _, c in floor),
            "floor_peak_mib": max(m for _, m, _ in floor) / 1024,
            "load": os.getloadavg()[0],
            "cpus": os.cpu_count(),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv if argv is not None else [])
    result = run(args.files, args.runs)
    verdict = "within" if result["probes_seconds"] <= TARGET_SECONDS else "OVER"
    print(f"checklist run, {result['files']} files: {result['probes_seconds']:.2f} s wall, {result['probes_cpu']:.2f} s CPU "
          f"(medians), peak {result['probes_peak_mib']:.0f} MiB; wall time {verdict} the {TARGET_SECONDS:g} s target")
    print(f"floor (git ls-files | xargs grep -l -P, same patterns): {result['floor_seconds']:.2f} s wall, "
          f"{result['floor_cpu']:.2f} s CPU, peak {result['floor_peak_mib']:.0f} MiB")
    print(f"machine: {result['cpus']} CPUs, load average {result['load']:.1f} (wall times inflate under load)")


if __name__ == "__main__":
    main(sys.argv[1:])
