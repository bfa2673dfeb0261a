"""Untrusted Markdown from checklist YAML: the plain-prose shortcut gives exactly markdown-it's output."""

from __future__ import annotations

import random

import pytest
from markdown_it import MarkdownIt

from handbook_checklists.catalog.markdown_links import plain_text
from handbook_checklists.model.urls import Links
from handbook_checklists.render.markdown import render_block

LINKS = Links("http://127.0.0.1:8000/", "checklists/security/")
PROSE = list("abcXYZ019 ,.;:'\"()/?%$@=+-") + ["é", "한", "  "]
ALPHABET = PROSE + list("*_[]<>&!#|~\\`") + ["\n", "\t", "\xa0"]


def reference(text: str, css_class: str) -> str:
    """markdown-it itself (HTML off), with the class on a lone paragraph or a <div> around the rest."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = md.parse(text)
    html = md.renderer.render(tokens, md.options, {})
    if [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]:
        return html.replace("<p>", f'<p class="{css_class}">', 1)
    return f'<div class="{css_class}">{html}</div>\n'


def generated_texts(count: int = 3000) -> list[str]:
    rng = random.Random(7)
    texts = []
    for _ in range(count):
        alphabet = rng.choice([PROSE, ALPHABET])  # half of them prose, which takes the shortcut
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        texts.append(rng.choice(["", "Word ", "É "]) + text)
    return texts


def test_generated_texts_render_as_markdown_it_does():
    for text in generated_texts():
        if "](" in text:  # links are rewritten to site URLs, which the reference does not do
            continue
        assert render_block(text, LINKS, "x") == reference(text, "x"), repr(text)


def test_every_real_why_and_how_renders_as_markdown_it_does(catalog):
    texts = [t for c in catalog.checklists for item in c.items for t in (item.why, item.how) if t and "](" not in t]
    assert len(texts) > 400
    for text in texts:
        assert render_block(text, LINKS, "cl-item__why") == reference(text, "cl-item__why"), text


@pytest.mark.parametrize("text,expected", [
    ('Say "no" to plain HTTP', '<p class="w">Say &quot;no&quot; to plain HTTP</p>\n'),
    ("Use <script>alert(1)</script>", '<p class="w">Use &lt;script&gt;alert(1)&lt;/script&gt;</p>\n'),
    ("- one\n- two", '<div class="w"><ul>\n<li>one</li>\n<li>two</li>\n</ul>\n</div>\n'),
    ("Trailing space ", '<p class="w">Trailing space</p>\n'),
])
def test_shapes(text, expected):
    assert render_block(text, LINKS, "w") == expected


def test_knowledge_base_links_become_site_links():
    html = render_block("See [passwords](security/passwords.md#argon2id).", LINKS, "w")
    assert html == '<p class="w">See <a href="../../security/passwords/#argon2id">passwords</a>.</p>\n'


@pytest.mark.parametrize("markdown,plain", [
    ("Set `lock_timeout` and **build** [indexes](data/x.md#a) _concurrently_.",
     "Set lock_timeout and build indexes concurrently."),
    ("First\nline.\n\nSecond paragraph.", "First line. Second paragraph."),
    ("A \\*literal\\* star, snake_case and ![the alt text](https://example.com/y.png).",
     "A *literal* star, snake_case and the alt text."),
    ("- one\n- two", "one two"),
])
def test_plain_text_is_what_a_reader_of_the_page_sees(markdown, plain):
    """SARIF's plain-text fields (probes/output.py) read checklist Markdown this way."""
    assert plain_text(markdown) == plain
