"""`checklist set` in a real git repository: `git diff` shows only the ticked item's lines."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from tests.support.handbooks import write_small_handbook
from tests.support.cli import run_process

# Skipped only on a developer machine without git; in CI the tests run and a missing git fails them.
pytestmark = pytest.mark.skipif(shutil.which("git") is None and not os.environ.get("CI"), reason="git is not installed")


def git(repo, *args) -> str:
    env = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_SYSTEM": "/dev/null", "HOME": str(repo),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path):
    handbook = write_small_handbook(tmp_path / "handbook")
    repo = tmp_path / "service"
    repo.mkdir()
    git(repo, "init", "-q")
    env = {"CHECKLIST_HANDBOOK": str(handbook), "SOURCE_DATE_EPOCH": "1790000000"}
    assert run_process(["export", "--project", "service", "-o", "checklist.json"], cwd=repo, **env).returncode == 0
    git(repo, "add", "checklist.json")
    git(repo, "commit", "-q", "-m", "Add the project checklist")
    return repo, env


def _object_lines(text: str, item_id: str) -> range:
    """Line numbers (1-based) of the item's JSON object in the canonical file."""
    lines = text.splitlines()
    at = lines.index(f'      "id": "{item_id}",')
    return range(at, at + 9)  # '{' line .. '}' line around the 8 fields


def test_set_changes_only_that_items_lines(repo):
    repo, env = repo
    original = (repo / "checklist.json").read_text(encoding="utf-8")
    result = run_process(["set", "checklist.json", "SEC-002", "done", "--note", "idle timeout 15 min"], cwd=repo, **env)
    assert result.returncode == 0, result.stderr
    numstat = git(repo, "diff", "--numstat").split()
    assert numstat == ["3", "3", "checklist.json"]
    diff = git(repo, "diff", "-U0")
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == [
        '-      "status": "todo",',
        '-      "note": "",',
        '-      "updated": null',
        '+      "status": "done",',
        '+      "note": "idle timeout 15 min",',
        '+      "updated": "2026-09-21T14:13:20Z"',
    ]
    hunk = next(line for line in diff.splitlines() if line.startswith("@@"))
    start = int(hunk.split()[1].lstrip("-").split(",")[0])
    assert start - 1 in _object_lines(original, "SEC-002")


def test_a_note_change_is_a_one_line_diff(repo):
    repo, env = repo
    assert run_process(["set", "checklist.json", "REV-001", "done"], cwd=repo, **env).returncode == 0
    git(repo, "commit", "-q", "-am", "tick")
    assert run_process(["set", "checklist.json", "REV-001", "done", "--note", "see PR #7"], cwd=repo, **env,
                       ).returncode == 0
    assert git(repo, "diff", "--numstat").split() == ["1", "1", "checklist.json"]  # same clock: only the note
    changed = [line for line in git(repo, "diff", "-U0").splitlines()
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert '+      "note": "see PR #7",' in changed
    assert all('"note"' in line or '"updated"' in line for line in changed)


def test_upgrade_output_is_stable_under_git(repo):
    repo, env = repo
    result = run_process(["upgrade", "checklist.json"], cwd=repo, **env)
    assert result.returncode == 0 and "up to date" in result.stdout
    assert git(repo, "status", "--porcelain") == ""
    json.loads((repo / "checklist.json").read_text(encoding="utf-8"))
