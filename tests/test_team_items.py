"""A team's own checklists beside the handbook's, without a fork (`--local DIR`): the same schema
and rules with path:line:column, prefixes starting with X so their IDs never collide with the
handbook's, and profiles as checklists that include handbook items by ID."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
TEAM = """\
id: payments-team
prefix: XPAY
title: Payments team
version: 1.0.0
sections:
  - title: Our rules
    items:
      - id: XPAY-001
        title: Refunds above 1,000 EUR need a second approver
        severity: must
        why: Fraud through the refund path has happened before.
    include: [SEC-001]
"""
PROFILE = """\
id: internal-worker
prefix: XWRK
title: Internal worker profile
version: 1.0.0
sections:
  - title: What a queue worker needs
    include: [RES-001, MSG-016]
"""


def checklist(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "checklist"), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture
def repo(tmp_path) -> Path:
    team = tmp_path / "team-checklists"
    team.mkdir()
    (team / "payments-team.yml").write_text(TEAM, encoding="utf-8")
    (team / "internal-worker.yml").write_text(PROFILE, encoding="utf-8")
    return tmp_path


def test_team_items_are_listed_exported_and_gated_with_the_handbooks(repo):
    listed = checklist("list", "--local", "team-checklists", "-c", "payments-team", cwd=repo)
    assert listed.returncode == 0, listed.stderr
    assert "XPAY-001" in listed.stdout and "SEC-001" in listed.stdout
    exported = checklist("export", "--local", "team-checklists", "-c", "payments-team", "-o", "checklist.json",
                         cwd=repo)
    assert exported.returncode == 0, exported.stderr
    document = json.loads((repo / "checklist.json").read_text(encoding="utf-8"))
    assert [i for c in document["checklists"] for i in c["items"]] == ["XPAY-001", "SEC-001"]
    assert [(i["id"], i["checklist"]) for i in document["items"]] == [("XPAY-001", "payments-team"), ("SEC-001", "security")]
    assert checklist("status", "checklist.json", "--fail-on", "must", cwd=repo).returncode == 1
    lint = checklist("pr-lint", "--local", "team-checklists", "-", cwd=repo)
    assert lint.returncode in (0, 1)


def test_the_project_file_names_its_team_folders_and_upgrade_reads_them(repo):
    exported = checklist("export", "--local", "team-checklists", "-c", "payments-team", "-o", "checklist.json",
                         cwd=repo)
    assert exported.returncode == 0, exported.stderr
    document = json.loads((repo / "checklist.json").read_text(encoding="utf-8"))
    assert document["local"] == ["team-checklists"]
    assert list(document)[:6] == ["$schema", "format", "project", "site", "exported", "local"]
    assert checklist("set", "checklist.json", "XPAY-001", "done", cwd=repo).returncode == 0
    team = repo / "team-checklists" / "payments-team.yml"
    team.write_text(TEAM.replace("version: 1.0.0", "version: 1.1.0").replace(
        "    include: [SEC-001]", "      - id: XPAY-002\n        title: Payouts are idempotent\n        severity: must\n"
        "        why: Retries must not pay twice.\n    include: [SEC-001]"), encoding="utf-8")
    upgraded = checklist("upgrade", "checklist.json", cwd=repo)  # no --local: the file names the folder
    assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
    assert "payments-team: 1.0.0 -> 1.1.0" in upgraded.stdout and "XPAY-002" in upgraded.stdout
    document = json.loads((repo / "checklist.json").read_text(encoding="utf-8"))
    assert document["local"] == ["team-checklists"]
    assert next(i for i in document["items"] if i["id"] == "XPAY-001")["status"] == "done"
    assert checklist("upgrade", "checklist.json", "--check", cwd=repo).returncode == 0


def test_a_document_in_a_subfolder_names_folders_relative_to_itself(repo):
    (repo / "ops").mkdir()
    exported = checklist("export", "--local", "team-checklists", "-c", "payments-team", "-o", "ops/checklist.json",
                         cwd=repo)
    assert exported.returncode == 0, exported.stderr
    assert "not inside the folder of ops/checklist.json" in exported.stderr
    assert "local" not in json.loads((repo / "ops" / "checklist.json").read_text(encoding="utf-8"))
    (repo / "ops" / "team").symlink_to(repo / "team-checklists")  # a link inside is fine: it is resolved
    exported = checklist("export", "--local", "ops/team", "-c", "payments-team", "-o", "ops/other.json", cwd=repo)
    assert exported.returncode == 0, exported.stderr


@pytest.mark.parametrize("entry, message", [
    ("missing", "is not a folder next to the document"),
    ("../outside", "expected a folder relative to the document's"),
    ("escape", "leads outside the document's folder"),
])
def test_a_local_entry_that_cannot_be_used_is_bad_input(repo, tmp_path_factory, entry, message):
    assert checklist("export", "--local", "team-checklists", "-c", "payments-team", "-o", "checklist.json",
                     cwd=repo).returncode == 0
    (repo / "escape").symlink_to(tmp_path_factory.mktemp("elsewhere"))
    path = repo / "checklist.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["local"] = [entry]
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    result = checklist("upgrade", "checklist.json", cwd=repo)
    assert result.returncode == 2
    assert message in result.stderr, result.stderr


def test_a_profile_is_a_checklist_that_includes_handbook_items(repo):
    listed = checklist("list", "--local", "team-checklists", "-c", "internal-worker", "--format", "json", cwd=repo)
    assert listed.returncode == 0, listed.stderr
    assert [i["id"] for i in json.loads(listed.stdout)] == ["RES-001", "MSG-016"]


def test_team_files_are_validated_with_positions(repo):
    bad = TEAM.replace("prefix: XPAY", "prefix: PAY").replace("XPAY-001", "PAY-001")
    (repo / "team-checklists" / "payments-team.yml").write_text(bad, encoding="utf-8")
    result = checklist("validate", "--local", "team-checklists", cwd=repo)
    assert result.returncode == 1
    assert "team-checklists/payments-team.yml:2:9: a team checklist's prefix starts with X" in result.stderr


def test_a_team_item_carries_its_checklists_prefix(repo):
    bad = TEAM.replace("id: XPAY-001", "id: XABC-001")
    (repo / "team-checklists" / "payments-team.yml").write_text(bad, encoding="utf-8")
    result = checklist("validate", "--local", "team-checklists", cwd=repo)
    assert "team-checklists/payments-team.yml:8:13: XABC-001: a team item's ID starts with" in result.stderr


def test_a_team_checklist_cannot_take_a_handbook_checklists_id(repo):
    (repo / "team-checklists" / "security.yml").write_text(TEAM.replace("id: payments-team", "id: security")
                                                           .replace("XPAY", "XSEC"), encoding="utf-8")
    result = checklist("validate", "--local", "team-checklists", cwd=repo)
    assert result.returncode == 1 and "checklist id 'security' is taken" in result.stderr


def test_team_ids_are_never_published_in_the_handbooks_registry(repo):
    result = checklist("ids", "--local", "team-checklists", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "XPAY" not in result.stdout + result.stderr


def test_a_handbook_profile_and_its_topic_checklist_share_one_state(tmp_path):
    """Profiles list topic items by ID: exporting both holds each item once, and a tick counts in both."""
    assert checklist("export", "-c", "profile-public-api", "-c", "api-design", "-o", "checklist.json",
                     cwd=tmp_path).returncode == 0
    document = json.loads((tmp_path / "checklist.json").read_text(encoding="utf-8"))
    profile, topic = document["checklists"]
    shared = set(profile["items"]) & set(topic["items"])
    assert shared and len({i["id"] for i in document["items"]}) == len(document["items"])
    item_id = sorted(shared)[0]
    assert checklist("set", "checklist.json", item_id, "done", cwd=tmp_path).returncode == 0
    status = json.loads(checklist("status", "checklist.json", "--format", "json", cwd=tmp_path).stdout)
    assert [row["done"] for row in status["checklists"]] == [1, 1]  # ticked once, done in both
    assert status["total"]["done"] == 1
    assert status["total"]["total"] == len(document["items"])  # the total counts each item once
    assert item_id not in [o["id"] for o in status["open"]]
