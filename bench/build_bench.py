"""Build benchmarks: the real site's strict build, the share of it spent in this project's code and
in mkdocs-macros (cProfile), and synthetic sites of 1,000 and 10,000 items (time and peak memory)."""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import synthetic_handbook
from tests.support.site import REPO

RUNS = 3
_CHILD = """
import resource, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
start = time.perf_counter()
build(load_config(sys.argv[1], site_dir=sys.argv[2], strict=True))
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def timed_build(config: Path, out: Path) -> tuple[float, int]:
    """(seconds, peak RSS in KiB) of one strict build in a fresh interpreter."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-c", _CHILD, str(config), str(out)], capture_output=True,
                          text=True, env=env, cwd=config.parent, check=True)
    seconds, rss = done.stdout.split()[-2:]
    return float(seconds), int(rss)


def median_build(config: Path) -> tuple[float, int]:
    runs = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(RUNS):
            runs.append(timed_build(config, Path(out) / "site"))
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def profile_shares(config: Path) -> dict[str, float]:
    """Seconds in the whole build, in mkdocs-macros (which includes the engine it calls), and in the engine."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    profiler = cProfile.Profile()
    with tempfile.TemporaryDirectory() as out:
        os.environ["NO_MKDOCS_2_WARNING"] = "1"
        cfg = load_config(str(config), site_dir=str(Path(out) / "site"), strict=True)
        start = time.perf_counter()
        profiler.runcall(build, cfg)
        wall = time.perf_counter() - start
    stats = pstats.Stats(profiler).stats
    engine_dir, plugin_dir = str(REPO / "macros"), os.sep + "mkdocs_macros" + os.sep

    def entry_time(inside, outside_too=()) -> float:
        total = 0.0
        for (file, _, _), (_, _, _, cumulative, callers) in stats.items():
            if inside(file) and all(not inside(c[0]) and not any(o(c[0]) for o in outside_too) for c in callers):
                total += cumulative
        return total

    def engine(path):
        return path.startswith(engine_dir)

    def plugin(path):
        return plugin_dir in path

    # mkdocs-macros entry points include the engine work they trigger; engine time reached
    # from elsewhere (e.g. Jinja calling a macro) is added separately.
    plugin_total = entry_time(plugin, (engine,))
    engine_total = entry_time(engine)
    engine_outside = entry_time(engine, (plugin,))
    return {"wall": wall, "plugin_and_engine": plugin_total + engine_outside, "engine": engine_total}


def main() -> None:
    config = REPO / "mkdocs.yml"
    seconds, rss = median_build(config)
    print(f"real site, strict build: {seconds:.2f} s (median of {RUNS}), peak RSS {rss / 1024:.0f} MiB")
    shares = profile_shares(config)
    wall = shares["wall"]
    print(f"  under cProfile: {wall:.2f} s; mkdocs-macros + engine {shares['plugin_and_engine']:.2f} s "
          f"({100 * shares['plugin_and_engine'] / wall:.1f}%), engine alone {shares['engine']:.2f} s "
          f"({100 * shares['engine'] / wall:.1f}%)")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for items in (1, 1000, 2000, 10000, 20000):
            handbook = synthetic_handbook(Path(tmp) / f"h{items}", items)
            results[items] = median_build(handbook / "mkdocs.yml")
    base = results[1][0]
    for items in (1000, 10000):
        seconds, rss = results[items]
        doubled = results[items * 2][0]
        ratio = (doubled - base) / (seconds - base)
        print(f"synthetic {items:>6} items: {seconds:.2f} s, peak RSS {rss / 1024:.0f} MiB; "
              f"{items * 2} items: {doubled:.2f} s; growth above the 1-item site ({base:.2f} s) when doubled: x{ratio:.2f}")
    print(json.dumps({str(k): {"seconds": round(v[0], 3), "peak_rss_kib": v[1]} for k, v in results.items()}))


if __name__ == "__main__":
    main()
