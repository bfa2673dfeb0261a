"""Single-line fields hold one line: a value ending in a line break (or holding any control
character) is refused by both schemas, by Python's jsonschema and fastjsonschema alike, and the
patterns mean the same in JavaScript (where `$` never matches before a final newline, while
Python's does; every pattern therefore ends in `$(?!\\n)`)."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess

import fastjsonschema
import pytest
import yaml
from jsonschema import Draft7Validator

from handbook_checklists.catalog.handbook import Handbook
from handbook_checklists.document.state import DocumentError, parse_document
from handbook_checklists.schemas import CHECKLIST_SCHEMA, PROJECT_SCHEMA, PROJECT_SCHEMA_2, load_schema
from tests.support.handbooks import make_handbook

CHECKLIST = {
    "id": "demo", "prefix": "DEM", "title": "Demo", "version": "1.0.0", "description": "Tests.",
    "docs": ["topic/index.md"],
    "sections": [{"title": "Basics", "items": [
        {"id": "DEM-001", "title": "First item", "severity": "must", "why": "Because.", "tags": ["alpha"],
         "refs": ["topic/index.md#details", "https://example.com/x"], "check": {"path_exists": "README.md"},
         "how": "Do it.\n\n**Probe:** finds a README; evidence, not proof."},
        {"id": "DEM-002", "title": "Second item", "severity": "should", "why": "Because.",
         "check": {"files": "*.py", "contains": "x"}, "how": "**Probe:** finds an x; evidence, not proof."},
    ]}],
    "retired": [{"id": "DEM-003", "title": "Old", "reason": "Merged.", "replaced_by": "DEM-001"}],
}

#: Every single-line field of the checklist format, by its path in CHECKLIST.
CHECKLIST_LINES = [
    ("id",), ("prefix",), ("title",), ("version",), ("docs", 0),
    ("sections", 0, "title"),
    ("sections", 0, "items", 0, "id"), ("sections", 0, "items", 0, "title"),
    ("sections", 0, "items", 0, "tags", 0), ("sections", 0, "items", 0, "refs", 0),
    ("sections", 0, "items", 0, "refs", 1), ("sections", 0, "items", 0, "check", "path_exists"),
    ("sections", 0, "items", 1, "check", "files"),
    ("retired", 0, "id"), ("retired", 0, "title"), ("retired", 0, "replaced_by"),
]

PROJECT = {
    "$schema": "https://hb.example/schemas/project-checklist.schema.json", "format": "project-checklist/1",
    "project": "payments", "site": "https://hb.example/", "exported": "2026-11-22T10:00:00Z",
    "checklists": [{"id": "demo", "title": "Demo", "version": "1.0.0", "url": "https://hb.example/checklists/demo/",
                    "items": [{"id": "DEM-001", "section": "Basics", "title": "First item", "severity": "must",
                               "url": "https://hb.example/c/DEM-001/", "status": "done", "note": "",
                               "updated": "2026-11-22T10:00:00Z"}]}],
    "orphans": [{"id": "DEM-009", "checklist": "demo", "title": "Gone", "status": "done", "note": "",
                 "updated": "2026-11-22T10:00:00Z"}],
}

PROJECT_LINES = [
    ("$schema",), ("project",), ("site",), ("exported",),
    ("checklists", 0, "id"), ("checklists", 0, "title"), ("checklists", 0, "version"), ("checklists", 0, "url"),
    ("checklists", 0, "items", 0, "id"), ("checklists", 0, "items", 0, "section"),
    ("checklists", 0, "items", 0, "title"), ("checklists", 0, "items", 0, "url"),
    ("checklists", 0, "items", 0, "updated"),
    ("orphans", 0, "id"), ("orphans", 0, "checklist"), ("orphans", 0, "title"), ("orphans", 0, "updated"),
]

PROJECT_2 = {
    "$schema": "https://hb.example/schemas/project-checklist-2.schema.json", "format": "project-checklist/2",
    "project": "payments", "site": "https://hb.example/", "exported": "2026-11-22T10:00:00Z",
    "checklists": [{"id": "demo", "title": "Demo", "version": "1.0.0", "url": "https://hb.example/checklists/demo/",
                    "items": ["DEM-001"]}],
    "items": [{"id": "DEM-001", "checklist": "demo", "section": "Basics", "title": "First item", "severity": "must",
               "url": "https://hb.example/c/DEM-001/", "status": "todo", "note": "", "updated": "2026-11-22T10:00:00Z",
               "waiver": {"reason": "vendor", "owner": "alice", "until": "2027-01-31"}}],
    "orphans": [{"id": "DEM-009", "checklist": "demo", "title": "Gone", "status": "done", "note": "",
                 "updated": "2026-11-22T10:00:00Z"}],
}

PROJECT_2_LINES = [
    ("$schema",), ("project",), ("site",), ("exported",),
    ("checklists", 0, "id"), ("checklists", 0, "title"), ("checklists", 0, "version"), ("checklists", 0, "url"),
    ("checklists", 0, "items", 0), ("items", 0, "id"), ("items", 0, "checklist"), ("items", 0, "section"),
    ("items", 0, "title"), ("items", 0, "url"), ("items", 0, "updated"),
    ("items", 0, "waiver", "owner"), ("items", 0, "waiver", "reason"), ("items", 0, "waiver", "until"),
    ("orphans", 0, "id"), ("orphans", 0, "checklist"), ("orphans", 0, "title"), ("orphans", 0, "updated"),
]

BREAKS = ["\n", "\r\n", "\r", "\u2028", "\x00"]


def _with(document: dict, path: tuple, suffix: str) -> dict:
    changed = copy.deepcopy(document)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] += suffix
    return changed


def _label(path: tuple) -> str:
    return ".".join(str(p) for p in path)


def test_the_unchanged_documents_are_valid(tmp_path):
    result = Handbook.at(make_handbook(tmp_path, checklists={"demo.yml": yaml.safe_dump(CHECKLIST)})).load()
    assert result.ok, [str(d) for d in result.diagnostics]
    assert parse_document(json.dumps(PROJECT)) == PROJECT


@pytest.mark.parametrize("path", CHECKLIST_LINES, ids=_label)
def test_a_trailing_newline_in_a_checklist_line_is_refused(tmp_path, path):
    text = yaml.safe_dump(_with(CHECKLIST, path, "\n"))
    result = Handbook.at(make_handbook(tmp_path, checklists={"demo.yml": text})).load()
    assert not result.ok
    assert Draft7Validator(load_schema(CHECKLIST_SCHEMA)).is_valid(_with(CHECKLIST, path, "\n")) is False


def test_a_trailing_newline_in_a_title_is_worded(tmp_path):
    text = yaml.safe_dump(_with(CHECKLIST, ("sections", 0, "items", 0, "title"), "\n"))
    result = Handbook.at(make_handbook(tmp_path, checklists={"demo.yml": text})).load()
    assert [d.message for d in result.diagnostics] == [
        "'title' is 'First item\\n'; expected one line of text, without line breaks or control characters"]


@pytest.mark.parametrize("suffix", BREAKS, ids=repr)
@pytest.mark.parametrize("path", PROJECT_LINES, ids=_label)
def test_a_line_break_in_a_project_document_line_is_refused(path, suffix):
    document = _with(PROJECT, path, suffix)
    with pytest.raises(DocumentError):
        parse_document(json.dumps(document))
    assert Draft7Validator(load_schema(PROJECT_SCHEMA)).is_valid(document) is False


@pytest.mark.parametrize("suffix", BREAKS, ids=repr)
@pytest.mark.parametrize("path", PROJECT_2_LINES, ids=_label)
def test_a_line_break_in_a_format_2_line_is_refused(path, suffix):
    assert parse_document(json.dumps(PROJECT_2)) == PROJECT_2
    document = _with(PROJECT_2, path, suffix)
    with pytest.raises(DocumentError):
        parse_document(json.dumps(document))
    assert Draft7Validator(load_schema(PROJECT_SCHEMA_2)).is_valid(document) is False


def test_notes_may_still_span_lines():
    document = copy.deepcopy(PROJECT)
    document["checklists"][0]["items"][0]["note"] = "two\nlines\n"
    assert parse_document(json.dumps(document)) == document


def _patterns(node) -> list[str]:
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in ([v] if k == "pattern" else _patterns(v))]
    if isinstance(node, list):
        return [p for v in node for p in _patterns(v)]
    return []


PATTERNS = sorted(set(_patterns(load_schema(CHECKLIST_SCHEMA)) + _patterns(load_schema(PROJECT_SCHEMA))
                      + _patterns(load_schema(PROJECT_SCHEMA_2))))
SAMPLES = ["", "x", " ", "Demo", "DEM-001", "demo", "1.0.0", "DEM", "a/b.md#c", "https://x.example/a", "*.py",
           "2026-11-22T10:00:00Z", "t\u00e9xt `code`", "\ufeff", "\u00a0x\u00a0", "\x1c",
           "\x85", "\u3000"]
SAMPLES += [s + b for s in SAMPLES[1:] for b in BREAKS] + [b + s for s in SAMPLES[1:4] for b in BREAKS]


def _python_verdicts() -> dict:
    import re

    return {p: [bool(re.search(p, s)) for s in SAMPLES] for p in PATTERNS}


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the JavaScript regular expressions")
def test_python_and_javascript_agree_on_every_pattern():
    script = ("const [patterns, samples] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "const out = {}; for (const p of patterns) out[p] = samples.map(s => new RegExp(p).test(s));"
              "process.stdout.write(JSON.stringify(out));")
    result = subprocess.run(["node", "-e", script], input=json.dumps([PATTERNS, SAMPLES]), capture_output=True,
                            text=True, timeout=60, check=True)
    assert json.loads(result.stdout) == _python_verdicts()


def test_jsonschema_and_fastjsonschema_agree_on_every_pattern():
    for pattern in PATTERNS:
        check = fastjsonschema.compile({"type": "string", "pattern": pattern})
        for sample in SAMPLES:
            try:
                check(sample)
                fast = True
            except fastjsonschema.JsonSchemaValueException:
                fast = False
            assert Draft7Validator({"type": "string", "pattern": pattern}).is_valid(sample) == fast, (pattern, sample)
