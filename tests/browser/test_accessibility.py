"""axe-core finds no violations on a checklist page with the injected controls (ticked, filtered, with an
import summary open), on the checklists index and on every built page of the real site, in Material's light and
dark palettes; keyboard focus is visible at every tab stop."""

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


AXE_VIOLATIONS = """async (rules) => (await axe.run(document, rules
    ? {runOnly: {type: "rule", values: rules}, resultTypes: ["violations"]} : {resultTypes: ["violations"]})
  ).violations.map(v => ({id: v.id, help: v.help, count: v.nodes.length, target: String(v.nodes[0].target),
                          html: v.nodes[0].html.slice(0, 120)}))"""

# The palette changes colours only: the same elements, names, roles and sizes. So the dark pass reruns the axe-core
# rules whose outcome depends on colour (text contrast, and links told from text by colour alone) on the same
# document, switched the way a reader switches it, instead of loading and checking every page a second time.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]

SWITCH_PALETTE = """async scheme => {
  if (document.body.getAttribute("data-md-color-scheme") !== scheme)
    document.querySelector("[data-md-component=palette] label:not([hidden])").click();
  const done = () => document.body.getAttribute("data-md-color-scheme") === scheme
    && !document.body.hasAttribute("data-md-color-switching");
  for (let i = 0; i < 100 && !done(); i++) await new Promise(r => requestAnimationFrame(r));
  return document.body.getAttribute("data-md-color-scheme");
}"""


def scan(page, base: str, pages: list[str]) -> tuple[list[str], float]:
    """axe-core on each of `pages` (paths under `base`): every rule in Material's light palette, then, after the
    reader's palette toggle, COLOUR_RULES in the dark one. Returns one line per (palette, rule) that found
    violations, naming up to three pages, and the seconds taken."""
    import time

    page.emulate_media(color_scheme="light")
    page.goto(base)
    page.evaluate("localStorage.clear()")  # Material keeps the palette it chose: let the emulated scheme choose again
    found, started = {}, time.monotonic()
    for rel in pages:
        page.goto(base + rel, wait_until="load")
        if page.locator(".cl-data, .cl-index-data").count():
            page.wait_for_selector(".cl-app .cl-proj")
        if page.locator(".cl-data").count():  # every item's controls, not those mounted so far
            page.wait_for_function("performance.getEntriesByName('cl-mounted').length > 0")
        if page.locator("pre.mermaid").count():  # Material swaps each for a div with the SVG in a closed shadow root
            page.wait_for_function("!document.querySelector('pre.mermaid')", timeout=30_000)
        for scheme, rules in (("default", None), ("slate", COLOUR_RULES)):
            assert page.evaluate(SWITCH_PALETTE, scheme) == scheme, f"/{rel}: the palette did not switch to {scheme}"
            for v in page.evaluate(AXE_VIOLATIONS, rules):
                found.setdefault(f"{scheme} palette, {v['id']}: {v['help']}", []).append(
                    f"/{rel} ({v['count']}x e.g. {v['target']} {v['html']})")
        page.evaluate(SWITCH_PALETTE, "default")  # the next page opens in the light palette again
    report = [f"{rule}: {len(where)} pages, e.g. {where[:3]}" for rule, where in found.items()]
    return report, time.monotonic() - started


# The scan is split into shards of every SHARDS-th page so that `pytest -n` can run them side by side.
SHARDS = 8


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_built_page_has_no_axe_violations_in_the_light_and_dark_palettes(scan_page, built_site, shard):
    """axe-core on each of the ~200 pages of the real site (this shard's share): all rules in Material's light
    (default) palette, and the colour rules again in its dark (slate) palette (scan)."""
    pages = built_pages(built_site.dir)
    assert len(pages) > 150
    report, seconds = scan(scan_page, built_site.url, pages[shard::SHARDS])
    print(f"axe (light, then dark colour rules): {len(pages[shard::SHARDS])} pages in {seconds:.0f} s")
    assert report == [], "\n".join(report)


def test_the_dark_pass_reports_a_contrast_failure_only_the_dark_palette_has(browser, built_site):
    """The scan's dark pass checks the colours the dark palette really shows: text made too dark for the slate
    background, in the dark palette only, is reported as a slate colour-contrast violation and nothing else."""
    from tests.browser.conftest import Guard, guarded_context

    dark_only = "[data-md-color-scheme=slate] .md-typeset p { color: #3a3d4a; }"
    context = guarded_context(browser, Guard())
    context.add_init_script(axe_source())

    def with_dark_only_rule(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text() + dark_only)

    context.route(built_site.url + "assets/site.css", with_dark_only_rule)
    try:
        report, _ = scan(context.new_page(), built_site.url, ["start/"])
    finally:
        context.close()
    assert [line.partition(":")[0] for line in report] == ["slate palette, color-contrast"], report


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
