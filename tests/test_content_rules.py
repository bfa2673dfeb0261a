"""House rules for the real checklists that the schema cannot express."""

from __future__ import annotations

import re


from handbook_checklists.catalog.registry import read_registry
from tests.support.site import REPO

_ITEM_MACRO = re.compile(r"""checklist_item\(\s*["']([A-Z]{2,5}-[0-9]{3,4})["']\s*\)""")


def test_real_checklists_validate(catalog):
    assert catalog.checklists


def test_every_published_id_is_active_or_retired_and_every_id_is_published(catalog):
    registered = {item_id for _, item_id in read_registry(REPO / "checklists" / "published-ids.txt")}
    assert registered <= catalog.known_ids()
    assert catalog.known_ids() <= registered, "run `checklist ids --update`"


def test_each_item_links_its_explaining_page_and_that_page_links_back(catalog):
    problems = []
    for checklist in catalog.checklists:
        for item in checklist.items:
            pages = [r for r in item.refs if not r.startswith("https://")]
            if not pages:
                problems.append(f"{item.id}: no knowledge-base page among its refs")
                continue
            page = pages[0].partition("#")[0]
            linked = set(_ITEM_MACRO.findall((REPO / "docs" / page).read_text(encoding="utf-8")))
            if item.id not in linked:
                problems.append(f"{item.id}: {page} does not list it with checklist_item()")
    assert not problems, "\n".join(problems)


def test_every_checklist_has_its_page(catalog):
    for checklist in catalog.checklists:
        page = (REPO / "docs" / "checklists" / f"{checklist.id}.md").read_text(encoding="utf-8")
        assert f'checklist("{checklist.id}")' in page


def test_every_checklist_file_names_its_schema_for_editors():
    for path in sorted((REPO / "checklists").glob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../src/handbook_checklists/schemas/checklist.schema.json", path.name
