"""`checklist validate` and `checklist ids`: exit codes, messages, and a registry that only grows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.handbooks import VALID_CHECKLIST, make_handbook

CHECKLIST = [str(Path(sys.executable).with_name("checklist"))]


def run(*args, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(CHECKLIST + list(args), cwd=cwd, capture_output=True, text=True, timeout=60)


def test_validate_passes_a_good_handbook(tmp_path):
    root = make_handbook(tmp_path)
    result = run("validate", "--handbook", ".", cwd=root)
    assert result.returncode == 0 and result.stdout.strip() == "ok: 1 checklists, 2 items"


def test_validate_prints_every_error_and_exits_1(tmp_path):
    broken = VALID_CHECKLIST.replace("severity: must", "severity: hot").replace("        why: Also because.\n", "")
    root = make_handbook(tmp_path, checklists={"demo.yml": broken})
    result = run("validate", "--handbook", str(root), cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "checklists/demo.yml:12:19: DEM-001: 'severity' is 'hot'; expected one of: must, should, may"
    assert lines[1] == "checklists/demo.yml:15:9: DEM-002: missing required key 'why'"
    assert lines[-1] == "2 errors"


def test_ids_update_appends_new_ids_and_keeps_existing_lines(tmp_path):
    root = make_handbook(tmp_path, registry="# mine\nDEM-001\n")
    assert run("ids", "--handbook", ".", cwd=root).returncode == 1
    result = run("ids", "--handbook", ".", "--update", cwd=root)
    assert result.returncode == 0 and "added 1 ID" in result.stdout
    assert (root / "checklists" / "published-ids.txt").read_text() == "# mine\nDEM-001\nDEM-002\n"
    again = run("ids", "--handbook", ".", cwd=root)
    assert again.returncode == 0 and "all 2 IDs are registered" in again.stdout


def test_ids_update_creates_the_registry(tmp_path):
    root = make_handbook(tmp_path)
    run("ids", "--handbook", ".", "--update", cwd=root)
    lines = (root / "checklists" / "published-ids.txt").read_text().splitlines()
    assert [line for line in lines if not line.startswith("#")] == ["DEM-001", "DEM-002"]


def test_deleting_a_published_item_fails_validation(tmp_path):
    root = make_handbook(tmp_path, registry="DEM-001\nDEM-002\n")
    shrunk = VALID_CHECKLIST.split("      - id: DEM-002")[0]
    (root / "checklists" / "demo.yml").write_text(shrunk)
    result = run("validate", "--handbook", ".", cwd=root)
    assert result.returncode == 1
    assert "checklists/published-ids.txt:2:1: DEM-002: published ID is neither active nor retired" in result.stderr
