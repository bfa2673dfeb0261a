"""Inclusion by reference: a checklist lists items of other checklists by ID (one requirement, one
item). Loader rules with their positions, the model's resolution, and the rendered page."""

from __future__ import annotations

import re

from handbook_checklists.catalog.handbook import Handbook
from handbook_checklists.model.urls import Links
from handbook_checklists.render.html import Renderer
from tests.support.handbooks import VALID_CHECKLIST, make_handbook

PATH = """\
id: path
prefix: PTH
title: A path
version: 1.0.0
sections:
  - title: Start
    items:
      - id: PTH-001
        title: Own item
        severity: must
        why: Because.
    include: [DEM-001]
  - title: Later
    include: [DEM-002]
"""


def load(tmp_path, path_text=PATH, demo=VALID_CHECKLIST):
    root = make_handbook(tmp_path, checklists={"demo.yml": demo, "path.yml": path_text},
                         registry="DEM-001\nDEM-002\nPTH-001\n")
    return Handbook.at(root).load()


def messages(result) -> list[str]:
    return [str(d) for d in result.diagnostics]


def test_a_checklist_lists_included_items_after_its_own(tmp_path):
    result = load(tmp_path)
    assert result.ok, messages(result)
    catalog = result.catalog
    path = catalog.checklist("path")
    assert [i.id for i in path.items] == ["PTH-001"]
    assert [i.id for i in catalog.checklist_items(path)] == ["PTH-001", "DEM-001", "DEM-002"]
    assert catalog.item("DEM-001").checklist_id == "demo"
    assert [c.id for c in catalog.including("DEM-001")] == ["path"]
    assert catalog.severity_counts(path) == {"must": 2, "should": 1, "may": 0}


def test_an_included_id_must_be_an_item(tmp_path):
    result = load(tmp_path, PATH.replace("include: [DEM-002]", "include: [DEM-009]"))
    assert messages(result) == ["checklists/path.yml:14:15: DEM-009: includes 'DEM-009', which is no item of any checklist"]


def test_a_retired_id_cannot_be_included(tmp_path):
    demo = VALID_CHECKLIST + "retired:\n  - id: DEM-003\n    reason: Merged.\n    replaced_by: DEM-002\n"
    result = load(tmp_path, PATH.replace("include: [DEM-002]", "include: [DEM-003]"), demo)
    assert "checklists/path.yml:14:15: DEM-003: includes 'DEM-003', which is retired; include its replacement 'DEM-002'" \
        in messages(result)


def test_an_item_is_included_at_most_once_and_never_its_own(tmp_path):
    twice = PATH.replace("include: [DEM-002]", "include: [DEM-002, DEM-001]")
    assert messages(load(tmp_path / "a", twice)) == [
        "checklists/path.yml:14:24: DEM-001: includes 'DEM-001' twice (first at line 12); "
        "an item is included at most once per checklist"]
    own = PATH.replace("include: [DEM-002]", "include: [PTH-001]")
    assert messages(load(tmp_path / "b", own)) == [
        "checklists/path.yml:14:15: PTH-001: includes its own item 'PTH-001'; list it once, under items"]


def test_a_section_needs_items_or_includes(tmp_path):
    empty = PATH.replace("    include: [DEM-002]\n", "")
    found = messages(load(tmp_path, empty))
    assert len(found) == 1 and found[0].startswith("checklists/path.yml:13:5:"), found


def test_the_including_page_lists_the_item_with_a_link_to_its_explanation_and_no_second_anchor(tmp_path):
    result = load(tmp_path)
    catalog = result.catalog
    renderer = Renderer(catalog, result.docs, Links("http://h/", "checklists/path/"))
    page = renderer.checklist_page(catalog.checklist("path"))
    assert 'id="dem-001"' not in page and 'id="pth-001"' in page
    included = re.search(r'<article class="cl-item cl-item--included" data-id="DEM-001" data-search-exclude>.*?</article>', page)
    assert included, page
    # its title, severity and slot for controls, and its why, how and sources only at home
    assert 'explained in <a class="cl-item__home" href="../demo/#dem-001">Demo</a>' in included.group(0)
    assert '<div class="cl-slot"></div>' in included.group(0)
    assert "cl-item__why" not in included.group(0) and "cl-item__how" not in included.group(0)
    assert page.count("cl-item__why") == len(catalog.checklist("path").sections[0].items)
    assert '"home":"demo"' in page and '"section":"Later"' in page


def test_an_unparsable_file_gives_one_error_not_one_per_registered_id(tmp_path):
    """A tab in the indentation: the parse error, and nothing derived from the file's absent content."""
    broken = VALID_CHECKLIST.replace("        why: Because.", "\twhy: Because.")
    root = make_handbook(tmp_path, checklists={"demo.yml": broken}, registry="DEM-001\nDEM-002\n")
    found = messages(Handbook.at(root).load())
    assert len(found) == 1 and "invalid YAML" in found[0], found


def test_a_pull_request_template_lists_an_included_item_once(tmp_path):
    from handbook_checklists.pulls.template import select_items

    catalog = load(tmp_path).catalog
    groups = select_items(catalog, ["demo", "path"])
    listed = [item.id for _, _, items in groups for item in items]
    assert sorted(listed) == ["DEM-001", "DEM-002", "PTH-001"]
