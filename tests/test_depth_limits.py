"""Deeply nested input is refused with one line (exit 2) or a path:line:column diagnostic, never a
RecursionError or a crash: project documents, GitHub event files and checklist YAML."""

from __future__ import annotations

import json

import pytest

from handbook_checklists.catalog.handbook import Handbook
from handbook_checklists.catalog.yaml_source import MAX_DEPTH, parse_yaml
from handbook_checklists.document.build import dumps
from handbook_checklists.document.state import DocumentError, parse_document
from tests.support.cli import invoke, run_process
from tests.support.handbooks import VALID_CHECKLIST, make_handbook
from tests.support.site import build


def nested_json(depth: int) -> str:
    return json.dumps({"format": "project-checklist/1", "project": "x"})[:-1] + ', "site": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.parametrize("text", ["[" * 1000 + "]" * 1000, nested_json(1000), '{"a":' * 5000 + "1" + "}" * 5000,
                                  "[" * 100_000, nested_json(65)])
def test_a_deep_project_document_is_a_document_error(text):
    with pytest.raises(DocumentError, match="nest more than 64 levels deep"):
        parse_document(text)


def test_brackets_inside_strings_do_not_count():
    with pytest.raises(DocumentError) as error:
        parse_document(json.dumps({"format": "project-checklist/1", "project": "[" * 5000}))
    assert "nest" not in str(error.value)


def test_a_huge_number_is_a_document_error():
    with pytest.raises(DocumentError):
        parse_document('{"format": "project-checklist/1", "project": ' + "9" * 10_000 + "}")



@pytest.mark.parametrize("command", [["status"], ["set", "SEC-001", "done"], ["upgrade"], ["upgrade", "--check"]])
def test_commands_refuse_a_deep_document_with_one_line(handbook, tmp_path, command):
    file = tmp_path / "checklist.json"
    file.write_text("[" * 1000 + "]" * 1000, encoding="utf-8")
    args = [command[0], file, *command[1:]]
    result = invoke(args, handbook)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and "nest more than 64 levels deep" in result.stderr


@pytest.mark.parametrize("payload", ['{"pull_request": {"body": ' + "[" * 5000 + "]" * 5000 + "}}",
                                     '{"pull_request": {"body": "x", "n": ' + "9" * 10_000 + "}}"])
def test_pr_lint_refuses_a_deep_event_file_with_one_line(handbook, tmp_path, payload):
    event = tmp_path / "event.json"
    event.write_text(payload, encoding="utf-8")
    result = invoke(["pr-lint"], handbook, GITHUB_EVENT_PATH=str(event))
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"error: {event}: ")


def test_a_real_event_file_still_reads(handbook, tmp_path):
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "opened", "pull_request": {"body": "- [x] SEC-001 done", "head": {
        "repo": {"owner": {"login": "x"}}}}}), encoding="utf-8")
    result = invoke(["pr-lint"], handbook, GITHUB_EVENT_PATH=str(event))
    assert "error:" not in result.stderr


def test_the_real_command_survives_a_deep_document(handbook, tmp_path):
    file = tmp_path / "checklist.json"
    file.write_text("[" * 200_000, encoding="utf-8")
    result = run_process(["status", file], tmp_path, handbook)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr


def _deep_yaml(depth: int, flow: bool) -> str:
    if flow:
        return VALID_CHECKLIST + "extra: " + "[" * depth + "]" * depth + "\n"
    return VALID_CHECKLIST + "extra:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(depth)) + "  " * (depth + 1) + "x: 1\n"


@pytest.mark.parametrize("depth,flow", [(500, True), (50_000, True), (500, False), (2000, False)],
                         ids=["flow-500", "flow-50000", "block-500", "block-2000"])
def test_deep_yaml_is_a_diagnostic(tmp_path, depth, flow):
    result = Handbook.at(make_handbook(tmp_path, checklists={"demo.yml": _deep_yaml(depth, flow)})).load()
    messages = [str(d) for d in result.diagnostics]
    assert len(messages) == 1 and f"nest more than {MAX_DEPTH} levels deep" in messages[0], messages
    assert messages[0].startswith("checklists/demo.yml:21:71:" if flow else "checklists/demo.yml:85:129:"), messages


def test_aliases_cannot_nest_deeper_than_the_text():
    levels = ["a0: &a0 " + "[" * 40 + "]" * 40]
    levels += [f"a{n}: &a{n} " + "[" * 40 + f"*a{n - 1}" + "]" * 40 for n in range(1, 200)]
    parsed = parse_yaml(("\n".join(levels) + "\n").encode(), "x.yml")
    assert parsed.value is None and "through aliases" in parsed.diagnostics[0].message


def test_validate_and_the_build_refuse_deep_yaml(tmp_path):
    root = make_handbook(tmp_path / "src", checklists={"demo.yml": _deep_yaml(500, True)})
    result = invoke(["validate", "--handbook", root])
    assert result.exit_code == 1 and "checklists/demo.yml:21:71: mappings and lists nest" in result.stderr
    built = build(root / "mkdocs.yml", tmp_path / "out", "http://127.0.0.1:8000/")
    assert built.returncode != 0 and "nest more than" in built.stdout + built.stderr
    assert "Traceback" not in built.stdout + built.stderr


def test_a_valid_document_is_untouched_by_the_limit(handbook, tmp_path):
    out = tmp_path / "c.json"
    assert invoke(["export", "-o", out], handbook).exit_code == 0
    document = parse_document(out.read_bytes())
    assert parse_document(dumps(document)) == document
