"""The loader reports every broken rule of the checklist format (README "Adding a checklist item",
src/handbook_checklists/schemas/checklist.schema.json) at its file:line:column, with the item ID."""

from __future__ import annotations

import pytest

from handbook_checklists.catalog.handbook import Handbook
from tests.support.handbooks import VALID_CHECKLIST, make_handbook


def load(tmp_path, **files):
    return Handbook.at(make_handbook(tmp_path, **files)).load()


def only(result) -> str:
    assert len(result.diagnostics) == 1, [str(d) for d in result.diagnostics]
    return str(result.diagnostics[0])


def test_valid_handbook_loads_into_the_model(tmp_path):
    result = load(tmp_path)
    assert result.ok, [str(d) for d in result.diagnostics]
    demo = result.catalog.checklist("demo")
    assert [i.id for i in demo.items] == ["DEM-001", "DEM-002"]
    second = result.catalog.item("DEM-002")
    assert (second.severity, second.tags, second.phase, second.section) == ("should", ("alpha",), "build", "Basics")
    assert second.origin.line == 15


def test_malformed_yaml_points_at_the_fault(tmp_path):
    broken = VALID_CHECKLIST.replace("tags: [alpha]", "tags: [alpha")
    message = only(load(tmp_path, checklists={"demo.yml": broken}))
    assert message.startswith("checklists/demo.yml:20:")
    assert "invalid YAML" in message


def test_tab_indentation_is_a_yaml_error(tmp_path):
    broken = VALID_CHECKLIST.replace("        why: Because.", "\twhy: Because.")
    message = only(load(tmp_path, checklists={"demo.yml": broken}))
    assert message.startswith("checklists/demo.yml:13:") and "invalid YAML" in message


def test_repeated_key_is_an_error(tmp_path):
    broken = VALID_CHECKLIST.replace("        why: Because.\n", "        why: Because.\n        why: Again.\n", 1)
    message = only(load(tmp_path, checklists={"demo.yml": broken}))
    assert message == "checklists/demo.yml:14:9: key 'why' repeated (first at line 13, column 9)"


def test_alias_bomb_is_refused(tmp_path):
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 7)]
    bomb = VALID_CHECKLIST + "\n".join(levels) + "\n"
    message = only(load(tmp_path, checklists={"demo.yml": bomb}))
    assert "alias bomb" in message and message.startswith("checklists/demo.yml:")


def test_bytes_that_are_not_utf8(tmp_path):
    data = VALID_CHECKLIST.replace("Also because.", "Also b\x00ecause.").encode("utf-8").replace(b"\x00", b"\xff")
    message = only(load(tmp_path, checklists={"demo.yml": data}))
    assert message == "checklists/demo.yml:18:20: not UTF-8: byte 0xff cannot be decoded"


def test_empty_file(tmp_path):
    assert only(load(tmp_path, checklists={"demo.yml": ""})) == "checklists/demo.yml:1:1: the file is empty"


def test_wrong_type_names_the_field_and_item(tmp_path):
    broken = VALID_CHECKLIST.replace("title: Second item", "title: [Second, item]")
    assert only(load(tmp_path, checklists={"demo.yml": broken})) == (
        "checklists/demo.yml:16:16: DEM-002: 'title' must be text, not a list")


def test_unknown_key_suggests_the_right_one(tmp_path):
    broken = VALID_CHECKLIST.replace("severity: should", "severty: should")
    result = load(tmp_path, checklists={"demo.yml": broken})
    messages = [str(d) for d in result.diagnostics]
    assert "checklists/demo.yml:17:9: DEM-002: unknown key 'severty'; did you mean 'severity'?" in messages
    assert "checklists/demo.yml:15:9: DEM-002: missing required key 'severity'" in messages


def test_missing_why(tmp_path):
    broken = VALID_CHECKLIST.replace("        why: Because.\n", "")
    assert only(load(tmp_path, checklists={"demo.yml": broken})) == (
        "checklists/demo.yml:10:9: DEM-001: missing required key 'why'")


def test_bad_severity(tmp_path):
    broken = VALID_CHECKLIST.replace("severity: must", "severity: critical")
    assert only(load(tmp_path, checklists={"demo.yml": broken})) == (
        "checklists/demo.yml:12:19: DEM-001: 'severity' is 'critical'; expected one of: must, should, may")


def test_bad_id_pattern(tmp_path):
    broken = VALID_CHECKLIST.replace("id: DEM-002", "id: dem-2")
    message = only(load(tmp_path, checklists={"demo.yml": broken}))
    assert message.startswith("checklists/demo.yml:15:13: dem-2: 'id' value 'dem-2' does not match the pattern")


def test_title_too_long(tmp_path):
    broken = VALID_CHECKLIST.replace("title: First item", "title: " + "x" * 121)
    assert only(load(tmp_path, checklists={"demo.yml": broken})) == (
        "checklists/demo.yml:11:16: DEM-001: 'title' is 121 characters long; the limit is 120")


def test_bad_version(tmp_path):
    broken = VALID_CHECKLIST.replace("version: 1.0.0", "version: '1.0'")
    message = only(load(tmp_path, checklists={"demo.yml": broken}))
    assert message.startswith("checklists/demo.yml:4:10: 'version' value '1.0' does not match")


def test_section_without_items(tmp_path):
    broken = VALID_CHECKLIST + "  - title: Empty\n    items: []\n"
    assert only(load(tmp_path, checklists={"demo.yml": broken})) == (
        "checklists/demo.yml:22:12: 'items' needs at least 1 entry")


def test_malformed_probe(tmp_path):
    broken = VALID_CHECKLIST.replace("        phase: build\n", "        phase: build\n        check:\n          path_exist: README.md\n")
    assert only(load(tmp_path, checklists={"demo.yml": broken})) == (
        "checklists/demo.yml:22:11: DEM-002: 'check' needs one of the keys all, any, not, path_exists, "
        "path_absent, files+contains, files+lacks, files+lines+match; found path_exist")


def test_id_must_equal_file_name(tmp_path):
    assert only(load(tmp_path, checklists={"other.yml": VALID_CHECKLIST})) == (
        "checklists/other.yml:1:5: id 'demo' must equal the file name 'other'")


def test_duplicate_id_across_files(tmp_path):
    second = VALID_CHECKLIST.replace("id: demo", "id: more").replace("DEM-002", "MOR-001")
    message = only(load(tmp_path, checklists={"demo.yml": VALID_CHECKLIST, "more.yml": second}))
    assert message == "checklists/more.yml:10:13: DEM-001: duplicate ID (first defined at checklists/demo.yml:10:13)"


def test_retired_id_reused_by_an_active_item(tmp_path):
    retiring = VALID_CHECKLIST + "retired:\n  - id: DEM-003\n    reason: Merged.\n"
    other = VALID_CHECKLIST.replace("id: demo", "id: more").replace("DEM-001", "DEM-003").replace("DEM-002", "MOR-002")
    message = only(load(tmp_path, checklists={"demo.yml": retiring, "more.yml": other}))
    assert message == ("checklists/more.yml:10:13: DEM-003: reuses a retired ID (retired at checklists/demo.yml:22:9); "
                       "retired IDs are never reused")


def test_replaced_by_must_name_an_active_item(tmp_path):
    retiring = VALID_CHECKLIST + "retired:\n  - id: DEM-003\n    reason: Merged.\n    replaced_by: DEM-009\n"
    assert only(load(tmp_path, checklists={"demo.yml": retiring})) == (
        "checklists/demo.yml:24:18: DEM-003: replaced_by names 'DEM-009', which is not an active item")


def test_ref_to_a_missing_page(tmp_path):
    broken = VALID_CHECKLIST.replace("refs: [topic/index.md#details]", "refs: [topic/nowhere.md]")
    assert only(load(tmp_path, checklists={"demo.yml": broken})) == (
        "checklists/demo.yml:14:16: DEM-001: ref 'topic/nowhere.md': no page docs/topic/nowhere.md")


def test_ref_to_a_missing_anchor(tmp_path):
    broken = VALID_CHECKLIST.replace("topic/index.md#details", "topic/index.md#detail")
    assert only(load(tmp_path, checklists={"demo.yml": broken})) == (
        "checklists/demo.yml:14:16: DEM-001: ref 'topic/index.md#detail': page docs/topic/index.md has no anchor #detail")


def test_docs_entry_to_a_missing_page(tmp_path):
    broken = VALID_CHECKLIST.replace("docs: [topic/index.md]", "docs: [gone.md]")
    assert only(load(tmp_path, checklists={"demo.yml": broken})) == (
        "checklists/demo.yml:6:8: ref 'gone.md': no page docs/gone.md")


@pytest.mark.parametrize("heading, anchor", [
    ("## Argon2id parameters", "argon2id-parameters"),
    ("## `SET` with **EX**", "set-with-ex"),
    ("### A [linked](https://example.org) title ###", "a-linked-title"),
    ('<h2 id="custom">Raw</h2>', "custom"),
])
def test_anchors_follow_markdown_toc_rules(tmp_path, heading, anchor):
    page = f"# Topic\n\n{heading}\n\n## Details {{ #details }}\n"
    checklist = VALID_CHECKLIST.replace("topic/index.md#details", f"topic/index.md#{anchor}")
    assert load(tmp_path, checklists={"demo.yml": checklist}, docs={"topic/index.md": page}).ok


def test_headings_inside_code_fences_are_not_anchors(tmp_path):
    page = "# Topic\n\n```\n## Details\n```\n"
    broken = VALID_CHECKLIST.replace("topic/index.md#details", "topic/index.md#details")
    result = load(tmp_path, checklists={"demo.yml": broken}, docs={"topic/index.md": page})
    assert "has no anchor #details" in only(result)


def test_registered_id_that_vanished(tmp_path):
    registry = "# header\nDEM-001\nDEM-002\nDEM-007\n"
    assert only(load(tmp_path, registry=registry)) == (
        "checklists/published-ids.txt:4:1: DEM-007: published ID is neither active nor retired; "
        "retire it (with a reason) instead of deleting it")


def test_retiring_a_registered_id_satisfies_the_registry(tmp_path):
    retiring = VALID_CHECKLIST + "retired:\n  - id: DEM-007\n    reason: Merged into DEM-001.\n    replaced_by: DEM-001\n"
    assert load(tmp_path, checklists={"demo.yml": retiring}, registry="DEM-001\nDEM-002\nDEM-007\n").ok


def test_every_error_is_reported_at_once(tmp_path):
    broken = (VALID_CHECKLIST.replace("severity: must", "severity: high")
              .replace("refs: [topic/index.md#details]", "refs: [nope.md]"))
    other = VALID_CHECKLIST.replace("id: demo", "id: more").replace("DEM-001", "MOR-001").replace("title: Second item", "title: 7")
    result = load(tmp_path, checklists={"demo.yml": broken, "more.yml": other})
    messages = [str(d) for d in result.diagnostics]
    assert any("demo.yml:12:19: DEM-001: 'severity'" in m for m in messages)
    assert any("more.yml:16:16: DEM-002: 'title' must be text" in m for m in messages)
    assert len(messages) == 2  # the ref error waits until the file's schema errors are fixed
