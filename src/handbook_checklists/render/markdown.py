"""Renders Markdown from checklist YAML, treating it as untrusted: raw HTML is shown as text.

markdown-it-py with html disabled escapes every tag and refuses javascript:/data: links, which is
exactly "Markdown yes, raw HTML no". Links to knowledge-base pages ('x/y.md#a') become site URLs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from markdown_it import MarkdownIt

from handbook_checklists.model.urls import Links

_KB_LINK = re.compile(r"^(?![a-z][a-z0-9+.-]*:)(?!/)([^#?]+\.md)(#[\w-]+)?$")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def _rewrite_links(tokens, links: Links) -> None:
    for token in tokens:
        if token.children:
            _rewrite_links(token.children, links)
        if token.type == "link_open":
            href = token.attrGet("href") or ""
            match = _KB_LINK.match(href)
            if match:
                token.attrSet("href", links.doc(href))
            elif href.startswith(("http://", "https://")):
                token.attrSet("rel", "noopener")


# Text that CommonMark can only turn into one paragraph of itself: it starts with a letter and has
# no character that opens Markdown syntax or an entity, no control character and no line break.
_PLAIN_PARAGRAPH = re.compile(r"[^\W\d_][^`*_\[\]<>&!#|~\\\x00-\x1f\x7f]*")


def _is_plain_paragraph(text: str) -> bool:
    return _PLAIN_PARAGRAPH.fullmatch(text) is not None and text == text.strip()


def render_block(text: str, links: Links, css_class: str) -> str:
    """Markdown as HTML, marked with css_class: on the paragraph itself when the text is one
    paragraph (most are, and each element saved is work for every reader of the page, search
    included), else on a <div> around the blocks.

    Plain prose skips the parser; tests hold the shortcut to markdown-it's own output."""
    if _is_plain_paragraph(text):
        escaped = text.replace('"', "&quot;")  # the one character markdown-it escapes that can occur here
        return f'<p class="{css_class}">{escaped}</p>\n'
    parser = _parser()
    tokens = parser.parse(text)
    if "](" in text:
        _rewrite_links(tokens, links)
    if [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]:
        tokens[0].attrSet("class", css_class)
        return parser.renderer.render(tokens, parser.options, {})
    return f'<div class="{css_class}">{parser.renderer.render(tokens, parser.options, {})}</div>\n'


_CODE_SPAN = re.compile(r"`([^`]+)`")


@lru_cache(maxsize=4096)
def render_title(text: str) -> str:
    """HTML of a title: plain text with `inline code` (`plainTitle` in schemas/checklist.schema.json),
    escaped; no other Markdown applies."""
    return _CODE_SPAN.sub(lambda m: f"<code>{m.group(1)}</code>", escape(text, quote=False))
