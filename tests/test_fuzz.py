"""Fuzzing the two parsers that read other people's files: the checklist YAML loader and the project
document parser. No input may raise anything but their own error type (diagnostics from the loader,
DocumentError from the parser), and none may take more than a second per 100 KB. Bounded
(max_examples, deadline) so CI stays fast."""

from __future__ import annotations

import json
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook_checklists.catalog.loader import load_catalog
from handbook_checklists.catalog.yaml_source import parse_yaml
from handbook_checklists.catalog.schema_check import schema_diagnostics
from handbook_checklists.document.state import DocumentError, parse_document
from tests.support.handbooks import VALID_CHECKLIST

FUZZ = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow,
                                                                         HealthCheck.function_scoped_fixture])

YAML_PIECES = ["- ", ": ", "[", "]", "{", "}", "&a ", "*a", "<<: ", "!!python/object:os.system ", "!!binary ", "? ",
               "|\n  ", ">\n  ", "\n", "\n  ", "  ", "#", '"', "'", "\\", "%YAML 1.1\n", "---\n", "...\n", "\t", "\x00",
               "\ufeff", "id", "title", "sections", "items", "why", "DEM-001", "1.0.0", "~", "null", "1e999",
               "[c](javascript:x)", "[b](x.md#y)", "\u2028"]
yaml_texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(YAML_PIECES) | st.text(max_size=8), max_size=80).map("".join),
    st.builds(lambda cut, junk: VALID_CHECKLIST[:cut] + junk + VALID_CHECKLIST[cut:],
              st.integers(0, len(VALID_CHECKLIST)), st.sampled_from(YAML_PIECES) | st.text(max_size=12)),
)


def _within_budget(size: int, seconds: float) -> None:
    assert seconds <= max(1.0, size / 100_000), f"{size} bytes took {seconds:.2f}s"


@FUZZ
@given(yaml_texts, st.booleans())
def test_the_yaml_loader_only_ever_reports_diagnostics(text, as_bytes):
    data = text.encode("utf-8", "surrogatepass") if as_bytes else text.encode("utf-8", "replace")
    start = time.perf_counter()
    parsed = parse_yaml(data, "x.yml")
    if parsed.value is not None and not parsed.diagnostics:
        schema_diagnostics(parsed.value, parsed.positions, "x.yml", lambda path: None)
    _within_budget(len(data), time.perf_counter() - start)


@settings(max_examples=60, deadline=5000, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(yaml_texts)
def test_the_whole_loader_only_ever_reports_diagnostics(tmp_path_factory, text):
    root = tmp_path_factory.mktemp("fuzz")
    (root / "checklists").mkdir()
    (root / "docs").mkdir()
    (root / "checklists" / "demo.yml").write_bytes(text.encode("utf-8", "replace"))
    result = load_catalog(root / "checklists", root / "docs", label_root=root)
    assert all(str(d).startswith(("checklists/", "docs")) for d in result.diagnostics)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=40,
)
DOCUMENT = {"format": "project-checklist/1", "project": "p", "site": "https://hb.example/", "exported": None,
            "checklists": [{"id": "demo", "title": "Demo", "version": "1.0.0", "url": "u", "items": [
                {"id": "DEM-001", "section": "S", "title": "T", "severity": "must", "url": "u", "status": "todo",
                 "note": "", "updated": None}]}], "orphans": []}
JSON_PIECES = ["[", "]", "{", "}", ",", ":", '"', "\\", "\\u0000", "1e999", "NaN", "Infinity", "-", "9" * 50,
               '"format"', '"project-checklist/1"', "null", "true", "\n", "\ufeff", "\udc80"]


def _mutations():
    base = json.dumps(DOCUMENT)
    return st.builds(lambda cut, junk: base[:cut] + junk + base[cut:], st.integers(0, len(base)),
                     st.lists(st.sampled_from(JSON_PIECES) | st.text(max_size=6), max_size=10).map("".join))


json_texts = st.one_of(
    st.text(max_size=400),
    json_values.map(json.dumps),
    json_values.map(lambda v: json.dumps({**DOCUMENT, "project": v})),
    json_values.map(lambda v: json.dumps({**DOCUMENT, "checklists": [{**DOCUMENT["checklists"][0], "items": v}]})),
    _mutations(),
    st.integers(1, 3000).map(lambda n: "[" * n + "]" * n),
)


@FUZZ
@given(json_texts, st.booleans())
def test_the_document_parser_only_ever_raises_document_error(text, as_bytes):
    data = text.encode("utf-8", "surrogatepass") if as_bytes else text
    start = time.perf_counter()
    try:
        parse_document(data)
    except DocumentError as error:
        assert "\n" not in str(error)
    _within_budget(len(data), time.perf_counter() - start)


def test_a_large_document_parses_within_budget():
    items = [{**DOCUMENT["checklists"][0]["items"][0], "id": f"DEM-{n:04d}"} for n in range(1, 1000)]
    text = json.dumps({**DOCUMENT, "checklists": [{**DOCUMENT["checklists"][0], "items": items}]})
    start = time.perf_counter()
    parse_document(text)
    _within_budget(len(text), time.perf_counter() - start)
