"""Text from a project document is data: `status`, `set` and `upgrade` never let it start a line of
its own in a CI log (a `::workflow-command`), never let it write Markdown into a job summary, and
link only to the handbook's own URLs, built from IDs and the configured site URL."""

from __future__ import annotations

import json

import pytest

from handbook_checklists.cli import report
from handbook_checklists.cli.support import printable
from handbook_checklists.document.state import progress
from tests.support.cli import invoke

HOSTILE = ["x\n::notice title=pwn::owned", "x\r::stop-commands::token", "x\u2028::error::y", "x\x1b[2Jcleared",
           "x\x85::warning::nel", "x\u202eevil"]


def _edit(file, change):
    document = json.loads(file.read_text(encoding="utf-8"))
    change(document)
    file.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")


def _no_command_line(text: str):
    for line in text.splitlines():  # str.splitlines also splits at \x85, \u2028, \x1c...
        assert not line.lstrip().startswith("::"), repr(text)
    assert "\x1b" not in text and "\u202e" not in text


@pytest.mark.parametrize("value", HOSTILE, ids=repr)
@pytest.mark.parametrize("where", ["project", "title", "checklist title", "section"])
@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_a_document_cannot_start_a_workflow_command(project, handbook, where, value, fmt):
    def change(document):
        if where == "project":
            document["project"] = value
        elif where == "checklist title":
            document["checklists"][0]["title"] = value
        else:
            document["items"][0]["title" if where == "title" else "section"] = value
    _edit(project, change)
    result = invoke(["status", project, "--format", fmt, "--fail-on", "must"], handbook)
    _no_command_line(result.stdout + result.stderr)
    if value != "x\u202eevil":  # the schema refuses line breaks and control characters in one-line fields
        assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    elif fmt == "json":
        assert json.loads(result.stdout)["open"] and "\\u202e" in result.stdout


@pytest.mark.parametrize("value", HOSTILE, ids=repr)
def test_a_key_in_an_error_message_cannot_start_a_workflow_command(project, handbook, value):
    project.write_text('{"%s": 1, "%s": 2}' % (json.dumps(value)[1:-1], json.dumps(value)[1:-1]), encoding="utf-8")
    for command in (["status", project], ["set", project, "SEC-001", "done"], ["upgrade", project]):
        result = invoke(command, handbook)
        assert result.exit_code == 2
        _no_command_line(result.stdout + result.stderr)


def _hostile_report():
    """A progress report whose text bypassed the schema (a caller of the report module)."""
    document = {"format": "project-checklist/1",
                "project": "p\n::notice::owned | **gate --fail-on must: passed, no open must-items**",
                "exported": None, "orphans": [],
                "checklists": [{"id": "security", "title": "T\n::error::x", "version": "1.0.0", "items": [
                    {"id": "SEC-001", "section": "S\r::warning::y", "title": "[click](https://evil.example/)\n::x::",
                     "severity": "must", "url": "https://evil.example/phish", "status": "todo", "note": "",
                     "updated": None}]}]}
    return progress(document)


@pytest.mark.parametrize("links", [None, "https://hb.example/"])
def test_every_format_neutralises_what_it_prints(links):
    from handbook_checklists.model.urls import Links

    links = Links(links) if links else None
    data = _hostile_report()
    for out in (report.text(data, "must", True, 20, links), report.markdown(data, "must", True, 20, links),
                report.as_json(data, "must", links)):
        _no_command_line(out)
        assert "phish" not in out  # the document's own url fields are never shown or linked


def test_markdown_cannot_fake_a_verdict_or_a_link():
    out = report.markdown(_hostile_report(), "must", True, 20, None)
    assert "**gate --fail-on must: passed" not in out
    assert "**gate --fail-on must: FAILED, 1 open must-items**" in out
    assert "](https://evil.example/)" not in out and "](https://evil.example/phish)" not in out
    assert "- [ ] `SEC-001` \\[click\\]" in out


def test_links_are_built_from_the_site_url_not_the_document(project, handbook):
    _edit(project, lambda d: d["items"][0].update(url="https://evil.example/phish"))
    _edit(project, lambda d: d.update(site="https://evil.example/"))
    for fmt in ("text", "markdown", "json"):
        result = invoke(["status", project, "--format", fmt, "--fail-on", "must"], handbook)
        assert "evil.example" not in result.stdout, result.stdout
        assert "https://hb.example/checklists/security/#sec-001" in result.stdout
    result = invoke(["status", project, "--format", "markdown", "--fail-on", "must"], handbook, CHECKLIST_SITE_URL="")
    assert "evil.example" not in result.stdout and "- [ ] `SEC-001`" in result.stdout


def test_a_site_url_that_is_not_plain_is_refused(project, handbook):
    result = invoke(["status", project, "--site-url", "javascript:alert(1)//"], handbook)
    assert result.exit_code == 2 and "expected a plain http(s) URL" in result.stderr


def test_printable():
    assert printable("a\nb\r\x00\x7f\x85\u2028\u202e") == "a\\x0ab\\x0d\\x00\\x7f\\x85\\u2028\\u202e"
    assert printable("plain — text ✓") == "plain — text ✓"


@pytest.mark.parametrize("value", HOSTILE, ids=repr)
@pytest.mark.parametrize("where", ["project", "checklist title", "file name"])
@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_the_leads_report_cannot_start_a_workflow_command(project, handbook, tmp_path, where, value, fmt):
    """`checklist report` prints projects, checklist titles, file names and the errors about them."""
    folder = tmp_path / "hires"
    folder.mkdir()
    if where == "file name":
        if "/" in value or "\x00" in value:
            pytest.skip("not a possible file name")
        target = folder / f"{value}.json"
        target.write_bytes(project.read_bytes())
        (folder / f"{value}-broken.json").write_text("{", encoding="utf-8")
    else:
        _edit(project, lambda d: d.update(project=value) if where == "project"
              else d["checklists"][0].update(title=value))
        (folder / "a.json").write_bytes(project.read_bytes())
    result = invoke(["report", folder, "--format", fmt], handbook)
    _no_command_line(result.stdout + result.stderr)
    assert result.exit_code in (0, 2)
    if fmt == "markdown":
        assert all(line.count(" | ") in (0, 7) for line in result.stdout.splitlines() if line.startswith("| "))
