"""The real site on a phone and on paper: the checklists index fits 390 px without sideways scrolling, and a
printed checklist is compact (one row per item with its status and note)."""

from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.browser


def test_checklists_index_fits_a_phone(context, built_site):
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(built_site.url + "checklists/")
    page.wait_for_selector(".cl-app .cl-proj")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    headers = [h for h in page.locator(".cl-index__table th").all() if h.is_visible()]
    assert [h.inner_text() for h in headers] == ["Checklist", "Items", "Progress"]
    assert page.locator(".cl-index__table").evaluate("t => getComputedStyle(t).borderCollapse") == "collapse"


def test_a_printed_checklist_is_compact(context, built_site):
    """production-readiness (45 items) printed 24 A4 pages before the print style; now at most 8, with the status and
    the note of each item that has one."""
    index = json.loads((built_site.dir / "checklists" / "all.json").read_text(encoding="utf-8"))
    checklist = next(c for c in index["checklists"] if c["id"] == "production-readiness")
    items = list(checklist["items"])  # format 2: a checklist lists its item IDs
    page = context.new_page()
    page.goto(checklist["url"])
    page.wait_for_function("n => document.querySelectorAll('.cl-ctl').length === n", arg=len(items))
    page.locator(f'input[name="cl-{items[0]}"][value="done"]').check()
    page.locator(f'.cl-item[data-id="{items[0]}"] .cl-note input').fill("pipeline in ci.yml")
    page.emulate_media(media="print")
    first = page.locator(f'.cl-item[data-id="{items[0]}"]')
    assert first.locator(".cl-st label:has(:checked)").is_visible()
    assert first.locator(".cl-note input").is_visible()
    assert not first.locator(".cl-item__why").is_visible()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4")))
    print(f"production-readiness ({len(items)} items): {pages} A4 pages")
    assert pages <= 8
