"""The project document: strict parsing, the hand-written validator's agreement with the published
JSON Schema, and every kind of bad input as one clear line, exit 2, file untouched."""

from __future__ import annotations

import copy
import json
import os
import stat

import pytest
from jsonschema import Draft7Validator

from macros.project_document import dumps
from macros.project_state import DocumentError, parse_document, validate_document
from macros.schemas import PROJECT_SCHEMA, load_schema
from tests.support.handbook import invoke, write_handbook


@pytest.fixture
def handbook(tmp_path):
    return write_handbook(tmp_path / "handbook")


@pytest.fixture
def document(handbook, tmp_path) -> dict:
    """An exported document with some state and one orphan."""
    out = tmp_path / "exported.json"
    assert invoke(["export", "-c", "security", "-c", "review", "--project", "demo", "-o", out], handbook).exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    items = doc["checklists"][0]["items"]
    items[0].update(status="done", note="argon2id", updated="2026-11-22T10:00:00Z")
    items[2].update(status="na", note="internal service", updated="2026-11-22T10:00:00+01:00")
    doc["orphans"] = [{"id": "SEC-099", "checklist": "security", "title": "Gone", "status": "done", "note": "",
                       "updated": None}]
    return doc


def schema_errors(doc) -> list:
    return list(Draft7Validator(load_schema(PROJECT_SCHEMA)).iter_errors(doc))


def test_exported_document_is_valid_for_both_validators(document):
    assert validate_document(document) == []
    assert schema_errors(document) == []
    assert parse_document(dumps(document)) == document


def _set(path):
    def mutate(doc, value):
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return mutate


def _delete(path):
    def mutate(doc, _):
        target = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return mutate


ITEM = ("checklists", 0, "items", 0)
ORPHAN = ("orphans", 0)
MUTATIONS = [
    # (description, mutation, value, valid?)
    ("no format", _delete(("format",)), None, False),
    ("project is a number", _set(("project",)), 5, False),
    ("project too long", _set(("project",)), "x" * 201, False),
    ("site is null", _set(("site",)), None, False),
    ("exported not a timestamp", _set(("exported",)), "yesterday", False),
    ("exported null", _set(("exported",)), None, True),
    ("exported with offset", _set(("exported",)), "2026-11-22T10:00:00.5+02:00", True),
    ("checklists an object", _set(("checklists",)), {}, False),
    ("checklist extra key", _set(("checklists", 0, "extra")), 1, False),
    ("checklist id not a slug", _set(("checklists", 0, "id")), "Security", False),
    ("checklist version not semver", _set(("checklists", 0, "version")), "1.0", False),
    ("checklist missing url", _delete(("checklists", 0, "url")), None, False),
    ("items an object", _set(("checklists", 0, "items")), {}, False),
    ("item is a list", _set(("checklists", 0, "items", 0)), [], False),
    ("status unknown", _set(ITEM + ("status",)), "yes", False),
    ("status null", _set(ITEM + ("status",)), None, False),
    ("status a list", _set(ITEM + ("status",)), ["done"], False),
    ("severity upper case", _set(ITEM + ("severity",)), "MUST", False),
    ("note a number", _set(ITEM + ("note",)), 5, False),
    ("note too long", _set(ITEM + ("note",)), "n" * 2001, False),
    ("note at the limit", _set(ITEM + ("note",)), "n" * 2000, True),
    ("updated a date only", _set(ITEM + ("updated",)), "2026-11-22", False),
    ("updated a number", _set(ITEM + ("updated",)), 1790000000, False),
    ("id lower case", _set(ITEM + ("id",)), "sec-001", False),
    ("id a number", _set(ITEM + ("id",)), 1, False),
    ("item extra key", _set(ITEM + ("extra",)), "", False),
    ("item missing note", _delete(ITEM + ("note",)), None, False),
    ("title too long", _set(ITEM + ("title",)), "t" * 201, False),
    ("url too long", _set(ITEM + ("url",)), "u" * 501, False),
    ("na without note", _set(ITEM + ("status",)), "na", None),  # note is "argon2id": valid
    ("orphan missing updated", _delete(ORPHAN + ("updated",)), None, False),
    ("orphan without title and checklist", _delete(ORPHAN + ("title",)), None, True),
    ("orphan checklist a number", _set(ORPHAN + ("checklist",)), 5, False),
    ("orphan extra key", _set(ORPHAN + ("extra",)), 1, False),
    ("orphans null", _set(("orphans",)), None, False),
    ("top-level extra key", _set(("comment",)), "hi", False),
    ("$schema a number", _set(("$schema",)), 5, False),
    ("checklists contains a number", _set(("checklists",)), [5], False),
]


@pytest.mark.parametrize("description,mutate,value,valid", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_validator_agrees_with_the_published_schema(document, description, mutate, value, valid):
    doc = copy.deepcopy(document)
    mutate(doc, value)
    ours = validate_document(doc)
    theirs = schema_errors(doc)
    assert bool(ours) == bool(theirs), (ours, [e.message for e in theirs])
    if valid is not None:
        assert (not ours) is valid, ours


def test_na_needs_a_reason_in_both_validators(document):
    for note in ("", "   "):
        doc = copy.deepcopy(document)
        doc["checklists"][0]["items"][1].update(status="na", note=note)
        assert validate_document(doc) and schema_errors(doc)


def test_duplicate_items_and_checklists_are_rejected(document):
    doc = copy.deepcopy(document)
    doc["checklists"][0]["items"].append(copy.deepcopy(doc["checklists"][0]["items"][0]))
    assert any("SEC-001 appears twice" in e for e in validate_document(doc))
    doc = copy.deepcopy(document)
    doc["orphans"].append({"id": "SEC-001", "status": "done", "note": "", "updated": None})
    assert any("SEC-001 appears twice" in e for e in validate_document(doc))
    doc = copy.deepcopy(document)
    doc["checklists"].append(copy.deepcopy(doc["checklists"][0]))
    assert any("checklist \"security\" appears twice" in e for e in validate_document(doc))


# ---------------------------------------------------------------------------------------------
# Bad files through the command: one line, exit 2, file untouched


def _bad_files(document) -> dict[str, bytes]:
    wrong_types = copy.deepcopy(document)
    wrong_types["checklists"][0]["items"][1]["status"] = True
    duplicate = copy.deepcopy(document)
    duplicate["checklists"][0]["items"].append(copy.deepcopy(duplicate["checklists"][0]["items"][0]))
    other = copy.deepcopy(document)
    other["format"] = "todo-list/3"
    future = copy.deepcopy(document)
    future["format"] = "project-checklist/2"
    good = dumps(document)
    return {
        "not JSON": b"{ this is not json",
        "truncated JSON": good[: len(good) // 2].encode(),
        "empty": b"",
        "top level a list": b"[1, 2]\n",
        "other format": dumps(other).encode(),
        "no format": b'{"checklists": []}\n',
        "future version": dumps(future).encode(),
        "wrong types": dumps(wrong_types).encode(),
        "duplicate items": dumps(duplicate).encode(),
        "duplicate keys": good.replace('"project": "demo",', '"project": "demo",\n  "project": "other",').encode(),
        "non-UTF-8": good.encode().replace(b"argon2id", b"argon2\xff\xfeid"),
        "NaN": good.replace('"orphans": [', '"orphans": [NaN, ').encode(),
    }


EXPECTED = {
    "not JSON": "not valid JSON",
    "truncated JSON": "not valid JSON",
    "empty": "empty",
    "top level a list": "top level is a list",
    "other format": 'format is "todo-list/3"',
    "no format": "no \"format\"",
    "future version": "newer than this command understands",
    "wrong types": "\"status\" is a boolean",
    "duplicate items": "SEC-001 appears twice",
    "duplicate keys": "key 'project' appears twice",
    "non-UTF-8": "not UTF-8 text: byte 0xff at line",
    "NaN": "NaN is not allowed",
}


@pytest.mark.parametrize("command", [["status"], ["set", "{file}", "SEC-002", "done"], ["upgrade"]],
                         ids=["status", "set", "upgrade"])
@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_input_is_one_line_exit_2_and_file_untouched(handbook, document, tmp_path, command, case):
    data = _bad_files(document)[case]
    file = tmp_path / "project.json"
    file.write_bytes(data)
    before = os.stat(file)
    args = [a.replace("{file}", str(file)) for a in command] if "{file}" in command else command + [str(file)]
    result = invoke(args, handbook)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: {file}: ")
    assert EXPECTED[case] in lines[0]
    assert file.read_bytes() == data
    assert os.stat(file).st_mtime_ns == before.st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["handbook", "exported.json", "project.json"])


@pytest.mark.parametrize("command", [["status"], ["set", "{file}", "SEC-001", "done"], ["upgrade"]],
                         ids=["status", "set", "upgrade"])
def test_missing_file(handbook, tmp_path, command):
    file = tmp_path / "nope.json"
    args = [a.replace("{file}", str(file)) for a in command] if "{file}" in command else command + [str(file)]
    result = invoke(args, handbook)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {file}: no such file; create one with `checklist export -o FILE`"
    assert not file.exists()


@pytest.mark.parametrize("command", [["set", "{file}", "SEC-002", "done"], ["upgrade", "{file}"]], ids=["set", "upgrade"])
def test_read_only_file_is_refused(handbook, document, tmp_path, command):
    file = tmp_path / "project.json"
    file.write_text(dumps(document), encoding="utf-8")
    file.chmod(stat.S_IRUSR | stat.S_IRGRP)
    data = file.read_bytes()
    try:
        result = invoke([a.replace("{file}", str(file)) for a in command], handbook)
        assert result.exit_code == 2
        assert result.stderr.strip() == f"error: {file}: the file is read-only; make it writable (chmod u+w) and try again"
        assert file.read_bytes() == data
        assert stat.S_IMODE(file.stat().st_mode) == stat.S_IRUSR | stat.S_IRGRP
    finally:
        file.chmod(0o644)


def test_status_reads_a_read_only_file(handbook, document, tmp_path):
    file = tmp_path / "project.json"
    file.write_text(dumps(document), encoding="utf-8")
    file.chmod(0o444)
    try:
        assert invoke(["status", file], handbook).exit_code == 0
    finally:
        file.chmod(0o644)


def test_a_directory_is_not_a_project_file(handbook, tmp_path):
    result = invoke(["status", tmp_path], handbook)
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


def test_parse_error_messages_are_single_lines():
    with pytest.raises(DocumentError) as caught:
        parse_document(b'{"format": "project-checklist/1",\n "project": 1}')
    assert "\n" not in str(caught.value)
    assert "(and " in str(caught.value)  # several problems: the first, and a count of the rest


def test_a_utf8_bom_is_accepted(document):
    assert parse_document(b"\xef\xbb\xbf" + dumps(document).encode()) == document
