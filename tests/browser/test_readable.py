"""The real site on a phone and on paper: the checklists index fits 390 px without sideways scrolling, a
checklist page folds its filters and actions under one button so that its first items are near the top, and a
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


def test_a_checklist_page_on_a_phone_folds_its_filters_and_actions(context, built_site):
    """At 390 px the bar shows the project, the progress and a "Filters and actions" disclosure button; the
    filters and the import and export buttons show when it is opened, and at once on a link that filters. On a wide
    screen there is no such button and they always show. axe-core finds nothing on the opened bar."""
    from tests.browser.test_accessibility import violations

    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(built_site.url + "checklists/phases/")
    page.wait_for_selector(".cl-app .cl-proj")
    toggle = page.get_by_role("button", name="Filters and actions")
    filters, export = page.locator(".cl-filters"), page.locator('button[data-act="export"]')
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not filters.is_visible() and not export.is_visible()
    assert page.locator(".cl-app").evaluate("a => a.getBoundingClientRect().height") < 250  # 450 px unfolded
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert filters.is_visible() and export.is_visible()
    assert violations(page) == []
    toggle.click()
    assert not filters.is_visible()

    page.goto(built_site.url + "checklists/phases/?severity=must")
    page.wait_for_selector(".cl-app .cl-proj")
    assert toggle.get_attribute("aria-expanded") == "true" and filters.is_visible()

    page.goto(built_site.url + "checklists/")
    page.wait_for_selector(".cl-app .cl-proj")
    index_toggle = page.get_by_role("button", name="Import and export")
    assert not page.locator('button[data-act="import"]').is_visible()
    index_toggle.click()
    assert page.locator('button[data-act="import"]').is_visible()

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(built_site.url + "checklists/phases/")
    page.wait_for_selector(".cl-app .cl-proj")
    assert not toggle.is_visible() and filters.is_visible() and export.is_visible()


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
