"""Which probe each item has: its own `check:` in checklists/*.yml (the real mechanism), with the
limits its `how` states in its closing **Probe:** paragraph (catalog/probe_limits.py), else an entry
of the data file probes/catalog_probes.yml (probes written before the checklists hold them).

The data file is checked like a checklist: safe YAML with positions, the JSON Schema's `check`
definition, and the probe rules of catalog/probe_rules.py, every problem as path:line:column.
Top-level keys that start with '.' hold shared YAML anchors (lists of globs) and are not probes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from handbook_checklists.catalog.probe_limits import probe_limits
from handbook_checklists.catalog.probe_rules import check_problems
from handbook_checklists.catalog.schema_check import schema_messages
from handbook_checklists.catalog.yaml_source import parse_yaml
from handbook_checklists.model import ITEM_ID_PATTERN, Catalog
from handbook_checklists.model.diagnostics import Diagnostic
from handbook_checklists.probes.engine import Probe
from handbook_checklists.schemas import CHECKLIST_SCHEMA, load_schema

PROBE_FILE = "catalog_probes.yml"
LABEL = "src/handbook_checklists/probes/catalog_probes.yml"


@dataclass
class ProbeFile:
    """The entries of a probe data file by item ID, and every problem found in it."""

    entries: dict[str, dict]  # ID -> {"check": ..., "limits": ...}
    diagnostics: list[Diagnostic]
    source: str


@cache
def _validator():
    from jsonschema import Draft7Validator

    schema = load_schema(CHECKLIST_SCHEMA)
    entry_schema = {
        "definitions": schema["definitions"],
        "type": "object",
        "propertyNames": {"anyOf": [{"pattern": ITEM_ID_PATTERN.replace("^", "^(?:").replace("$", ")$")
                                     if ITEM_ID_PATTERN.startswith("^") else f"^(?:{ITEM_ID_PATTERN})$"},
                                    {"pattern": "^\\."}]},
        "patternProperties": {
            "^[A-Z]": {
                "type": "object",
                "additionalProperties": False,
                "required": ["check", "limits"],
                "properties": {
                    "check": {"$ref": "#/definitions/check"},
                    "limits": {"type": "string", "minLength": 20, "maxLength": 1000},
                },
            },
        },
    }
    return Draft7Validator(entry_schema)


def packaged_probe_file() -> bytes:
    """The bytes of the probe data file shipped with the package."""
    return (resources.files(__package__) / PROBE_FILE).read_bytes()


def load_probe_file(data: bytes | None = None, source: str = LABEL) -> ProbeFile:
    """Parse and check a probe data file (the packaged one by default); never raises for content."""
    data = packaged_probe_file() if data is None else data
    parsed = parse_yaml(data, source)
    found = list(parsed.diagnostics)
    if parsed.value is None:
        return ProbeFile({}, found, source)
    if not isinstance(parsed.value, dict):
        return ProbeFile({}, found + [Diagnostic(source, 1, 1, "the probe file must be a mapping of item IDs")], source)
    for error in _validator().iter_errors(parsed.value):
        for path, message, at_key in schema_messages(error):
            line, col = parsed.positions.of_key(path) if at_key else parsed.positions.of_value(path)
            item_id = path[0] if path and isinstance(path[0], str) and not path[0].startswith(".") else None
            found.append(Diagnostic(source, line, col, message, item_id))
    entries = {}
    if not found:
        for key, entry in parsed.value.items():
            if key.startswith("."):
                continue
            for path, message in check_problems(entry["check"]):
                line, col = parsed.positions.of_value((key, "check") + path)
                found.append(Diagnostic(source, line, col, f"check: {message}", key))
            entries[key] = entry
    return ProbeFile(entries if not found else {}, sorted(set(found)), source)


def probes_for(catalog: Catalog, checklist_ids: list[str] | None = None, probe_file: ProbeFile | None = None
               ) -> tuple[list[Probe], list[str]]:
    """(probes, warnings): one Probe per active item of the chosen checklists (all when None or
    empty) that has a check, the item's own `check:` first, else the data file's entry; warnings
    name data-file IDs that are no active item of this catalog (skipped)."""
    probe_file = probe_file if probe_file is not None else load_probe_file()
    chosen = [c for c in catalog.checklists if not checklist_ids or c.id in checklist_ids]
    probes, seen = [], set()
    for checklist in chosen:
        for item in catalog.checklist_items(checklist):
            if item.id in seen:
                continue
            seen.add(item.id)
            entry = probe_file.entries.get(item.id)
            if item.check is not None:
                home = catalog.checklist(item.checklist_id)
                source = Path(home.source).as_posix() if home and home.source else f"checklists/{item.checklist_id}.yml"
                probes.append(Probe(item.id, item.check, source, probe_limits(item.how)))
            elif entry is not None:
                probes.append(Probe(item.id, entry["check"], probe_file.source, entry.get("limits")))
    warnings = [f"{probe_file.source}: {item_id} is no active item of this handbook; its probe is skipped"
                for item_id in probe_file.entries if catalog.item(item_id) is None]
    return probes, warnings
