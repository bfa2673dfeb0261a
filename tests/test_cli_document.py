"""The project document: strict parsing against the published JSON Schema of its format (/2, and the
older /1 that is still read), every schema rule worded for a person, and every kind of bad input as
one clear line, exit 2, file untouched."""

from __future__ import annotations

import copy
import json
import os
import stat

import pytest
from jsonschema import Draft7Validator

from handbook_checklists.document.build import dumps
from handbook_checklists.document.state import DocumentError, parse_document, validate_document
from handbook_checklists.schemas import PROJECT_SCHEMA, PROJECT_SCHEMA_2, load_schema
from tests.support.cli import invoke



@pytest.fixture
def document(handbook, tmp_path) -> dict:
    """An exported document with some state and one orphan."""
    out = tmp_path / "exported.json"
    assert invoke(["export", "-c", "security", "-c", "review", "--project", "demo", "-o", out], handbook).exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["format"] == "project-checklist/2"
    items = doc["items"]
    assert items[0]["id"] == "SEC-001" and items[0]["checklist"] == "security"
    items[0].update(status="done", note="argon2id", updated="2026-11-22T10:00:00Z")
    items[2].update(status="na", note="internal service", updated="2026-11-22T10:00:00+01:00")
    doc["orphans"] = [{"id": "SEC-099", "checklist": "security", "title": "Gone", "status": "done", "note": "",
                       "updated": None}]
    return doc


def as_v1(document: dict) -> dict:
    """The same state in format project-checklist/1: each checklist holding its items (no ID is
    listed twice in these fixtures)."""
    items = {item["id"]: {k: v for k, v in item.items() if k not in ("checklist", "waiver", "auto")}
             for item in document["items"]}
    out = {k: v for k, v in document.items() if k != "items"}
    out.update({"$schema": document["$schema"].replace("-2.schema", ".schema"), "format": "project-checklist/1",
                "checklists": [{**c, "items": [items[i] for i in c["items"]]} for c in document["checklists"]]})
    return out


@pytest.fixture
def document_v1(document) -> dict:
    return as_v1(document)


def schema_errors(doc, name=PROJECT_SCHEMA_2) -> list:
    return list(Draft7Validator(load_schema(name)).iter_errors(doc))


def test_exported_document_is_valid(document, document_v1):
    assert validate_document(document) == []
    assert schema_errors(document) == []
    assert parse_document(dumps(document)) == document
    assert validate_document(document_v1) == []
    assert schema_errors(document_v1, PROJECT_SCHEMA) == []
    assert parse_document(dumps(document_v1)) == document_v1


def _at(doc, path: tuple):
    """The value at `path` (keys and indexes) inside `doc`."""
    for key in path:
        doc = doc[key]
    return doc


def _set(path):
    def mutate(doc, value):
        _at(doc, path[:-1])[path[-1]] = value
    return mutate


def _delete(path):
    def mutate(doc, _):
        del _at(doc, path[:-1])[path[-1]]
    return mutate


def _update(path):
    def mutate(doc, values):
        _at(doc, path).update(values)
    return mutate


def _more_checklists(doc, count):
    doc["checklists"] += [copy.deepcopy(doc["checklists"][-1]) for _ in range(count)]


ITEM = ("items", 0)
ORPHAN = ("orphans", 0)
#: Document rules worded the same in both formats: the project, site, export time and checklist entries.
PROJECT_RULES = [
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
]


def item_rules(item: tuple, at: str, item_fields: str, orphan_fields: str, top_fields: str) -> list[tuple]:
    """The item, orphan and document-level rules both formats share, for the item at path `item` (named `at` where
    its ID cannot be read) and the fields each level allows in that format."""
    return [
        ("status unknown", _set(item + ("status",)), "yes", 'item SEC-001: "status" is "yes"; expected one of: todo, done, na'),
        ("status null", _set(item + ("status",)), None, 'item SEC-001: "status" is null; expected one of: todo, done, na'),
        ("status a list", _set(item + ("status",)), ["done"], 'item SEC-001: "status" is a list; expected one of: todo, done, na'),
        ("severity upper case", _set(item + ("severity",)), "MUST",
         'item SEC-001: "severity" is "MUST"; expected one of: must, should, may'),
        ("note a number", _set(item + ("note",)), 5, 'item SEC-001: "note" must be text, not a number'),
        ("note too long", _set(item + ("note",)), "n" * 2001, 'item SEC-001: "note" is 2001 characters long; the limit is 2000'),
        ("note at the limit", _set(item + ("note",)), "n" * 2000, None),
        ("updated a date only", _set(item + ("updated",)), "2026-11-22",
         'item SEC-001: "updated" is "2026-11-22"; expected an ISO 8601 timestamp like 2026-11-22T10:00:00Z'),
        ("updated a number", _set(item + ("updated",)), 1790000000, 'item SEC-001: "updated" must be text or null, not a number'),
        ("id lower case", _set(item + ("id",)), "sec-001", 'item sec-001: "id" is "sec-001"; expected an item ID like SEC-001'),
        ("id a number", _set(item + ("id",)), 1, f'{at}: "id" must be text, not a number'),
        # jsonschema lets "$" match before a final newline; the compiled validator does not, and its error stands
        ("id with a final newline", _set(item + ("id",)), "SEC-001\n",
         f'{at}: "id" is "SEC-001\\n"; expected an item ID like SEC-001'),
        ("item extra key", _set(item + ("extra",)), "",
         f'item SEC-001: unknown field "extra"; allowed: {item_fields}'),
        ("item key misspelt", _set(item + ("severty",)), "must", 'item SEC-001: unknown field "severty"; did you mean "severity"?'),
        ("item missing note", _delete(item + ("note",)), None, 'item SEC-001: missing required field "note"'),
        ("title too long", _set(item + ("title",)), "t" * 201, 'item SEC-001: "title" is 201 characters long; the limit is 200'),
        ("url too long", _set(item + ("url",)), "u" * 501, 'item SEC-001: "url" is 501 characters long; the limit is 500'),
        ("na with a note", _set(item + ("status",)), "na", None),  # the note is "argon2id"
        ("na with a blank note", _update(item), {"status": "na", "note": " \t"},
         'item SEC-001: "note" is " \\t"; expected the reason the item does not apply, since its status is "na"'),
        ("na with an empty note", _update(item), {"status": "na", "note": ""},
         'item SEC-001: "note" is ""; expected the reason the item does not apply, since its status is "na"'),
        ("na with a note that is not text", _update(item), {"status": "na", "note": 5},
         'item SEC-001: "note" must be text, not a number'),  # two rules broken, one message
        ("orphan missing updated", _delete(ORPHAN + ("updated",)), None, 'orphan SEC-099: missing required field "updated"'),
        ("orphan without title and checklist", _delete(ORPHAN + ("title",)), None, None),
        ("orphan checklist a number", _set(ORPHAN + ("checklist",)), 5, 'orphan SEC-099: "checklist" must be text, not a number'),
        ("orphan extra key", _set(ORPHAN + ("extra",)), 1,
         f'orphan SEC-099: unknown field "extra"; allowed: {orphan_fields}'),
        ("orphan na without a reason", _update(ORPHAN), {"status": "na"},
         'orphan SEC-099: "note" is ""; expected the reason the item does not apply, since its status is "na"'),
        ("orphans null", _set(("orphans",)), None, '"orphans" must be a list, not null'),
        ("top-level extra key", _set(("comment",)), "hi",
         f'unknown field "comment"; allowed: {top_fields}'),
        ("$schema a number", _set(("$schema",)), 5, '"$schema" must be text, not a number'),
        ("checklists contains a number", _set(("checklists",)), [5], 'checklists[0]: "checklists" must be an object, not a number'),
    ]


MUTATIONS = [
    # (description, mutation, value, the one message expected, or None for a valid document)
    ("no format", _delete(("format",)), None, 'missing required field "format"'),
    ("format another value", _set(("format",)), "project-checklist/0",
     '"format" must be "project-checklist/2", not "project-checklist/0"'),
    ("listed ID is a list", _set(("checklists", 0, "items", 0)), [],
     'checklist security items[0]: "items" must be text, not a list'),
    ("listed ID lower case", _set(("checklists", 0, "items", 0)), "sec-001",
     'checklist security items[0]: "items" is "sec-001"; expected an item ID like SEC-001'),
    ("items an object", _set(("items",)), {}, '"items" must be a list, not an object'),
    ("item is a list", _set(("items", 0)), [], 'items[0]: "items" must be an object, not a list'),
    ("item checklist not a slug", _set(ITEM + ("checklist",)), "Security",
     'item SEC-001: "checklist" is "Security"; expected a lower-case slug like security'),
    ("item without its checklist", _delete(ITEM + ("checklist",)), None, 'item SEC-001: missing required field "checklist"'),
    ("waiver", _set(ITEM + ("waiver",)), {"reason": "vendor migration", "owner": "alice", "until": "2027-01-31"}, None),
    ("waiver without an owner", _set(ITEM + ("waiver",)), {"reason": "vendor migration", "until": "2027-01-31"},
     'item SEC-001: missing required field "owner"'),
    ("waiver with an empty reason", _set(ITEM + ("waiver",)), {"reason": "", "owner": "alice", "until": "2027-01-31"},
     'item SEC-001: "reason" must not be empty'),
    ("waiver reason too long", _set(ITEM + ("waiver",)), {"reason": "r" * 501, "owner": "alice", "until": "2027-01-31"},
     'item SEC-001: "reason" is 501 characters long; the limit is 500'),
    ("waiver owner too long", _set(ITEM + ("waiver",)), {"reason": "r", "owner": "o" * 101, "until": "2027-01-31"},
     'item SEC-001: "owner" is 101 characters long; the limit is 100'),
    ("waiver until a timestamp", _set(ITEM + ("waiver",)), {"reason": "r", "owner": "o", "until": "2027-01-31T00:00:00Z"},
     'item SEC-001: "until" is "2027-01-31T00:00:00Z"; expected a date like 2027-01-31'),
    ("waiver until not a real date", _set(ITEM + ("waiver",)), {"reason": "r", "owner": "o", "until": "2027-02-30"},
     'item SEC-001: "until" is "2027-02-30"; expected a date like 2027-01-31'),
    ("waiver extra key", _set(ITEM + ("waiver",)), {"reason": "r", "owner": "o", "until": "2027-01-31", "by": "x"},
     'item SEC-001: unknown field "by"; allowed: owner, reason, until'),
    ("orphan waiver", _set(ORPHAN + ("waiver",)), {"reason": "r", "owner": "o", "until": "2027-01-31"}, None),
    ("auto with more fields", _set(ITEM + ("auto",)),
     {"result": "pass", "evidence": [{"file": "a.py", "line": 3}], "probe": "sha256:0123456789ab",
      "checked": "2026-11-22T10:00:00Z", "runner": "ci"}, None),
    ("auto result unknown", _set(ITEM + ("auto",)), {"result": "maybe"},
     'item SEC-001: "result" is "maybe"; expected one of: pass, fail, error'),
    ("auto not an object", _set(ITEM + ("auto",)), "pass", 'item SEC-001: "auto" must be an object, not text'),
    ("auto without a result", _set(ITEM + ("auto",)), {}, 'item SEC-001: missing required field "result"'),
    ("auto evidence not a list", _set(ITEM + ("auto",)), {"result": "fail", "evidence": {}},
     'item SEC-001: "evidence" must be a list, not an object'),
    ("auto evidence too long", _set(ITEM + ("auto",)), {"result": "fail", "evidence": [{}] * 1001},
     'item SEC-001: "evidence" has 1001 entries; the limit is 1000'),
    ("auto probe too long", _set(ITEM + ("auto",)), {"result": "fail", "probe": "p" * 201},
     'item SEC-001: "probe" is 201 characters long; the limit is 200'),
    ("local twice", _set(("local",)), ["team", "team"], '"local" lists the same entry twice'),
    ("local leaves the folder", _set(("local",)), ["../team"],
     '"local" is "../team"; expected a folder relative to the document\'s, like team-checklists (no . or ..)'),
    ("local too many", _set(("local",)), [f"t{n}" for n in range(21)], '"local" has 21 entries; the limit is 20'),
    ("local empty entry", _set(("local",)), [""],
     '"local" is ""; expected a folder relative to the document\'s, like team-checklists (no . or ..)'),
] + PROJECT_RULES + item_rules(
    ITEM, "items[0]", "auto, checklist, id, note, section, severity, status, title, updated, url, waiver",
    "checklist, id, note, status, title, updated, waiver",
    "$schema, checklists, exported, format, items, local, orphans, project, site")




ITEM_V1 = ("checklists", 0, "items", 0)
#: The same rules in format project-checklist/1 (still read); the document-level ones are checked in /2 only.
MUTATIONS_V1 = [
    # (description, mutation, value, the one message expected, or None for a valid document)
    ("item is a list", _set(("checklists", 0, "items", 0)), [],
     'checklist security items[0]: "items" must be an object, not a list'),
    ("auto recorded", _set(ITEM_V1 + ("auto",)), {"result": "fail", "evidence": [{"file": "Dockerfile", "line": 3,
     "excerpt": "USER root", "message": "expected a non-root USER"}], "probe": "sha256:0123456789ab",
     "checked": "2026-11-22T10:00:00Z"}, None),
    ("auto evidence line 0", _set(ITEM_V1 + ("auto",)), {"result": "fail", "evidence": [{"file": "a", "line": 0}],
     "probe": "sha256:0123456789ab", "checked": "2026-11-22T10:00:00Z"}, 'item SEC-001: "line": 0 is less than the minimum of 1'),
    ("auto result unknown", _set(ITEM_V1 + ("auto",)), {"result": "maybe", "evidence": [],
     "probe": "sha256:0123456789ab", "checked": "2026-11-22T10:00:00Z"}, 'item SEC-001: "result" is "maybe"; expected one of: pass, fail, error'),
] + PROJECT_RULES + item_rules(
    ITEM_V1, "checklist security items[0]", "auto, id, note, section, severity, status, title, updated, url",
    "checklist, id, note, status, title, updated", "$schema, checklists, exported, format, orphans, project, site")


@pytest.mark.parametrize("description,mutate,value,expected", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_each_schema_violation_is_one_worded_line(document, description, mutate, value, expected):
    doc = copy.deepcopy(document)
    mutate(doc, value)
    assert validate_document(doc) == ([] if expected is None else [expected])


@pytest.mark.parametrize("description,mutate,value,expected", MUTATIONS_V1, ids=[m[0] for m in MUTATIONS_V1])
def test_each_schema_violation_of_format_1_is_one_worded_line(document_v1, description, mutate, value, expected):
    doc = copy.deepcopy(document_v1)
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


@pytest.mark.parametrize("name", [PROJECT_SCHEMA_2, PROJECT_SCHEMA])
def test_the_cases_above_break_every_rule_of_the_schema(document, document_v1, name):
    """A rule added to a schema needs a case above, and so a wording checked by a person (format 1's
    `format` rule is checked with format 2's: a document of no known format meets the current schema)."""
    broken = {"const"} if name == PROJECT_SCHEMA else set()
    base, mutations = (document, MUTATIONS) if name == PROJECT_SCHEMA_2 else (document_v1, MUTATIONS_V1)
    for _, mutate, value, expected in mutations:
        if expected is not None:
            doc = copy.deepcopy(base)
            mutate(doc, value)
            for error in schema_errors(doc, name):
                for found in (error, *error.context):
                    broken.add(found.validator)
                    broken.update(k for k in ("if", "then") if "then" in found.absolute_schema_path)
    assert _keywords(load_schema(name)) - _NOT_RULES - broken == set()


def test_messages_stay_short_for_long_values(document):
    doc = copy.deepcopy(document)
    doc["items"][0]["status"] = "x" * 10_000
    (message,) = validate_document(doc)
    assert len(message) < 200 and '"xxx' in message and '..."' in message


def _copy_first(path: tuple):
    """A mutation that appends a copy of the first entry of the list at `path`."""
    def mutate(doc):
        target = _at(doc, path)
        target.append(copy.deepcopy(target[0]))
    return mutate


ORPHAN_SEC_001 = {"id": "SEC-001", "status": "done", "note": "", "updated": None}
#: (fixture, description, mutation, the messages expected) for the rules that span entries: each ID and checklist
#: once, and in format 2 every listed ID with one entry in "items" and every entry listed.
MEMBERSHIP = [
    ("document_v1", "an item twice in a checklist", _copy_first(("checklists", 0, "items")),
     ["item SEC-001 appears twice (in checklist security and in checklist security); keep one"]),
    ("document_v1", "an item and an orphan with one ID", lambda doc: doc["orphans"].append(dict(ORPHAN_SEC_001)),
     ["item SEC-001 appears twice (in checklist security and in orphans); keep one"]),
    ("document_v1", "a checklist twice", _copy_first(("checklists",)), ['checklist "security" appears twice; keep one']),
    ("document", "an entry twice in items", _copy_first(("items",)),
     ["item SEC-001 appears twice (in items and in items); keep one"]),
    ("document", "an entry and an orphan with one ID", lambda doc: doc["orphans"].append(dict(ORPHAN_SEC_001)),
     ["item SEC-001 appears twice (in items and in orphans); keep one"]),
    ("document", "a checklist twice", _copy_first(("checklists",)), ['checklist "security" appears twice; keep one']),
    ("document", "an ID listed twice", lambda doc: doc["checklists"][0]["items"].append("SEC-001"),
     ["checklist security: item SEC-001 is listed twice; keep one"]),
    ("document", "a listed ID without an entry", lambda doc: doc["items"].pop(1),
     ['checklist security: item SEC-002 is listed but has no entry in "items"; add one or take it off the list']),
    ("document", "an entry no checklist lists", lambda doc: doc["checklists"][0]["items"].remove("SEC-002"),
     ['item SEC-002 is in "items" but no checklist lists it; add it to a checklist\'s list or remove it']),
    ("document", "one ID listed by two checklists is one item", lambda doc: doc["checklists"][1]["items"].append("SEC-001"), []),
]


@pytest.mark.parametrize("fixture,description,mutate,expected", MEMBERSHIP, ids=[f"{m[0]}: {m[1]}" for m in MEMBERSHIP])
def test_membership_rules(request, fixture, description, mutate, expected):
    doc = copy.deepcopy(request.getfixturevalue(fixture))
    mutate(doc)
    found = validate_document(doc)
    # a checklist twice also repeats each of its items; the first message names the root cause
    assert (found[:1] if expected and expected[0].startswith("checklist \"") else found) == expected


# ---------------------------------------------------------------------------------------------
# Bad files through the command: one line, exit 2, file untouched


def _bad_files(document) -> dict[str, bytes]:
    wrong_types = copy.deepcopy(document)
    wrong_types["items"][1]["status"] = True
    duplicate = copy.deepcopy(document)
    duplicate["items"].append(copy.deepcopy(duplicate["items"][0]))
    other = copy.deepcopy(document)
    other["format"] = "todo-list/3"
    future = copy.deepcopy(document)
    future["format"] = "project-checklist/3"
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
    "future version": "format 'project-checklist/3' is newer than this command understands (project-checklist/2)",
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


@pytest.mark.parametrize("command", [["set", "{file}", "SEC-002", "done"],
                                     ["waive", "{file}", "SEC-002", "--owner", "a", "--until", "2027-01-31", "--reason", "r"]],
                         ids=["set", "waive"])
def test_a_write_to_a_format_1_file_is_refused(handbook, document_v1, tmp_path, command):
    """A write never changes the format behind the team's back: upgrade first."""
    file = tmp_path / "project.json"
    file.write_text(dumps(document_v1), encoding="utf-8")
    data = file.read_bytes()
    result = invoke([a.replace("{file}", str(file)) for a in command], handbook)
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"error: {file}: this file is project-checklist/1; "
                                      f"run `checklist upgrade {file}` first")
    assert file.read_bytes() == data


def test_status_reads_a_format_1_file_and_suggests_upgrade(handbook, document, document_v1, tmp_path):
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(dumps(document_v1), encoding="utf-8")
    new.write_text(dumps(document), encoding="utf-8")
    was, now = invoke(["status", old], handbook), invoke(["status", new], handbook)
    assert was.exit_code == now.exit_code == 0
    assert was.stdout == now.stdout
    assert f"run `checklist upgrade {old}`" in was.stderr and "project-checklist/1" in was.stderr
    assert now.stderr == ""
    json_old = invoke(["status", old, "--format", "json"], handbook)
    assert json.loads(json_old.stdout) == json.loads(invoke(["status", new, "--format", "json"], handbook).stdout)
