"""Installing the `checklist` command: the CLI alone (the wheel and its runtime dependencies) against
an editable install of everything (the whole site stack, as a clone-and-install did before the
engine was a package of its own). Each into a fresh venv; reports seconds to install plus one
`checklist status`, and the venv's size in MB.

The CLI install reads wheels from .venv/wheelhouse (which `make test` fills); the full install goes
through the package index with pip's cache warm, as a second install on a developer machine does.

    python -m bench.install_bench
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WHEELHOUSE = Path(sys.prefix) / "wheelhouse"


def size_mb(folder: Path) -> float:
    """Megabytes (10^6 bytes) of the files under folder."""
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


def install_and_run(target: Path, install: list[str], document: Path) -> tuple[float, float]:
    """(seconds for venv + install + one `checklist status`, venv size in MB)."""
    start = time.perf_counter()
    venv.create(target, with_pip=True)
    pip = [str(target / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run(pip + install, check=True, capture_output=True, cwd=REPO)
    subprocess.run([str(target / "bin" / "checklist"), "status", str(document)], check=False, capture_output=True,
                   cwd=target)
    return time.perf_counter() - start, size_mb(target)


def main() -> None:
    """Print both installs' figures."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        wheels = tmp / "dist"
        subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w",
                        str(wheels), str(REPO)], check=True, capture_output=True)
        document = tmp / "checklist.json"
        subprocess.run([str(Path(sys.executable).with_name("checklist")), "export", "-c", "security", "-o",
                        str(document)], check=True, capture_output=True)
        wheel = next(wheels.glob("*.whl"))
        cli = install_and_run(tmp / "cli", ["--no-index", "--find-links", str(WHEELHOUSE), str(wheel)], document)
        print(f"CLI alone (wheel + runtime dependencies): {cli[0]:.1f} s to install and run status, {cli[1]:.0f} MB")
        env_all = ["-c", str(REPO / "constraints.txt"), "-e", f"{REPO}[site]"]
        everything = install_and_run(tmp / "all", env_all, document)
        print(f"everything (editable, with the site stack): {everything[0]:.1f} s, {everything[1]:.0f} MB")


if __name__ == "__main__":
    main()
