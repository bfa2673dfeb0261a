"""The golden project-document cases (tests/golden/documents/, described in tests/support/golden.py
and docs/reference/project-document.md) run against the Python engine. The same folders run against
the checklist page in tests/browser/test_golden_documents.py: a new case is one new folder, and both
sides must pass it."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from handbook_checklists.document.build import dumps
from handbook_checklists.document.state import DocumentError, parse_document, upgrade_document
from handbook_checklists.model.urls import Links
from tests.support.golden import SITE, Case, catalog, cases, run_engine

CASES = cases()


def test_there_are_cases_of_every_kind():
    assert len([c for c in CASES if c.error]) >= 10 and len([c for c in CASES if c.expected]) >= 10
    assert any(c.browser_state for c in CASES)
    for case in CASES:
        assert (case.error is None) != (case.expected is None), f"{case.name}: needs expected.json or error.txt"
        assert case.catalog_dir.is_dir(), case.name


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_engine(case: Case):
    if case.error is not None:
        with pytest.raises(DocumentError) as refused:
            run_engine(case)
        assert case.error in str(refused.value)
        return
    document, summary = run_engine(case)
    assert document == case.expected
    for key, value in (case.summary or {}).items():
        assert json.loads(json.dumps(getattr(summary, key))) == value, key
    # what the page writes, the command reads, and upgrading it again changes nothing
    again, later = upgrade_document(parse_document(dumps(case.expected)), catalog(case.catalog_dir), Links(SITE))
    assert again == case.expected and not later.changed


def _states(document: dict) -> dict:
    """{ID: state} of every entry with state (a tick, a note, an update time or a waiver), either format."""
    if document["format"] == "project-checklist/1":
        entries = [i for c in document["checklists"] for i in c["items"]]
    else:
        entries = list(document["items"])
    found = {}
    for entry in entries + document["orphans"]:
        state = {k: entry.get(k) for k in ("status", "note", "updated", "waiver")}
        if state["status"] != "todo" or state["note"] or state["updated"] or state["waiver"]:
            found[entry["id"]] = state
    return found


@pytest.mark.parametrize("case", [c for c in CASES if c.expected and c.browser_state is None], ids=lambda c: c.name)
def test_no_tick_note_or_waiver_is_lost(case: Case):
    """Every state of the input is in the output: at its ID (an item or an orphan), or moved to a
    retired ID's replacement as the summary says."""
    before, after = _states(parse_document(case.input)), _states(case.expected)
    moved = {old: new for old, new, _ in (case.summary or {}).get("moved", [])}
    for item_id, state in before.items():
        kept = after.get(moved.get(item_id, item_id))
        assert kept is not None, f"{item_id}: its state is gone"
        if item_id in moved.values():  # a todo replacement took a retired item's tick; its own note stays
            assert state["note"] in (kept["note"], ""), item_id
            continue
        assert kept["status"] == state["status"] and kept["updated"] == state["updated"], item_id
        assert state["note"] in (kept["note"], "") and (state["waiver"] in (kept["waiver"], None)), item_id
    assert case.expected["format"] == "project-checklist/2"


@pytest.mark.parametrize("schema,module", [("project-checklist.schema.json", "project-checklist-validate.js"),
                                           ("project-checklist-2.schema.json", "project-checklist-2-validate.js")])
def test_the_vendored_validator_was_generated_from_the_published_schema(schema, module):
    repo = Path(__file__).resolve().parents[1]
    text = (repo / "src/handbook_checklists/schemas" / schema).read_bytes()
    version = (repo / "overrides/assets/vendor/ajv/VERSION").read_text(encoding="utf-8")
    recorded = re.search(rf"for {re.escape(schema)} sha256 ([0-9a-f]{{64}}) -> {re.escape(module)}", version)
    assert recorded, f"VERSION does not name {schema}: regenerate overrides/assets/vendor/ajv/ (see its VERSION file)"
    assert recorded.group(1) == hashlib.sha256(text).hexdigest(), \
        "the schema changed: regenerate overrides/assets/vendor/ajv/ (see its VERSION file)"
    assert (repo / "overrides/assets/vendor/ajv" / module).is_file()
