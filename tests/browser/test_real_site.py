"""The interactive layer on the real handbook (built strict by the session fixture `built_site`)."""

from __future__ import annotations

import json

import jsonschema
import pytest


pytestmark = pytest.mark.browser


def test_every_checklist_page_gets_its_controls_and_exports_valid_documents(page, built_site):
    index = json.loads((built_site.dir / "checklists" / "all.json").read_text(encoding="utf-8"))
    schema = json.loads((built_site.dir / "schemas" / "project-checklist-2.schema.json").read_text(encoding="utf-8"))
    assert index["checklists"], "the real site has no checklists"
    for checklist in index["checklists"]:
        page.goto(checklist["url"])
        page.wait_for_selector(".cl-app .cl-proj")
        assert page.locator("article.cl-item").count() == len(checklist["items"])
        page.wait_for_function("n => document.querySelectorAll('.cl-ctl').length === n", arg=len(checklist["items"]))
        first = checklist["items"][0]
        page.locator(f'input[name="cl-{first}"][value="done"]').check()
        with page.expect_download() as info:
            page.click('.cl-app button[data-act="export"]')
        doc = json.loads(open(info.value.path(), encoding="utf-8").read())
        jsonschema.Draft7Validator(schema).validate(doc)
        assert doc["checklists"][0]["items"][0] == first
        assert next(i for i in doc["items"] if i["id"] == first)["status"] == "done"
    page.goto(built_site.url + "checklists/")
    page.wait_for_selector(".cl-app .cl-proj")
    help_link = page.locator(".cl-proj a").get_attribute("href")
    assert help_link == "/checklists/using/" and (built_site.dir / "checklists" / "using" / "index.html").is_file()
    cells = page.locator("td.cl-progress-cell").all_inner_texts()
    assert cells and all("done" in c for c in cells)


def test_the_checklist_command_reads_what_the_page_writes(page, built_site, tmp_path):
    """Interop with the CLI (same schema and upgrade rules, docs/reference/project-document.md): `status` reads an export, `set` changes one line
    of it, and `pr-lint` accepts the copied Markdown of ticked and n/a items."""
    import subprocess
    import sys

    from tests.support.site import REPO

    def cli(*args):
        return subprocess.run([sys.executable, "-c", "from handbook_checklists.cli.commands import main; main()", *args], cwd=REPO,
                              capture_output=True, text=True, timeout=120)

    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: {writeText: t => "
                         "{ window.__copied = t; return Promise.resolve(); }}});")
    index = json.loads((built_site.dir / "checklists" / "all.json").read_text(encoding="utf-8"))
    first = index["checklists"][0]
    a, b = first["items"][0], first["items"][1]
    page.goto(first["url"])
    page.wait_for_selector(".cl-app .cl-proj")
    page.check(f'input[name="cl-{a}"][value="done"]')
    page.fill(f'article[data-id="{b}"] .cl-note input', "not in this service")
    page.check(f'input[name="cl-{b}"][value="na"]')
    with page.expect_download() as info:
        page.click('.cl-app button[data-act="all"]')
    exported = tmp_path / "project.json"
    exported.write_text(open(info.value.path(), encoding="utf-8").read(), encoding="utf-8")
    assert cli("status", str(exported)).returncode == 0
    before = exported.read_text(encoding="utf-8").splitlines()
    c = first["items"][2]
    assert cli("set", str(exported), c, "done").returncode == 0
    after = exported.read_text(encoding="utf-8").splitlines()
    assert len(before) == len(after) and sum(x != y for x, y in zip(before, after)) <= 3  # status, updated (note)
    page.goto(first["url"] + "?status=done,na")
    page.wait_for_selector(".cl-app .cl-proj")
    page.click('.cl-app button[data-act="copy"]')
    page.wait_for_function("window.__copied")
    body = tmp_path / "body.md"
    body.write_text(page.evaluate("window.__copied"), encoding="utf-8")
    result = cli("pr-lint", str(body))
    assert result.returncode == 0, result.stdout + result.stderr
