"""axe-core finds no violations on a checklist page with the injected controls (ticked, filtered, with an
import summary open) and on the checklists index, in Material's light and dark palettes."""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import open_checklist

pytestmark = pytest.mark.browser


def violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['html'][:160]})"
            for v in results.response["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_checklist_page_has_no_axe_violations(page, site, scheme):
    page.emulate_media(color_scheme=scheme)
    open_checklist(page, site.url)
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
    page.locator('input[name="cl-ALP-001"][value="done"]').check()
    page.locator('input[name="cl-ALP-002"][value="na"]').check()  # n/a without a reason: invalid state shown
    page.get_by_role("checkbox", name="must").check()
    blank = json.loads((site.builds["v1"] / "checklists" / "alpha.json").read_text())
    page.set_input_files(".cl-app input[type=file]", files=[{"name": "a.json", "mimeType": "application/json",
                                                             "buffer": json.dumps(blank).encode()}])
    page.wait_for_selector('button[data-act="apply"]')
    assert violations(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_index_page_has_no_axe_violations(page, site, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(site.url + "checklists/")
    page.wait_for_selector(".cl-app .cl-proj")
    page.click('button[data-act="new"]')  # the inline name form is open too
    assert violations(page) == []
