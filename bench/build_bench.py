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


def median_build(config: Path, runs_wanted: int = RUNS) -> tuple[float, int]:
    runs = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(runs_wanted):
            runs.append(timed_build(config, Path(out) / "site"))
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def profile_shares(config: Path) -> dict[str, float]:
    """Seconds of one profiled build: in total, in mkdocs-macros and this project's code together
    (each event of the plugin and of our hook timed once, so nested calls are not counted twice),
    and in this project's code alone (cProfile: engine functions entered from outside the engine)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs_macros.plugin import MacrosPlugin

    import macros.mkdocs_hooks as hooks

    spent = [0.0]

    def timed(function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - start
        return wrapper

    events = [name for name in vars(MacrosPlugin) if name.startswith("on_")]
    originals = {name: getattr(MacrosPlugin, name) for name in events}
    for name, function in originals.items():
        setattr(MacrosPlugin, name, timed(function))
    original_hook = hooks.on_page_content
    hooks.on_page_content = timed(original_hook)
    profiler = cProfile.Profile()
    try:
        with tempfile.TemporaryDirectory() as out:
            os.environ["NO_MKDOCS_2_WARNING"] = "1"
            start = time.perf_counter()
            profiler.enable()
            build(load_config(str(config), site_dir=str(Path(out) / "site"), strict=True))
            profiler.disable()
            wall = time.perf_counter() - start
    finally:
        for name, function in originals.items():
            setattr(MacrosPlugin, name, function)
        hooks.on_page_content = original_hook
    stats = pstats.Stats(profiler).stats
    engine_dir = str(REPO / "macros")
    engine = 0.0
    for (file, _, _), (_, _, _, cumulative, callers) in stats.items():
        # entered from outside the engine; builtins (re.sub calling a lambda) do not count as outside
        outside = [c for c in callers if not c[0].startswith(engine_dir) and c[0] != "~"]
        if file.startswith(engine_dir) and outside and not any(c[0].startswith(engine_dir) for c in callers):
            engine += cumulative
    return {"wall": wall, "plugin_and_engine": spent[0], "engine": engine}


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
            results[items] = median_build(handbook / "mkdocs.yml", RUNS if items <= 2000 else 1)
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
