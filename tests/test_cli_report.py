"""`checklist report`: a lead's one table across several project documents (new hires' exports, say)."""

from __future__ import annotations

import json

import pytest

from tests.support.cli import FIXED_TIME, invoke


def as_format_1(document: dict) -> dict:
    """A format 2 document written the way format 1 wrote it: items under their checklists."""
    entries = {i["id"]: i for i in document["items"]}
    return {**{k: v for k, v in document.items() if k != "items"}, "format": "project-checklist/1",
            "checklists": [{**c, "items": [{k: v for k, v in entries[i].items() if k != "checklist"}
                                           for i in c["items"]]} for c in document["checklists"]]}



@pytest.fixture
def hires(handbook, tmp_path):
    """A folder of exported files: alice (format 2, an expired waiver), bob (format 1), carol (format
    2, a project name and a title that try to break out of the table), and a broken file."""
    folder = tmp_path / "hires"
    folder.mkdir()
    alice, bob, carol = folder / "alice.json", folder / "bob.json", folder / "carol.json"
    assert invoke(["export", "-c", "security", "-c", "review", "--project", "alice", "-o", alice], handbook).exit_code == 0
    assert invoke(["set", alice, "SEC-001", "done"], handbook).exit_code == 0
    assert invoke(["set", alice, "SEC-003", "na", "--note", "no login"], handbook).exit_code == 0
    assert invoke(["waive", alice, "SEC-002", "--owner", "lead", "--until", "2026-09-01", "--reason", "r"],
                  handbook).exit_code == 0  # expired: the fixed clock says 2026-09-21
    assert invoke(["waive", alice, "REV-001", "--owner", "lead", "--until", "2026-12-31", "--reason", "r"],
                  handbook).exit_code == 0
    assert invoke(["export", "-c", "security", "--project", "bob", "-o", bob], handbook).exit_code == 0
    document = json.loads(bob.read_text(encoding="utf-8"))
    for item in document["items"]:
        if item["id"] in ("SEC-001", "SEC-002"):
            item.update(status="done", updated="2026-05-01T09:00:00+02:00")
        if item["id"] == "SEC-010":
            item.update(status="done", updated="2026-05-01T08:30:00Z")  # the latest instant, though not by text
    bob.write_text(json.dumps(as_format_1(document), indent=2), encoding="utf-8")
    assert invoke(["export", "-c", "review", "--project", "carol\u202e | [x](https://evil.example) *", "-o", carol],
                  handbook).exit_code == 0
    (folder / "zz-broken.json").write_text('{"format": "project-checklist/2"', encoding="utf-8")
    (folder / "notes.txt").write_text("not a document", encoding="utf-8")
    return folder


def test_a_folder_gives_one_table_and_a_broken_file_exits_2(hires, handbook):
    result = invoke(["report", hires], handbook)
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[0] == "Checklist report (2026-09-21)"
    header = lines[2].split()
    assert header[:3] == ["File", "Project", "Checklist"] and lines[2].endswith("Last update")
    alice_security = next(line for line in lines if "alice.json" in line and "Security" in line)
    # done 1 of 3 that apply (SEC-003 is n/a); SEC-002 and SEC-010 open; SEC-002's waiver expired
    assert alice_security.split()[-5:] == ["1/3", "2", "0", "1", FIXED_TIME]
    alice_review = next(line for line in lines if "alice.json" in line and "Review" in line)
    assert alice_review.split()[-5:] == ["0/3", "1", "1", "0", "-"]  # REV-001, waived until 2026-12-31
    bob = next(line for line in lines if "bob.json" in line)
    assert bob.split()[-5:] == ["3/4", "0", "0", "0", "2026-05-01T08:30:00Z"]
    carol = next(line for line in lines if "carol.json" in line)
    assert "\\u202e" in carol and "\u202e" not in result.output
    broken = next(line for line in lines if "zz-broken.json" in line)
    assert "error:" in broken and "not valid JSON" in broken
    assert not any("notes.txt" in line for line in lines)
    assert lines[-1] == "3 documents read, 1 could not be read"


def test_files_are_read_in_the_order_given_and_all_good_exits_0(hires, handbook):
    result = invoke(["report", hires / "bob.json", hires / "alice.json"], handbook)
    assert result.exit_code == 0, result.output
    assert result.output.index("bob.json") < result.output.index("alice.json")
    assert result.output.splitlines()[-1] == "2 documents read"


def test_missing_files_and_empty_folders_are_reported_on_their_own_line(hires, handbook, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke(["report", hires / "bob.json", tmp_path / "nope.json", empty], handbook)
    assert result.exit_code == 2
    assert "nope.json  error: no such file" in result.output
    assert "empty  error: a folder without *.json files" in result.output
    assert "bob.json" in result.output


def test_markdown_escapes_everything_from_the_documents(hires, handbook):
    result = invoke(["report", hires, "--format", "markdown"], handbook)
    assert result.exit_code == 2
    out = result.output
    assert out.startswith("### Checklist report (2026-09-21)\n")
    assert "| File | Project | Checklist | Done | Open must | Waived | Expired | Last update |" in out
    assert "](https://evil" not in out and "\\[x\\]\\(https\\:\\/\\/evil\\.example\\)" in out
    assert "\u202e" not in out and "\\\\u202e" in out
    carol = next(line for line in out.splitlines() if "carol" in line)
    assert carol.count(" | ") == 7, "the project's '|' must not open a cell"
    assert "Could not be read:" in out and "zz\\-broken\\.json" in out


def test_json_lists_every_document_and_the_errors(hires, handbook):
    result = invoke(["report", hires, "--format", "json"], handbook)
    assert result.exit_code == 2
    data = json.loads(result.output)
    assert data["today"] == "2026-09-21" and data["errors"] == 1
    by_file = {d["file"].rsplit("/", 1)[-1]: d for d in data["documents"]}
    assert set(by_file) == {"alice.json", "bob.json", "carol.json", "zz-broken.json"}
    assert by_file["bob.json"]["format"] == "project-checklist/1"
    security = by_file["alice.json"]["checklists"][0]
    assert security == {"id": "security", "title": "Security", "done": 1, "applicable": 3, "total": 4,
                        "open_must": 2, "waived": 0, "expired": 1, "last_update": FIXED_TIME}
    assert "not valid JSON" in by_file["zz-broken.json"]["error"]
    assert "\u202e" not in result.output


def test_a_path_is_required():
    assert invoke(["report"]).exit_code == 2
