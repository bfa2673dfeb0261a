"""The site's generated files — blank documents, schemas, /c/<ID>/ pages — as render/site_files.py
computes them (the MkDocs plugin adds them with File.generated; tests/test_site.py checks the build)."""

from __future__ import annotations

import json

from handbook_checklists.document.build import blank_document, dumps
from handbook_checklists.model.urls import Links
from handbook_checklists.render.site_files import site_files
from handbook_checklists.schemas import CHECKLIST_SCHEMA, PROJECT_SCHEMA, PROJECT_SCHEMA_2, schema_text

LINKS = Links("https://handbook.example/", "")


def test_every_file_is_the_engine_serialisation(catalog):
    files = dict(site_files(catalog, LINKS))
    everything = blank_document(catalog, [c.id for c in catalog.checklists], LINKS)
    assert files["checklists/all.json"] == dumps(everything)
    for checklist in catalog.checklists:
        assert files[f"checklists/{checklist.id}.json"] == dumps(blank_document(catalog, [checklist.id], LINKS))
    for name in (CHECKLIST_SCHEMA, PROJECT_SCHEMA, PROJECT_SCHEMA_2):
        assert files[f"schemas/{name}"] == schema_text(name)
        json.loads(files[f"schemas/{name}"])


def test_one_permalink_page_per_active_and_retired_id(catalog):
    pages = {path.split("/")[1] for path in dict(site_files(catalog, LINKS)) if path.startswith("c/")}
    assert pages == catalog.known_ids()


def test_a_permalink_page_redirects_relatively_and_names_its_canonical_url(catalog):
    page = dict(site_files(catalog, LINKS))["c/SEC-001/index.html"]
    item = catalog.item("SEC-001")
    target = f"checklists/{item.checklist_id}/#sec-001"
    assert f'<meta http-equiv="refresh" content="0; url=../../{target}">' in page
    assert f'<link rel="canonical" href="https://handbook.example/{target}">' in page


def test_permalinks_without_directory_urls_point_at_html_files(catalog):
    links = Links("https://handbook.example/", "", use_directory_urls=False)
    page = dict(site_files(catalog, links))["c/SEC-001/index.html"]
    item = catalog.item("SEC-001")
    assert f'url=../../checklists/{item.checklist_id}.html#sec-001"' in page
