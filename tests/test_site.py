"""The real site, built in strict mode: every item is findable, linkable and exported correctly."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import jsonschema

from handbook_checklists.schemas import PROJECT_SCHEMA, PROJECT_SCHEMA_2, load_schema


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        found = dict(attrs).get("id")
        if found:
            self.ids.add(found)


def ids_in(path) -> set[str]:
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.ids


def test_every_item_has_its_anchor_and_its_own_search_entry(built_site, catalog):
    index = json.loads((built_site.dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    for checklist in catalog.checklists:
        page_ids = ids_in(built_site.dir / "checklists" / checklist.id / "index.html")
        for item in checklist.items:
            assert item.anchor in page_ids, f"{item.id} has no anchor on its page"
            assert f"checklists/{checklist.id}/#{item.anchor}" in locations, f"{item.id} is not in the search index"


def test_every_permalink_redirects_to_its_item(built_site, catalog):
    redirect = re.compile(r'http-equiv="refresh" content="0; url=([^"]+)"')
    targets = [(i.id, c.id, i.anchor) for c in catalog.checklists for i in c.items]
    targets += [(r.id, c.id, r.anchor) for c in catalog.checklists for r in c.retired]
    for item_id, checklist_id, anchor in targets:
        page = built_site.dir / "c" / item_id / "index.html"
        url = redirect.search(page.read_text(encoding="utf-8")).group(1)
        landing = urlparse(urljoin(f"{built_site.url}c/{item_id}/", url))
        assert landing.path == f"/checklists/{checklist_id}/" and landing.fragment == anchor
        assert anchor in ids_in(built_site.dir / landing.path.strip("/") / "index.html")


def test_exported_documents_validate_against_the_published_schema(built_site, catalog):
    old = json.loads((built_site.dir / "schemas" / PROJECT_SCHEMA).read_text(encoding="utf-8"))
    assert old == load_schema(PROJECT_SCHEMA)  # format 1 stays at its URL: older files keep validating in editors
    published = json.loads((built_site.dir / "schemas" / PROJECT_SCHEMA_2).read_text(encoding="utf-8"))
    assert published == load_schema(PROJECT_SCHEMA_2)
    validator = jsonschema.Draft7Validator(published)
    everything = json.loads((built_site.dir / "checklists" / "all.json").read_text(encoding="utf-8"))
    validator.validate(everything)
    assert everything["$schema"] == built_site.url + "schemas/" + PROJECT_SCHEMA_2
    assert [c["id"] for c in everything["checklists"]] == [c.id for c in catalog.checklists]
    for checklist in catalog.checklists:
        text = (built_site.dir / "checklists" / f"{checklist.id}.json").read_text(encoding="utf-8")
        document = json.loads(text)
        validator.validate(document)
        assert text.endswith("}\n") and text.startswith('{\n  "$schema"')
        assert document["checklists"][0]["items"] == [i.id for i in catalog.checklist_items(checklist)]
        assert [i["id"] for i in document["items"]] == document["checklists"][0]["items"]
        assert document["items"][0]["url"].startswith(built_site.url)


def test_checklist_schema_is_published(built_site):
    assert (built_site.dir / "schemas" / "checklist.schema.json").is_file()


def test_item_refs_resolve_to_existing_anchors(built_site, catalog):
    """The loader checks refs from Markdown; this checks the same refs against the built HTML."""
    for checklist in catalog.checklists:
        for item in checklist.items:
            for ref in item.refs:
                if ref.startswith("https://"):
                    continue
                page, _, anchor = ref.partition("#")
                stem = page[: -len(".md")]
                html = built_site.dir / (stem[: -len("index")] if stem.endswith("index") else stem + "/") / "index.html"
                assert html.is_file(), f"{item.id}: {ref} was not built"
                if anchor:
                    assert anchor in ids_in(html), f"{item.id}: {ref} has no such anchor in the built page"


def test_checklist_index_lists_every_checklist(built_site, catalog):
    html = (built_site.dir / "checklists" / "index.html").read_text(encoding="utf-8")
    for checklist in catalog.checklists:
        assert f'<tr data-checklist="{checklist.id}">' in html


def test_no_page_loads_a_script_or_style_from_another_host(built_site):
    external = re.compile(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(https?:)?//(?!127\.0\.0\.1)[^"]+"')
    for page in built_site.dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        hits = [m.group(0) for m in external.finditer(text) if 'rel="canonical"' not in m.group(0)]
        assert not hits, f"{page.relative_to(built_site.dir)} loads {hits[:2]}"
