"""Rendered HTML held aside while a page's Markdown is converted, then spliced into its HTML.

Python-Markdown re-parses raw HTML tag by tag, which for a checklist of thousands of items costs
more than rendering it. A slot marker is one empty element that passes through Markdown untouched;
the site adapter fills it once the page is HTML (MkDocs' `on_page_content`). A host that cannot
fill slots renders with no HtmlSlots at all, and the HTML goes inline (render/html.py).
"""

from __future__ import annotations

import itertools
import re

_MARKER = re.compile(r'<div data-cl-slot="(\d+)"></div>')


class HtmlSlots:
    """Holds HTML fragments by number until `fill` puts them back; owned by one site build."""

    def __init__(self) -> None:
        """Start empty; markers are numbered from 0 in the order fragments are held."""
        self._held: dict[str, str] = {}
        self._serial = itertools.count()

    def hold(self, html: str) -> str:
        """The Markdown to put where `html` belongs: a marker block on its own lines."""
        key = str(next(self._serial))
        self._held[key] = html
        return f'\n\n<div data-cl-slot="{key}"></div>\n\n'

    def fill(self, html: str) -> str:
        """`html` (a converted page) with every marker replaced by the fragment it holds."""
        if "data-cl-slot" not in html:
            return html
        return _MARKER.sub(lambda m: self._held.pop(m.group(1), ""), html)
