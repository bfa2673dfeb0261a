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


def built_pages(site_dir) -> list[str]:
    """Every page MkDocs built, as paths relative to the site root ('' for the home page); the per-item
    redirect stubs under c/ (a meta refresh to the item's anchor) are left out: they show the page they point at."""
    pages = []
    for html in sorted(site_dir.rglob("index.html")):
        rel = html.parent.relative_to(site_dir).as_posix()
        if rel == "c" or rel.startswith("c/"):
            continue
        pages.append("" if rel == "." else rel + "/")
    return pages


AXE_SOURCE: list[str] = []


def axe_source() -> str:
    if not AXE_SOURCE:
        from pathlib import Path

        import axe_playwright_python

        AXE_SOURCE.append((Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8"))
    return AXE_SOURCE[0]


def empty_search_index(site_dir) -> str:
    """The site's search index with its own config and no documents."""
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    return json.dumps({"config": index["config"], "docs": []})


@pytest.fixture(scope="module")
def scan_page(browser, built_site):
    """One context and page reused for every scan; axe-core (the copy axe-playwright-python ships) is loaded into
    every document by an init script rather than sent over the DevTools protocol page after page.

    Every full page load makes Material's search worker fetch the 1.5 MB search index and build its lunr index:
    about 0.7 s of CPU a page, beside axe on the same two cores, for a search list that stays closed and empty
    during a scan. Here the worker gets the index with the site's own config and no documents, so it still starts
    and reports ready (the search box reads "Type to start searching", as on the real site) without that work.
    Search itself runs on the real index in test_search.py and test_strict_csp.py."""
    from tests.browser.conftest import Guard, guarded_context

    guard = Guard()
    context = guarded_context(browser, guard)
    context.add_init_script(axe_source())
    index = empty_search_index(built_site.dir)
    context.route(built_site.url + "search/search_index.json",  # asked before the guard's route (added earlier)
                  lambda route: route.fulfill(status=200, content_type="application/json", body=index))
    page = context.new_page()
    yield page
    context.close()
    assert guard.foreign == [], f"requests left 127.0.0.1: {guard.foreign}"


AXE_VIOLATIONS = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations.map(v =>
  ({id: v.id, help: v.help, count: v.nodes.length, target: String(v.nodes[0].target), html: v.nodes[0].html.slice(0, 120)}))"""

# Dark palette: a second pass over every page doubles the time (about 3 s a page on two busy cores), so the dark
# pass covers one page of each kind: home, section indexes, pages with tables, code, diagrams (flowchart,
# sequence, state, gantt, ER), admonitions and tabs, checklist pages, the checklists index, reference pages.
DARK_PAGES = [
    "", "start/", "architecture/", "architecture/hexagonal/", "api/pagination/", "api/idempotency/",
    "api/status-codes/", "data/example-ddl/", "data/indexing/", "caching/stampede/", "security/headers/",
    "auth/oauth/", "resilience/circuit-breakers/", "observability/tracing/", "observability/slo-alert-example/",
    "delivery/kubernetes/", "process/adr/", "process/architecture-document/", "examples/ecommerce-data/",
    "checklists/", "checklists/using/", "checklists/security/", "checklists/production-readiness/",
    "checklists/phases/", "reference/cli/", "reference/glossary/", "reference/sources/",
]


def scan(page, base: str, pages: list[str], scheme: str) -> tuple[list[str], float]:
    import time

    page.emulate_media(color_scheme=scheme)
    page.goto(base)
    page.evaluate("localStorage.clear()")  # Material keeps the palette it chose: let the emulated scheme choose again
    found, started = {}, time.monotonic()
    for rel in pages:
        page.goto(base + rel, wait_until="load")
        if page.locator(".cl-data, .cl-index-data").count():
            page.wait_for_selector(".cl-app .cl-proj")
        if page.locator("pre.mermaid").count():  # Material swaps each for a div with the SVG in a closed shadow root
            page.wait_for_function("!document.querySelector('pre.mermaid')", timeout=30_000)
        for v in page.evaluate(AXE_VIOLATIONS):
            found.setdefault(f"{v['id']}: {v['help']}", []).append(
                f"/{rel} ({v['count']}x e.g. {v['target']} {v['html']})")
    report = [f"{rule}: {len(where)} pages, e.g. {where[:3]}" for rule, where in found.items()]
    return report, time.monotonic() - started


def test_every_built_page_has_no_axe_violations_in_the_light_palette(scan_page, built_site):
    """axe-core on each of the ~200 pages of the real site in Material's light (default) palette."""
    pages = built_pages(built_site.dir)
    assert len(pages) > 150
    report, seconds = scan(scan_page, built_site.url, pages, "light")
    print(f"axe (light): {len(pages)} pages in {seconds:.0f} s")
    assert report == [], "\n".join(report)


def test_representative_pages_have_no_axe_violations_in_the_dark_palette(scan_page, built_site):
    """The same scan in the dark (slate) palette on one page of each kind (DARK_PAGES)."""
    built = set(built_pages(built_site.dir))
    assert set(DARK_PAGES) <= built, set(DARK_PAGES) - built
    report, seconds = scan(scan_page, built_site.url, DARK_PAGES, "dark")
    assert scan_page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    print(f"axe (dark): {len(DARK_PAGES)} pages in {seconds:.0f} s")
    assert report == [], "\n".join(report)


FOCUS_SHOWN = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const shows = el => { const s = getComputedStyle(el);
    return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 1) || s.boxShadow !== "none"; };
  const r = e.getBoundingClientRect(), s = getComputedStyle(e);
  const hidden = r.width <= 1 || r.height <= 1 || s.opacity === "0";
  // a visually hidden radio or checkbox shows its focus on the label next to it (Material's palette toggle)
  const label = e.nextElementSibling?.tagName === "LABEL" ? e.nextElementSibling
              : e.id ? document.querySelector(`label[for="${e.id}"]`) : null;
  const target = hidden && label ? label : e;
  return {what: `${e.tagName.toLowerCase()}.${String(e.className).split(" ")[0]} "${
            (e.textContent || e.getAttribute("aria-label") || e.value || "").trim().slice(0, 40)}"`, shown: shows(target)};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["", "api/pagination/", "checklists/caching/", "checklists/"])
def test_keyboard_focus_is_visible_on_every_tab_stop(scan_page, built_site, path, scheme):
    """Tab through a page (header, search, tabs, navigation, content links, checklist controls, footer): every stop
    that takes focus draws an outline (or a box shadow), on the element or on the label a hidden input stands for."""
    page = scan_page
    page.emulate_media(color_scheme=scheme)
    page.goto(built_site.url + path)
    if path.startswith("checklists/"):
        page.wait_for_selector(".cl-app .cl-proj")
    page.locator("body").focus()
    missing, stops, seen = [], 0, set()
    for _ in range(400):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_SHOWN)
        if focused is None:
            continue
        key = page.evaluate("() => { const e = document.activeElement; return e.outerHTML.slice(0, 200) + "
                            "[...document.querySelectorAll('*')].indexOf(e); }")
        if key in seen:  # wrapped around to the top
            break
        seen.add(key)
        stops += 1
        if not focused["shown"]:
            missing.append(focused["what"])
    assert stops > 20, f"only {stops} tab stops on /{path}"
    assert missing == [], f"/{path} ({scheme}): no visible focus on {missing}"
