"""Links in checklist Markdown (an item's why and how, a checklist's description, a retired reason),
found by parsing the text with markdown-it-py exactly as the renderer does, never with a regex.

A link may only be an http(s) or mailto URL, or a knowledge-base page relative to docs/
('caching/patterns.md#cache-aside'), spelled as the schema spells a page reference: no scheme, no
leading '/', no '..', no ':' anywhere (a relative path with a ':' in its first segment would read as
a scheme once it is made relative to the page, 'javascript:...'). An image may only be an http(s)
URL. The loader rejects every other link with a diagnostic and checks pages and anchors against the
docs index; the renderer drops any link that slips past (render/markdown.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt

#: A knowledge-base page with an optional anchor: the schema's pageRef, once percent-decoded.
_PAGE = re.compile(r"(?!/)(?!.*\.\.)([A-Za-z0-9_./-]+\.md)(?:#([A-Za-z0-9_-]+))?")


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The one Markdown dialect of checklist YAML: CommonMark and tables, raw HTML shown as text."""
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


@lru_cache(maxsize=1)
def _finding_parser() -> MarkdownIt:
    """The same dialect, but keeping the links markdown-it would refuse (javascript:, data:, ...) as
    links, so that the loader sees and rejects them instead of letting them pass as text."""
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    parser.validateLink = lambda url: True
    return parser


@dataclass(frozen=True)
class Link:
    """One link or image in checklist Markdown, with where it points."""

    kind: str  # "link" or "image"
    target: str  # the href or src, as markdown-it normalised it (percent-encoded)


def links_in(text: str) -> list[Link]:
    """Every link and image of a Markdown text, in order (reference-style links resolved)."""
    if "[" not in text and "<" not in text:
        # CommonMark links and images start with "[" or "![", autolinks with "<" (linkify is off):
        # without either there is none, and most texts are such prose, so skip the parser.
        return []
    found: list[Link] = []

    def walk(tokens) -> None:
        for token in tokens:
            if token.type == "link_open":
                found.append(Link("link", token.attrGet("href") or ""))
            elif token.type == "image":
                found.append(Link("image", token.attrGet("src") or ""))
            if token.children:
                walk(token.children)

    walk(_finding_parser().parse(text))
    return found


def plain_text(text: str) -> str:
    """Checklist Markdown as plain text on one line, as a reader sees it: the text of links, images'
    alt text and code spans, without emphasis marks or escapes; blocks joined by a space."""
    words: list[str] = []

    def inline(tokens) -> None:
        for token in tokens:
            if token.type in ("text", "code_inline"):
                words.append(token.content)
            elif token.type in ("softbreak", "hardbreak"):
                words.append(" ")
            elif token.type == "image":
                inline(token.children or ())

    for block in markdown_parser().parse(text):
        if block.type == "inline":
            inline(block.children or ())
        elif block.type in ("code_block", "fence"):
            words.append(block.content)
        words.append(" ")  # blocks are apart on the page
    return " ".join("".join(words).split())


def page_target(href: str) -> tuple[str, str] | None:
    """(page, anchor) when href names a knowledge-base page ('x/y.md#a' -> ('x/y.md', 'a'); anchor ''
    when there is none), else None."""
    match = _PAGE.fullmatch(unquote(href))
    if not match or "//" in match.group(1):
        return None
    return match.group(1), match.group(2) or ""


def is_web_url(href: str, *, mail: bool = True) -> bool:
    """An absolute http(s) URL with a host (or, with mail, a mailto: address)."""
    lowered = href.lower()
    if mail and lowered.startswith("mailto:"):
        return len(href) > len("mailto:") and not any(c.isspace() or ord(c) < 32 for c in href)
    if not lowered.startswith(("http://", "https://")):
        return False
    try:
        parts = urlsplit(href)
    except ValueError:
        return False
    return bool(parts.hostname) and not any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in href)


def link_problem(link: Link) -> str | None:
    """Why a link may not appear in checklist Markdown, or None when its shape is allowed (a page
    link must still name a page and anchor that exist: the loader checks that)."""
    if link.kind == "image":
        if is_web_url(link.target, mail=False):
            return None
        return f"image '{link.target}': only an http(s) URL may be an image source"
    if is_web_url(link.target) or page_target(link.target) is not None:
        return None
    return (f"link '{link.target}': a link must be an http(s) or mailto URL, or a knowledge-base page "
            "relative to docs/ such as 'caching/patterns.md#anchor'")
