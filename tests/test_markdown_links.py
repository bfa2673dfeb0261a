"""Links in checklist Markdown (why, how, description, a retired reason) are data from the YAML's
author: the loader lets through only http(s)/mailto URLs and knowledge-base pages that exist (with
their anchor), and the renderer never emits another scheme, nor a relative path that reads as one."""

from __future__ import annotations

import pytest

from handbook_checklists.catalog.handbook import Handbook
from handbook_checklists.model.urls import Links
from handbook_checklists.render.markdown import render_block
from tests.support.handbooks import VALID_CHECKLIST, make_handbook
from tests.support.site import build

JS_PATH = "checklists/caching/javascript:alert(document.domain)//x.md"
RETIRED = "retired:\n  - id: DEM-003\n    reason: Merged.\n"


def _load(tmp_path, text: str):
    return Handbook.at(make_handbook(tmp_path, checklists={"demo.yml": text})).load()


def _only(result) -> str:
    assert len(result.diagnostics) == 1, [str(d) for d in result.diagnostics]
    return str(result.diagnostics[0])


def _with_link(field: str, target: str) -> str:
    link = f'"[c]({target})"'
    if field == "why":
        return VALID_CHECKLIST.replace("why: Because.", f"why: {link}")
    if field == "how":
        return VALID_CHECKLIST.replace("why: Because.", f"why: Because.\n        how: {link}")
    if field == "description":
        return VALID_CHECKLIST.replace("description: A checklist for tests.", f"description: {link}")
    return VALID_CHECKLIST + RETIRED.replace("reason: Merged.", f"reason: {link}")


WHERE = {"why": "checklists/demo.yml:13:14: DEM-001: ", "how": "checklists/demo.yml:14:14: DEM-001: ",
         "description": "checklists/demo.yml:5:14: ", "reason": "checklists/demo.yml:23:13: DEM-003: "}


@pytest.mark.parametrize("field", ["why", "how", "description", "reason"])
@pytest.mark.parametrize("target", [
    JS_PATH, "javascript:alert(1)//x.md", "ftp://example.com/x", "//evil.example/x.md", "/etc/passwd.md",
    "topic/../../secret.md", "data:text/html,x", "vbscript:x", "topic/index.md?x=1", "https:evil",
])
def test_a_link_that_is_not_a_web_url_or_a_page_is_refused(tmp_path, field, target):
    message = _only(_load(tmp_path, _with_link(field, target)))
    assert message.startswith(WHERE[field]), message
    assert "a link must be an http(s) or mailto URL" in message or "no page" in message


@pytest.mark.parametrize("target,problem", [
    ("topic/nonexistent.md", "link 'topic/nonexistent.md': no page docs/topic/nonexistent.md"),
    ("topic/index.md#nope", "link 'topic/index.md#nope': page docs/topic/index.md has no anchor #nope"),
])
def test_a_broken_knowledge_base_link_is_refused(tmp_path, target, problem):
    assert _only(_load(tmp_path, _with_link("why", target))) == WHERE["why"] + problem


def test_reference_style_links_and_images_are_checked_too(tmp_path):
    text = VALID_CHECKLIST.replace("why: Because.", 'why: "[r][x] ![i](data:image/png;base64,AA)\\n\\n[x]: ftp://a/b"')
    messages = [str(d) for d in _load(tmp_path, text).diagnostics]
    assert len(messages) == 2 and all(m.startswith(WHERE["why"]) for m in messages), messages
    assert any("link 'ftp://a/b'" in m for m in messages) and any("image 'data:image/png" in m for m in messages)


@pytest.mark.parametrize("target", ["topic/index.md", "topic/index.md#details", "https://example.com/a?b=c#d",
                                    "mailto:team@example.com", "checklists/demo.md#dem-001"])
def test_allowed_links_load(tmp_path, target):
    result = _load(tmp_path, _with_link("why", target))
    assert result.ok, [str(d) for d in result.diagnostics]


LINKS = Links("http://127.0.0.1:8000/", "checklists/caching/")


@pytest.mark.parametrize("text", [
    f"[c]({JS_PATH})", "[c](ftp://example.com/x)", "[c](//evil.example/x)", "<ftp://example.com/x>",
    "[r][x]\n\n[x]: ftp://a", "![i](data:image/png;base64,AAAA)", "[c](JaVaScRiPt:alert(1))",
])
def test_the_renderer_never_emits_another_scheme(text):
    html = render_block(text, LINKS, "w")
    assert "href=" not in html and "src=" not in html, html


def test_the_renderer_keeps_allowed_links():
    html = render_block("[a](https://example.com/) [b](mailto:x@example.com) [c](topic/index.md#d)", LINKS, "w")
    assert 'href="https://example.com/" rel="noopener"' in html
    assert 'href="mailto:x@example.com"' in html and 'href="../../topic/#d"' in html


def test_a_relative_path_never_becomes_a_scheme():
    assert LINKS.relative("checklists/caching/javascript:alert(1)//x/") == "./javascript:alert(1)/x/"
    assert LINKS.doc("checklists/caching/a:b.md#c") == "./a:b/#c"
    assert LINKS.relative("checklists/caching/plain/") == "plain/"


def test_the_strict_build_refuses_a_javascript_link(tmp_path):
    root = make_handbook(tmp_path / "src", checklists={"demo.yml": _with_link("why", JS_PATH)})
    result = build(root / "mkdocs.yml", tmp_path / "out", "http://127.0.0.1:8000/")
    assert result.returncode != 0
    assert "checklists/demo.yml:13:14: DEM-001: link 'checklists/caching/javascript:" in result.stdout + result.stderr
    assert not (tmp_path / "out" / "checklists" / "demo" / "index.html").exists()
