"""`checklist status --fail-on must --baseline OLD`: the gate ratchets against an earlier version of
the file, here taken from a real git repository as CI takes it from the main branch."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.support.cli import invoke

GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.com", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, env={**os.environ, **GIT_ENV}, capture_output=True, text=True,
                          check=True, timeout=60)
    return done.stdout


@pytest.fixture
def repo(handbook, tmp_path):
    """A repository whose committed checklist.json has SEC-001 done and SEC-002 n/a; SEC-010 (must) is open."""
    repo = tmp_path / "service"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    file = repo / "checklist.json"
    assert invoke(["export", "-c", "security", "--project", "svc", "-o", file], handbook).exit_code == 0
    git(repo, "add", "checklist.json")
    git(repo, "commit", "-q", "-m", "Export the checklist")
    assert invoke(["set", file, "SEC-001", "done"], handbook).exit_code == 0
    assert invoke(["set", file, "SEC-002", "na", "--note", "no sessions"], handbook).exit_code == 0
    git(repo, "commit", "-q", "-am", "Tick SEC-001, SEC-002 does not apply")
    return repo


def head_baseline(repo):
    base = repo.parent / "base.json"
    base.write_text(git(repo, "show", "HEAD:checklist.json"), encoding="utf-8")
    return base


def gate(repo, handbook, base, *extra):
    return invoke(["status", repo / "checklist.json", "--fail-on", "must", "--baseline", base, *extra], handbook)


def test_without_a_baseline_every_open_must_fails(repo, handbook):
    result = invoke(["status", repo / "checklist.json", "--fail-on", "must"], handbook)
    assert result.exit_code == 1 and "FAILED, 1 open must-items" in result.output  # SEC-010


def test_an_unchanged_file_passes_and_says_what_the_baseline_excuses(repo, handbook):
    result = gate(repo, handbook, head_baseline(repo))
    assert result.exit_code == 0, result.output
    assert ("gate --fail-on must: passed, no open must-items that the baseline had done, n/a or waived "
            "(1 excused by the baseline)") in result.output


def test_un_ticking_an_item_fails_on_that_item_only(repo, handbook):
    base = head_baseline(repo)
    assert invoke(["set", repo / "checklist.json", "SEC-001", "todo"], handbook).exit_code == 0
    assert invoke(["set", repo / "checklist.json", "SEC-002", "todo"], handbook).exit_code == 0
    result = gate(repo, handbook, base)
    assert result.exit_code == 1
    assert ("gate --fail-on must: FAILED, 2 open must-items that the baseline had done, n/a or waived "
            "(1 excused by the baseline)") in result.output
    listed = result.output.split("Open items that fail the gate (2):")[1].split("\n\n")[0]
    assert "SEC-001" in listed and "SEC-002" in listed and "SEC-010" not in listed
    data = json.loads(gate(repo, handbook, base, "--format", "json").output)
    assert data["gate"]["open"] == ["SEC-001", "SEC-002"] and data["gate"]["excused"] == ["SEC-010"]
    assert data["gate"]["baseline"] is True and data["gate"]["failed"] is True
    markdown = gate(repo, handbook, base, "--format", "markdown").output
    assert "**gate --fail-on must: FAILED, 2 open must-items" in markdown and "excused by the baseline" in markdown


def test_items_absent_from_the_baseline_do_not_fail(repo, handbook, tmp_path):
    base = tmp_path / "review-only.json"
    assert invoke(["export", "-c", "review", "-o", base], handbook).exit_code == 0
    assert invoke(["set", repo / "checklist.json", "SEC-001", "todo"], handbook).exit_code == 0
    result = gate(repo, handbook, base)
    assert result.exit_code == 0, result.output
    assert "(2 excused by the baseline)" in result.output  # SEC-001 and SEC-010; SEC-002 is n/a


def test_a_waiver_in_the_baseline_holds_the_line_until_it_expires(repo, handbook):
    file = repo / "checklist.json"
    assert invoke(["waive", file, "SEC-010", "--owner", "ops", "--until", "2026-12-31", "--reason", "vault"],
                  handbook).exit_code == 0
    git(repo, "commit", "-q", "-am", "Waive SEC-010")
    base = head_baseline(repo)
    assert gate(repo, handbook, base).exit_code == 0  # still waived now: not gating at all
    assert invoke(["waive", file, "SEC-010", "--remove"], handbook).exit_code == 0
    result = gate(repo, handbook, base)  # the waiver was dropped, the item is open: a regression
    assert result.exit_code == 1 and "SEC-010" in result.output
    # once the baseline's waiver has expired (SOURCE_DATE_EPOCH 1800000000 is 2027-01-15), the item
    # was failing in the baseline too, and is excused
    later = invoke(["status", file, "--fail-on", "must", "--baseline", base], handbook, SOURCE_DATE_EPOCH="1800000000")
    assert later.exit_code == 0, later.output


def test_a_format_1_baseline_is_read(repo, handbook, tmp_path):
    document = json.loads(head_baseline(repo).read_text(encoding="utf-8"))
    entries = {i["id"]: i for i in document["items"]}
    old = {**{k: v for k, v in document.items() if k != "items"}, "format": "project-checklist/1",
           "checklists": [{**c, "items": [{k: v for k, v in entries[i].items() if k != "checklist"}
                                          for i in c["items"]]} for c in document["checklists"]]}
    base = tmp_path / "old.json"
    base.write_text(json.dumps(old), encoding="utf-8")
    assert invoke(["set", repo / "checklist.json", "SEC-001", "todo"], handbook).exit_code == 0
    result = gate(repo, handbook, base)
    assert result.exit_code == 1 and "FAILED, 1 open must-items that the baseline" in result.output


@pytest.mark.parametrize("content", [None, "{not json", '{"format": "project-checklist/2"}'])
def test_a_baseline_that_cannot_be_read_is_bad_input(repo, handbook, tmp_path, content):
    base = tmp_path / "base.json"
    if content is not None:
        base.write_text(content, encoding="utf-8")
    result = gate(repo, handbook, base)
    assert result.exit_code == 2
    assert f"error: --baseline {base}:" in result.stderr
