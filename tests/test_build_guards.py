"""The build refuses to publish a broken checklist, and hostile YAML text reaches readers as text."""

from __future__ import annotations

from html.parser import HTMLParser

from tests.support.handbooks import VALID_CHECKLIST, make_handbook
from tests.support.site import build

PAYLOADS = ['<script>alert("x")</script>', "<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>"]


def test_strict_build_fails_on_a_broken_checklist_and_names_the_line(tmp_path):
    broken = VALID_CHECKLIST.replace("severity: must", "severity: urgent")
    root = make_handbook(tmp_path / "src", checklists={"demo.yml": broken})
    result = build(root / "mkdocs.yml", tmp_path / "out", "http://127.0.0.1:8000/")
    assert result.returncode != 0
    assert "checklists/demo.yml:12:19: DEM-001: 'severity' is 'urgent'" in result.stdout + result.stderr
    assert not (tmp_path / "out" / "checklists" / "demo" / "index.html").exists()


def test_build_fails_on_a_reference_to_an_unknown_item(tmp_path):
    root = make_handbook(tmp_path / "src", docs={
        "topic/index.md": '# Topic\n\n## Details { #details }\n\nSee {{ checklist_item("DEM-404") }}.\n'})
    result = build(root / "mkdocs.yml", tmp_path / "out", "http://127.0.0.1:8000/")
    assert result.returncode != 0
    assert "DEM-404" in result.stdout + result.stderr


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.handlers = []
        self.scripts = []
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        self.handlers += [(tag, name) for name, _ in attrs if name.lower().startswith("on")]
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append([dict(attrs), ""])

    def handle_data(self, data):
        if self._in_script is not None:
            self.scripts[-1][1] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def test_html_and_script_payloads_in_every_text_field_render_as_text(tmp_path):
    a, b, c = PAYLOADS
    hostile = f"""\
id: demo
prefix: DEM
title: 'Demo {a}'
version: 1.0.0
description: 'About {b} and {c}'
sections:
  - title: 'Section {a}'
    items:
      - id: DEM-001
        title: 'Item {b}'
        severity: must
        why: 'Why {a} {c}'
        how: 'How {b}'
        tags: [alpha]
        refs: [topic/index.md#details]
retired:
  - id: DEM-002
    title: 'Old {a}'
    reason: 'Reason {b} {c}'
    replaced_by: DEM-001
"""
    root = make_handbook(tmp_path / "src", checklists={"demo.yml": hostile})
    result = build(root / "mkdocs.yml", tmp_path / "out", "http://127.0.0.1:8000/")
    assert result.returncode == 0, result.stderr
    for page in ("checklists/demo/index.html", "topic/index.html", "checklists/index.html"):
        html = (tmp_path / "out" / page).read_text(encoding="utf-8")
        parsed = _Page()
        parsed.feed(html)
        assert parsed.handlers == [], f"{page}: event-handler attributes {parsed.handlers}"
        for _, text in parsed.scripts:
            assert "alert(" not in text, f"{page}: a script carries the payload"
        assert "<script>alert" not in html and "<img src=x" not in html
    item_page = (tmp_path / "out" / "checklists/demo/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in item_page or "&lt;script&gt;alert(\"x\")&lt;/script&gt;" in item_page
    assert "&lt;img src=x onerror=alert(1)&gt;" in item_page
