"""Renders Markdown from checklist YAML, treating it as untrusted: raw HTML is shown as text.

markdown-it-py with html disabled escapes every tag and refuses javascript:/data: links, which is
exactly "Markdown yes, raw HTML no". Links to knowledge-base pages ('x/y.md#a') become site URLs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from markdown_it import MarkdownIt

from .links import Links

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


def render_block(text: str, links: Links) -> str:
    parser = _parser()
    tokens = parser.parse(text)
    if "](" in text:
        _rewrite_links(tokens, links)
    return parser.renderer.render(tokens, parser.options, {})




_CODE_SPAN = re.compile(r"`([^`]+)`")


@lru_cache(maxsize=4096)
def render_title(text: str) -> str:
    """A title: plain text with `inline code` (DESIGN §3), escaped; no other Markdown applies."""
    return _CODE_SPAN.sub(lambda m: f"<code>{m.group(1)}</code>", escape(text, quote=False))
