"""The site's own files — blank documents, schemas, /c/<ID>/ pages — written by the child process."""

from __future__ import annotations

import json

import pytest

from macros.links import Links
from macros.project_document import blank_document, dumps
from macros.publish import PublishError, SiteFiles
from macros.schemas import CHECKLIST_SCHEMA, PROJECT_SCHEMA

LINKS = Links("https://handbook.example/", "")


def test_every_file_is_written_as_the_engine_serialises_it(catalog, tmp_path):
    files = SiteFiles()
    files.plan(catalog, LINKS)
    files.start(tmp_path)  # as the MkDocs hook does once the output folder is clean
    files.finish(tmp_path)

    everything = blank_document(catalog, [c.id for c in catalog.checklists], LINKS)
    assert (tmp_path / "checklists" / "all.json").read_text(encoding="utf-8") == dumps(everything)
    for checklist in catalog.checklists:
        one = blank_document(catalog, [checklist.id], LINKS)
        assert (tmp_path / "checklists" / f"{checklist.id}.json").read_text(encoding="utf-8") == dumps(one)
    for name in (CHECKLIST_SCHEMA, PROJECT_SCHEMA):
        json.loads((tmp_path / "schemas" / name).read_text(encoding="utf-8"))

    pages = sorted(p.name for p in (tmp_path / "c").iterdir())
    assert pages == sorted(catalog.known_ids())
    page = (tmp_path / "c" / "SEC-001" / "index.html").read_text(encoding="utf-8")
    item = catalog.item("SEC-001")
    target = f"checklists/{item.checklist_id}/#sec-001"
    assert f'<meta http-equiv="refresh" content="0; url=../../{target}">' in page
    assert f'<link rel="canonical" href="https://handbook.example/{target}">' in page


def test_finish_without_start_writes_everything_too(catalog, tmp_path):
    """Hosts without hooks only call finish()."""
    files = SiteFiles()
    files.plan(catalog, LINKS)
    files.finish(tmp_path)
    assert (tmp_path / "checklists" / "all.json").is_file()
    assert len(list((tmp_path / "c").iterdir())) == len(catalog.known_ids())


def test_a_file_that_cannot_be_written_fails_with_its_path(catalog, tmp_path):
    (tmp_path / "c").write_text("a file where the /c/ folder belongs", encoding="utf-8")
    files = SiteFiles()
    files.plan(catalog, LINKS)
    with pytest.raises(PublishError, match=r"site files not written: cannot write .*/c(/[A-Z]+-\d+)?: "):
        files.finish(tmp_path)


def test_finish_before_any_catalog_is_an_error(tmp_path):
    with pytest.raises(PublishError, match="no checklists were loaded"):
        SiteFiles().finish(tmp_path)
