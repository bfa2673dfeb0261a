"""A team's project checklist document (docs/reference/project-document.md): parse it strictly,
summarise progress, and bring it up to date with the handbook without ever losing a tick or a note.

This is the one place the document's rules live in Python; the `checklist` command and the tests
share it (the checklist pages implement the same rules in JavaScript: overrides/assets/checklist.js).
The document's shape is checked against the published schemas/project-checklist.schema.json, as the
checklist loader checks its YAML (catalog/schema_check.py): a valid document passes the compiled fastjsonschema validator, and only an
invalid one is walked by jsonschema (imported then, not before: it needs seconds for a 10,000-item
document, and the CI gate must answer in well under one) to word every violation. The rules the
schema cannot state, each ID once per document, are small functions here.

Merge rules (upgrade, import; docs/reference/project-document.md "Upgrade and import rules"):

1. Items are matched by ID; a matched item keeps its status, note and updated time, and takes the
   current title, section, severity and URL from the handbook.
2. State for a retired ID moves to its final replacement when that item is in the document and still
   `todo` (and its note is empty or the same); otherwise the state stays as an orphan.
3. State for any other ID that is no longer in the document's checklists becomes an orphan, and is
   matched again on every later upgrade (an orphan whose item comes back is restored).
4. An item with no state at all (todo, no note, never updated) that leaves the document is dropped,
   and the summary says so. Nothing else is ever dropped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache

import fastjsonschema

from handbook_checklists.catalog.collector import collector_paused
from handbook_checklists.catalog.schema_check import Wording, fast_validator, schema_messages, schema_validator
from handbook_checklists.document.build import FORMAT, STATUSES
from handbook_checklists.model import ITEM_ID_PATTERN, SEVERITIES
from handbook_checklists.schemas import PROJECT_SCHEMA, load_schema

FORMAT_NAME, _, FORMAT_VERSION = FORMAT.partition("/")

ITEM_ID = re.compile(ITEM_ID_PATTERN)  #: a whole item ID, e.g. for the `set` command's argument
_NON_SPACE = re.compile(r"\S")
_FORMAT_LIKE = re.compile(r"project-checklist/([0-9]+)")


class DocumentError(Exception):
    """A project document that cannot be used; the message is one line, fit for a terminal."""


# ---------------------------------------------------------------------------------------------
# Parsing and validation


def _reject_duplicate_keys(pairs):
    result = dict(pairs)
    if len(result) != len(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise DocumentError(f"key '{key}' appears twice in one object")
            seen.add(key)
    return result


def _reject_constant(name):
    raise DocumentError(f"{name} is not allowed in a project document")


def parse_document(data: bytes | str) -> dict:
    """Bytes (or text) of a project document -> the validated document; raises DocumentError."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
            raise DocumentError(
                f"not UTF-8 text: byte 0x{data[error.start]:02x} at line {line}, column {column}"
            ) from None
    else:
        text = data
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise DocumentError("the file is empty; create one with `checklist export`")
    with collector_paused():
        try:
            document = json.loads(text, object_pairs_hook=_reject_duplicate_keys, parse_constant=_reject_constant)
        except json.JSONDecodeError as error:
            raise DocumentError(f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}") from None
        check_format(document)
        errors = validate_document(document)
    if errors:
        more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
        raise DocumentError(errors[0] + more)
    return document


def check_format(document) -> None:
    """Tell apart 'not ours', 'newer than us' and 'ours' before looking at any detail."""
    if not isinstance(document, dict):
        kind = "a list" if isinstance(document, list) else type(document).__name__
        raise DocumentError(f"not a project checklist document: the top level is {kind}, not an object")
    if "format" not in document:
        raise DocumentError(f"not a project checklist document: no \"format\": \"{FORMAT}\" field")
    value = document["format"]
    if value == FORMAT:
        return
    newer = _FORMAT_LIKE.fullmatch(value) if isinstance(value, str) else None
    if newer and int(newer.group(1)) > int(FORMAT_VERSION):
        raise DocumentError(
            f"format '{value}' is newer than this command understands ({FORMAT}); "
            "upgrade the handbook checkout the command runs from"
        )
    raise DocumentError(f"not a project checklist document: format is {json.dumps(value)}, expected \"{FORMAT}\"")


_JSON_TYPES = {
    "string": "text", "object": "an object", "array": "a list", "integer": "a whole number",
    "number": "a number", "boolean": "a boolean", "null": "null",
}
_JSON_KINDS = {
    str: "text", dict: "an object", list: "a list", int: "a number", float: "a number",
    bool: "a boolean", type(None): "null",
}


def _show(value) -> str:
    """A value in a message: text as JSON writes it (shortened), anything else by its kind."""
    if isinstance(value, str):
        return json.dumps(value if len(value) <= 60 else value[:57] + "...", ensure_ascii=False)
    return _JSON_KINDS.get(type(value), "a value")


@cache
def _wording() -> Wording:
    """The project document's words for schema errors; patterns are named by where the schema keeps them."""
    definitions = load_schema(PROJECT_SCHEMA)["definitions"]
    checklist = definitions["checklist"]["properties"]
    na_note = definitions["naNeedsReason"]["then"]["properties"]["note"]
    return Wording(
        _JSON_TYPES, _JSON_KINDS, quote=lambda key: json.dumps(key, ensure_ascii=False), show=_show,
        key="field", root="the top level",
        patterns={
            definitions["itemId"]["pattern"]: "an item ID like SEC-001",
            definitions["timestampOrNull"]["pattern"]: "an ISO 8601 timestamp like 2026-11-22T10:00:00Z",
            checklist["id"]["pattern"]: "a lower-case slug like security",
            checklist["version"]["pattern"]: "a version like 1.2.0",
            na_note["pattern"]: "the reason the item does not apply, since its status is \"na\"",
        },
    )


def _named(kind: str, entry) -> str | None:
    value = entry.get("id") if isinstance(entry, dict) else None
    return f"{kind} {value}" if isinstance(value, str) and value.isprintable() and 0 < len(value) <= 64 else None


def _where(document: dict, path: tuple) -> str:
    """Whom a finding at `path` is about: 'item SEC-001', 'checklist security', 'orphan SEC-099', or
    '' for the top level; an entry without a usable ID is named by its position."""
    if len(path) < 2 or path[0] not in ("checklists", "orphans"):
        return ""
    try:
        entry = document[path[0]][path[1]]
        if path[0] == "orphans":
            return _named("orphan", entry) or f"orphans[{path[1]}]"
        where = _named("checklist", entry) or f"checklists[{path[1]}]"
        if len(path) >= 4 and path[2] == "items":
            return _named("item", entry["items"][path[3]]) or f"{where} items[{path[3]}]"
        return where
    except (KeyError, IndexError, TypeError):
        return ""


def _prefixed(error, prefix: tuple):
    """A sub-document's error with its path from the document's root."""
    error.path.extendleft(reversed(prefix))
    return error


def _as_schema_error(error: fastjsonschema.JsonSchemaValueException):
    """The compiled validator's error in jsonschema's form, so that it is worded the same way."""
    from jsonschema.exceptions import ValidationError

    path = [int(part) if part.isdigit() else part for part in error.path[1:]]  # drop the leading "data"
    return ValidationError(error.message, validator=error.rule, path=path, instance=error.value,
                           validator_value=error.rule_definition, schema=error.definition)


def _failing_part(document, path: list) -> tuple[tuple, object, str | None]:
    """(path, value, schema definition) of the smallest item, orphan or checklist that holds the
    error the compiled validator found; the whole document when it lies outside them all."""
    for depth, definition in ((4, "item"), (2, "orphan"), (2, "checklist")):
        prefix = tuple(path[:depth])
        kind_ok = (definition == "item" and len(prefix) == 4 and prefix[0] == "checklists" and prefix[2] == "items"
                   or definition == "orphan" and len(prefix) == 2 and prefix[0] == "orphans"
                   or definition == "checklist" and len(prefix) == 2 and prefix[0] == "checklists")
        if kind_ok:
            value = document
            for part in prefix:
                value = value[part]
            return prefix, value, definition
    return (), document, None


def _schema_errors(document, fast_error: fastjsonschema.JsonSchemaValueException) -> list[str]:
    """The violations of the first broken part, one line each.

    jsonschema words errors well but is slow on a large document, so it only re-checks the item,
    orphan or checklist the compiled validator stopped at. When it finds nothing there, the compiled
    validator's own error stands: it is the stricter of the two ("$" in a pattern lets jsonschema
    accept a trailing newline)."""
    path = [int(part) if part.isdigit() else part for part in fast_error.path[1:]]  # drop the leading "data"
    prefix, part, definition = _failing_part(document, path)
    validator = schema_validator(PROJECT_SCHEMA)
    if definition is not None:
        validator = validator.evolve(schema={**validator.schema, "$ref": f"#/definitions/{definition}"})
    errors = [_prefixed(error, prefix) for error in validator.iter_errors(part)] or [_as_schema_error(fast_error)]
    found = []
    for error in errors:
        for path, message, _ in schema_messages(error, _wording()):
            where = _where(document, path)
            found.append(f"{where}: {message}" if where else message)
    return list(dict.fromkeys(found))  # an `na` note that is not text breaks two rules with one cause


def _duplicates(document: dict) -> list[str]:
    """What the schema cannot say: each checklist once, each item ID once in the whole document."""
    found, checklists, seen = [], set(), {}

    def once(item_id: str, where: str) -> None:
        if item_id in seen:
            found.append(f"item {item_id} appears twice ({seen[item_id]} and {where}); keep one")
        else:
            seen[item_id] = where

    for checklist in document["checklists"]:
        if checklist["id"] in checklists:
            found.append(f"checklist \"{checklist['id']}\" appears twice; keep one")
        checklists.add(checklist["id"])
        for item in checklist["items"]:
            once(item["id"], f"in checklist {checklist['id']}")
    for orphan in document["orphans"]:
        once(orphan["id"], "in orphans")
    return found


def validate_document(document) -> list[str]:
    """Every way the document breaks the schema or the uniqueness rules, as one-line messages.

    A valid document takes the compiled fast path; only an invalid one is walked again by
    jsonschema, which reports every violation with its path. The uniqueness rules are checked once
    the shape is known to be right.
    """
    try:
        fast_validator(PROJECT_SCHEMA)(document)
    except fastjsonschema.JsonSchemaValueException as error:
        return _schema_errors(document, error)
    return _duplicates(document)


# ---------------------------------------------------------------------------------------------
# Looking things up and changing one item


def find_item(document: dict, item_id: str) -> tuple[dict, dict] | None:
    """(checklist, item) for an active item of the document, or None."""
    for checklist in document["checklists"]:
        for item in checklist["items"]:
            if item["id"] == item_id:
                return checklist, item
    return None


def find_orphan(document: dict, item_id: str) -> dict | None:
    """The entry of `document["orphans"]` with this ID, or None."""
    return next((o for o in document["orphans"] if o["id"] == item_id), None)


def new_state(item: dict, status: str, note: str | None, updated: str) -> dict | None:
    """The {"status", "note", "updated"} an item gets from `set`, or None when nothing would change.

    `note` None keeps the item's note; `updated` is an RFC 3339 timestamp. Raises DocumentError for
    `na` without a reason or a note over 2,000 characters (docs/reference/project-document.md "An item")."""
    note = item["note"] if note is None else note
    if status == "na" and not _NON_SPACE.search(note):
        raise DocumentError(f"{item['id']}: status na needs a reason: add --note \"why it does not apply\"")
    if len(note) > 2000:
        raise DocumentError(f"{item['id']}: the note is {len(note)} characters long; the limit is 2000")
    if status == item["status"] and note == item["note"]:
        return None
    return {"status": status, "note": note, "updated": updated}


# ---------------------------------------------------------------------------------------------
# Progress


@dataclass
class ChecklistProgress:
    """Counts of one checklist of a document: `counts[severity][status]`, for every RFC 2119
    severity and every status (todo, done, na), zeros included."""

    id: str
    title: str
    version: str
    counts: dict[str, dict[str, int]]  # severity -> status -> count

    def total(self, status: str | None = None) -> int:
        """How many items have `status` (every item when None), over all severities."""
        return sum(n for by_status in self.counts.values() for s, n in by_status.items() if status in (None, s))

    @property
    def percent(self) -> int | None:
        """Done as a share of the applicable (not n/a) items; None when nothing applies."""
        applicable = self.total() - self.total("na")
        return None if applicable == 0 else (100 * self.total("done")) // applicable


@dataclass
class Progress:
    """A document's progress, as `checklist status` reports it: per checklist, the open (todo) items
    most severe first, and the number of orphans (docs/reference/cli.md)."""

    project: str
    exported: str | None
    checklists: list[ChecklistProgress]
    open_items: list[dict]  # todo items, each with its checklist's id and title added
    orphans: int
    probe_failures: list[dict] = field(default_factory=list)  # items (not na) whose recorded probe result is fail

    @property
    def disagreements(self) -> list[dict]:
        """Items a human marked done whose recorded probe fails."""
        return [item for item in self.probe_failures if item["status"] == "done"]

    def probe_gate(self, fail_on: str | None) -> list[dict]:
        """Items at or above the gate's severity (must when None) whose recorded probe fails."""
        severities = SEVERITIES[: SEVERITIES.index(fail_on or "must") + 1]
        return [item for item in self.probe_failures if item["severity"] in severities]

    @property
    def overall(self) -> ChecklistProgress:
        """The counts of every checklist added up, as a ChecklistProgress with id "total"."""
        counts = {s: dict.fromkeys(STATUSES, 0) for s in SEVERITIES}
        for checklist in self.checklists:
            for severity, by_status in checklist.counts.items():
                for status, n in by_status.items():
                    counts[severity][status] += n
        return ChecklistProgress("total", "Total", "", counts)

    def gate(self, fail_on: str | None) -> list[dict]:
        """Open items at or above the gate's severity: `must` gates must; `should` gates must and should."""
        if fail_on is None:
            return []
        severities = SEVERITIES[: SEVERITIES.index(fail_on) + 1]
        return [item for item in self.open_items if item["severity"] in severities]


def progress(document: dict) -> Progress:
    """The Progress of a document already validated by parse_document (an unchecked one may raise)."""
    checklists, open_items, probe_failures = [], [], []
    for checklist in document["checklists"]:
        counts = {s: dict.fromkeys(STATUSES, 0) for s in SEVERITIES}
        for item in checklist["items"]:
            counts[item["severity"]][item["status"]] += 1
            if item["status"] == "todo":
                open_items.append({**item, "checklist": checklist["id"], "checklist_title": checklist["title"]})
            if item.get("auto", {}).get("result") == "fail" and item["status"] != "na":
                probe_failures.append({**item, "checklist": checklist["id"], "checklist_title": checklist["title"]})
        checklists.append(ChecklistProgress(checklist["id"], checklist["title"], checklist["version"], counts))
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    open_items.sort(key=lambda item: rank[item["severity"]])  # stable: document order within a severity
    probe_failures.sort(key=lambda item: rank[item["severity"]])
    return Progress(document["project"], document["exported"], checklists, open_items, len(document["orphans"]),
                    probe_failures)


def record_auto(document: dict, results: dict[str, dict]) -> tuple[list[str], list[str]]:
    """Store probe results ({ID: auto}, each shaped as the schema's `auto`) in the document's items,
    in place; status, note and updated are never touched. Returns (IDs recorded, IDs not in the
    document)."""
    recorded = []
    for checklist in document["checklists"]:
        for item in checklist["items"]:
            if item["id"] in results:
                item["auto"] = results[item["id"]]
                recorded.append(item["id"])
    return recorded, [item_id for item_id in results if item_id not in set(recorded)]


# ---------------------------------------------------------------------------------------------
# Upgrade: merge a document's state into the current handbook


@dataclass
class _State:
    id: str
    status: str
    note: str
    updated: str | None
    checklist: str | None
    title: str | None
    from_orphans: bool
    auto: dict | None = None  # the last probe result (`checklist run --update`); follows the item, not its state

    @property
    def blank(self) -> bool:
        return self.status == "todo" and not self.note and self.updated is None

    def orphan(self) -> dict:
        entry = {"id": self.id}
        if self.checklist:
            entry["checklist"] = self.checklist
        if self.title:
            entry["title"] = self.title
        entry.update(status=self.status, note=self.note, updated=self.updated)
        return entry


@dataclass
class UpgradeSummary:
    """What an upgrade changed, field by field, for `checklist upgrade` to print (see lines());
    `changed` is False when the result equals the input apart from its `exported` time."""

    versions: list[tuple[str, str, str]] = field(default_factory=list)  # checklist, old, new
    added_checklists: list[str] = field(default_factory=list)
    missing_checklists: list[str] = field(default_factory=list)  # in the document, gone from the handbook
    added: list[str] = field(default_factory=list)
    moved: list[tuple[str, str, str]] = field(default_factory=list)  # retired ID, replacement, status
    orphaned: list[tuple[str, str]] = field(default_factory=list)  # ID, why
    restored: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # left the document with no state to keep
    retitled: list[str] = field(default_factory=list)
    severity: list[tuple[str, str, str]] = field(default_factory=list)  # ID, old, new
    changed: bool = False  # anything at all differs, apart from the export time

    def lines(self) -> list[str]:
        """One line of text per change, e.g. 'security: 1.2.0 -> 1.3.0' or 'moved SEC-003 -> SEC-061 (...)'."""
        out = []
        for checklist_id, old, new in self.versions:
            out.append(f"{checklist_id}: {old} -> {new}")
        out += [f"added checklist {c}" for c in self.added_checklists]
        out += [f"checklist {c} is no longer in the handbook; its state is kept under orphans"
                for c in self.missing_checklists]
        if self.added:
            out.append(f"added {len(self.added)} item{'s' if len(self.added) != 1 else ''}: {_id_list(self.added)}")
        out += [f"moved {old} -> {new} (retired; {status} carried over)" for old, new, status in self.moved]
        out += [f"restored {item_id} from orphans" for item_id in self.restored]
        out += [f"orphaned {item_id}: {why}" for item_id, why in self.orphaned]
        if self.dropped:
            out.append(f"removed {len(self.dropped)} item{'s' if len(self.dropped) != 1 else ''} that had no state: "
                       f"{_id_list(self.dropped)}")
        out += [f"{item_id}: severity {old} -> {new}" for item_id, old, new in self.severity]
        if self.retitled:
            out.append(f"updated the wording of {len(self.retitled)} item{'s' if len(self.retitled) != 1 else ''}")
        return out


def _id_list(ids: list[str], limit: int = 12) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f", ... ({len(ids) - limit} more)" if len(ids) > limit else "")


def upgrade_document(document: dict, catalog, links, *, add_checklists=(), exported: str | None = None
                     ) -> tuple[dict, UpgradeSummary]:
    """(document, summary): the document rebuilt from the current catalog with all of its state
    carried over by the merge rules of this module's docstring (docs/reference/project-document.md
    "Upgrade and import rules"). `add_checklists` are further checklist IDs to include; `exported` is
    an RFC 3339 timestamp. The input is not modified. Raises DocumentError for an unknown added ID."""
    from handbook_checklists.document.build import blank_document

    summary = UpgradeSummary()
    states: dict[str, _State] = {}
    old_items: dict[str, dict] = {}
    for checklist in document["checklists"]:
        for item in checklist["items"]:
            old_items[item["id"]] = item
            states[item["id"]] = _State(item["id"], item["status"], item["note"], item["updated"],
                                        checklist["id"], item["title"], False, item.get("auto"))
    for orphan in document["orphans"]:
        states.setdefault(orphan["id"], _State(orphan["id"], orphan["status"], orphan["note"], orphan["updated"],
                                               orphan.get("checklist"), orphan.get("title"), True))

    chosen: list[str] = []
    old_versions = {}
    for checklist in document["checklists"]:
        old_versions[checklist["id"]] = checklist["version"]
        if catalog.checklist(checklist["id"]) is None:
            summary.missing_checklists.append(checklist["id"])
        elif checklist["id"] not in chosen:
            chosen.append(checklist["id"])
    for checklist_id in add_checklists:
        if catalog.checklist(checklist_id) is None:
            known = ", ".join(c.id for c in catalog.checklists)
            raise DocumentError(f"no checklist '{checklist_id}' in the handbook; known: {known}")
        if checklist_id not in chosen:
            chosen.append(checklist_id)
            summary.added_checklists.append(checklist_id)

    new = blank_document(catalog, chosen, links, project=document["project"], exported=exported)
    new_items = {item["id"]: item for checklist in new["checklists"] for item in checklist["items"]}
    for checklist in new["checklists"]:
        old_version = old_versions.get(checklist["id"])
        if old_version is not None and old_version != checklist["version"]:
            summary.versions.append((checklist["id"], old_version, checklist["version"]))

    # Rule 1: same ID, same state.
    leftovers = []
    for state in states.values():
        target = new_items.get(state.id)
        if target is None:
            leftovers.append(state)
            continue
        target.update(status=state.status, note=state.note, updated=state.updated)
        if state.auto is not None:
            target["auto"] = state.auto
        if state.from_orphans and not state.blank:
            summary.restored.append(state.id)

    # Rules 2-4: state whose ID left the document.
    orphans = []
    for state in leftovers:
        if state.blank:
            summary.dropped.append(state.id)
            continue
        retired = catalog.retired(state.id)
        replacement = catalog.replacement(state.id) if retired else None
        target = new_items.get(replacement.id) if replacement else None
        if target is not None and target["status"] == "todo" and (not target["note"] or not state.note
                                                                 or target["note"] == state.note):
            target["status"] = state.status
            target["note"] = state.note or target["note"]
            target["updated"] = state.updated
            summary.moved.append((state.id, replacement.id, state.status))
            continue
        orphans.append(state.orphan())
        if retired and target is not None:
            why = f"retired; its replacement {replacement.id} already has its own state"
        elif retired and replacement is not None:
            why = f"retired; its replacement {replacement.id} is in checklist {replacement.checklist_id}, not in this document"
        elif retired:
            why = f"retired without a replacement ({retired.reason.strip()})"
        elif catalog.item(state.id) is not None:
            why = f"now in checklist {catalog.item(state.id).checklist_id}, which this document does not include"
        else:
            why = "no longer in the handbook"
        if not state.from_orphans:
            summary.orphaned.append((state.id, why))
    new["orphans"] = orphans

    for item_id, item in new_items.items():
        old = old_items.get(item_id)
        if old is None:
            if item_id not in states:
                summary.added.append(item_id)
            continue
        if old["severity"] != item["severity"]:
            summary.severity.append((item_id, old["severity"], item["severity"]))
        if old["title"] != item["title"] or old["section"] != item["section"]:
            summary.retitled.append(item_id)
    summary.changed = {**new, "exported": document.get("exported")} != document
    return new, summary
