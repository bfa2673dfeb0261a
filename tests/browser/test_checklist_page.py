"""The interactive checklist page (docs/checklists/using.md), driven in Chromium against synthetic handbooks."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from handbook_checklists.document.state import parse_document

from tests.browser.conftest import guarded_context, open_checklist

pytestmark = pytest.mark.browser

KEY = "/.checklist.v1.project."


def radio(page, item_id, status):
    return page.locator(f'input[name="cl-{item_id}"][value="{status}"]')


def note(page, item_id):
    return page.locator(f'article[data-id="{item_id}"] .cl-note input')


def stored(page) -> dict:
    return page.evaluate("() => Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage.getItem(k)]))")


def project_state(page, name="default") -> dict:
    raw = stored(page).get(KEY + name)
    return json.loads(raw) if raw else {}


def message(page) -> str:
    return page.locator(".cl-msg").inner_text()


def export(page, which="export") -> tuple[str, dict]:
    with page.expect_download() as info:
        page.click(f'.cl-app button[data-act="{which}"]')
    text = open(info.value.path(), encoding="utf-8").read()
    parse_document(text)  # what the page writes, `checklist status` reads (it would exit 2 on a refusal)
    return text, json.loads(text)


def import_text(page, text: str | bytes, name="project.json"):
    data = text.encode() if isinstance(text, str) else text
    page.evaluate("document.querySelector('.cl-msg').replaceChildren()")
    page.set_input_files(".cl-app input[type=file]", files=[{"name": name, "mimeType": "application/json", "buffer": data}])
    page.wait_for_selector(".cl-msg p")


def schema(site) -> dict:
    return json.loads((site.builds["v1"] / "schemas" / "project-checklist-2.schema.json").read_text(encoding="utf-8"))


def tick(page, item_id, status="done", text=None):
    if text is not None:
        note(page, item_id).fill(text)
    radio(page, item_id, status).check()


# -- basics ------------------------------------------------------------------------------------
def test_without_javascript_the_page_is_the_complete_checklist(browser, site, guard):
    context = guarded_context(browser, guard, java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "checklists/alpha/")
    assert page.locator("article.cl-item").count() == 4
    assert page.locator(".cl-ctl").count() == 0
    assert page.locator(".cl-app").inner_html() == ""
    assert "<script>window.__pwned=1</script>" in page.locator("#alp-001").inner_text()
    assert page.locator("#alp-001 + .cl-item__meta .cl-item__permalink").count() == 1
    context.close()


def test_controls_are_real_labelled_form_controls_and_hostile_text_stays_text(page, site):
    open_checklist(page, site.url)
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".cl-ctl").count() == 4
    group = page.locator('article[data-id="ALP-001"] fieldset.cl-st')
    assert group.get_attribute("aria-label") == "Status of ALP-001"
    for status, label in (("todo", "To do"), ("done", "Done"), ("na", "N/A")):
        assert page.get_by_role("radio", name=label).first.is_visible()
    assert radio(page, "ALP-001", "todo").is_checked()
    assert page.get_by_label("Note on ALP-001").count() == 1
    # severity, tags and permalink stay visible next to the controls
    meta = page.locator('article[data-id="ALP-001"] .cl-item__meta')
    assert "must" in meta.inner_text() and "crypto" in meta.inner_text()
    assert meta.locator("a.cl-item__permalink").get_attribute("href").endswith("c/ALP-001/")


def test_tick_reload_still_ticked(page, site):
    open_checklist(page, site.url)
    tick(page, "ALP-001")
    note(page, "ALP-003").fill("see ticket #12")
    page.reload()
    page.wait_for_selector(".cl-ctl")
    assert radio(page, "ALP-001", "done").is_checked()
    assert radio(page, "ALP-002", "todo").is_checked()
    assert note(page, "ALP-003").input_value() == "see ticket #12"
    state = project_state(page)
    assert state["items"]["ALP-001"]["status"] == "done"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", state["items"]["ALP-001"]["updated"])
    assert state["versions"] == {"alpha": "1.0.0"}
    assert "1 of 4 done (25%)" in page.locator(".cl-ptext").inner_text()


def test_na_asks_for_a_reason_and_counts_out(page, site):
    open_checklist(page, site.url)
    radio(page, "ALP-002", "na").check()
    field = note(page, "ALP-002")
    assert field.get_attribute("aria-invalid") == "true" and field.evaluate("e => e.required")
    assert "ALP-002" not in project_state(page).get("items", {})  # not saved without a reason
    assert "reason" in message(page)
    field.fill("no keys in this service")
    assert project_state(page)["items"]["ALP-002"] == {
        "status": "na", "note": "no keys in this service", "updated": project_state(page)["items"]["ALP-002"]["updated"]}
    assert field.get_attribute("aria-invalid") is None
    tick(page, "ALP-001")
    # 1 done of 3 counted (n/a counted out), per severity and per section
    assert page.locator(".cl-ptext").inner_text().startswith("1 of 3 done (33%), 1 n/a")
    assert "must 1/2" in page.locator(".cl-ptext").inner_text() and "should 0/0" in page.locator(".cl-ptext").inner_text()
    assert page.locator(".cl-secp").first.inner_text() == "1 of 1 done (100%), 1 n/a"


def test_keyboard_only_ticking(page, site):
    open_checklist(page, site.url)
    page.locator("body").focus()
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "cl-ALP-001":
            break
    else:
        pytest.fail("Tab never reached ALP-001's status")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("ArrowRight")
    assert radio(page, "ALP-001", "done").is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Note on ALP-001"
    page.keyboard.type("checked by keyboard")
    page.reload()
    page.wait_for_selector(".cl-ctl")
    assert radio(page, "ALP-001", "done").is_checked()
    assert note(page, "ALP-001").input_value() == "checked by keyboard"


# -- projects ------------------------------------------------------------------------------------
def test_two_projects_keep_separate_state_rename_and_delete(page, site):
    open_checklist(page, site.url)
    tick(page, "ALP-001")
    page.click('button[data-act="new"]')
    page.fill(".cl-pname", "payments-api")
    page.keyboard.press("Enter")
    assert page.locator(".cl-psel").input_value() == "payments-api"
    assert radio(page, "ALP-001", "todo").is_checked()
    tick(page, "ALP-003")
    page.select_option(".cl-psel", "default")
    assert radio(page, "ALP-001", "done").is_checked() and radio(page, "ALP-003", "todo").is_checked()
    page.reload()
    page.wait_for_selector(".cl-ctl")
    assert page.locator(".cl-psel").input_value() == "default"
    page.select_option(".cl-psel", "payments-api")
    assert radio(page, "ALP-003", "done").is_checked() and radio(page, "ALP-001", "todo").is_checked()
    page.click('button[data-act="rename"]')
    page.fill(".cl-pname", "billing")
    page.click(".cl-pform button:not([type])")
    keys = stored(page)
    assert KEY + "billing" in keys and KEY + "payments-api" not in keys
    assert radio(page, "ALP-003", "done").is_checked()
    page.click('button[data-act="delete"]')  # the page fixture accepts the confirmation
    assert KEY + "billing" not in stored(page) and KEY + "default" in stored(page)
    assert page.locator(".cl-psel").input_value() == "default"
    assert radio(page, "ALP-001", "done").is_checked()


def test_delete_needs_confirmation(context, site):
    page = context.new_page()
    open_checklist(page, site.url)
    tick(page, "ALP-001")
    page.once("dialog", lambda d: d.dismiss())
    page.click('button[data-act="delete"]')
    assert project_state(page)["items"]["ALP-001"]["status"] == "done"


def test_storage_sync_between_tabs(context, site):
    one, two = context.new_page(), context.new_page()
    open_checklist(one, site.url)
    open_checklist(two, site.url)
    tick(one, "ALP-004", "na", "covered by ADR-7")
    two.wait_for_function("document.querySelector('input[name=\"cl-ALP-004\"][value=na]').checked")
    assert note(two, "ALP-004").input_value() == "covered by ADR-7"
    assert "0 of 3 done" in two.locator(".cl-ptext").inner_text()


def test_corrupted_and_foreign_storage(page, site):
    page.goto(site.url)
    page.evaluate("""() => {
        localStorage.setItem('/.checklist.v1.project.default', '{not json');
        localStorage.setItem('/.checklist.v1.project.good', JSON.stringify({items: {'ALP-001': {status: 'done', note: '', updated: null}}}));
        localStorage.setItem('/.checklist.v1.project.weird', JSON.stringify({items: {'__proto__': {status: 'done'}, 'ALP-002': {status: 'bogus'},
            'ALP-003': {status: 'na', note: ''}, 'ALP-004': 7, 'BET-001': {status: 'done', note: 5, updated: 'yesterday'}}, versions: [1]}));
        localStorage.setItem('/.checklist.v1.project.%E0%A4%A', 'x');
        localStorage.setItem('/.checklist.v1.current', '{"a": 1}');
        localStorage.setItem('someone-else', 'foreign');
    }""")
    open_checklist(page, site.url)
    assert page.locator(".cl-psel").input_value() == "default"
    assert set(page.locator(".cl-psel option").all_inner_texts()) == {"default", "good", "weird"}
    tick(page, "ALP-002")
    keys = stored(page)
    assert keys["/.checklist.v1.corrupt.default"] == "{not json"  # kept aside, not lost
    assert json.loads(keys[KEY + "good"])["items"]["ALP-001"]["status"] == "done"
    assert keys["someone-else"] == "foreign"
    page.select_option(".cl-psel", "good")
    assert radio(page, "ALP-001", "done").is_checked()
    page.select_option(".cl-psel", "weird")
    assert all(radio(page, i, "todo").is_checked() for i in ("ALP-001", "ALP-002", "ALP-003", "ALP-004"))
    assert page.evaluate("({}).status") is None


# -- filters, copy --------------------------------------------------------------------------------
def visible_ids(page):
    return page.eval_on_selector_all("article.cl-item", "els => els.filter(e => !e.hidden).map(e => e.dataset.id)")


def test_filters_are_reflected_in_the_url_and_read_from_it(page, site):
    open_checklist(page, site.url)
    page.get_by_role("checkbox", name="must").check()
    assert visible_ids(page) == ["ALP-001", "ALP-004"]
    assert page.url.endswith("/checklists/alpha/?severity=must")
    page.select_option('.cl-filters select[name="tag"]', "auth")
    page.fill('.cl-filters input[name="q"]', "DESIGN")
    assert visible_ids(page) == ["ALP-004"]
    assert "severity=must&tag=auth&text=DESIGN" in page.url
    page.press('.cl-filters input[name="q"]', "Enter")  # filters as typed; the form is never submitted
    assert "severity=must&tag=auth&text=DESIGN" in page.url and visible_ids(page) == ["ALP-004"]
    # the section with nothing left collapses
    assert page.locator('h2[data-section]').first.is_hidden()
    assert page.locator('div.cl-items').first.is_hidden()
    assert page.locator(".cl-shown").inner_text() == "Showing 1 of 4 items"
    page.click('.cl-filters button[type="reset"]')
    page.wait_for_function("!location.search")
    assert len(visible_ids(page)) == 4
    # a shared link opens the same filtered view
    tick(page, "ALP-003")
    open_checklist(page, site.url, query="?status=todo,na&phase=operate")
    assert visible_ids(page) == ["ALP-002"]
    assert page.get_by_role("checkbox", name="To do").is_checked()
    assert page.locator('.cl-filters select[name="phase"]').input_value() == "operate"
    # the text travels as `text`: Material reads `q` as a search to open over the page; an older link with
    # `q` still filters, and the next change writes `text`
    open_checklist(page, site.url, query="?text=design")
    assert visible_ids(page) == ["ALP-004"] and not page.locator("#__search").is_checked()
    open_checklist(page, site.url, query="?q=design")
    assert visible_ids(page) == ["ALP-004"]
    page.keyboard.press("Escape")  # the search Material opened
    page.get_by_role("checkbox", name="must").check()
    assert page.url.endswith("/checklists/alpha/?severity=must&text=design")
    # other parameters (Material's search highlight ?h=) survive filter changes
    open_checklist(page, site.url, query="?h=keys&severity=must")
    page.get_by_role("checkbox", name="must").uncheck()
    assert page.url.endswith("/checklists/alpha/?h=keys")


def test_the_text_filter_reads_the_items_not_their_controls(page, site):
    open_checklist(page, site.url)
    page.wait_for_function("document.querySelectorAll('.cl-ctl').length === 4")
    page.fill('.cl-filters input[name="q"]', "waiver")  # a control's label, in no item's text
    assert visible_ids(page) == []
    page.fill('.cl-filters input[name="q"]', "argon2id")
    assert visible_ids(page) == ["ALP-001"]


CHILDREN = """() => [document.querySelector('article.md-content__inner'), ...document.querySelectorAll('article.cl-item')]
    .map(e => Array.from(e.children, c => c.tagName + '.' + c.className).join(' '))"""


def test_the_page_script_fills_rendered_slots_and_inserts_nothing_among_the_content(browser, page, site, guard):
    """Controls go into each item's rendered slot and section progress into its rendered line
    (render/html.py: an element inserted among the content's children restyles the whole page)."""
    context = guarded_context(browser, guard, java_script_enabled=False)
    static = context.new_page()
    static.goto(site.url + "checklists/alpha/")
    before = static.evaluate(CHILDREN)
    context.close()
    open_checklist(page, site.url)
    page.wait_for_function("document.querySelectorAll('.cl-slot > .cl-ctl').length === 4")
    tick(page, "ALP-001")
    assert page.evaluate(CHILDREN) == before
    assert page.locator(".cl-secp").first.inner_text() == "1 of 2 done (50%)"


def test_copy_for_pull_request(page, site):
    page.add_init_script("""Object.defineProperty(navigator, 'clipboard', {value: {writeText: t => { window.__copied = t; return Promise.resolve(); }}});""")
    open_checklist(page, site.url)
    tick(page, "ALP-001")
    tick(page, "ALP-002", "na", "no [keys] here")
    page.get_by_role("checkbox", name="should").check()
    page.get_by_role("checkbox", name="must").check()
    page.click('button[data-act="copy"]')
    page.wait_for_function("window.__copied")
    md = page.evaluate("window.__copied")
    u = site.url
    assert md.splitlines()[2:] == [
        f"- [x] [ALP-001]({u}c/ALP-001/) Use `Argon2id` \\<script\\>window.\\_\\_pwned=1\\</script\\>",
        f"- [ ] ~~[ALP-002]({u}c/ALP-002/) Rotate keys \\[yearly\\](javascript:alert(1))~~ (n/a: no \\[keys\\] here)",
        f"- [ ] [ALP-004]({u}c/ALP-004/) Review the design",
    ]
    assert md.endswith("\n") and "Copied 3 items" in message(page)


# -- export / import ------------------------------------------------------------------------------
def test_export_validates_and_round_trips_in_a_fresh_context(browser, page, site, guard):
    open_checklist(page, site.url)
    page.click('button[data-act="new"]')
    page.fill(".cl-pname", "payments-api")
    page.keyboard.press("Enter")
    tick(page, "ALP-001", "done", "Argon2id via libsodium — “quoted” ✓")
    tick(page, "ALP-004", "na", "no design phase")
    note(page, "ALP-003").fill("later")
    text, doc = export(page)
    jsonschema.Draft7Validator(schema(site)).validate(doc)
    assert text == json.dumps(doc, indent=2, ensure_ascii=False) + "\n"  # the engine's formatting
    assert doc["project"] == "payments-api" and doc["format"] == "project-checklist/2"
    assert doc["$schema"] == site.url + "schemas/project-checklist-2.schema.json"
    assert [c["id"] for c in doc["checklists"]] == ["alpha"]
    blank = json.loads((site.builds["v1"] / "checklists" / "alpha.json").read_text())
    assert doc["checklists"] == blank["checklists"]
    assert [{k: v for k, v in i.items() if k not in ("status", "note", "updated")} for i in doc["items"]] == \
        [{k: v for k, v in i.items() if k not in ("status", "note", "updated")} for i in blank["items"]]
    items = {i["id"]: i for i in doc["items"]}
    assert items["ALP-001"]["status"] == "done" and items["ALP-004"]["note"] == "no design phase"
    assert items["ALP-003"] == {**items["ALP-003"], "status": "todo", "note": "later"}
    all_text, all_doc = export(page, "all")
    jsonschema.Draft7Validator(schema(site)).validate(all_doc)
    assert [c["id"] for c in all_doc["checklists"]] == ["alpha", "beta"]

    fresh = guarded_context(browser, guard)
    other = fresh.new_page()
    open_checklist(other, site.url)
    import_text(other, all_text, "payments-api-all.json")
    summary = message(other)
    assert "into project “payments-api” (new)" in summary and "3 items will change (1 done, 1 n/a, 1 to do)" in summary
    assert radio(other, "ALP-001", "todo").is_checked()  # nothing applied before confirming
    other.click('button[data-act="apply"]')
    assert radio(other, "ALP-001", "done").is_checked() and radio(other, "ALP-004", "na").is_checked()
    assert other.locator(".cl-psel").input_value() == "payments-api"
    again_text, again = export(other, "all")
    assert {**again, "exported": None} == {**all_doc, "exported": None}
    stamp = re.compile(r'^  "exported": ".*",$', re.M)
    assert stamp.sub("", again_text) == stamp.sub("", all_text)  # byte for byte, but for the export time
    fresh.close()


def test_drag_and_drop_import(page, site):
    open_checklist(page, site.url)
    doc = json.loads((site.builds["v1"] / "checklists" / "alpha.json").read_text())
    doc["items"][1].update(status="done", updated="2026-01-02T03:04:05Z")
    page.evaluate("""text => {
        const dt = new DataTransfer(); dt.items.add(new File([text], 'dropped.json', {type: 'application/json'}));
        document.querySelector('.cl-app').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
    }""", json.dumps(doc))
    page.wait_for_selector('button[data-act="apply"]')
    assert "1 item will change (1 done, 0 n/a, 0 to do)" in message(page)
    page.click('button[data-act="apply"]')
    assert radio(page, "ALP-002", "done").is_checked()
    assert project_state(page)["items"]["ALP-002"]["updated"] == "2026-01-02T03:04:05Z"


def _blank(site):
    return json.loads((site.builds["v1"] / "checklists" / "all.json").read_text())


def _bad_docs(site):
    future = {**_blank(site), "format": "project-checklist/3"}
    wrong_format = {**_blank(site), "format": "something-else/1"}
    wrong_types = _blank(site)
    wrong_types["items"][0]["status"] = True
    na_without_reason = _blank(site)
    na_without_reason["items"][0]["status"] = "na"
    bad_id = _blank(site)
    bad_id["items"][0]["id"] = "not-an-id"
    proto_top = json.dumps(_blank(site))[:-1] + ', "__proto__": {"polluted": true}}'
    proto_item = json.dumps(_blank(site)).replace('"id": "ALP-001",', '"__proto__": {"polluted": true}, "id": "ALP-001",', 1)
    return {
        "not JSON": ("{this is not json", "not valid JSON"),
        "a JSON list": ("[1, 2]", "not a project checklist document"),
        "wrong format": (json.dumps(wrong_format), "not a project checklist document"),
        "future version": (json.dumps(future), "newer than this site reads"),
        "wrong types": (json.dumps(wrong_types), 'item ALP-001: "status" is a boolean; expected one of: todo, done, na'),
        "n/a without a reason": (json.dumps(na_without_reason), "expected the reason the item does not apply"),
        "malformed ID": (json.dumps(bad_id), "expected an item ID"),
        "__proto__ at the top": (proto_top, 'unknown field "__proto__"'),
        "__proto__ in an item": (proto_item, 'item ALP-001: unknown field "__proto__"'),
        "duplicate ID": (json.dumps({**_blank(site), "checklists": _blank(site)["checklists"] * 2}), "appears twice"),
    }


def test_bad_imports_show_an_error_and_change_nothing(page, site):
    open_checklist(page, site.url)
    tick(page, "ALP-001")
    before = stored(page)
    for case, (text, expected) in _bad_docs(site).items():
        import_text(page, text, "bad.json")
        assert "Nothing imported" in message(page) and expected in message(page), case
        assert page.locator('button[data-act="apply"]').count() == 0, case
        assert stored(page) == before, case
        assert page.evaluate("({}).polluted") is None, case
    # 20 MB: refused before reading
    page.evaluate("""() => {
        const dt = new DataTransfer(); dt.items.add(new File([new Uint8Array(20 * 1024 * 1024)], 'huge.json'));
        document.querySelector('.cl-app').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
    }""")
    page.wait_for_function("document.querySelector('.cl-msg').textContent.includes('huge.json')")
    assert "20.0 MB; the limit is 5.0 MB" in message(page)
    assert stored(page) == before
    assert radio(page, "ALP-001", "done").is_checked()


def test_unknown_ids_are_reported_and_kept_as_orphans_only_when_applied(page, site):
    open_checklist(page, site.url)
    doc = _blank(site)
    doc["checklists"].append({"id": "gone", "title": "Gone", "version": "3.1.0", "url": "x", "items": ["GON-001"]})
    doc["items"].append({"id": "GON-001", "checklist": "gone", "section": "S", "title": "Old rule", "severity": "must", "url": "x",
                         "status": "done", "note": "kept", "updated": None})
    doc["orphans"] = [{"id": "OLD-0001", "status": "na", "note": "why not", "updated": None}]
    import_text(page, json.dumps(doc), "with-unknown.json")
    assert "1 unknown ID kept as orphans: GON-001" in message(page)
    page.click('button[data-act="dismiss"]')
    assert "nothing changed" in message(page)
    assert KEY + "default" not in stored(page)
    import_text(page, json.dumps(doc), "with-unknown.json")
    page.click('button[data-act="apply"]')
    orphans = project_state(page)["orphans"]
    assert orphans["GON-001"] == {"status": "done", "note": "kept", "updated": None, "checklist": "gone", "title": "Old rule"}
    _, exported = export(page, "all")
    assert [o["id"] for o in exported["orphans"]] == ["GON-001", "OLD-0001"]
    jsonschema.Draft7Validator(schema(site)).validate(exported)


# -- robustness -----------------------------------------------------------------------------------
def test_version_change_moves_retired_items_and_keeps_orphans(page, site):
    open_checklist(page, site.url)
    tick(page, "ALP-002", "done", "rotated in May")
    tick(page, "ALP-004")
    try:
        site.use("v2")
        open_checklist(page, site.url)
        assert "changed from version 1.0.0 to 2.0.0" in message(page)
        assert "ALP-002 → ALP-001" in message(page) and "ALP-004" in message(page)
        assert radio(page, "ALP-001", "done").is_checked() and note(page, "ALP-001").input_value() == "rotated in May"
        state = project_state(page)
        assert state["versions"]["alpha"] == "2.0.0" and set(state["orphans"]) == {"ALP-004"}
        _, doc = export(page)
        assert [o["id"] for o in doc["orphans"]] == ["ALP-004"]
        jsonschema.Draft7Validator(schema(site)).validate(doc)
        # an old export imported into the new version follows the same rules
        page.evaluate("localStorage.clear()")
        old = _blank(site)
        for i in old["items"]:
            if i["id"] in ("ALP-002", "ALP-004"):
                i["status"] = "done"
        import_text(page, json.dumps(old), "old.json")
        assert "moved to their replacements: ALP-002 → ALP-001" in message(page)
        assert "kept as orphans: ALP-004" in message(page)
    finally:
        site.use("v1")


def test_a_retired_permalink_opens_the_folded_retired_entries(page, site):
    try:
        site.use("v2")
        open_checklist(page, site.url)
        fold = page.locator("details.cl-retired")
        assert fold.locator("summary").inner_text() == "2 retired IDs: why each was retired and what replaced it"
        assert not fold.evaluate("d => d.open") and page.locator("#alp-002").is_hidden()
        page.goto(site.url + "c/ALP-002/")
        page.wait_for_url("**/checklists/alpha/#alp-002")
        page.locator("#alp-002").wait_for(state="visible")
        assert fold.evaluate("d => d.open") and page.locator("#alp-002").is_visible()
        # the same from another page with instant navigation, which Material handles in the page
        open_checklist(page, site.url, "beta")
        page.evaluate("""url => { window.__same_document = true; const a = document.createElement('a');
            a.href = url; a.id = 'to-retired'; a.textContent = 'ALP-002'; document.querySelector('.md-content__inner').prepend(a); }""",
                      site.url + "checklists/alpha/#alp-002")
        page.click("#to-retired")
        page.wait_for_url("**/checklists/alpha/#alp-002")
        page.locator("#alp-002").wait_for(state="visible")
        assert page.evaluate("window.__same_document") is True
        page.wait_for_function("() => { const r = document.getElementById('alp-002').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    finally:
        site.use("v1")


def follow(page, url):
    """Click the site navigation's link to url, as a reader would (Material intercepts the click)."""
    page.evaluate("url => [...document.querySelectorAll('.md-sidebar--primary a')].find(a => a.href === url).click()", url)


def test_instant_navigation_between_checklist_pages(page, site):
    open_checklist(page, site.url)
    page.evaluate("window.__same_document = true")
    tick(page, "ALP-001")
    follow(page, site.url + "checklists/beta/")
    page.wait_for_selector('article[data-id="BET-001"] .cl-ctl')
    assert page.evaluate("window.__same_document") is True  # no full reload
    assert page.locator(".cl-app .cl-proj").count() == 1
    tick(page, "BET-002")
    assert "1 of 3 done" in page.locator(".cl-ptext").inner_text()
    page.go_back()
    page.wait_for_selector('article[data-id="ALP-001"] .cl-ctl')
    assert radio(page, "ALP-001", "done").is_checked()
    follow(page, site.url + "checklists/")
    page.wait_for_selector('td.cl-progress-cell[data-checklist="beta"]:not(:empty)')
    assert page.evaluate("window.__same_document") is True
    assert page.locator('td.cl-progress-cell[data-checklist="alpha"]').inner_text() == "1 of 4 done (25%)"
    assert page.locator('td.cl-progress-cell[data-checklist="beta"]').inner_text() == "1 of 3 done (33%)"
    assert "All checklists: 2 of 7 done" in page.locator(".cl-ptext").inner_text()


def test_index_page_shows_progress_and_exports_all(page, site):
    page.goto(site.url)
    page.evaluate("""() => localStorage.setItem('/.checklist.v1.project.default', JSON.stringify({items: {
        'BET-001': {status: 'done', note: '', updated: null}, 'BET-002': {status: 'na', note: 'n/a', updated: null}}}))""")
    page.goto(site.url + "checklists/")
    page.wait_for_selector(".cl-app .cl-proj")
    assert page.locator('td.cl-progress-cell[data-checklist="beta"]').inner_text() == "1 of 2 done (50%), 1 n/a"
    assert page.locator('.cl-app button[data-act="export"]').count() == 0
    _, doc = export(page, "all")
    jsonschema.Draft7Validator(schema(site)).validate(doc)
    assert [c["id"] for c in doc["checklists"]] == ["alpha", "beta"]


def test_print_hides_the_toolbar_and_shows_statuses(page, site):
    open_checklist(page, site.url)
    tick(page, "ALP-001")
    page.emulate_media(media="print")
    assert page.locator(".cl-filters").is_hidden() and page.locator(".cl-actions").is_hidden()
    assert page.locator('article[data-id="ALP-001"] .cl-st label').filter(has_text="Done").is_visible()
    assert page.locator('article[data-id="ALP-001"] .cl-st label').filter(has_text="To do").is_hidden()
    assert page.locator(".cl-ptext").is_visible()


# -- stored state that does not load cleanly, tabs at the same moment, names already taken ----------
WRONG_SHAPE = '{"items":{"CAC-004":{"status":"blocked","note":"waiting on vendor"}}}'


def test_stored_value_of_the_wrong_shape_is_kept_aside_before_it_is_replaced(page, site):
    page.goto(site.url)
    page.evaluate("v => { localStorage.setItem('/.checklist.v1.project.default', v);"
                  " localStorage.setItem('/.checklist.v1.corrupt.default', 'an older one'); }", WRONG_SHAPE)
    open_checklist(page, site.url)  # opening alone may rewrite the value: only after keeping it aside
    keys = stored(page)
    assert keys[KEY + "default"] == WRONG_SHAPE or WRONG_SHAPE in [v for k, v in keys.items() if k.startswith("/.checklist.v1.corrupt.default.")]
    tick(page, "ALP-001")
    keys = stored(page)
    assert keys["/.checklist.v1.corrupt.default"] == "an older one"
    aside = [k for k in keys if k.startswith("/.checklist.v1.corrupt.default.")]
    assert len(aside) == 1 and keys[aside[0]] == WRONG_SHAPE
    assert re.fullmatch(r"/\.checklist\.v1\.corrupt\.default\.\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", aside[0])
    assert project_state(page)["items"]["ALP-001"]["status"] == "done"
    # once kept aside, the clean value is saved as usual: no second copy
    tick(page, "ALP-002")
    assert len([k for k in stored(page) if k.startswith("/.checklist.v1.corrupt.")]) == 2


def test_wrong_shape_that_cannot_be_kept_aside_is_not_overwritten(browser, site, guard):
    context = guarded_context(browser, guard)
    context.add_init_script("""{ const set = Storage.prototype.setItem;
        Storage.prototype.setItem = function (k, v) {
            if (String(k).includes('.corrupt.')) throw new DOMException('full', 'QuotaExceededError');
            return set.call(this, k, v); }; }""")
    page = context.new_page()
    page.goto(site.url)
    page.evaluate("v => localStorage.setItem('/.checklist.v1.project.default', v)", WRONG_SHAPE)
    open_checklist(page, site.url)
    tick(page, "ALP-001")
    assert stored(page)[KEY + "default"] == WRONG_SHAPE
    assert "cannot read" in message(page) and "too full to keep a copy" in message(page)
    context.close()


def test_two_tabs_ticking_different_items_at_the_same_moment_keep_both(context, site):
    one, two = context.new_page(), context.new_page()
    open_checklist(one, site.url)
    open_checklist(two, site.url)
    at = """([id, status, when]) => setTimeout(() => document.querySelector(`input[name="cl-${id}"][value="${status}"]`).click(),
        Math.max(0, when - Date.now()))"""
    both = """([a, b]) => { const v = JSON.parse(localStorage.getItem('/.checklist.v1.project.default') || '{}').items || {};
        return (v['ALP-001'] || {}).status === a && (v['ALP-003'] || {}).status === b
            && document.querySelector(`input[name="cl-ALP-001"][value="${a}"]`).checked
            && document.querySelector(`input[name="cl-ALP-003"][value="${b}"]`).checked; }"""
    for n in range(30):  # each round, each tab flips its own item at the same moment
        s1 = s3 = "todo" if n % 2 else "done"
        when = one.evaluate("Date.now()") + 150
        one.evaluate(at, ["ALP-001", s1, when])
        two.evaluate(at, ["ALP-003", s3, when])
        for p in (one, two):
            try:
                p.wait_for_function(both, arg=[s1, s3], timeout=5000)
            except Exception:
                raise AssertionError((n, s1, p is one, p.evaluate("localStorage.getItem('/.checklist.v1.project.default')"),
                                      [radio(p, i, s).is_checked() for i in ("ALP-001", "ALP-003") for s in ("todo", "done")]))


def test_new_and_rename_onto_an_existing_project_ask_first(context, site):
    page = context.new_page()
    open_checklist(page, site.url)
    tick(page, "ALP-001")
    asked = []

    def decline(d):
        asked.append(d.message)
        d.dismiss()

    page.on("dialog", decline)
    page.click('button[data-act="new"]')
    page.fill(".cl-pname", "default")
    page.keyboard.press("Enter")
    assert "“default”" in asked[-1] and "Created" not in message(page) and "Nothing changed" in message(page)
    assert radio(page, "ALP-001", "done").is_checked()
    assert project_state(page)["items"]["ALP-001"]["status"] == "done"
    page.fill(".cl-pname", "other")  # a new name: nothing to ask
    page.keyboard.press("Enter")
    tick(page, "ALP-003")
    page.click('button[data-act="rename"]')
    page.fill(".cl-pname", "default")
    page.keyboard.press("Enter")
    assert len(asked) == 2 and "“default”" in asked[-1]
    assert project_state(page)["items"]["ALP-001"]["status"] == "done" and "ALP-003" not in project_state(page)["items"]
    assert project_state(page, "other")["items"]["ALP-003"]["status"] == "done"
    assert page.locator(".cl-psel").input_value() == "other"


def test_import_into_a_project_with_state_changes_nothing_until_applied(page, site):
    open_checklist(page, site.url)
    tick(page, "ALP-001", "done", "mine")
    doc = _blank(site)
    doc["project"] = "default"
    import_text(page, json.dumps(doc), "blank.json")
    assert "into project “default”:" in message(page) and "1 item will change (0 done, 0 n/a, 1 to do)" in message(page)
    assert project_state(page)["items"]["ALP-001"]["note"] == "mine"
    page.click('button[data-act="dismiss"]')
    assert project_state(page)["items"]["ALP-001"]["note"] == "mine" and radio(page, "ALP-001", "done").is_checked()


# -- open from URL, waivers on the page, team items ------------------------------------------------
class _Docs:
    """A second small server on 127.0.0.1: /cors/<name> answers with Access-Control-Allow-Origin, /plain/<name> without."""

    def __init__(self):
        import http.server
        import threading

        from tests.support.site import free_port

        self.files: dict[str, bytes] = {}
        docs = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                _, kind, name = self.path.split("/", 2)
                body = docs.files.get(name)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "application/json")
                if kind == "cors":
                    self.send_header("Access-Control-Allow-Origin", "*")
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args):
                pass

        self.port = free_port()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.port}/"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def docs():
    d = _Docs()
    yield d
    d.close()


def open_url(page, url):
    page.evaluate("document.querySelector('.cl-msg').replaceChildren()")
    page.click('button[data-act="url"]')
    page.fill(".cl-url", url)
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.cl-msg p') && !document.querySelector('.cl-msg p').textContent.startsWith('Loading')")


def test_open_from_url_validates_like_a_file_and_is_remembered(page, site, docs):
    requests = []
    page.on("request", lambda r: requests.append(r.url) if r.url.startswith(docs.url) else None)
    open_checklist(page, site.url)
    assert page.locator('button[data-act="reload"]').is_hidden() and requests == []  # nothing fetched unasked
    doc = _blank(site)
    doc["items"][0].update(status="done", updated="2026-01-02T03:04:05Z")
    docs.files["team.json"] = json.dumps(doc).encode()
    open_url(page, docs.url + "cors/team.json")
    assert "1 item will change (1 done, 0 n/a, 0 to do)" in message(page)
    assert radio(page, "ALP-001", "todo").is_checked() and KEY + "default" not in stored(page)  # not before Apply
    page.click('button[data-act="apply"]')
    assert radio(page, "ALP-001", "done").is_checked()
    assert project_state(page)["url"] == docs.url + "cors/team.json"
    # the team's file changes; Reload from URL reads it again, through the same summary
    doc["items"][2].update(status="na", note="not ours")
    docs.files["team.json"] = json.dumps(doc).encode()
    page.reload()
    page.wait_for_selector(".cl-ctl")
    page.evaluate("document.querySelector('.cl-msg').replaceChildren()")
    page.click('button[data-act="reload"]')
    page.wait_for_selector('button[data-act="apply"]')
    assert "1 item will change (0 done, 1 n/a, 0 to do)" in message(page)
    page.click('button[data-act="apply"]')
    assert radio(page, "ALP-003", "na").is_checked()
    # the same validators as a file: a bad document changes nothing
    before = stored(page)
    for case, (text, expected) in list(_bad_docs(site).items())[:6]:
        docs.files["bad.json"] = text.encode()
        open_url(page, docs.url + "cors/bad.json")
        assert "Nothing imported" in message(page) and expected in message(page), case
        assert stored(page) == before, case
    open_url(page, docs.url + "cors/missing.json")
    assert "answered 404" in message(page)
    assert stored(page) == before
    assert not [k for k in stored(page) if ".corrupt." in k]  # what the page writes, it reads back cleanly


def test_open_from_url_without_cors_explains_what_the_host_must_allow(page, site, docs):
    open_checklist(page, site.url)
    docs.files["team.json"] = json.dumps(_blank(site)).encode()
    open_url(page, docs.url + "plain/team.json")
    text = message(page)
    assert "Nothing imported" in text and "CORS" in text and "Access-Control-Allow-Origin" in text
    assert site.url.rstrip("/") in text  # the origin to allow
    assert KEY + "default" not in stored(page)


def test_waiver_set_shown_removed_and_exported(page, site, tmp_path):
    import subprocess
    import sys

    open_checklist(page, site.url)
    tick(page, "ALP-002", "done")
    art = page.locator('article[data-id="ALP-004"]')
    art.locator(".cl-wbtn").click()
    art.locator(".cl-wform input[name=owner]").fill("Dana <script>")
    art.locator(".cl-wform input[name=until]").fill("2099-06-30")
    art.locator(".cl-wform input[name=reason]").fill("   ")
    art.locator(".cl-wform button:not([type])").click()
    assert "needs an owner" in message(page) and "waiver" not in project_state(page)["items"].get("ALP-004", {})
    art.locator(".cl-wform input[name=reason]").fill("vendor fix due in June")
    art.locator(".cl-wform button:not([type])").click()
    assert art.locator(".cl-wform").count() == 0
    assert art.locator(".cl-waiver").inner_text() == "Waived until 2099-06-30 · owner Dana <script>"
    assert radio(page, "ALP-004", "todo").is_checked()  # a waiver is not a status
    waiver = {"reason": "vendor fix due in June", "owner": "Dana <script>", "until": "2099-06-30"}
    assert project_state(page)["items"]["ALP-004"]["waiver"] == waiver
    path = tmp_path / "export.json"
    text, doc = export(page)
    jsonschema.Draft7Validator(schema(site)).validate(doc)
    assert {i["id"]: i for i in doc["items"]}["ALP-004"]["waiver"] == waiver
    path.write_text(text, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "handbook_checklists", "status", str(path)], capture_output=True, text=True)
    assert run.returncode in (0, 1), run.stdout + run.stderr
    page.reload()
    page.wait_for_selector('article[data-id="ALP-004"] .cl-waiver')
    art.locator(".cl-wbtn").click()
    assert art.locator(".cl-wform input[name=owner]").input_value() == "Dana <script>"
    art.locator(".cl-wform button[value=remove]").click()
    assert art.locator(".cl-waiver").count() == 0 and "waiver" not in project_state(page)["items"].get("ALP-004", {})
    _, doc = export(page)
    assert "waiver" not in {i["id"]: i for i in doc["items"]}["ALP-004"]
    assert not [k for k in stored(page) if ".corrupt." in k]  # what the page writes, it reads back cleanly


def test_team_items_from_a_document_are_kept_and_shown_read_only(page, site):
    open_checklist(page, site.url)
    doc = _blank(site)
    doc["checklists"][0]["items"] += ["XPAY-001", "XPAY-002"]
    doc["items"] += [
        {"id": "XPAY-001", "checklist": "alpha", "section": "Payments", "title": "Card data <b>never</b> logged", "severity": "must",
         "url": "https://example.invalid/x", "status": "done", "note": "", "updated": None},
        {"id": "XPAY-002", "checklist": "alpha", "section": "Payments", "title": "Refunds reviewed", "severity": "should",
         "url": "https://example.invalid/x", "status": "todo", "note": "", "updated": None}]
    import_text(page, json.dumps(doc), "team.json")
    page.click('button[data-act="apply"]')
    block = page.locator(".cl-team")
    assert block.locator("h2").inner_text() == "Team items"
    lines = block.locator("li").all_inner_texts()
    assert lines == ["XPAY-001 · must · Card data <b>never</b> logged · Done", "XPAY-002 · should · Refunds reviewed · To do"]
    assert block.locator("b, input").count() == 0  # text only, read-only
    page.goto(site.url + "checklists/")
    page.wait_for_selector(".cl-team li")
    assert page.locator(".cl-team li").count() == 2
    open_checklist(page, site.url, "beta")
    assert page.locator(".cl-team").count() == 0
    _, exported = export(page, "all")
    assert {o["id"] for o in exported["orphans"]} == {"XPAY-001", "XPAY-002"}  # never dropped
    assert not [k for k in stored(page) if ".corrupt." in k]  # what the page writes, it reads back cleanly


def test_probe_results_are_shown_beside_the_human_status(page, site):
    """An imported document's `auto` records (checklist run --update) appear on their items: the result,
    the first evidence as text, and a disagreement when a person marked the item done."""
    open_checklist(page, site.url)
    tick(page, "ALP-001", "done")
    _, doc = export(page)
    evidence = [{"file": "Dockerfile", "line": 3, "excerpt": "USER root", "message": "expected a non-root <b>USER</b>"}]
    for item in doc["items"]:
        if item["id"] == "ALP-001":
            item["auto"] = {"result": "fail", "evidence": evidence, "probe": "sha256:0123456789ab",
                            "checked": "2026-12-01T10:00:00Z"}
        if item["id"] == "ALP-002":
            item["auto"] = {"result": "pass", "evidence": [], "probe": "sha256:0123456789ab",
                            "checked": "2026-12-01T10:00:00Z"}
    import_text(page, json.dumps(doc))
    page.click('button[data-act="apply"]')
    failed = page.locator('article[data-id="ALP-001"] .cl-auto')
    failed.wait_for()
    assert failed.inner_text() == "Probe: fail (marked done) · Dockerfile:3 · expected a non-root <b>USER</b>"
    assert "cl-auto--disagrees" in failed.get_attribute("class")
    assert page.locator('article[data-id="ALP-001"] .cl-auto b').count() == 0  # evidence stays text
    assert page.locator('article[data-id="ALP-002"] .cl-auto').inner_text() == "Probe: pass"
    assert page.locator('article[data-id="ALP-003"] .cl-auto').count() == 0
    _, again = export(page)
    assert {i["id"]: i for i in again["items"]}["ALP-001"]["auto"]["result"] == "fail"
