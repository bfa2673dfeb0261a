"""docs/checklists/probes.md lists the file sets and every probe, what it checks and its limits,
generated from the catalog (python -m handbook_checklists.probes.docs docs/checklists/probes.md): the
limits are the item's own **Probe:** paragraph. The page is in the site's navigation under the
checklists."""

from __future__ import annotations

import yaml

from handbook_checklists.catalog.file_sets import file_sets
from handbook_checklists.catalog.handbook import Handbook
from handbook_checklists.probes.docs import END, FILE_SETS_END, FILE_SETS_START, START, regenerated
from tests.support.probes import shipped_probes
from tests.support.site import REPO

PAGE = REPO / "docs" / "checklists" / "probes.md"


def test_the_generated_parts_are_up_to_date():
    catalog = Handbook.packaged().load().catalog
    text = PAGE.read_text(encoding="utf-8")
    assert regenerated(text, catalog) == text, "run: python -m handbook_checklists.probes.docs docs/checklists/probes.md"


def test_every_probe_is_listed_with_the_probe_paragraph_of_its_item():
    text = PAGE.read_text(encoding="utf-8")
    block = text[text.index(START):text.index(END)]
    for probe in shipped_probes():
        assert f"{{ #probe-{probe.item_id.lower()} }}" in block
        assert f"**Probe:** {probe.limits}\n" in block


def test_every_file_set_is_listed_with_its_globs():
    text = PAGE.read_text(encoding="utf-8")
    block = text[text.index(FILE_SETS_START):text.index(FILE_SETS_END)]
    for found in file_sets().values():
        row = next(line for line in block.splitlines() if line.startswith(f"| `{{fileset: {found.name}}}` |"))
        assert all(f"`{glob}`" in row for glob in found.globs)


def test_the_page_is_in_the_navigation_under_the_checklists():
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # !ENV and python tags
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    found = []

    def walk(node):
        if isinstance(node, list):
            for entry in node:
                walk(entry)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, str):
            found.append(node)

    walk(config["nav"])
    assert "checklists/probes.md" in found
