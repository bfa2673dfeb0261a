"""Renders Markdown from checklist YAML, treating it as untrusted: raw HTML is shown as text.

markdown-it-py with html disabled escapes every tag and refuses javascript:/data: links, which is
exactly "Markdown yes, raw HTML no". Links to knowledge-base pages ('x/y.md#a') become site URLs;
http(s) and mailto links stay; any other link or image (which the loader rejects, see
catalog/markdown_links.py) is dropped, leaving its text, so no other scheme can reach a page.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from handbook_checklists.catalog.markdown_links import is_web_url, markdown_parser, page_target
from handbook_checklists.model.urls import Links


def _parser():
    return markdown_parser()


def _as_text(token) -> None:
    """Turn a link or image token into its plain text (an image: its alt text)."""
    alt = "".join(child.content for child in token.children or ())
    token.type, token.tag, token.attrs, token.children = "text", "", {}, None
    token.content = alt if alt else ""


def _rewrite_links(tokens, links: Links) -> None:
    dropping = False  # inside a link that was dropped: its link_close goes too
    for token in tokens:
        if token.children and token.type != "image":
            _rewrite_links(token.children, links)
        if token.type == "link_open":
            href = token.attrGet("href") or ""
            page = page_target(href)
            if page is not None:
                path, anchor = page
                token.attrSet("href", links.doc(f"{path}#{anchor}" if anchor else path))
            elif is_web_url(href):
                if not href.lower().startswith("mailto:"):
                    token.attrSet("rel", "noopener")
            else:
                _as_text(token)
                dropping = True
        elif token.type == "link_close" and dropping:
            _as_text(token)
            dropping = False
        elif token.type == "image" and not is_web_url(token.attrGet("src") or "", mail=False):
            _as_text(token)


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
