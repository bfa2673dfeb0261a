"""Files: a checklist file that is a symbolic link out of the handbook is not read; no write follows a
symbolic link or replaces a file without --force; `set` and `upgrade` lock the document, so two at
once both keep their change, and no temporary file outlives a write."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from handbook_checklists.catalog.handbook import Handbook
from tests.support.cli import cli_env, invoke
from tests.support.handbooks import VALID_CHECKLIST, make_handbook
from tests.support.site import child_env

SECRET = VALID_CHECKLIST.replace("title: Demo", "title: TOP-SECRET-VALUE").replace("id: demo", "id: outside")


def test_a_checklist_symlinked_outside_the_handbook_is_refused(tmp_path):
    outside = tmp_path / "elsewhere" / "outside.yml"
    outside.parent.mkdir()
    outside.write_text(SECRET.replace("severity: must", "severity: TOP-SECRET-2"), encoding="utf-8")
    root = make_handbook(tmp_path / "hb")
    (root / "checklists" / "outside.yml").symlink_to(outside)
    result = Handbook.at(root).load()
    messages = [str(d) for d in result.diagnostics]
    assert messages == ["checklists/outside.yml:1:1: is a symbolic link to a file outside the handbook; "
                        "refusing to read it"]
    assert "TOP-SECRET" not in "".join(messages) and result.catalog.checklist("outside") is None
    validated = invoke(["validate", "--handbook", root])
    assert validated.exit_code == 1 and "TOP-SECRET" not in validated.output


def test_a_valid_checklist_outside_is_not_published(tmp_path):
    outside = tmp_path / "outside.yml"
    outside.write_text(SECRET, encoding="utf-8")
    root = make_handbook(tmp_path / "hb")
    (root / "checklists" / "outside.yml").symlink_to(outside)
    result = Handbook.at(root).load()
    assert not result.ok and result.catalog.checklist("outside") is None


def test_a_symlink_inside_the_handbook_is_fine(tmp_path):
    root = make_handbook(tmp_path / "hb", checklists={})
    (root / "shared").mkdir()
    (root / "shared" / "demo.yml").write_text(VALID_CHECKLIST, encoding="utf-8")
    (root / "checklists" / "demo.yml").symlink_to(Path("..") / "shared" / "demo.yml")
    result = Handbook.at(root).load()
    assert result.ok, [str(d) for d in result.diagnostics]


def test_a_registry_symlinked_outside_is_refused(tmp_path):
    outside = tmp_path / "ids.txt"
    outside.write_text("TOP-SECRET\n", encoding="utf-8")
    root = make_handbook(tmp_path / "hb")
    (root / "checklists" / "published-ids.txt").symlink_to(outside)
    messages = [str(d) for d in Handbook.at(root).load().diagnostics]
    assert messages == ["checklists/published-ids.txt:1:1: is a symbolic link to a file outside the handbook; "
                        "refusing to read it"]


def test_pr_template_does_not_overwrite_without_force(handbook, tmp_path):
    existing = tmp_path / "template.md"
    existing.write_text("mine\n", encoding="utf-8")
    result = invoke(["pr-template", "-c", "security", "-o", existing], handbook)
    assert result.exit_code == 2 and "--force" in result.stderr
    assert existing.read_text(encoding="utf-8") == "mine\n"
    assert invoke(["pr-template", "-c", "security", "-o", existing, "--force"], handbook).exit_code == 0
    assert "SEC-001" in existing.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [["pr-template", "-c", "security"], ["export", "-c", "security"]])
def test_no_write_follows_a_symlink(handbook, tmp_path, command):
    target = tmp_path / "victim.txt"
    target.write_text("precious\n", encoding="utf-8")
    link = tmp_path / "out.md"
    link.symlink_to(target)
    result = invoke([*command, "-o", link], handbook)
    assert result.exit_code == 2 and "--force" in result.stderr
    assert invoke([*command, "-o", link, "--force"], handbook).exit_code == 0
    assert target.read_text(encoding="utf-8") == "precious\n"  # the link was replaced, not followed
    assert not link.is_symlink() and "SEC-001" in link.read_text(encoding="utf-8")


def test_upgrade_does_not_write_through_a_symlink(project, handbook, tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(project)
    before = project.read_bytes()
    result = invoke(["upgrade", link], handbook)
    assert result.exit_code == 2 and "is a symbolic link" in result.stderr
    assert project.read_bytes() == before


def test_a_stale_temporary_file_is_removed_by_the_next_set(project, handbook):
    stale = project.parent / f".{project.name}.k1ll3d.tmp"
    stale.write_text("{half a docu", encoding="utf-8")
    other = project.parent / ".other.json.x.tmp"
    other.write_text("", encoding="utf-8")
    assert invoke(["set", project, "SEC-001", "done"], handbook).exit_code == 0
    assert not stale.exists() and other.exists()


def test_a_failed_write_leaves_no_temporary_file(project, handbook, monkeypatch):
    def broken(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    before = project.read_bytes()
    result = invoke(["set", project, "SEC-001", "done"], handbook)
    assert result.exit_code == 2 and "No space left" in result.stderr
    assert project.read_bytes() == before
    assert not [p for p in project.parent.iterdir() if p.name.endswith(".tmp")]


def _checklist_process(args, root):
    script = Path(sys.executable).with_name("checklist")
    return subprocess.Popen([str(script), *map(str, args)], env=child_env(**cli_env(root)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_concurrent_sets_keep_both_ticks(project, handbook):
    items = json.loads(project.read_text(encoding="utf-8"))["items"]
    first, second = items[0]["id"], items[1]["id"]
    for round_ in range(20):
        note = f"round {round_}"
        processes = [_checklist_process(["set", project, item_id, "done" if round_ % 2 else "todo", "--note", note],
                                        handbook) for item_id in (first, second)]
        for process in processes:
            out, err = process.communicate(timeout=60)
            assert process.returncode == 0, err
        state = {i["id"]: i for i in json.loads(project.read_text(encoding="utf-8"))["items"]}
        assert state[first]["note"] == note and state[second]["note"] == note, f"lost an update in {note}"
    assert not [p for p in project.parent.iterdir() if p.name.endswith(".tmp")]


def test_set_and_upgrade_at_once_keep_the_tick(project, handbook):
    for round_ in range(2):
        note = f"round {round_}"
        processes = [_checklist_process(["set", project, "SEC-001", "done", "--note", note], handbook),
                     _checklist_process(["upgrade", project], handbook)]
        for process in processes:
            process.communicate(timeout=60)
        items = json.loads(project.read_text(encoding="utf-8"))["items"]
        assert next(i for i in items if i["id"] == "SEC-001")["note"] == note
