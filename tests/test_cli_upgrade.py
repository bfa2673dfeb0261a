"""`checklist upgrade`: a document from an older handbook keeps every tick and note (docs/reference/project-document.md "Upgrade and import rules")."""

from __future__ import annotations

import json

import pytest

from handbook_checklists.model.urls import Links
from handbook_checklists.catalog.handbook import Handbook
from handbook_checklists.document.build import dumps
from handbook_checklists.document.state import parse_document, upgrade_document
from tests.support.handbooks import write_small_handbook
from tests.support.cli import FIXED_TIME, invoke


def _load(file):
    return json.loads(file.read_text(encoding="utf-8"))


def _item(doc, item_id):
    return next(i for i in doc["items"] if i["id"] == item_id)


def _states(doc) -> dict:
    found = {i["id"]: (i["status"], i["note"]) for i in doc["items"]}
    found.update({o["id"]: (o["status"], o["note"]) for o in doc["orphans"]})
    return found


@pytest.fixture
def old_project(tmp_path):
    """A project on handbook version 1 with every security item ticked and annotated."""
    handbook = write_small_handbook(tmp_path / "handbook", version=1)
    file = tmp_path / "checklist.json"
    assert invoke(["export", "-c", "security", "-c", "review", "--project", "demo", "-o", file], handbook).exit_code == 0
    for args in (["SEC-001", "done", "--note", "argon2id, PR #12"], ["SEC-002", "done", "--note", "15 min idle"],
                 ["SEC-003", "na", "--note", "internal service, no login form"], ["REV-001", "done"]):
        assert invoke(["set", file, *args], handbook).exit_code == 0
    return handbook, file


def test_upgrade_from_an_older_checklist_version_keeps_every_tick_and_note(old_project):
    handbook, file = old_project
    before = _states(_load(file))
    write_small_handbook(handbook, version=2)
    result = invoke(["upgrade", file], handbook)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "security: 1.0.0 -> 2.0.0",
        "review: 1.0.0 -> 1.1.0",
        "added 2 items: SEC-004, SEC-005",
        "moved SEC-002 -> SEC-004 (retired; done carried over)",
        "orphaned SEC-003: no longer in the handbook",
        "REV-002: severity should -> must",
        "updated the wording of 1 item",
        f"upgraded {file}",
    ]
    doc = _load(file)
    assert file.read_text(encoding="utf-8") == dumps(doc)
    assert _item(doc, "SEC-001")["status"] == "done" and _item(doc, "SEC-001")["note"] == "argon2id, PR #12"
    assert (_item(doc, "SEC-004")["status"], _item(doc, "SEC-004")["note"]) == ("done", "15 min idle")
    assert _item(doc, "SEC-005")["status"] == "todo"
    assert doc["orphans"] == [{"id": "SEC-003", "checklist": "security", "title": "Login is rate limited",
                               "status": "na", "note": "internal service, no login form", "updated": FIXED_TIME}]
    assert _item(doc, "REV-001")["status"] == "done"
    assert _item(doc, "REV-002")["severity"] == "must"
    assert _item(doc, "REV-002")["title"] == "Errors are logged with request context"
    after = _states(doc)
    notes_before = {note for _, note in before.values() if note}
    notes_after = {note for _, note in after.values() if note}
    assert notes_before <= notes_after
    assert [s for s, _ in before.values()].count("done") == [s for s, _ in after.values()].count("done")
    assert [c["version"] for c in doc["checklists"]] == ["2.0.0", "1.1.0"]


def test_upgrade_is_idempotent_and_check_reports_drift(old_project):
    handbook, file = old_project
    result = invoke(["upgrade", file, "--check"], handbook)
    assert result.exit_code == 0 and "is up to date" in result.stdout
    write_small_handbook(handbook, version=2)
    before = file.read_bytes()
    result = invoke(["upgrade", file, "--check"], handbook)
    assert result.exit_code == 1 and "is behind the handbook" in result.stdout
    assert file.read_bytes() == before
    assert invoke(["upgrade", file], handbook).exit_code == 0
    upgraded = file.read_bytes()
    result = invoke(["upgrade", file], handbook, SOURCE_DATE_EPOCH="1800000000")
    assert result.exit_code == 0 and result.stdout.strip() == f"{file} is up to date with the handbook"
    assert file.read_bytes() == upgraded  # not even the export time changes


def test_an_orphan_is_restored_when_its_item_returns(old_project):
    handbook, file = old_project
    write_small_handbook(handbook, version=2)
    invoke(["upgrade", file], handbook)
    write_small_handbook(handbook, version=1)
    result = invoke(["upgrade", file], handbook)
    assert "restored SEC-003 from orphans" in result.stdout
    doc = _load(file)
    assert _item(doc, "SEC-003")["note"] == "internal service, no login form"
    assert [o["id"] for o in doc["orphans"]] == ["SEC-004"]  # unknown to version 1: kept, not dropped


def test_retired_state_is_kept_as_orphan_when_the_replacement_has_its_own(old_project):
    handbook, file = old_project
    doc = _load(file)
    catalog = Handbook.at(write_small_handbook(handbook, version=2)).load_or_raise().catalog
    # the team already added SEC-004 by hand-editing (e.g. in the browser) and ticked it differently
    upgraded, _ = upgrade_document(doc, catalog, Links("https://hb.example/"), exported=FIXED_TIME)
    upgraded["orphans"] = []
    _item(upgraded, "SEC-004").update(status="na", note="no sessions any more")
    upgraded["checklists"][0]["items"].insert(1, "SEC-002")  # SEC-002 back beside it
    upgraded["items"].insert(1, {**_item(doc, "SEC-002")})
    again, summary = upgrade_document(parse_document(dumps(upgraded)), catalog, Links("https://hb.example/"))
    assert _item(again, "SEC-004")["note"] == "no sessions any more"
    assert [o["id"] for o in again["orphans"]] == ["SEC-002"]
    assert again["orphans"][0]["note"] == "15 min idle"
    assert summary.orphaned == [("SEC-002", "retired; its replacement SEC-004 already has its own state")]


def test_blank_items_that_leave_are_reported_not_orphaned(tmp_path):
    handbook = write_small_handbook(tmp_path / "handbook", version=1)
    file = tmp_path / "checklist.json"
    invoke(["export", "-c", "security", "-o", file], handbook)
    write_small_handbook(handbook, version=2)
    result = invoke(["upgrade", file], handbook)
    assert "moved SEC" not in result.stdout
    assert "removed 2 items that had no state: SEC-002, SEC-003" in result.stdout
    assert _load(file)["orphans"] == []


def test_a_checklist_gone_from_the_handbook_keeps_its_state(old_project):
    handbook, file = old_project
    (handbook / "checklists" / "review.yml").unlink()
    result = invoke(["upgrade", file], handbook)
    assert result.exit_code == 0
    assert "checklist review is no longer in the handbook" in result.stdout
    doc = _load(file)
    assert [c["id"] for c in doc["checklists"]] == ["security"]
    assert [o["id"] for o in doc["orphans"]] == ["REV-001"]


def test_add_a_checklist(tmp_path):
    handbook = write_small_handbook(tmp_path / "handbook")
    file = tmp_path / "checklist.json"
    invoke(["export", "-c", "security", "-o", file], handbook)
    invoke(["set", file, "SEC-001", "done"], handbook)
    result = invoke(["upgrade", file, "--add", "review"], handbook)
    assert result.exit_code == 0
    assert "added checklist review" in result.stdout
    doc = _load(file)
    assert [c["id"] for c in doc["checklists"]] == ["security", "review"]
    assert _item(doc, "SEC-001")["status"] == "done"
    bad = invoke(["upgrade", file, "--add", "nope"], handbook)
    assert bad.exit_code == 2 and "no checklist 'nope'" in bad.stderr


def test_upgrade_takes_a_new_site_url(old_project):
    handbook, file = old_project
    result = invoke(["upgrade", file, "--site-url", "https://handbook.example.org/docs"], handbook)
    assert result.exit_code == 0
    doc = _load(file)
    assert doc["site"] == "https://handbook.example.org/docs/"
    assert _item(doc, "SEC-001")["url"] == "https://handbook.example.org/docs/checklists/security/#sec-001"
    assert _item(doc, "SEC-001")["note"] == "argon2id, PR #12"


def test_upgrade_imports_a_document_exported_by_the_site(tmp_path):
    """The build publishes blank documents with the same engine; a page export has the same shape."""
    handbook = write_small_handbook(tmp_path / "handbook")
    catalog = Handbook.at(handbook).load_or_raise().catalog
    from handbook_checklists.document.build import blank_document

    doc = blank_document(catalog, ["review"], Links("https://hb.example/"), project="", exported="2026-11-22T10:00:00Z")
    doc["items"][0].update(status="done", note="from the browser", updated="2026-11-22T10:00:00.123Z")
    file = tmp_path / "from-page.json"
    file.write_text(dumps(doc), encoding="utf-8")
    result = invoke(["upgrade", file], handbook)
    assert result.exit_code == 0
    assert _item(_load(file), "REV-001")["updated"] == "2026-11-22T10:00:00.123Z"


def test_a_format_1_file_is_upgraded_to_format_2_with_every_tick_note_and_orphan(old_project):
    """A file written before format 2 (here: converted back to format 1 by hand) needs upgrading,
    `--check` says so, and the upgrade keeps every state."""
    handbook, file = old_project
    doc = _load(file)
    doc["orphans"] = [{"id": "SEC-099", "checklist": "security", "title": "Gone", "status": "done",
                       "note": "kept", "updated": None}]
    items = {i["id"]: {k: v for k, v in i.items() if k != "checklist"} for i in doc["items"]}
    v1 = {**{k: v for k, v in doc.items() if k != "items"}, "format": "project-checklist/1",
          "$schema": doc["$schema"].replace("-2.schema", ".schema"),
          "checklists": [{**c, "items": [items[i] for i in c["items"]]} for c in doc["checklists"]]}
    file.write_text(dumps(v1), encoding="utf-8")
    before = file.read_bytes()
    result = invoke(["upgrade", file, "--check"], handbook)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["format project-checklist/1 -> project-checklist/2",
                                          f"{file} is in the older format project-checklist/1; run `checklist upgrade {file}`"]
    assert file.read_bytes() == before
    result = invoke(["upgrade", file], handbook)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["format project-checklist/1 -> project-checklist/2", f"upgraded {file}"]
    assert _load(file) == {**doc, "exported": FIXED_TIME}
    assert invoke(["upgrade", file, "--check"], handbook).exit_code == 0
