"""Titles and anchors of the knowledge-base pages, read from their Markdown.

The loader validates `refs` and `docs` against this index without building the site, and the
renderer uses page titles as link text. Anchors follow Python-Markdown's toc rules (default
slugify, `_1` suffixes for repeats) plus explicit `{ #id }` attributes and HTML `id`s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from handbook_checklists.model.slug import slugify, unique

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ATTR_LIST = re.compile(r"\s*\{:?\s*([^}]*)\}\s*$")
_ATTR_ID = re.compile(r"(?:^|\s)#([\w-]+)")
_STANDALONE_ATTR = re.compile(r"^\s*\{:?\s*[^}]*#([\w-]+)[^}]*\}\s*$")
_HTML_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_INLINE_MARKUP = re.compile(r"[`*]|<[^>]+>")
_MACRO_CHECKLIST = re.compile(r"""\{\{\s*checklist\(\s*["']([a-z0-9-]+)["']\s*\)\s*\}\}""")


@dataclass
class PageInfo:
    """What one docs page offers: its first `# ` heading as `title` (None without one), every anchor
    a link may target, and the IDs of the checklists its `{{ checklist("id") }}` macros render."""

    title: str | None
    anchors: set[str] = field(default_factory=set)
    checklists: list[str] = field(default_factory=list)  # checklists rendered on the page


def _heading_text(raw: str) -> tuple[str, str | None]:
    explicit = None
    attrs = _ATTR_LIST.search(raw)
    if attrs:
        found = _ATTR_ID.search(attrs.group(1))
        explicit = found.group(1) if found else None
        raw = raw[: attrs.start()]
    text = _INLINE_MARKUP.sub("", _LINK.sub(r"\1", raw)).strip()
    return text, explicit


def read_page(text: str) -> PageInfo:
    """The PageInfo of one page's Markdown `text`; headings and ids inside code fences are ignored."""
    info = PageInfo(title=None)
    in_fence = False
    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if "id" in line:  # cheap tests first: most lines hold no anchor at all
            info.anchors.update(_HTML_ID.findall(line))
        if "{" in line:
            standalone = _STANDALONE_ATTR.match(line)
            if standalone:
                info.anchors.add(standalone.group(1))
            if "checklist(" in line:
                info.checklists.extend(_MACRO_CHECKLIST.findall(line))
        heading = _HEADING.match(line) if line.startswith("#") else None
        if heading:
            level = len(heading.group(1))
            title, explicit = _heading_text(heading.group(2))
            anchor = explicit or unique(slugify(title), info.anchors)
            info.anchors.add(anchor)
            if level == 1 and info.title is None:
                info.title = title
    return info


class DocsIndex:
    """Lazily reads pages under docs_dir; each page is read at most once."""

    def __init__(self, docs_dir: Path):
        """Index the pages under `docs_dir`; nothing is read until a page is asked for."""
        self.docs_dir = Path(docs_dir)
        self._pages: dict[str, PageInfo | None] = {}

    def page(self, rel_path: str) -> PageInfo | None:
        """The page at `rel_path` (relative to docs_dir, e.g. 'auth/sessions.md'), or None when there is
        no such file. Raises UnicodeDecodeError for a page that is not UTF-8."""
        if rel_path not in self._pages:
            file = self.docs_dir / rel_path
            self._pages[rel_path] = read_page(file.read_text(encoding="utf-8")) if file.is_file() else None
        return self._pages[rel_path]

    def title(self, rel_path: str) -> str:
        """The page's title, or one made from its file name ('token-lifetimes.md' -> 'Token lifetimes')."""
        page = self.page(rel_path)
        if page and page.title:
            return page.title
        return Path(rel_path).stem.replace("-", " ").capitalize()
