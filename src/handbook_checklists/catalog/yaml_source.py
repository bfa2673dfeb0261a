"""Safe YAML parsing that keeps the source position of every value.

PyYAML's safe loader drops positions, silently keeps the last of two equal keys and expands
aliases without limit; authors need all three handled to get precise, trustworthy errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from handbook_checklists.model.diagnostics import Diagnostic

try:  # the C parser is much faster on large checklists; both give identical marks
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

#: Upper bound on values produced while expanding aliases; a real checklist stays far below it.
MAX_NODES = 500_000
#: Deepest nesting of mappings and lists (a real checklist nests about 10 deep); deeper input would
#: make the composer and the builder recurse until Python gives up, or libyaml's composer crash.
MAX_DEPTH = 64

_STR = "tag:yaml.org,2002:str"

Path = tuple  # a JSON-style path: keys and list indexes from the document root


@dataclass
class Positions:
    """1-based (line, column) of each value, and of each mapping key, by path."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def of_value(self, path: Path) -> tuple[int, int]:
        """Position of the value at path, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))

    def of_key(self, path: Path) -> tuple[int, int]:
        """Position of the mapping key that ends `path`, else that of the value (see of_value)."""
        return self.keys.get(tuple(path)) or self.of_value(path)


@dataclass
class ParsedYaml:
    """One parsed file: `value` (plain dicts, lists and scalars; None when the file could not be read
    as YAML), the Positions of its values and keys, and every Diagnostic found while parsing."""

    value: Any
    positions: Positions
    diagnostics: list[Diagnostic]


class _AliasBomb(Exception):
    def __init__(self, mark):
        self.mark = mark


class _TooDeep(Exception):
    def __init__(self, mark):
        self.mark = mark


def _too_deep(text: str):
    """The mark of the first collection nested deeper than MAX_DEPTH, or None; a flat pass over the
    parser's events (libyaml's parser keeps a stack, it does not recurse), run before composing."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


def _mark(mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


class _Builder:
    """Turns a composed node graph into plain values, recording positions on the way."""

    def __init__(self, source: str):
        self.source = source
        self.positions = Positions()
        self.diagnostics: list[Diagnostic] = []
        self.constructor = yaml.constructor.SafeConstructor()
        self.produced = 0

    def build(self, node, path: Path = ()):
        self.produced += 1
        if self.produced > MAX_NODES:
            raise _AliasBomb(node.start_mark)
        if len(path) > MAX_DEPTH:  # aliases can nest deeper than the text does
            raise _TooDeep(node.start_mark)
        mark = node.start_mark
        self.positions.values[path] = (mark.line + 1, mark.column + 1)
        if node.tag == _STR:  # most values: skip the general constructor
            return node.value
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        return self.constructor.construct_object(node, deep=True)

    def _mapping(self, node, path: Path) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                line, col = _mark(key_node.start_mark)
                self.diagnostics.append(Diagnostic(self.source, line, col, "merge keys (<<) are not allowed"))
                continue
            if key_node.tag == _STR:  # nearly every key: skip the general constructor
                key = key_node.value
            else:
                key = self.constructor.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                line, col = _mark(key_node.start_mark)
                self.diagnostics.append(Diagnostic(self.source, line, col, f"key {key!r} must be a string"))
                key = str(key)
            line, col = _mark(key_node.start_mark)
            if key in result:
                first_line, first_col = self.positions.keys[path + (key,)]
                self.diagnostics.append(
                    Diagnostic(self.source, line, col,
                               f"key '{key}' repeated (first at line {first_line}, column {first_col})")
                )
                continue
            self.positions.keys[path + (key,)] = (line, col)
            result[key] = self.build(value_node, path + (key,))
        return result


def _decode(data: bytes, source: str) -> tuple[str | None, list[Diagnostic]]:
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [Diagnostic(source, line, column, f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded")]


def parse_yaml(data: bytes, source: str) -> ParsedYaml:
    """Parse one YAML document; every problem becomes a Diagnostic instead of an exception."""
    text, problems = _decode(data, source)
    if text is None:
        return ParsedYaml(None, Positions(), problems)
    try:
        deep = _too_deep(text)
        if deep is not None:
            line, col = _mark(deep)
            return ParsedYaml(None, Positions(), [
                Diagnostic(source, line, col, f"mappings and lists nest more than {MAX_DEPTH} levels deep")
            ])
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _mark(mark) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{exc.problem} ({exc.context})"
        return ParsedYaml(None, Positions(), [Diagnostic(source, line, col, f"invalid YAML: {problem}")])
    except yaml.YAMLError as exc:  # e.g. a second document in the stream
        return ParsedYaml(None, Positions(), [Diagnostic(source, 1, 1, f"invalid YAML: {exc}")])
    if node is None:
        return ParsedYaml(None, Positions(), [Diagnostic(source, 1, 1, "the file is empty")])
    builder = _Builder(source)
    try:
        value = builder.build(node)
    except _AliasBomb as bomb:
        line, col = _mark(bomb.mark)
        return ParsedYaml(None, Positions(), [
            Diagnostic(source, line, col, f"aliases expand to more than {MAX_NODES} values (alias bomb)")
        ])
    except _TooDeep as deep:
        line, col = _mark(deep.mark)
        return ParsedYaml(None, Positions(), [
            Diagnostic(source, line, col, f"mappings and lists nest more than {MAX_DEPTH} levels deep (through aliases)")
        ])
    except yaml.constructor.ConstructorError as exc:
        line, col = _mark(exc.problem_mark) if exc.problem_mark else (1, 1)
        return ParsedYaml(None, Positions(), [Diagnostic(source, line, col, f"invalid YAML: {exc.problem}")])
    return ParsedYaml(value, builder.positions, builder.diagnostics)
