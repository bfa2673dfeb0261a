"""A team's project checklist document (docs/reference/project-document.md): parse it strictly,
summarise progress, and bring it up to date with the handbook without ever losing a tick or a note.

Two formats are read: `project-checklist/2`, one entry per item ID in `items` with the checklists
listing IDs, and the older `project-checklist/1`, each checklist holding its items. Each is checked
against its own published schema; only /2 is written (upgrade_document converts /1, and as_v2 reads
a /1 document as /2 for `status`).

This is the one place the document's rules live in Python; the `checklist` command and the tests
share it (the checklist pages implement the same rules in JavaScript: overrides/assets/checklist.js).
The document's shape is checked against the published schema of its format, as the
checklist loader checks its YAML (catalog/schema_check.py): a valid document passes the compiled fastjsonschema validator, and only an
invalid one is walked by jsonschema (imported then, not before: it needs seconds for a 10,000-item
document, and the CI gate must answer in well under one) to word every violation. The rules the
schema cannot state (each ID once per document; in /2, every listed ID has an entry and every entry
is listed; a waiver's date is a real date) are small functions here.

Merge rules (upgrade, import; docs/reference/project-document.md "Upgrade and import rules"):

1. Items are matched by ID; a matched item keeps its status, note, updated time and waiver (and a
   probe's `auto` record), and takes the current title, section, severity and URL from the handbook.
2. State for a retired ID moves to its final replacement when that item is in the document and still
   `todo`, and the two notes do not differ (either is empty, or they are the same), nor do two
   waivers; the replacement's own note and waiver are never overwritten; a waiver goes with the
   state. Otherwise the state stays as an orphan.
3. State for any other ID that is no longer in the document's checklists becomes an orphan, and is
   matched again on every later upgrade (an orphan whose item comes back is restored).
4. An item with no state at all (todo, no note, never updated, no waiver) that leaves the document is dropped,
   and the summary says so. Nothing else is ever dropped. Orphans are written sorted by ID.

The page (overrides/assets/checklist.js) implements the same rules; tests/golden/documents/ holds the
cases both must pass (tests/test_golden_documents.py, tests/browser/test_golden_documents.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import cache

import fastjsonschema

from handbook_checklists.catalog.collector import collector_paused
from handbook_checklists.catalog.schema_check import (YAML_WORDING, Wording, fast_validator, schema_messages,
                                                     schema_validator)
from handbook_checklists.document.build import FORMAT, FORMAT_1, STATUSES
from handbook_checklists.model import ITEM_ID_PATTERN, SEVERITIES
from handbook_checklists.schemas import PROJECT_SCHEMA, PROJECT_SCHEMA_2, load_schema

FORMAT_NAME, _, FORMAT_VERSION = FORMAT.partition("/")
#: Every format this module reads, with the schema that defines it.
SCHEMAS = {FORMAT_1: PROJECT_SCHEMA, FORMAT: PROJECT_SCHEMA_2}

ITEM_ID = re.compile(ITEM_ID_PATTERN)  #: a whole item ID, e.g. for the `set` command's argument
_NON_SPACE = re.compile(r"[^\s\u001c-\u001f\u0085\ufeff]")  # the schema's na reason: not only blanks, in Python and JavaScript alike
_FORMAT_LIKE = re.compile(r"project-checklist/([0-9]+)")


class DocumentError(Exception):
    """A project document that cannot be used; the message is one line, fit for a terminal."""


# ---------------------------------------------------------------------------------------------
# Parsing and validation


#: Deepest nesting of arrays and objects a project document may have (a valid one has 5); deeper
#: input would make the JSON parser and the validators recurse until Python gives up.
MAX_DEPTH = 64
_JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.S)
_JSON_BRACKET = re.compile(r"[\[{]|[\]}]")


def check_json_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Raise DocumentError when arrays and objects in JSON text nest deeper than limit; a linear
    scan (strings skipped) that runs before any recursive parser sees the text."""
    depth = 0
    for bracket in _JSON_BRACKET.finditer(_JSON_STRING.sub('""', text)):
        if bracket.group() in "[{":
            depth += 1
            if depth > limit:
                raise DocumentError(f"arrays and objects nest more than {limit} levels deep")
        else:
            depth -= 1


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
        check_json_depth(text)
        try:
            document = json.loads(text, object_pairs_hook=_reject_duplicate_keys, parse_constant=_reject_constant)
        except json.JSONDecodeError as error:
            raise DocumentError(f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}") from None
        except ValueError as error:  # a number with more digits than Python converts, say
            raise DocumentError(f"not a usable JSON value: {str(error).splitlines()[0]}") from None
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
    if value in SCHEMAS:
        return
    newer = _FORMAT_LIKE.fullmatch(value) if isinstance(value, str) else None
    if newer and int(newer.group(1)) > int(FORMAT_VERSION):
        raise DocumentError(
            f"format '{value}' is newer than this command understands ({FORMAT}); "
            "upgrade the handbook checkout the command runs from"
        )
    raise DocumentError(f"not a project checklist document: format is {json.dumps(value)}, "
                        f"expected \"{FORMAT}\" (or the older \"{FORMAT_1}\")")


# A JSON user's words: the YAML author's (catalog/schema_check.py), with JSON's names for objects,
# booleans and null, and any number "a number".
_JSON_TYPES = {**YAML_WORDING.types, "object": "an object", "boolean": "a boolean", "null": "null"}
_JSON_KINDS = {**YAML_WORDING.kinds, dict: "an object", int: "a number", bool: "a boolean", type(None): "null"}


def _show(value) -> str:
    """A value in a message: text as JSON writes it (shortened), anything else by its kind."""
    if isinstance(value, str):
        return json.dumps(value if len(value) <= 60 else value[:57] + "...", ensure_ascii=False)
    return _JSON_KINDS.get(type(value), "a value")


@cache
def _wording(schema_name: str = PROJECT_SCHEMA_2) -> Wording:
    """The project document's words for schema errors; patterns are named by where the schema keeps them."""
    definitions = load_schema(schema_name)["definitions"]
    checklist = definitions["checklist"]["properties"]
    na_note = definitions["naNeedsReason"]["then"]["properties"]["note"]
    patterns = {
        definitions["itemId"]["pattern"]: "an item ID like SEC-001",
        definitions["timestampOrNull"]["pattern"]: "an ISO 8601 timestamp like 2026-11-22T10:00:00Z",
        checklist["id"]["pattern"]: "a lower-case slug like security",
        checklist["version"]["pattern"]: "a version like 1.2.0",
        na_note["pattern"]: "the reason the item does not apply, since its status is \"na\"",
        checklist["title"]["pattern"]: "one line of text, without line breaks or control characters",
    }
    if "date" in definitions:
        patterns[definitions["date"]["pattern"]] = DATE_WORDS
    local = load_schema(schema_name)["properties"].get("local")
    if local is not None:
        patterns[local["items"]["pattern"]] = "a folder relative to the document's, like team-checklists (no . or ..)"
    return Wording(
        _JSON_TYPES, _JSON_KINDS, quote=lambda key: json.dumps(key, ensure_ascii=False), show=_show,
        key="field", root="the top level", patterns=patterns,
    )


DATE_WORDS = "a date like 2027-01-31"


def _named(kind: str, entry) -> str | None:
    value = entry.get("id") if isinstance(entry, dict) else None
    return f"{kind} {value}" if isinstance(value, str) and value.isprintable() and 0 < len(value) <= 64 else None


def _where(document: dict, path: tuple) -> str:
    """Whom a finding at `path` is about: 'item SEC-001', 'checklist security', 'orphan SEC-099', or
    '' for the top level; an entry without a usable ID is named by its position."""
    if len(path) < 2 or path[0] not in ("checklists", "orphans", "items"):
        return ""
    try:
        entry = document[path[0]][path[1]]
        if path[0] == "orphans":
            return _named("orphan", entry) or f"orphans[{path[1]}]"
        if path[0] == "items":
            return _named("item", entry) or f"items[{path[1]}]"
        where = _named("checklist", entry) or f"checklists[{path[1]}]"
        if len(path) >= 4 and path[2] == "items":
            listed = entry["items"][path[3]]
            if not isinstance(listed, dict):  # format 2: an ID in the checklist's list
                return f"{where} items[{path[3]}]"
            return _named("item", listed) or f"{where} items[{path[3]}]"
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
    nested = _schema_of(document) == PROJECT_SCHEMA  # format 1: items inside their checklists
    for depth, definition in ((4, "item"), (2, "item"), (2, "orphan"), (2, "checklist")):
        prefix = tuple(path[:depth])
        kind_ok = (definition == "item" and nested and depth == 4 and len(prefix) == 4 and prefix[0] == "checklists"
                   and prefix[2] == "items"
                   or definition == "item" and not nested and depth == 2 and len(prefix) == 2 and prefix[0] == "items"
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
    schema_name = _schema_of(document)
    validator = schema_validator(schema_name)
    if definition is not None:
        validator = validator.evolve(schema={**validator.schema, "$ref": f"#/definitions/{definition}"})
    errors = [_prefixed(error, prefix) for error in validator.iter_errors(part)] or [_as_schema_error(fast_error)]
    found = []
    for error in errors:
        for path, message, _ in schema_messages(error, _wording(schema_name)):
            where = _where(document, path)
            found.append(f"{where}: {message}" if where else message)
    return list(dict.fromkeys(found))  # an `na` note that is not text breaks two rules with one cause


def _duplicates(document: dict) -> list[str]:
    """What the schema cannot say about format 1: each checklist once, each item ID once in the whole document."""
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


def _real_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _membership(document: dict) -> list[str]:
    """What the schema cannot say about format 2: each checklist once and each ID once in its list;
    each ID once in `items` and in `orphans`, never in both; every listed ID has an entry in `items`
    and every entry is listed by a checklist; a waiver's date is a real date."""
    found, checklists, listed = [], set(), {}
    for checklist in document["checklists"]:
        if checklist["id"] in checklists:
            found.append(f"checklist \"{checklist['id']}\" appears twice; keep one")
        checklists.add(checklist["id"])
        own = set()
        for item_id in checklist["items"]:
            if item_id in own:
                found.append(f"checklist {checklist['id']}: item {item_id} is listed twice; keep one")
            own.add(item_id)
            listed.setdefault(item_id, checklist["id"])
    seen = {}
    for kind, entries in (("items", document["items"]), ("orphans", document["orphans"])):
        for entry in entries:
            if entry["id"] in seen:
                found.append(f"item {entry['id']} appears twice (in {seen[entry['id']]} and in {kind}); keep one")
            else:
                seen[entry["id"]] = kind
    for item_id, checklist_id in listed.items():
        if seen.get(item_id) != "items":
            found.append(f"checklist {checklist_id}: item {item_id} is listed but has no entry in \"items\"; "
                         "add one or take it off the list")
    for item in document["items"]:
        if item["id"] not in listed:
            found.append(f"item {item['id']} is in \"items\" but no checklist lists it; "
                         "add it to a checklist's list or remove it")
    for kind, entries in (("item", document["items"]), ("orphan", document["orphans"])):
        for entry in entries:
            waiver = entry.get("waiver")
            if waiver is not None and not _real_date(waiver["until"]):
                found.append(f"{kind} {entry['id']}: \"until\" is {json.dumps(waiver['until'])}; expected {DATE_WORDS}")
    return found


def _schema_of(document) -> str:
    """The schema a document is checked against: its format's, else (no or an unknown format) the current one."""
    found = document.get("format") if isinstance(document, dict) else None
    return SCHEMAS.get(found, PROJECT_SCHEMA_2) if isinstance(found, str) else PROJECT_SCHEMA_2


def validate_document(document) -> list[str]:
    """Every way the document breaks the schema of its format or the rules the schema cannot state,
    as one-line messages (a document without a known format is checked against the current schema).

    A valid document takes the compiled fast path; only an invalid one is walked again by
    jsonschema, which reports every violation with its path. The uniqueness and membership rules
    are checked once the shape is known to be right.
    """
    try:
        fast_validator(_schema_of(document))(document)
    except fastjsonschema.JsonSchemaValueException as error:
        return _schema_errors(document, error)
    return _duplicates(document) if document["format"] == FORMAT_1 else _membership(document)


def as_v2(document: dict) -> dict:
    """A valid document in format 2: a format 1 document converted (each item under its checklist
    becomes the one entry of its ID, its `checklist` the one that held it), a format 2 one as it is.
    The input is not modified."""
    if document["format"] != FORMAT_1:
        return document
    items = []
    for checklist in document["checklists"]:
        for item in checklist["items"]:
            items.append({"id": item["id"], "checklist": checklist["id"],
                          **{k: v for k, v in item.items() if k != "id"}})
    return {
        **{k: v for k, v in document.items() if k not in ("checklists", "orphans")},
        "format": FORMAT,
        "checklists": [{**c, "items": [i["id"] for i in c["items"]]} for c in document["checklists"]],
        "items": items,
        "orphans": document["orphans"],
    }


# ---------------------------------------------------------------------------------------------
# Looking things up and changing one item


def find_item(document: dict, item_id: str) -> dict | None:
    """The entry of a format 2 document's `items` with this ID (the one state of the item, whatever
    checklists list it), or None."""
    return next((item for item in document["items"] if item["id"] == item_id), None)


def listing(document: dict, item_id: str) -> list[str]:
    """The IDs of the checklists of a format 2 document that list the item, in document order."""
    return [c["id"] for c in document["checklists"] if item_id in c["items"]]


def new_waiver(item: dict, reason: str, owner: str, until: str) -> dict:
    """A waiver for an item, checked as the schema checks it; raises DocumentError with a one-line reason."""
    reason, owner = reason.strip(), owner.strip()
    if not reason or len(reason) > 500:
        raise DocumentError(f"{item['id']}: a waiver needs a reason of 1 to 500 characters (--reason)")
    if not owner or len(owner) > 100:
        raise DocumentError(f"{item['id']}: a waiver needs an owner of 1 to 100 characters (--owner)")
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", until) or not _real_date(until):
        raise DocumentError(f"{item['id']}: --until is {json.dumps(until)}; expected {DATE_WORDS}")
    return {"reason": reason, "owner": owner, "until": until}


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
    most severe first, the waivers, and the number of orphans (docs/reference/cli.md).

    An item that several checklists list is one item: it counts in each of their rows, once in the
    total, and once among the open items (with every checklist that lists it)."""

    project: str
    exported: str | None
    checklists: list[ChecklistProgress]
    open_items: list[dict]  # todo items, each with "checklists" (the IDs listing it) and "checklist_title" added
    orphans: int
    total_counts: dict[str, dict[str, int]] | None = None  # over unique items; None: the rows added up
    waivers: list[dict] = field(default_factory=list)  # items with a waiver, "waiver_days" added (< 0: expired)
    today: str = ""  # the date the waivers were judged on, YYYY-MM-DD
    format: str = FORMAT  # the document's format, as read
    held: frozenset[str] | None = None  # with a baseline: the IDs it had done, n/a or waived (see held_in)
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
        """The counts over every item of the document, each once, as a ChecklistProgress with id "total"."""
        counts = {s: dict.fromkeys(STATUSES, 0) for s in SEVERITIES}
        if self.total_counts is not None:
            for severity, by_status in self.total_counts.items():
                counts[severity].update(by_status)
            return ChecklistProgress("total", "Total", "", counts)
        for checklist in self.checklists:
            for severity, by_status in checklist.counts.items():
                for status, n in by_status.items():
                    counts[severity][status] += n
        return ChecklistProgress("total", "Total", "", counts)

    def gate(self, fail_on: str | None) -> list[dict]:
        """Open items at or above the gate's severity (`must` gates must; `should` gates must and
        should), except those under a waiver that has not expired.

        With a baseline (`held`), only the items the baseline had done, n/a or waived fail it: an
        item that was already open there (or was not there at all) is excused (see excused)."""
        return [item for item in self._unwaived(fail_on) if self.held is None or item["id"] in self.held]

    def excused(self, fail_on: str | None) -> list[dict]:
        """Open items at or above the gate's severity, not waived, that the baseline excuses: they
        were open in the baseline too, or not in it at all. Empty without a baseline."""
        if self.held is None:
            return []
        return [item for item in self._unwaived(fail_on) if item["id"] not in self.held]

    def _unwaived(self, fail_on: str | None) -> list[dict]:
        if fail_on is None:
            return []
        severities = SEVERITIES[: SEVERITIES.index(fail_on) + 1]
        return [item for item in self.open_items if item["severity"] in severities and not waived(item)]

    def waived(self, fail_on: str | None) -> list[dict]:
        """Open items at or above the gate's severity that a waiver keeps from failing it, for now."""
        if fail_on is None:
            return []
        severities = SEVERITIES[: SEVERITIES.index(fail_on) + 1]
        return [item for item in self.open_items if item["severity"] in severities and waived(item)]


def waived(item: dict) -> bool:
    """Whether a progress entry (see Progress) is under a waiver that has not expired."""
    return item.get("waiver_days") is not None and item["waiver_days"] >= 0


def held_in(baseline: dict, on: str) -> frozenset[str]:
    """The IDs of the items a baseline document (validated, format 1 or 2) had done, n/a, or under a
    waiver that holds on the date `on` (YYYY-MM-DD): the items a `--baseline` gate still fails on
    when they are open now. Orphans are not items of the baseline's checklists and do not count."""
    held = set()
    for item in as_v2(baseline)["items"]:
        waiver = item.get("waiver")
        in_force = waiver is not None and date.fromisoformat(waiver["until"]) >= date.fromisoformat(on)
        if item["status"] != "todo" or in_force:
            held.add(item["id"])
    return frozenset(held)


def progress(document: dict, on: str | None = None, baseline: dict | None = None) -> Progress:
    """The Progress of a document already validated by parse_document (an unchecked one may raise);
    format 1 is read as format 2 (as_v2). Waivers are judged on the date `on` (YYYY-MM-DD; default
    today in UTC): a waiver holds through its `until` date and has expired the day after. With a
    `baseline` document (validated too), the gate fails only on items open now that it had done,
    n/a or waived (held_in); the others are excused (Progress.excused)."""
    on = on or datetime.now(timezone.utc).date().isoformat()
    read_as = document["format"]
    document = as_v2(document)
    checklists, open_items, waivers = [], [], []
    entries = {item["id"]: item for item in document["items"]}
    lists: dict[str, list[dict]] = {}
    failing: dict[str, dict] = {}  # items whose recorded probe fails (n/a items left out), each once
    for checklist in document["checklists"]:
        counts = {s: dict.fromkeys(STATUSES, 0) for s in SEVERITIES}
        for item_id in checklist["items"]:
            item = entries[item_id]
            counts[item["severity"]][item["status"]] += 1
            lists.setdefault(item_id, []).append(checklist)
            if item.get("auto", {}).get("result") == "fail" and item["status"] != "na" and item_id not in failing:
                failing[item_id] = item
        checklists.append(ChecklistProgress(checklist["id"], checklist["title"], checklist["version"], counts))
    total = {s: dict.fromkeys(STATUSES, 0) for s in SEVERITIES}
    for item in document["items"]:
        total[item["severity"]][item["status"]] += 1
        found = lists.get(item["id"], [])
        entry = {**item, "checklists": [c["id"] for c in found], "checklist_title": found[0]["title"] if found else ""}
        if "waiver" in item:
            until = date.fromisoformat(item["waiver"]["until"])
            entry["waiver_days"] = (until - date.fromisoformat(on)).days
            waivers.append(entry)
        if item["status"] == "todo":
            open_items.append(entry)
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    open_items.sort(key=lambda item: rank[item["severity"]])  # stable: document order within a severity
    probe_failures = []
    for item_id, item in failing.items():
        found = lists.get(item_id, [])
        probe_failures.append({**item, "checklists": [c["id"] for c in found],
                               "checklist_title": found[0]["title"] if found else ""})
    probe_failures.sort(key=lambda item: rank[item["severity"]])
    return Progress(document["project"], document["exported"], checklists, open_items, len(document["orphans"]),
                    total, waivers, on, read_as, None if baseline is None else held_in(baseline, on),
                    probe_failures=probe_failures)


def record_auto(document: dict, results: dict[str, dict]) -> tuple[list[str], list[str]]:
    """Store probe results ({ID: auto}, each shaped as the schema's `auto`) in a format 2 document's
    items, in place; status, note, updated and waiver are never touched. Returns (IDs recorded, IDs
    not in the document)."""
    recorded = []
    for item in document["items"]:
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
    waiver: dict | None = None
    auto: dict | None = None  # a probe's record: follows the item when its ID is matched, not its state

    @property
    def blank(self) -> bool:
        return self.status == "todo" and not self.note and self.updated is None and self.waiver is None

    def values(self) -> dict:
        """The team's state as an item's fields: status, note, updated and, when there is one, waiver."""
        out = {"status": self.status, "note": self.note, "updated": self.updated}
        if self.waiver is not None:
            out["waiver"] = self.waiver
        return out

    def orphan(self) -> dict:
        entry = {"id": self.id}
        if self.checklist:
            entry["checklist"] = self.checklist
        if self.title:
            entry["title"] = self.title
        entry.update(self.values())
        return entry


def _put(item: dict, values: dict) -> None:
    """Set an item's state (status, note, updated, an optional waiver), keeping the canonical field order."""
    item.update(status=values["status"], note=values["note"], updated=values["updated"])
    item.pop("waiver", None)
    if values.get("waiver") is not None:
        item["waiver"] = values["waiver"]


@dataclass
class UpgradeSummary:
    """What an upgrade changed, field by field, for `checklist upgrade` to print (see lines());
    `changed` is False when the result equals the input apart from its `exported` time."""

    converted: str | None = None  # the older format the document was in, when it was converted to FORMAT
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
        out = [f"format {self.converted} -> {FORMAT}"] if self.converted else []
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
    """(document, summary): the document rebuilt from the current catalog in format 2 with all of its
    state carried over by the merge rules of this module's docstring (docs/reference/project-document.md
    "Upgrade and import rules"). The input is format 1 or 2 (a format 1 document is converted, and
    the summary says so). `add_checklists` are further checklist IDs to include; `exported` is an
    RFC 3339 timestamp. The document's `local` folders are kept as they are. The input is not modified. Raises DocumentError for an unknown added ID."""
    from handbook_checklists.document.build import blank_document

    summary = UpgradeSummary()
    original = document
    if document["format"] != FORMAT:
        summary.converted = document["format"]
        document = as_v2(document)
    states: dict[str, _State] = {}
    old_items: dict[str, dict] = {}
    for item in document["items"]:
        old_items[item["id"]] = item
        states[item["id"]] = _State(item["id"], item["status"], item["note"], item["updated"],
                                    item["checklist"], item["title"], False, item.get("waiver"), item.get("auto"))
    for orphan in document["orphans"]:
        states.setdefault(orphan["id"], _State(orphan["id"], orphan["status"], orphan["note"], orphan["updated"],
                                               orphan.get("checklist"), orphan.get("title"), True,
                                               orphan.get("waiver")))

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

    new = blank_document(catalog, chosen, links, project=document["project"], exported=exported,
                         local=document.get("local"))
    new_items = {item["id"]: item for item in new["items"]}
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
        _put(target, state.values())
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
        if (target is not None and target["status"] == "todo"
                and (not target["note"] or not state.note or target["note"] == state.note)
                and (target.get("waiver") is None or state.waiver is None or target["waiver"] == state.waiver)):
            values = state.values()
            values["note"] = state.note or target["note"]
            if values.get("waiver") is None and target.get("waiver") is not None:
                values["waiver"] = target["waiver"]  # the replacement's own waiver stays
            _put(target, values)
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
    new["orphans"] = sorted(orphans, key=lambda entry: entry["id"])  # as the page writes them: one order for both

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
    summary.changed = {**new, "exported": original.get("exported")} != original
    return new, summary
