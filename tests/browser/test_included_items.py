"""One requirement, one state on the page: a checklist that includes another's item shows the same
tick on both pages, exports it once in format 2 under its home, and shows and keeps waivers. The
synthetic site is the golden catalog "three" (gamma includes ALP-001 of alpha)."""

from __future__ import annotations

import json

import pytest
import yaml

from handbook_checklists.document.state import parse_document
from tests.browser.conftest import open_checklist
from tests.browser.test_checklist_page import export, import_text, message, radio, tick
from tests.support.golden import GOLDEN
from tests.support.site import build, free_port, serve
from tests.support.handbooks import write_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def included_site(tmp_path_factory):
    lists = [yaml.safe_load(f.read_text(encoding="utf-8"))
             for f in sorted((GOLDEN / "catalogs" / "three" / "checklists").glob("*.yml"))]
    root = write_site(tmp_path_factory.mktemp("included"), lists)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    result = build(root / "mkdocs.yml", root / "site", url)
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(root / "site", port) as served:
        yield served


def test_ticking_an_included_item_on_one_page_shows_it_ticked_on_the_other(page, included_site):
    open_checklist(page, included_site, "gamma")
    tick(page, "ALP-001", "done", "one state")
    open_checklist(page, included_site, "alpha")
    assert radio(page, "ALP-001", "done").is_checked()
    assert page.locator('article[data-id="ALP-001"] .cl-note input').input_value() == "one state"
    tick(page, "ALP-001", "todo")
    open_checklist(page, included_site, "gamma")
    assert radio(page, "ALP-001", "todo").is_checked()
    tick(page, "ALP-001", "done")
    _, doc = export(page)  # this checklist: its own item and the included one, under its home
    assert doc["format"] == "project-checklist/2"
    assert doc["checklists"][0]["items"] == ["GAM-001", "ALP-001"]
    home = next(i for i in doc["items"] if i["id"] == "ALP-001")
    assert (home["checklist"], home["section"], home["status"], home["note"]) == ("alpha", "Design", "done", "one state")
    assert home["url"] == included_site + "checklists/alpha/#alp-001"
    _, everything = export(page, "all")
    assert [i["id"] for i in everything["items"]] == ["ALP-001", "ALP-002", "GAM-001"]
    assert [c["items"] for c in everything["checklists"]] == [["ALP-001", "ALP-002"], ["GAM-001", "ALP-001"]]


def test_waivers_are_shown_and_kept_through_import_and_export(page, included_site):
    open_checklist(page, included_site, "gamma")
    blank = json.loads(page.evaluate("() => fetch('/checklists/all.json').then(r => r.text())"))
    items = {i["id"]: i for i in blank["items"]}
    items["ALP-001"]["waiver"] = {"reason": "vendor migration", "owner": "alice", "until": "2999-01-31"}
    items["GAM-001"]["waiver"] = {"reason": "long gone", "owner": "bob", "until": "2020-01-31"}
    import_text(page, json.dumps(blank), "waived.json")
    assert "2 items will change" in message(page), message(page)
    page.click('button[data-act="apply"]')
    badge = page.locator('article[data-id="ALP-001"] .cl-waiver')
    assert badge.inner_text() == "Waived until 2999-01-31 · owner alice"
    assert badge.get_attribute("title") == "vendor migration"
    expired = page.locator('article[data-id="GAM-001"] .cl-waiver')
    assert expired.inner_text() == "Waiver expired on 2020-01-31 · owner bob"
    assert "cl-waiver--expired" in expired.get_attribute("class")
    tick(page, "ALP-001", "done")  # a tick keeps the waiver
    open_checklist(page, included_site, "alpha")
    assert page.locator('article[data-id="ALP-001"] .cl-waiver').inner_text() == "Waived until 2999-01-31 · owner alice"
    text, doc = export(page, "all")
    parse_document(text)
    waived = {i["id"]: i.get("waiver") for i in doc["items"]}
    assert waived == {"ALP-001": items["ALP-001"]["waiver"], "ALP-002": None, "GAM-001": items["GAM-001"]["waiver"]}
    assert next(i for i in doc["items"] if i["id"] == "ALP-001")["status"] == "done"
