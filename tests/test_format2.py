"""Format project-checklist/2 through the command: an item that several checklists list (one
checklist including another's item) is one entry with one state; progress and the gate count it
once; waivers hold the gate until their date (docs/reference/project-document.md "Waivers")."""

from __future__ import annotations

import json
import subprocess

import pytest

from handbook_checklists.document.build import dumps
from tests.support.handbooks import item, review, security, write_handbook
from tests.support.cli import FIXED_TIME, invoke

DAY = 86_400
FIXED_EPOCH = 1790000000  # FIXED_TIME, 2026-09-21


def release() -> dict:
    """A checklist with its own item and two it includes from the others."""
    return {"id": "release", "prefix": "REL", "title": "Release", "version": "1.0.0", "description": "Go-live.",
            "sections": [{"title": "Go-live", "items": [item("REL-001", "Rollback is rehearsed")],
                          "include": ["SEC-001", "REV-001"]}]}


@pytest.fixture
def handbook(tmp_path):
    return write_handbook(tmp_path / "handbook", [security(1), review(1), release()])


@pytest.fixture
def project(handbook, tmp_path):
    file = tmp_path / "checklist.json"
    result = invoke(["export", "--project", "demo", "-o", file], handbook)
    assert result.exit_code == 0, result.output
    return file


def _load(file):
    return json.loads(file.read_text(encoding="utf-8"))


def _item(doc, item_id):
    (found,) = [i for i in doc["items"] if i["id"] == item_id]
    return found


def _status_json(file, handbook, **env):
    result = invoke(["status", file, "--format", "json", "--fail-on", "must"], handbook, **env)
    return result.exit_code, json.loads(result.stdout)


def test_an_included_item_is_one_entry_listed_by_each_checklist(project):
    doc = _load(project)
    lists = {c["id"]: c["items"] for c in doc["checklists"]}
    assert lists["release"] == ["REL-001", "SEC-001", "REV-001"]
    assert "SEC-001" in lists["security"] and "REV-001" in lists["review"]
    ids = [i["id"] for i in doc["items"]]
    assert len(ids) == len(set(ids)) == 8
    assert _item(doc, "SEC-001")["checklist"] == "security"
    assert _item(doc, "SEC-001")["url"].endswith("/checklists/security/#sec-001")
    assert _item(doc, "SEC-001")["section"] == "Authentication"


def test_ticking_an_included_item_ticks_it_for_every_checklist_and_counts_once(project, handbook):
    assert invoke(["set", project, "SEC-001", "done", "--note", "argon2id"], handbook).exit_code == 0
    doc = _load(project)
    assert _item(doc, "SEC-001")["status"] == "done"
    code, report = _status_json(project, handbook)
    rows = {r["id"]: r for r in report["checklists"]}
    assert rows["security"]["done"] == 1 and rows["release"]["done"] == 1
    assert report["total"]["done"] == 1 and report["total"]["total"] == 8
    assert sum(r["total"] for r in report["checklists"]) == 10  # two items counted in two rows each
    open_ids = [i["id"] for i in report["open"]]
    assert len(open_ids) == len(set(open_ids)) == 7
    rev = next(i for i in report["open"] if i["id"] == "REV-001")
    assert rev["checklist"] == "review" and rev["checklists"] == ["release", "review"]
    assert report["gate"]["open"].count("REV-001") == 1
    assert code == 1


def _tick_every_must_but(file, handbook, keep):
    for entry in _load(file)["items"]:
        if entry["severity"] == "must" and entry["id"] != keep:
            assert invoke(["set", file, entry["id"], "done"], handbook).exit_code == 0


def test_a_waiver_holds_the_gate_until_its_date_then_fails_it(project, handbook):
    _tick_every_must_but(project, handbook, "REV-001")
    assert invoke(["status", project, "--fail-on", "must"], handbook).exit_code == 1
    result = invoke(["waive", project, "REV-001", "--owner", "alice", "--until", "2026-09-22",
                     "--reason", "vendor migration"], handbook)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "REV-001: waived until 2026-09-22 (owner alice)"
    assert _item(_load(project), "REV-001")["waiver"] == {"reason": "vendor migration", "owner": "alice",
                                                         "until": "2026-09-22"}
    on = {"SOURCE_DATE_EPOCH": str(FIXED_EPOCH)}
    held = invoke(["status", project, "--fail-on", "must"], handbook, **on)
    assert held.exit_code == 0, held.output
    assert "REV-001  must    todo  until 2026-09-22 (1 day left), owner alice: vendor migration" in held.stdout
    assert "gate --fail-on must: passed, no open must-items apart from 1 waived" in held.stdout
    last = invoke(["status", project, "--fail-on", "must"], handbook, SOURCE_DATE_EPOCH=str(FIXED_EPOCH + DAY))
    assert last.exit_code == 0 and "(last day)" in last.stdout
    after = invoke(["status", project, "--fail-on", "must"], handbook, SOURCE_DATE_EPOCH=str(FIXED_EPOCH + 2 * DAY))
    assert after.exit_code == 1
    assert "REV-001" in after.stdout and "(waiver expired on 2026-09-22)" in after.stdout
    code, report = _status_json(project, handbook, SOURCE_DATE_EPOCH=str(FIXED_EPOCH + 2 * DAY))
    assert code == 1 and report["gate"]["open"] == ["REV-001"] and report["today"] == "2026-09-23"
    assert report["waivers"] == [{"id": "REV-001", "reason": "vendor migration", "owner": "alice",
                                  "until": "2026-09-22", "days_left": -1, "expired": True}]
    markdown = invoke(["status", project, "--fail-on", "must", "--format", "markdown"], handbook, **on)
    assert "until 2026-09-22 (1 day left), owner alice: vendor migration" in markdown.stdout


def test_waive_edits_only_the_waiver_and_set_keeps_it(project, handbook):
    def git(*args):
        return subprocess.run(["git", *args], cwd=project.parent, check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", project.name)
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "blank")
    assert invoke(["waive", project, "SEC-010", "--owner", "bob", "--until", "2027-01-31", "--reason", "r"],
                  handbook).exit_code == 0
    changed = [line for line in git("diff", "-U0").splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ['-      "updated": null', '+      "updated": null,', '+      "waiver": {', '+        "reason": "r",',
                       '+        "owner": "bob",', '+        "until": "2027-01-31"', "+      }"]
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "waive")
    assert invoke(["set", project, "SEC-010", "todo", "--note", "vault next sprint"], handbook).exit_code == 0
    assert git("diff", "--numstat").split() == ["2", "2", project.name]  # note and updated: the one-line edit
    assert _item(_load(project), "SEC-010")["waiver"]["owner"] == "bob"
    assert invoke(["waive", project, "SEC-010", "--remove"], handbook).stdout.strip() == "SEC-010: waiver removed"
    assert "waiver" not in _item(_load(project), "SEC-010")
    assert project.read_text(encoding="utf-8") == dumps(_load(project))


@pytest.mark.parametrize("args,words", [
    (["--owner", "a", "--until", "2027-02-30", "--reason", "r"], 'SEC-001: --until is "2027-02-30"; expected a date like 2027-01-31'),
    (["--owner", "a", "--until", "31.01.2027", "--reason", "r"], "expected a date like 2027-01-31"),
    (["--owner", " ", "--until", "2027-01-31", "--reason", "r"], "a waiver needs an owner"),
    (["--owner", "a", "--until", "2027-01-31", "--reason", "r" * 501], "a waiver needs a reason of 1 to 500 characters"),
    (["--owner", "a", "--reason", "r"], "a waiver needs --until"),
    (["--remove", "--owner", "a"], "--remove takes no --owner"),
])
def test_a_bad_waiver_is_refused_and_the_file_untouched(project, handbook, args, words):
    before = project.read_bytes()
    result = invoke(["waive", project, "SEC-001", *args], handbook)
    assert result.exit_code == 2
    assert words in result.stderr
    assert project.read_bytes() == before


def test_an_orphan_cannot_be_waived(project, handbook):
    doc = _load(project)
    doc["orphans"] = [{"id": "SEC-099", "status": "todo", "note": "x", "updated": None}]
    project.write_text(dumps(doc), encoding="utf-8")
    result = invoke(["waive", project, "SEC-099", "--owner", "a", "--until", "2027-01-31", "--reason", "r"], handbook)
    assert result.exit_code == 2 and "SEC-099 is an orphan" in result.stderr


def test_upgrade_keeps_waivers_and_moves_one_with_a_retired_items_state(project, handbook):
    for item_id in ("SEC-001", "SEC-002"):
        assert invoke(["waive", project, item_id, "--owner", "alice", "--until", "2027-01-31",
                       "--reason", f"why {item_id}"], handbook).exit_code == 0
    write_handbook(handbook, [security(2), review(2), release()])
    result = invoke(["upgrade", project], handbook)
    assert result.exit_code == 0, result.output
    assert "moved SEC-002 -> SEC-004 (retired; todo carried over)" in result.stdout
    doc = _load(project)
    assert _item(doc, "SEC-001")["waiver"]["reason"] == "why SEC-001"
    assert _item(doc, "SEC-004")["waiver"]["reason"] == "why SEC-002"
    assert doc["orphans"] == []


def test_an_auto_record_passes_through_upgrade_untouched(project, handbook):
    doc = _load(project)
    auto = {"result": "fail", "evidence": [{"file": "app.py", "line": 3, "excerpt": "md5("}],
            "probe": "sha256:0123456789ab", "checked": FIXED_TIME, "extra": {"kept": True}}
    _item(doc, "SEC-001")["auto"] = auto
    project.write_text(dumps(doc), encoding="utf-8")
    write_handbook(handbook, [security(2), review(2), release()])
    assert invoke(["upgrade", project], handbook).exit_code == 0
    assert _item(_load(project), "SEC-001")["auto"] == auto
