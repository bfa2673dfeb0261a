"""Build benchmarks: the real site's strict build, the share of it spent in this project's code and
in mkdocs-macros (cProfile), and synthetic sites of 1,000 to 20,000 items (time and peak memory).

Every timed build writes into a folder of its own that did not exist before, as a build on a
fresh checkout does, and all of them are deleted only at the end: on this machine's disk, creating
thousands of folders right after deleting thousands is several times slower, which would measure
the previous run instead of this one. One rebuild over existing output (MkDocs deletes the old
output first) is reported on its own line. The synthetic sizes are built in interleaved rounds, so
the growth ratios compare builds made under the same machine conditions.

    python -m bench.build_bench
"""

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
from collections import Counter
from pathlib import Path

from bench.synthetic import synthetic_handbook
from tests.support.site import REPO

RUNS = 3
SIZES = (1, 1000, 2000, 10000, 20000)
PLUGIN = "handbook-checklists"  # adapters/mkdocs/plugin.py, as named in mkdocs.yml
_CHILD = """
import resource, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
start = time.perf_counter()
build(load_config(sys.argv[1], site_dir=sys.argv[2], strict=True))
wall = time.perf_counter() - start
own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
print(wall, cpu, own.ru_maxrss)
"""


class Outputs:
    """Fresh output folders under one temporary folder, deleted when the bench ends."""

    def __init__(self, root: Path):
        self.root = root
        self.count = 0

    def fresh(self) -> Path:
        self.count += 1
        return self.root / f"site-{self.count}"


def reference_workload() -> float:
    """Milliseconds of a fixed pure-Python job (HTML parsing, as search indexing does), fastest of 5.
    This machine's speed drifts by a third over an hour; printing this beside the figures tells a
    slow machine from a slow build."""
    from html.parser import HTMLParser

    html = '<article class="a" data-id="X-1"><h3 id="x-1">Title <code>x</code></h3><p>Text.</p></article>\n' * 2000
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        HTMLParser().feed(html)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def timed_build(config: Path, out: Path) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the build, peak RSS in KiB) of one
    strict build in a fresh interpreter."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-c", _CHILD, str(config), str(out)], capture_output=True,
                          text=True, env=env, cwd=config.parent, check=True)
    wall, cpu, rss = done.stdout.split()[-3:]
    return float(wall), float(cpu), int(rss)


def summary(runs: list[tuple[float, float, int]]) -> dict:
    """Median and fastest of several builds: on a shared machine the median is what a build takes,
    the fastest what it costs when nothing else competes for the cores."""
    return {"seconds": statistics.median(r[0] for r in runs), "fastest": min(r[0] for r in runs),
            "cpu_seconds": statistics.median(r[1] for r in runs), "peak_rss_kib": max(r[2] for r in runs)}


def synthetic_rounds(tmp: Path, outputs: Outputs) -> dict[int, list[tuple[float, float, int]]]:
    """RUNS rounds of one build per size, the sizes interleaved: the machine's speed drifts within
    minutes, and a ratio between sizes is only fair between builds made close together."""
    configs = {items: synthetic_handbook(tmp / f"h{items}", items) / "mkdocs.yml" for items in SIZES}
    runs: dict[int, list] = {items: [] for items in SIZES}
    for _ in range(RUNS):
        for items in SIZES:
            runs[items].append(timed_build(configs[items], outputs.fresh()))
    return runs


def growth_when_doubled(runs: dict[int, list], items: int) -> list[float]:
    """Per round: build time above the 1-item site for 2n items, over the same for n items."""
    return [(double[0] - one[0]) / (single[0] - one[0])
            for one, single, double in zip(runs[1], runs[items], runs[items * 2])]


def profile_shares(config: Path, out: Path) -> dict[str, float]:
    """Seconds of one profiled build: in total, in mkdocs-macros and this project's plugin together
    (each event handler timed once, so nested calls are not counted twice), and in this project's
    code alone (cProfile: engine functions entered from outside the engine)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.plugins import CombinedEvent, PluginCollection

    spent: Counter = Counter()
    register = PluginCollection._register_event

    def timed_register(self, event_name, method, plugin_name=None):
        if plugin_name not in ("macros", PLUGIN) or isinstance(method, CombinedEvent):
            return register(self, event_name, method, plugin_name)  # a combined event comes back per part

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                spent[plugin_name] += time.perf_counter() - start
        if hasattr(method, "mkdocs_priority"):
            timed.mkdocs_priority = method.mkdocs_priority
        return register(self, event_name, timed, plugin_name)

    PluginCollection._register_event = timed_register
    profiler = cProfile.Profile()
    try:
        os.environ["NO_MKDOCS_2_WARNING"] = "1"
        start = time.perf_counter()
        profiler.enable()
        build(load_config(str(config), site_dir=str(out), strict=True))
        profiler.disable()
        wall = time.perf_counter() - start
    finally:
        PluginCollection._register_event = register
    if set(spent) != {"macros", PLUGIN}:
        raise SystemExit(f"expected events of mkdocs-macros and {PLUGIN}, timed {sorted(spent)}")
    stats = pstats.Stats(profiler).stats
    engine_dir = str(REPO / "src" / "handbook_checklists")
    engine = 0.0
    for (file, _, _), (_, _, _, cumulative, callers) in stats.items():
        # entered from outside the engine; builtins (re.sub calling a lambda) do not count as outside
        outside = [c for c in callers if not c[0].startswith(engine_dir) and c[0] != "~"]
        if file.startswith(engine_dir) and outside and not any(c[0].startswith(engine_dir) for c in callers):
            engine += cumulative
    return {"wall": wall, "plugin_and_engine": sum(spent.values()), "engine": engine}


def main() -> None:
    config = REPO / "mkdocs.yml"
    print(f"reference workload before: {reference_workload():.0f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        outputs = Outputs(Path(tmp) / "out")
        real = summary([timed_build(config, outputs.fresh()) for _ in range(RUNS)])
        print(f"real site, strict build: {real['seconds']:.2f} s (median of {RUNS}, fastest {real['fastest']:.2f} s; "
              f"CPU {real['cpu_seconds']:.2f} s), peak RSS {real['peak_rss_kib'] / 1024:.0f} MiB")
        shares = profile_shares(config, outputs.fresh())
        wall = shares["wall"]
        print(f"  under cProfile: {wall:.2f} s; mkdocs-macros + this project's code {shares['plugin_and_engine']:.2f} s "
              f"({100 * shares['plugin_and_engine'] / wall:.1f}%), engine alone {shares['engine']:.2f} s "
              f"({100 * shares['engine'] / wall:.1f}%)")
        runs = synthetic_rounds(Path(tmp), outputs)
        results = {items: summary(r) for items, r in runs.items()}
        base = results[1]["seconds"]
        for items in (1000, 10000):
            run, doubled = results[items], results[items * 2]["seconds"]
            ratios = growth_when_doubled(runs, items)
            print(f"synthetic {items:>6} items: {run['seconds']:.2f} s (fastest {run['fastest']:.2f} s, "
                  f"CPU {run['cpu_seconds']:.2f} s), peak RSS {run['peak_rss_kib'] / 1024:.0f} MiB; "
                  f"{items * 2} items: {doubled:.2f} s; growth above the 1-item site ({base:.2f} s) when doubled: "
                  f"x{statistics.median(ratios):.2f} (rounds: {', '.join(f'x{r:.2f}' for r in ratios)})")
        again = Path(tmp) / "rebuilt"
        timed_build(Path(tmp) / "h10000" / "mkdocs.yml", again)
        seconds, cpu, _ = timed_build(Path(tmp) / "h10000" / "mkdocs.yml", again)
        print(f"synthetic  10000 items, rebuilt over the previous output (MkDocs deletes it first): "
              f"{seconds:.2f} s (CPU {cpu:.2f} s)")
        print(json.dumps({str(k): v for k, v in results.items()}))
    print(f"reference workload after: {reference_workload():.0f} ms")


if __name__ == "__main__":
    main()
