"""The project document: strict parsing against the published JSON Schema, every schema rule worded
for a person, and every kind of bad input as one clear line, exit 2, file untouched."""

from __future__ import annotations

import copy
import json
import os
import stat

import pytest
from jsonschema import Draft7Validator

from handbook_checklists.document.build import dumps
from handbook_checklists.document.state import DocumentError, parse_document, validate_document
from handbook_checklists.schemas import PROJECT_SCHEMA, load_schema
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


def test_exported_document_is_valid(document):
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


def _update(path):
    def mutate(doc, values):
        target = doc
        for key in path:
            target = target[key]
        target.update(values)
    return mutate


def _more_checklists(doc, count):
    doc["checklists"] += [copy.deepcopy(doc["checklists"][-1]) for _ in range(count)]


ITEM = ("checklists", 0, "items", 0)
ORPHAN = ("orphans", 0)
MUTATIONS = [
    # (description, mutation, value, the one message expected, or None for a valid document)
    ("no format", _delete(("format",)), None, 'missing required field "format"'),
    ("format another value", _set(("format",)), "project-checklist/0",
     '"format" must be "project-checklist/1", not "project-checklist/0"'),
    ("project is a number", _set(("project",)), 5, '"project" must be text, not a number'),
    ("project too long", _set(("project",)), "x" * 201, '"project" is 201 characters long; the limit is 200'),
    ("site is null", _set(("site",)), None, '"site" must be text, not null'),
    ("exported not a timestamp", _set(("exported",)), "yesterday",
     '"exported" is "yesterday"; expected an ISO 8601 timestamp like 2026-11-22T10:00:00Z'),
    ("exported null", _set(("exported",)), None, None),
    ("exported with offset", _set(("exported",)), "2026-11-22T10:00:00.5+02:00", None),
    ("checklists an object", _set(("checklists",)), {}, '"checklists" must be a list, not an object'),
    ("more than 200 checklists", _more_checklists, 199, '"checklists" has 201 entries; the limit is 200'),
    ("checklist extra key", _set(("checklists", 0, "extra")), 1,
     'checklist security: unknown field "extra"; allowed: id, items, title, url, version'),
    ("checklist id not a slug", _set(("checklists", 0, "id")), "Security",
     'checklist Security: "id" is "Security"; expected a lower-case slug like security'),
    ("checklist version not semver", _set(("checklists", 0, "version")), "1.0",
     'checklist security: "version" is "1.0"; expected a version like 1.2.0'),
    ("checklist missing url", _delete(("checklists", 0, "url")), None, 'checklist security: missing required field "url"'),
    ("items an object", _set(("checklists", 0, "items")), {}, 'checklist security: "items" must be a list, not an object'),
    ("item is a list", _set(("checklists", 0, "items", 0)), [],
     'checklist security items[0]: "items" must be an object, not a list'),
    ("status unknown", _set(ITEM + ("status",)), "yes", 'item SEC-001: "status" is "yes"; expected one of: todo, done, na'),
    ("status null", _set(ITEM + ("status",)), None, 'item SEC-001: "status" is null; expected one of: todo, done, na'),
    ("status a list", _set(ITEM + ("status",)), ["done"], 'item SEC-001: "status" is a list; expected one of: todo, done, na'),
    ("severity upper case", _set(ITEM + ("severity",)), "MUST",
     'item SEC-001: "severity" is "MUST"; expected one of: must, should, may'),
    ("note a number", _set(ITEM + ("note",)), 5, 'item SEC-001: "note" must be text, not a number'),
    ("note too long", _set(ITEM + ("note",)), "n" * 2001, 'item SEC-001: "note" is 2001 characters long; the limit is 2000'),
    ("note at the limit", _set(ITEM + ("note",)), "n" * 2000, None),
    ("updated a date only", _set(ITEM + ("updated",)), "2026-11-22",
     'item SEC-001: "updated" is "2026-11-22"; expected an ISO 8601 timestamp like 2026-11-22T10:00:00Z'),
    ("updated a number", _set(ITEM + ("updated",)), 1790000000, 'item SEC-001: "updated" must be text or null, not a number'),
    ("id lower case", _set(ITEM + ("id",)), "sec-001", 'item sec-001: "id" is "sec-001"; expected an item ID like SEC-001'),
    ("id a number", _set(ITEM + ("id",)), 1, 'checklist security items[0]: "id" must be text, not a number'),
    # jsonschema lets "$" match before a final newline; the compiled validator does not, and its error stands
    ("id with a final newline", _set(ITEM + ("id",)), "SEC-001\n",
     'checklist security items[0]: "id" is "SEC-001\\n"; expected an item ID like SEC-001'),
    ("item extra key", _set(ITEM + ("extra",)), "",
     'item SEC-001: unknown field "extra"; allowed: auto, id, note, section, severity, status, title, updated, url'),
    ("auto recorded", _set(ITEM + ("auto",)), {"result": "fail", "evidence": [{"file": "Dockerfile", "line": 3,
     "excerpt": "USER root", "message": "expected a non-root USER"}], "probe": "sha256:0123456789ab",
     "checked": "2026-11-22T10:00:00Z"}, None),
    ("auto evidence line 0", _set(ITEM + ("auto",)), {"result": "fail", "evidence": [{"file": "a", "line": 0}],
     "probe": "sha256:0123456789ab", "checked": "2026-11-22T10:00:00Z"}, 'item SEC-001: "line": 0 is less than the minimum of 1'),
    ("auto result unknown", _set(ITEM + ("auto",)), {"result": "maybe", "evidence": [],
     "probe": "sha256:0123456789ab", "checked": "2026-11-22T10:00:00Z"}, 'item SEC-001: "result" is "maybe"; expected one of: pass, fail, error'),
    ("item key misspelt", _set(ITEM + ("severty",)), "must", 'item SEC-001: unknown field "severty"; did you mean "severity"?'),
    ("item missing note", _delete(ITEM + ("note",)), None, 'item SEC-001: missing required field "note"'),
    ("title too long", _set(ITEM + ("title",)), "t" * 201, 'item SEC-001: "title" is 201 characters long; the limit is 200'),
    ("url too long", _set(ITEM + ("url",)), "u" * 501, 'item SEC-001: "url" is 501 characters long; the limit is 500'),
    ("na with a note", _set(ITEM + ("status",)), "na", None),  # the note is "argon2id"
    ("na with a blank note", _update(ITEM), {"status": "na", "note": " \t"},
     'item SEC-001: "note" is " \\t"; expected the reason the item does not apply, since its status is "na"'),
    ("na with an empty note", _update(ITEM), {"status": "na", "note": ""},
     'item SEC-001: "note" is ""; expected the reason the item does not apply, since its status is "na"'),
    ("na with a note that is not text", _update(ITEM), {"status": "na", "note": 5},
     'item SEC-001: "note" must be text, not a number'),  # two rules broken, one message
    ("orphan missing updated", _delete(ORPHAN + ("updated",)), None, 'orphan SEC-099: missing required field "updated"'),
    ("orphan without title and checklist", _delete(ORPHAN + ("title",)), None, None),
    ("orphan checklist a number", _set(ORPHAN + ("checklist",)), 5, 'orphan SEC-099: "checklist" must be text, not a number'),
    ("orphan extra key", _set(ORPHAN + ("extra",)), 1,
     'orphan SEC-099: unknown field "extra"; allowed: checklist, id, note, status, title, updated'),
    ("orphan na without a reason", _update(ORPHAN), {"status": "na"},
     'orphan SEC-099: "note" is ""; expected the reason the item does not apply, since its status is "na"'),
    ("orphans null", _set(("orphans",)), None, '"orphans" must be a list, not null'),
    ("top-level extra key", _set(("comment",)), "hi",
     'unknown field "comment"; allowed: $schema, checklists, exported, format, orphans, project, site'),
    ("$schema a number", _set(("$schema",)), 5, '"$schema" must be text, not a number'),
    ("checklists contains a number", _set(("checklists",)), [5], 'checklists[0]: "checklists" must be an object, not a number'),
]


@pytest.mark.parametrize("description,mutate,value,expected", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_each_schema_violation_is_one_worded_line(document, description, mutate, value, expected):
    doc = copy.deepcopy(document)
    mutate(doc, value)
    assert validate_document(doc) == ([] if expected is None else [expected])


# Keywords that only hold subschemas or annotations; every other keyword is a rule a document can break.
_NOT_RULES = {"$schema", "$id", "$ref", "title", "description", "definitions", "properties", "items", "allOf"}


def _keywords(schema: dict) -> set[str]:
    found = set(schema)
    subschemas = [*schema.get("properties", {}).values(), *schema.get("definitions", {}).values(),
                  *schema.get("allOf", []), *schema.get("oneOf", []),
                  *(schema[k] for k in ("items", "if", "then") if isinstance(schema.get(k), dict))]
    for subschema in subschemas:
        found |= _keywords(subschema)
    return found


def test_the_cases_above_break_every_rule_of_the_schema(document):
    """A rule added to the schema needs a case above, and so a wording checked by a person."""
    broken = set()
    for _, mutate, value, expected in MUTATIONS:
        if expected is not None:
            doc = copy.deepcopy(document)
            mutate(doc, value)
            for error in schema_errors(doc):
                for found in (error, *error.context):
                    broken.add(found.validator)
                    broken.update(k for k in ("if", "then") if "then" in found.absolute_schema_path)
    assert _keywords(load_schema(PROJECT_SCHEMA)) - _NOT_RULES - broken == set()


def test_messages_stay_short_for_long_values(document):
    doc = copy.deepcopy(document)
    doc["checklists"][0]["items"][0]["status"] = "x" * 10_000
    (message,) = validate_document(doc)
    assert len(message) < 200 and '"xxx' in message and '..."' in message


def test_duplicate_items_and_checklists_are_rejected(document):
    doc = copy.deepcopy(document)
    doc["checklists"][0]["items"].append(copy.deepcopy(doc["checklists"][0]["items"][0]))
    assert validate_document(doc) == ["item SEC-001 appears twice (in checklist security and in checklist security); keep one"]
    doc = copy.deepcopy(document)
    doc["orphans"].append({"id": "SEC-001", "status": "done", "note": "", "updated": None})
    assert validate_document(doc) == ["item SEC-001 appears twice (in checklist security and in orphans); keep one"]
    doc = copy.deepcopy(document)
    doc["checklists"].append(copy.deepcopy(doc["checklists"][0]))
    assert validate_document(doc)[0] == 'checklist "security" appears twice; keep one'


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
