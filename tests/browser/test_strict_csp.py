"""The real site behind a strict Content-Security-Policy (docs/reference/hosting.md), served like a
static host with its 404.html: no violation anywhere, and search, the palette toggle, a checklist,
diagrams (Mermaid loaded lazily from the site itself) and the 404 page's ID help all work."""

from __future__ import annotations

import json
import re

import pytest

from tests.browser.conftest import watch_errors
from tests.support.hosting import serve_strict
from tests.support.site import free_port

pytestmark = pytest.mark.browser

NO_DIAGRAM, DIAGRAM = "caching/invalidation/", "caching/patterns/"

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture(scope="module")
def strict_site(built_site):
    """The real handbook (the session's build) served, for this module's tests, by a host that sends the strict
    policy and answers a missing path with 404.html."""
    with built_site.strict_host():
        yield built_site


@pytest.fixture
def csp_page(context, guard):
    """A page that records every CSP violation: the DOM event (per document) and Chromium's console."""
    page = context.new_page()
    watch_errors(page, guard)
    page.add_init_script(WATCH)
    page.violations = []
    page.requests = []
    page.on("console", lambda m: "Content Security Policy" in m.text and page.violations.append(m.text))
    page.on("request", lambda r: page.requests.append(r.url))
    yield page
    assert guard.errors == [], f"JavaScript errors: {guard.errors}"


def violations(page) -> list[str]:
    return page.violations + (page.evaluate("window.__csp || []") if not page.is_closed() else [])


def test_the_harness_sees_a_violation(csp_page, tmp_path):
    """Control: an inline script under the same policy is reported, so silence below means something."""
    (tmp_path / "index.html").write_text("<!doctype html><title>x</title><script>window.ran = 1</script>", encoding="utf-8")
    port = free_port()
    with serve_strict(tmp_path, port) as url:
        csp_page.goto(url)
        assert csp_page.evaluate("window.ran") is None, "an inline script ran under script-src 'self'"
        # the securitypolicyviolation event is queued as a task after the script is blocked: wait for it
        csp_page.wait_for_function("window.__csp.length > 0", timeout=10_000)
        assert violations(csp_page)


EARLY = """
new MutationObserver((_, watch) => {
  if (!document.querySelector('.md-content')) return;
  window.__early = {root: document.documentElement.className, switching: document.body.hasAttribute('data-md-color-switching')};
  watch.disconnect();
}).observe(document, {childList: true, subtree: true});
"""


def test_search_and_the_palette_work_without_a_violation(csp_page, strict_site):
    page = csp_page
    page.add_init_script(EARLY)
    page.goto(strict_site.url + NO_DIAGRAM)
    # md-base.js and md-palette.js set the state Material's bundle sets as it starts, before the content
    # is parsed (assets/handbook/md-base.js says why); the bundle then ends the palette switch as always
    assert page.evaluate("window.__early") == {"root": "js js-focus-visible", "switching": True}
    page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')")
    page.click("input[data-md-component='search-query']")
    page.fill("input[data-md-component='search-query']", "idempotency")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert page.locator(".md-search-result__item").count() > 0
    page.keyboard.press("Escape")

    before = page.get_attribute("body", "data-md-color-scheme")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    page.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') !== s", arg=before)
    chosen = page.get_attribute("body", "data-md-color-scheme")
    page.reload()  # md-base.js and md-palette.js restore the choice before the page paints
    assert page.get_attribute("body", "data-md-color-scheme") == chosen
    assert violations(page) == []


def test_a_checklist_page_works_without_a_violation(csp_page, strict_site):
    index = json.loads((strict_site.dir / "checklists" / "all.json").read_text(encoding="utf-8"))
    first = index["checklists"][0]
    csp_page.goto(first["url"])
    csp_page.wait_for_selector(".cl-app .cl-proj")
    item = first["items"][0]
    csp_page.check(f'input[name="cl-{item}"][value="done"]')
    csp_page.reload()
    csp_page.wait_for_selector(".cl-app .cl-proj")
    assert csp_page.is_checked(f'input[name="cl-{item}"][value="done"]')
    assert violations(csp_page) == []


def mermaid_requests(page) -> list[str]:
    return [u for u in page.requests if "mermaid" in u]


def test_mermaid_loads_only_for_a_diagram_from_the_site_itself(csp_page, strict_site):
    page = csp_page
    page.goto(strict_site.url + NO_DIAGRAM)
    page.wait_for_load_state("networkidle")
    assert mermaid_requests(page) == [strict_site.url + "assets/handbook/mermaid-lazy.js"]
    # instant navigation to a page with a diagram: the stand-in loads the self-hosted Mermaid once
    page.evaluate("window.__marker = 1")
    page.click(f"a[href$='{DIAGRAM.split('/')[1]}/']")
    page.wait_for_url(strict_site.url + DIAGRAM)
    page.wait_for_selector("div.mermaid", timeout=20000)
    assert page.evaluate("window.__marker") == 1, "the page was reloaded instead of swapped by navigation.instant"
    assert strict_site.url + "assets/vendor/mermaid/mermaid.min.js" in mermaid_requests(page)
    assert page.locator("pre.mermaid").count() == 0
    assert page.evaluate("document.querySelector('div.mermaid').getBoundingClientRect().height") > 50
    assert page.evaluate("typeof window.mermaid.lazy") == "undefined", "the real Mermaid did not replace the stand-in"
    assert violations(page) == []
    # a fresh load of the diagram page renders too
    page.goto(strict_site.url + DIAGRAM)
    page.wait_for_selector("div.mermaid", timeout=20000)
    assert violations(page) == []


def test_a_permalink_in_lower_case_lands_on_its_item(csp_page, strict_site):
    index = json.loads((strict_site.dir / "checklists" / "all.json").read_text(encoding="utf-8"))
    entry = index["items"][0]  # format 2: each item once, with its home URL
    csp_page.goto(f"{strict_site.url}c/{entry['id'].lower()}/")
    csp_page.wait_for_url(re.compile(re.escape(entry["url"].split("#")[0]) + "#"), timeout=10000)
    assert csp_page.url == entry["url"]
    assert violations(csp_page) == []


def test_an_unknown_id_is_explained(csp_page, strict_site):
    index = json.loads((strict_site.dir / "checklists" / "all.json").read_text(encoding="utf-8"))
    entry = index["items"][0]
    prefix = entry["id"].split("-")[0]
    checklist = next(c for c in index["checklists"] if c["id"] == entry["checklist"])  # the prefix's home
    csp_page.goto(f"{strict_site.url}c/{prefix.lower()}-999/")
    note = csp_page.locator(".hb-404__id")
    note.wait_for(state="visible")
    # the note shows its heading first and its explanation once checklists/all.json has been read
    csp_page.wait_for_function("id => (document.querySelector('.hb-404__id') || {}).innerText.includes(id)",
                               arg=f"{prefix}-999", timeout=30000)
    text = note.inner_text()
    assert f"{prefix}-999" in text and checklist["title"] in text
    assert note.locator("a").get_attribute("href") == f"{strict_site.url}checklists/{checklist['id']}/"
    csp_page.goto(f"{strict_site.url}c/nope-1/")
    csp_page.locator(".hb-404__id").wait_for(state="visible")
    # the known prefixes, too, come once checklists/all.json has been read
    csp_page.wait_for_function("p => (document.querySelector('.hb-404__id') || {}).innerText.includes(p)",
                               arg=prefix, timeout=30000)
    assert violations(csp_page) == []


def test_the_404_page_offers_search_and_the_checklists(csp_page, strict_site):
    page = csp_page
    response = page.goto(strict_site.url + "caching/stampede-protection/")
    assert response.status == 404
    assert page.input_value("#hb-404-q") == "caching stampede protection"
    assert page.locator(".hb-404 a", has_text="All checklists").get_attribute("href") in ("/checklists/", strict_site.url + "checklists/")
    page.click(".hb-404__search button[type=submit]")
    page.wait_for_selector(".md-search-result__item", timeout=15000)  # Material opens its search with ?q=
    assert violations(page) == []
