"""`pip install` of the wheel alone gives a working `checklist` command: a fresh venv, no checkout
beside it, the handbook's checklists read from the package (importlib.resources).

The wheel is built from this checkout without build isolation, and its dependencies come from the
wheelhouse `make test` prepares (.venv/wheelhouse), so nothing here reaches a package index.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.support.site import REPO

WHEELHOUSE = Path(sys.prefix) / "wheelhouse"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin/ folder of a fresh venv with only the wheel and its dependencies installed."""
    if not WHEELHOUSE.is_dir():
        pytest.fail(f"{WHEELHOUSE} is missing: `make test` prepares it")
    work = tmp_path_factory.mktemp("install")
    dist = work / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--disable-pip-version-check", "-q", "-w", str(dist), str(REPO)],
                   check=True, capture_output=True, text=True, timeout=300)
    wheel = next(dist.glob("handbook_checklists-*.whl"))
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q",
                    "--no-index", "--find-links", str(WHEELHOUSE), str(wheel)],
                   check=True, capture_output=True, text=True, timeout=300)
    return bin_dir


def run(bin_dir: Path, cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHECKLIST_", "PYTHON"))}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run([str(bin_dir / "checklist"), *args], cwd=cwd, env=env, input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_the_wheel_ships_the_checklists_and_needs_no_site_stack(installed, tmp_path):
    probe = subprocess.run(
        [str(installed / "python"), "-c",
         "import importlib.util as u, handbook_checklists as h;"
         "print(h.__file__); print([m for m in ('mkdocs', 'material', 'mkdocs_macros', 'markdown') if u.find_spec(m)])"],
        cwd=tmp_path, capture_output=True, text=True, check=True)
    location, site_stack = probe.stdout.splitlines()
    assert str(REPO) not in location and "site-packages" in location
    assert site_stack == "[]"
    result = run(installed, tmp_path, "validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"ok: {len(list((REPO / 'checklists').glob('*.yml')))} checklists")


def test_export_set_status_and_pr_lint_work_from_an_empty_folder(installed, tmp_path):
    assert run(installed, tmp_path, "export", "-c", "security", "--project", "payments", "-o", "checklist.json"
               ).returncode == 0
    document = json.loads((tmp_path / "checklist.json").read_text(encoding="utf-8"))
    assert document["checklists"][0]["id"] == "security"

    gate = run(installed, tmp_path, "status", "checklist.json", "--fail-on", "must")
    assert gate.returncode == 1, gate.stdout + gate.stderr

    musts = [i["id"] for i in document["items"] if i["severity"] == "must"]
    for item_id in musts:
        assert run(installed, tmp_path, "set", "checklist.json", item_id, "done").returncode == 0
    passed = run(installed, tmp_path, "status", "checklist.json", "--fail-on", "must")
    assert passed.returncode == 0, passed.stdout + passed.stderr

    open_must = run(installed, tmp_path, "pr-lint", "-", stdin=f"- [ ] {musts[0]} not yet\n")
    assert open_must.returncode == 1 and musts[0] in open_must.stdout + open_must.stderr
    ticked = run(installed, tmp_path, "pr-lint", "-", stdin=f"- [x] {musts[0]} done\n")
    assert ticked.returncode == 0, ticked.stdout + ticked.stderr


def test_handbook_option_still_points_at_another_checkout(installed, tmp_path):
    from tests.support.handbooks import write_small_handbook

    other = write_small_handbook(tmp_path / "other")
    result = run(installed, tmp_path, "list", "--handbook", str(other))
    assert result.returncode == 0, result.stderr
    assert "SEC-001" in result.stdout and "API-001" not in result.stdout


def test_the_wheel_ships_the_probes_and_runs_them(installed, tmp_path):
    (tmp_path / "poetry.lock").write_text("# lock\n", encoding="utf-8")
    result = run(installed, tmp_path, "run", "--repo", ".", "-c", "security", "--format", "json")
    assert result.returncode == 0, result.stderr
    by_id = {r["id"]: r["auto"]["result"] for r in json.loads(result.stdout)["results"]}
    assert by_id["SEC-050"] == "pass" and by_id["SEC-052"] == "fail"
