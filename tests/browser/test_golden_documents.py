"""The golden project-document cases (tests/golden/documents/, see tests/support/golden.py) run
against the checklist page: each case's catalog is built once per session into a synthetic site;
the input is imported on its first checklist's page (or put into localStorage, for browser state)
and applied, and "Export all" must write expected.json (or the import must be refused with the
error.txt words). Every export must also pass `checklist status` (exit 0 or 1, never 2)."""

from __future__ import annotations

import contextlib
import json

import pytest
import yaml

from tests.browser.conftest import guarded_context, open_checklist
from tests.browser.test_checklist_page import export, import_text, message
from tests.support.golden import SITE, Case, catalog, cases
from tests.support.cli import invoke
from tests.support.site import build, free_port, serve
from tests.support.handbooks import write_site

pytestmark = pytest.mark.browser

CASES = cases()


@pytest.fixture(scope="session")
def golden_sites(tmp_path_factory):
    """{catalog folder: served URL}, each distinct catalog of the cases built once."""
    sites = {}
    with contextlib.ExitStack() as stack:
        for directory in sorted({case.catalog_dir for case in CASES}):
            lists = [yaml.safe_load(f.read_text(encoding="utf-8")) for f in sorted((directory / "checklists").glob("*.yml"))]
            root = write_site(tmp_path_factory.mktemp("golden-" + directory.name), lists)
            url = f"http://127.0.0.1:{free_port()}/"
            result = build(root / "mkdocs.yml", root / "site", url)
            assert result.returncode == 0, result.stdout + result.stderr
            sites[directory] = stack.enter_context(serve(root / "site", int(url.rsplit(":", 1)[1].strip("/"))))
        yield sites


def passes_status(text: str, case: Case, tmp_path) -> None:
    file = tmp_path / "exported.json"
    file.write_text(text, encoding="utf-8")
    result = invoke(["status", file], case.catalog_dir)
    assert result.exit_code in (0, 1), result.output


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_page(case: Case, golden_sites, browser, guard, tmp_path):
    url = golden_sites[case.catalog_dir]
    first = catalog(case.catalog_dir).checklists[0].id
    context = guarded_context(browser, guard)
    page = context.new_page()
    page.on("pageerror", lambda e: guard.errors.append(str(e)))
    try:
        open_checklist(page, url, first)
        state = case.browser_state
        if state is not None:
            page.evaluate("""([name, state]) => {
                localStorage.setItem('/.checklist.v1.project.' + encodeURIComponent(name), JSON.stringify(state));
                localStorage.setItem('/.checklist.v1.current', JSON.stringify(name)); }""", [state["project"], state["state"]])
            open_checklist(page, url, first)
        else:
            import_text(page, case.input, "case.json")
            said = message(page)
            if case.error is not None:
                assert "Nothing imported" in said and case.error in said, said
                assert page.locator('button[data-act="apply"]').count() == 0
                assert page.evaluate("({}).polluted") is None
                return
            for old, new, _ in (case.summary or {}).get("moved", []):
                assert f"{old} → {new}" in said, said
            for restored in (case.summary or {}).get("restored", []):
                assert restored in said, said
            page.click('button[data-act="apply"]')
        text, _ = export(page, "all")
        passes_status(text, case, tmp_path)
        document = json.loads(text.replace(url, SITE))
        assert {**document, "exported": None} == case.expected
        assert guard.errors == []
    finally:
        context.close()
