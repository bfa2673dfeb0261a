"""Every `checklist` command and exit code, in-process (CliRunner) and as a real subprocess."""

from __future__ import annotations

import json
import os

import pytest

from handbook_checklists.cli.commands import main
from handbook_checklists.document.build import dumps
from tests.support.cli import FIXED_TIME, invoke, run_process

COMMANDS = ["export", "ids", "list", "pr-lint", "pr-template", "report", "run", "set", "status", "upgrade",
            "validate", "waive"]




def _load(file):
    return json.loads(file.read_text(encoding="utf-8"))


def _item(doc, item_id):
    return next(i for i in doc["items"] if i["id"] == item_id)


# ---------------------------------------------------------------------------------------------
# Help and usage


def test_every_command_is_registered():
    assert sorted(main.commands) == COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_help_explains_with_an_example(command):
    result = invoke([command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    assert f"checklist {command}" in result.output


def test_group_help_documents_exit_codes():
    result = invoke(["-h"])
    assert result.exit_code == 0
    for line in ("0  ok", "1  the check failed", "2  bad usage or bad input"):
        assert line in result.output


@pytest.mark.parametrize("args", [["nope"], ["status"], ["status", "--fail-on", "may", "x.json"], ["list", "--severity", "x"],
                                  ["set", "f.json", "SEC-001"], ["export", "--bogus"]])
def test_bad_usage_exits_2(args):
    assert invoke(args).exit_code == 2


# ---------------------------------------------------------------------------------------------
# validate and ids: the authors' checks on the checklist YAML (README "Adding a checklist item")


def test_validate_ok_and_failing(handbook):
    result = invoke(["validate", "--handbook", handbook])
    assert result.exit_code == 0 and "ok: 2 checklists, 7 items" in result.output
    (handbook / "checklists" / "review.yml").write_text("id: review\nprefix: REV\n", encoding="utf-8")
    result = invoke(["validate", "--handbook", handbook])
    assert result.exit_code == 1
    assert "checklists/review.yml:1:1: missing required key" in result.stderr


def test_ids_registry(handbook):
    result = invoke(["ids", "--handbook", handbook])
    assert result.exit_code == 1 and "not yet in checklists/published-ids.txt" in result.stderr
    assert invoke(["ids", "--handbook", handbook, "--update"]).exit_code == 0
    result = invoke(["ids", "--handbook", handbook])
    assert result.exit_code == 0 and "ok: all 8 IDs are registered" in result.output


# ---------------------------------------------------------------------------------------------
# Finding the handbook


def test_handbook_from_the_current_folder(handbook):
    result = run_process(["list", "-c", "review"], cwd=handbook, SOURCE_DATE_EPOCH="1")
    assert result.returncode == 0, result.stderr
    assert "REV-001" in result.stdout


def test_handbook_option_must_hold_checklists(tmp_path):
    result = invoke(["list", "--handbook", tmp_path])
    assert result.exit_code == 2
    assert "no checklists/*.yml there" in result.stderr


def test_a_broken_checklist_file_is_fatal_but_a_broken_reference_only_warns(handbook):
    security = handbook / "checklists" / "security.yml"
    text = security.read_text(encoding="utf-8")
    security.write_text(text.replace("  why: Why SEC-001 matters.", "  why: Why.\n    refs: [nowhere.md]", 1), encoding="utf-8")
    result = invoke(["list", "-c", "security"], handbook)
    assert result.exit_code == 0
    assert result.stderr.startswith("warning: the handbook at") and "1 validation error" in result.stderr
    security.write_text("id: security\n", encoding="utf-8")
    result = invoke(["list"], handbook)
    assert result.exit_code == 2
    assert "checklist files that do not load" in result.stderr


# ---------------------------------------------------------------------------------------------
# list and export


def test_list_filters(handbook):
    result = invoke(["list", "-s", "must", "-c", "security"], handbook)
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["SEC-001", "SEC-002", "SEC-010"]
    data = json.loads(invoke(["list", "--format", "json", "--retired", "-c", "review"], handbook).stdout)
    assert [d["id"] for d in data] == ["REV-001", "REV-002", "REV-003", "REV-009"]
    assert data[-1]["retired"] is True
    assert invoke(["list", "-c", "nope"], handbook).exit_code == 2


def test_export_to_stdout_is_the_canonical_blank_document(handbook):
    result = invoke(["export", "--project", "demo"], handbook)
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert result.stdout == dumps(doc)
    assert [c["id"] for c in doc["checklists"]] == ["review", "security"]
    assert doc["exported"] == FIXED_TIME
    assert doc["site"] == "https://hb.example/"
    assert _item(doc, "SEC-001")["url"] == "https://hb.example/checklists/security/#sec-001"
    assert all(i["status"] == "todo" for i in doc["items"])
    assert [i["id"] for i in doc["items"]] == [i for c in doc["checklists"] for i in c["items"]]


def test_export_never_overwrites_state(project, handbook):
    before = project.read_bytes()
    result = invoke(["export", "-o", project], handbook)
    assert result.exit_code == 2
    assert "already exists; run `checklist upgrade" in result.stderr
    assert project.read_bytes() == before
    assert invoke(["export", "-o", project, "--force", "-c", "review"], handbook).exit_code == 0
    assert _load(project)["checklists"][0]["id"] == "review"


def test_export_unknown_checklist(handbook, tmp_path):
    result = invoke(["export", "-c", "nope", "-o", tmp_path / "x.json"], handbook)
    assert result.exit_code == 2
    assert "no checklist 'nope'; known: review, security" in result.stderr
    assert not (tmp_path / "x.json").exists()


# ---------------------------------------------------------------------------------------------
# status


def test_status_text_and_gate(project, handbook):
    result = invoke(["status", project], handbook)
    assert result.exit_code == 0
    assert "Security" in result.stdout and "0%" in result.stdout
    result = invoke(["status", project, "--fail-on", "must"], handbook)
    assert result.exit_code == 1
    assert "gate --fail-on must: FAILED, 3 open must-items" in result.stdout
    for item_id in ("SEC-001", "SEC-002", "SEC-010"):
        assert invoke(["set", project, item_id, "done"], handbook).exit_code == 0
    result = invoke(["status", project, "--fail-on", "must"], handbook)
    assert result.exit_code == 0, result.stdout
    assert "gate --fail-on must: passed" in result.stdout
    assert invoke(["status", project, "--fail-on", "should"], handbook).exit_code == 1
    assert invoke(["set", project, "SEC-003", "na", "--note", "no login form"], handbook).exit_code == 0
    result = invoke(["status", project, "--fail-on", "should"], handbook)
    assert result.exit_code == 0
    assert "100%" in result.stdout


def test_status_json(project, handbook):
    invoke(["set", project, "SEC-001", "done"], handbook)
    invoke(["set", project, "SEC-003", "na", "--note", "x"], handbook)
    result = invoke(["status", project, "--format", "json", "--fail-on", "must"], handbook)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["project"] == "demo"
    assert data["total"]["done"] == 1 and data["total"]["na"] == 1 and data["total"]["todo"] == 2
    assert data["total"]["percent"] == 33
    assert data["gate"] == {"fail_on": "must", "failed": True, "open": ["SEC-002", "SEC-010"], "waived": [],
                            "baseline": False, "excused": []}
    assert [i["id"] for i in data["open"]] == ["SEC-002", "SEC-010"]


def test_status_markdown(project, handbook):
    result = invoke(["status", project, "--format", "markdown", "--fail-on", "must"], handbook)
    assert result.exit_code == 1
    assert "| Checklist | Version | Done |" in result.stdout
    assert "- [ ] [SEC-001](https://hb.example/checklists/security/#sec-001)" in result.stdout
    assert "**gate --fail-on must: FAILED, 3 open must-items**" in result.stdout


def test_status_from_stdin_and_limit(project, handbook):
    result = invoke(["status", "-", "--all", "--limit", "1"], handbook, input=project.read_text(encoding="utf-8"))
    assert result.exit_code == 0
    assert "SEC-003" in result.stdout  # --all lists every open item, whatever the limit
    result = invoke(["status", project, "--fail-on", "must", "--limit", "1"], handbook)
    assert "... and 2 more" in result.stdout


def test_status_needs_no_handbook(project, tmp_path):
    result = invoke(["status", project], None, CHECKLIST_HANDBOOK=str(tmp_path))
    assert result.exit_code == 0


# ---------------------------------------------------------------------------------------------
# set


def test_set_ticks_one_item_and_keeps_the_rest(project, handbook):
    before = _load(project)
    result = invoke(["set", project, "sec-002", "done", "--note", "idle timeout 15 min"], handbook)
    assert result.exit_code == 0
    assert result.stdout.strip() == "SEC-002: todo -> done"
    after = _load(project)
    item = _item(after, "SEC-002")
    assert (item["status"], item["note"], item["updated"]) == ("done", "idle timeout 15 min", FIXED_TIME)
    _item(before, "SEC-002").update(status="done", note="idle timeout 15 min", updated=FIXED_TIME)
    assert after == before
    assert project.read_text(encoding="utf-8") == dumps(after)


def test_set_keeps_the_note_when_none_is_given(project, handbook):
    invoke(["set", project, "SEC-002", "na", "--note", "no sessions"], handbook)
    assert invoke(["set", project, "SEC-002", "done"], handbook).exit_code == 0
    assert _item(_load(project), "SEC-002")["note"] == "no sessions"
    result = invoke(["set", project, "SEC-002", "done"], handbook)
    assert result.exit_code == 0 and "already done" in result.stdout


@pytest.mark.parametrize("args,message", [
    (["SEC-002", "na"], "status na needs a reason"),
    (["SEC-999", "done"], "SEC-999 is not an item of this document"),
    (["REV-001", "done"], "REV-001 is not an item of this document"),
])
def test_set_refusals(project, handbook, args, message):
    before = project.read_bytes()
    result = invoke(["set", project, *args], handbook)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert project.read_bytes() == before


@pytest.mark.parametrize("args", [["SEC-002", "maybe"], ["not-an-id", "done"]])
def test_set_bad_arguments_are_usage_errors(project, handbook, args):
    before = project.read_bytes()
    assert invoke(["set", project, *args], handbook).exit_code == 2
    assert project.read_bytes() == before


def test_set_an_orphan_is_refused(project, handbook):
    doc = _load(project)
    doc["orphans"].append({"id": "SEC-099", "status": "done", "note": "", "updated": None})
    project.write_text(dumps(doc), encoding="utf-8")
    result = invoke(["set", project, "SEC-099", "todo"], handbook)
    assert result.exit_code == 2 and "SEC-099 is an orphan" in result.stderr


def test_set_accepts_n_slash_a(project, handbook):
    assert invoke(["set", project, "SEC-003", "N/A", "--note", "internal"], handbook).exit_code == 0
    assert _item(_load(project), "SEC-003")["status"] == "na"


def test_set_rewrites_a_minified_file_canonically(project, handbook):
    project.write_text(json.dumps(_load(project)), encoding="utf-8")
    result = invoke(["set", project, "SEC-001", "done"], handbook)
    assert result.exit_code == 0
    assert "not in the canonical layout" in result.stderr
    doc = _load(project)
    assert _item(doc, "SEC-001")["status"] == "done"
    assert project.read_text(encoding="utf-8") == dumps(doc)


def test_set_keeps_crlf_line_endings(project, handbook):
    project.write_bytes(project.read_bytes().replace(b"\n", b"\r\n"))
    before = project.read_bytes().split(b"\r\n")
    assert invoke(["set", project, "SEC-001", "done"], handbook).exit_code == 0
    after = project.read_bytes().split(b"\r\n")
    assert len(after) == len(before)
    assert sum(a != b for a, b in zip(before, after)) == 2  # status and updated (the note stays "")
    assert b"\n" not in project.read_bytes().replace(b"\r\n", b"")


def test_set_keeps_the_file_mode_and_leaves_no_temporary_files(project, handbook):
    project.chmod(0o640)
    assert invoke(["set", project, "SEC-001", "done"], handbook).exit_code == 0
    assert oct(project.stat().st_mode & 0o777) == oct(0o640)
    assert sorted(p.name for p in project.parent.iterdir()) == ["checklist.json", "handbook"]


def test_set_does_not_write_through_a_symlink(project, handbook, tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(project)
    before = project.read_bytes()
    result = invoke(["set", link, "SEC-001", "done"], handbook)
    assert result.exit_code == 2 and "is a symbolic link" in result.stderr
    assert link.is_symlink() and project.read_bytes() == before


# ---------------------------------------------------------------------------------------------
# The whole flow as real processes


def test_the_ci_gate_as_a_real_process(handbook, tmp_path):
    repo = tmp_path / "service"
    repo.mkdir()
    env = {"CHECKLIST_HANDBOOK": str(handbook), "SOURCE_DATE_EPOCH": "1790000000"}
    done = run_process(["export", "-c", "review", "--project", "service", "-o", "checklist.json"], cwd=repo, **env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "wrote checklist.json: 1 checklist, 3 items"
    gate = run_process(["status", "checklist.json", "--fail-on", "must"], cwd=repo, **env)
    assert gate.returncode == 1 and "FAILED" in gate.stdout
    for item_id in ("REV-001", "REV-002"):
        assert run_process(["set", "checklist.json", item_id, "done"], cwd=repo, **env).returncode == 0
    gate = run_process(["status", "checklist.json", "--fail-on", "must"], cwd=repo, **env)
    assert gate.returncode == 0 and "passed" in gate.stdout
    bad = run_process(["set", "checklist.json", "REV-003", "na"], cwd=repo, **env)
    assert bad.returncode == 2 and bad.stderr.startswith("error: checklist.json: REV-003: status na needs a reason")
    usage = run_process(["status"], cwd=repo, **env)
    assert usage.returncode == 2 and "Missing argument 'FILE'" in usage.stderr
    assert run_process(["--help"], cwd=repo, **env).returncode == 0


def test_status_and_set_on_10000_items_stay_fast(tmp_path):
    """A coarse guard in CPU seconds (wall time on a shared machine is noise); the bench measures wall time."""
    import resource

    from handbook_checklists.model.urls import Links
    items = [{"id": f"GA-{n:04d}", "checklist": "gen", "section": "S", "title": f"Item {n}", "severity": ("must", "should", "may")[n % 3],
              "url": f"https://hb.example/checklists/gen/#ga-{n:04d}", "status": "todo", "note": "", "updated": None}
             for n in range(10_000)]
    doc = {"$schema": Links("https://hb.example/").absolute("schemas/project-checklist-2.schema.json"),
           "format": "project-checklist/2", "project": "big", "site": "https://hb.example/", "exported": None,
           "checklists": [{"id": "gen", "title": "Generated", "version": "1.0.0", "url": "https://hb.example/checklists/gen/",
                           "items": [i["id"] for i in items]}], "items": items, "orphans": []}
    file = tmp_path / "big.json"
    file.write_text(dumps(doc), encoding="utf-8")
    for args in (["status", file, "--fail-on", "must"], ["set", file, "GA-5000", "done"]):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = run_process(args, cwd=tmp_path, SOURCE_DATE_EPOCH="1")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        assert result.returncode in (0, 1), result.stderr
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        assert cpu < 1.0, f"{args[0]} used {cpu:.2f} s of CPU"
    assert _item(json.loads(file.read_text(encoding="utf-8")), "GA-5000")["status"] == "done"
    assert os.path.getsize(file) > 2_000_000
