"""Zensical bench: the same project built by MkDocs and by Zensical, timed side by side, and what
each output has (docs/reference/portability.md records the findings).

    python -m bench.zensical_bench        # ZENSICAL=/path/to/zensical, else PATH, else /tmp/zensical-venv

Zensical goes into a scratch venv, never the project's: python3 -m venv /tmp/zensical-venv &&
/tmp/zensical-venv/bin/pip install zensical PyYAML jsonschema fastjsonschema click markdown-it-py
(the last five are the checklist engine's own dependencies, which its macros import). Skipped with
the reason printed when Zensical is not installed.

Zensical runs in a copy of the project whose macros/__init__.py carries the small adapter it needs
today: its mkdocs-macros emulation passes `root_dir` and a relative `docs_dir` where the engine
reads MkDocs' `config_file_path`. Nothing else is changed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support.site import REPO

SCRATCH = Path("/tmp/zensical-venv/bin/zensical")
ADAPTER = '''"""mkdocs-macros entry point, with the adapter Zensical needs (bench/zensical_bench.py)."""
from pathlib import Path

from handbook_checklists.adapters.macros import define_env as _define_env


def define_env(env):
    conf = env.conf
    if "config_file_path" not in conf and "root_dir" in conf:  # Zensical's macros emulation
        root = Path(conf["root_dir"])
        conf["config_file_path"] = str(root / "mkdocs.yml")
        conf["docs_dir"] = str(root / conf["docs_dir"])
    _define_env(env)
'''


def zensical() -> str | None:
    found = os.environ.get("ZENSICAL") or shutil.which("zensical")
    if found:
        return found
    return str(SCRATCH) if SCRATCH.exists() else None


def timed(command: list[str], cwd: Path, env: dict) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    return time.perf_counter() - start, done


def describe(site: Path) -> str:
    checks = {
        "pages": len(list(site.rglob("index.html"))),
        "/c/ permalinks": len(list((site / "c").glob("*/index.html"))) if (site / "c").is_dir() else 0,
        "checklists/all.json": (site / "checklists" / "all.json").is_file(),
        "checklist rendered": 'class="cl-app' in (site / "checklists" / "architecture" / "index.html").read_text(encoding="utf-8"),
        "last-update date": "md-source-file__fact" in (site / "caching" / "index.html").read_text(encoding="utf-8"),
        "404.html": (site / "404.html").is_file(),
    }
    return ", ".join(f"{k}: {v}" for k, v in checks.items())


def main() -> None:
    binary = zensical()
    if binary is None:
        print("skipped: Zensical is not installed (set ZENSICAL, put it on PATH, or make /tmp/zensical-venv; see the docstring)")
        return
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "handbook"
        shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(".git", ".venv", "site", "__pycache__", "*.egg-info",
                                                                   ".pytest_cache", ".cache"))
        env = {**os.environ, "PYTHONPATH": str(copy / "src"), "NO_MKDOCS_2_WARNING": "1"}
        mk_time, mk = timed([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(Path(tmp) / "mk")],
                            copy, env)
        print(f"MkDocs {'ok' if mk.returncode == 0 else 'FAILED'} in {mk_time:.1f} s: {describe(Path(tmp) / 'mk')}")
        (copy / "macros" / "__init__.py").write_text(ADAPTER, encoding="utf-8")
        results = []
        for label in ("cold", "warm"):  # Zensical caches rendered pages under .cache/
            z_time, z = timed([binary, "build"], copy, env)
            results.append((label, z_time, z))
        for label, z_time, z in results:
            state = "ok" if z.returncode == 0 else "FAILED: " + (z.stderr.strip().splitlines() or ["?"])[-1]
            print(f"Zensical {version} ({label}) {state} in {z_time:.1f} s")
        if results[-1][2].returncode == 0:
            print(f"Zensical output: {describe(copy / 'site')}")


if __name__ == "__main__":
    main()
