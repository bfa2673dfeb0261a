"""Checks a parsed document against one of the handbook's JSON Schemas and words each failure for a
human: the checklist YAML for its authors here, the project checklist JSON in document/state.py.

The schemas are src/handbook_checklists/schemas/*.json (JSON Schema draft-07)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

import fastjsonschema

from handbook_checklists.model.diagnostics import Diagnostic
from handbook_checklists.schemas import CHECKLIST_SCHEMA, load_schema

if TYPE_CHECKING:  # jsonschema (and the YAML loader) are imported only when a document is invalid
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import ValidationError

    from handbook_checklists.catalog.yaml_source import Positions

_TYPE_NAMES = {
    "string": "text", "object": "a mapping", "array": "a list", "integer": "a whole number",
    "number": "a number", "boolean": "true or false", "null": "empty",
}
_PYTHON_TYPE_NAMES = {
    str: "text", dict: "a mapping", list: "a list", int: "a whole number", float: "a number",
    bool: "true or false", type(None): "empty",
}


@cache
def schema_validator(schema_name: str) -> "Draft7Validator":
    """The full validator for one of the schemas (handbook_checklists/schemas): slow, but it reports every violation with its path."""
    from jsonschema import Draft7Validator

    schema = load_schema(schema_name)
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


@cache
def fast_validator(schema_name: str):
    """A compiled validator: about twenty times faster, but it stops at the first error."""
    return fastjsonschema.compile(load_schema(schema_name))


@dataclass(frozen=True)
class Wording:
    """How findings name types, values and keys: a YAML author and a JSON user read different words."""

    types: dict  # JSON Schema type -> words
    kinds: dict  # Python type of a value -> words
    quote: Callable[[str], str]  # a key, as a message shows it
    show: Callable[[object], str]  # a value, as a message shows it
    key: str = "key"  # what a member of a mapping is called
    root: str = "'document'"  # the name of the whole document
    patterns: dict = field(default_factory=dict)  # pattern -> what it asks for, for patterns worth a sentence

    def kind(self, value) -> str:
        """The words for the type of a Python value, e.g. 'a list' for a list in YAML wording."""
        return self.kinds.get(type(value), type(value).__name__)

    def types_of(self, errors: list["ValidationError"]) -> str:
        """The types that `type` errors ask for, in words: 'null or text'."""
        wanted = [t for e in errors for t in ([e.validator_value] if isinstance(e.validator_value, str)
                                              else e.validator_value)]
        return " or ".join(dict.fromkeys(self.types.get(t, t) for t in wanted))


def _checklist_patterns() -> dict:
    """What the checklist schema's patterns ask for, in words."""
    definitions = load_schema(CHECKLIST_SCHEMA)["definitions"]
    return {
        definitions["plainTitle"]["pattern"]: "one line of text, without line breaks or control characters",
        definitions["url"]["pattern"]: "an https:// URL on one line, without spaces",
        definitions["glob"]["pattern"]: "a relative path pattern on one line",
    }


YAML_WORDING = Wording(_TYPE_NAMES, _PYTHON_TYPE_NAMES, quote=lambda key: f"'{key}'", show=repr,
                       patterns=_checklist_patterns())


def _field_name(path: tuple, wording: Wording) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return wording.quote(part)
    return wording.root


def _allowed_keys(error: "ValidationError") -> list[str]:
    return sorted(error.schema.get("properties", {}))


def schema_messages(error: "ValidationError", wording: Wording = YAML_WORDING) -> list[tuple[tuple, str, bool]]:
    """(path, message, points_at_key) for one schema error; some errors yield several findings."""
    path = tuple(error.absolute_path)
    name = _field_name(path, wording)
    value = error.instance
    kind = error.validator
    shown = wording.show(value)
    if kind == "additionalProperties":
        import difflib

        allowed = _allowed_keys(error)
        found = []
        for key in sorted(set(value) - set(allowed), key=str):
            hint = difflib.get_close_matches(key, allowed, n=1)
            suggestion = f"; did you mean {wording.quote(hint[0])}?" if hint else f"; allowed: {', '.join(allowed)}"
            found.append((path + (key,), f"unknown {wording.key} {wording.quote(key)}{suggestion}", True))
        return found
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.validator_value
        return [(path, f"missing required {wording.key} {wording.quote(missing)}", False)]
    if kind == "type":
        return [(path, f"{name} must be {wording.types_of([error])}, not {wording.kind(value)}", False)]
    if kind == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        return [(path, f"{name} is {shown}; expected one of: {options}", False)]
    if kind == "const":
        return [(path, f"{name} must be {wording.show(error.validator_value)}, not {shown}", False)]
    if kind == "pattern":
        meaning = wording.patterns.get(error.validator_value)
        if meaning:
            return [(path, f"{name} is {shown}; expected {meaning}", False)]
        return [(path, f"{name} value {shown} does not match the pattern {error.validator_value}", False)]
    if kind == "maxLength":
        return [(path, f"{name} is {len(value)} characters long; the limit is {error.validator_value}", False)]
    if kind == "minLength":
        return [(path, f"{name} must not be empty", False)]
    if kind == "maxItems":
        return [(path, f"{name} has {len(value)} entries; the limit is {error.validator_value}", False)]
    if kind == "minItems":
        return [(path, f"{name} needs at least {error.validator_value} entr{'y' if error.validator_value == 1 else 'ies'}", False)]
    if kind == "uniqueItems":
        return [(path, f"{name} lists the same entry twice", False)]
    if kind in ("anyOf", "oneOf"):
        return _alternatives(error, path, name, value, wording)
    return [(path, f"{name}: {error.message}", False)]


def _alternatives(error: "ValidationError", path: tuple, name: str, value, wording: Wording
                  ) -> list[tuple[tuple, str, bool]]:
    """Explain a failed choice between shapes by the branch the author evidently meant."""
    branches = error.validator_value

    def within(index: int) -> list[tuple[tuple, str, bool]]:
        inner = [e for e in error.context if e.relative_schema_path[0] == index]
        return [m for e in inner for m in schema_messages(e, wording)] or [(path, f"{name} is not valid here", False)]

    if isinstance(value, dict) and all("required" in b for b in branches):
        meant = [i for i, b in enumerate(branches) if set(b["required"]) <= set(value)]
        if not meant:
            shapes = ", ".join("+".join(b["required"]) for b in branches)
            keys = ", ".join(sorted(value)) or "none"
            return [(path, f"{name} needs one of the {wording.key}s {shapes}; found {keys}", False)]
        return within(meant[0])
    # Shapes told apart by type (null, or a timestamp): the one branch that takes this type was meant;
    # when none does, say which types would do.
    wrong_type = [e for e in error.context if e.validator == "type" and not e.relative_path]
    takes_type = [i for i in range(len(branches)) if all(e.relative_schema_path[0] != i for e in wrong_type)]
    if error.context and len(takes_type) == 1:
        return within(takes_type[0])
    if error.context and not takes_type:
        return [(path, f"{name} must be {wording.types_of(wrong_type)}, not {wording.kind(value)}", False)]
    from jsonschema.exceptions import best_match

    deepest = best_match(error.context) if error.context else None
    if deepest is not None and deepest.validator not in ("anyOf", "oneOf"):
        return schema_messages(deepest, wording)
    return [(path, f"{name} value {wording.show(value)} is not valid here", False)]


def schema_diagnostics(document, positions: "Positions", source: str, item_id_at) -> list[Diagnostic]:
    """All schema violations of one document. item_id_at(path) names the item a path lies in.

    Valid documents take the compiled fast path; only an invalid one is walked again by
    jsonschema, which reports every violation with its path.
    """
    try:
        fast_validator(CHECKLIST_SCHEMA)(document)
        return []
    except fastjsonschema.JsonSchemaValueException as error:
        fast_error = error
    found = []
    for error in schema_validator(CHECKLIST_SCHEMA).iter_errors(document):
        for path, message, at_key in schema_messages(error):
            line, col = positions.of_key(path) if at_key else positions.of_value(path)
            found.append(Diagnostic(source, line, col, message, item_id_at(path)))
    if not found:  # the two validators disagree: the compiled one's finding stands, never a pass
        path = tuple(int(part) if part.isdigit() else part for part in fast_error.path[1:])
        line, col = positions.of_value(path)
        found.append(Diagnostic(source, line, col, f"{_field_name(path, YAML_WORDING)}: {fast_error.message}",
                                item_id_at(path)))
    return found
