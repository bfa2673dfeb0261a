"""Rendered HTML held aside while a page's Markdown is converted, then spliced into its HTML.

Python-Markdown re-parses raw HTML tag by tag, which for a checklist of thousands of items costs
more than rendering it. A slot marker is one empty element that passes through untouched. When
no host fills slots (another site generator), callers inline the HTML instead.
"""

from __future__ import annotations

import itertools
import re

_MARKER = re.compile(r'<div data-cl-slot="(\d+)"></div>')


class HtmlSlots:
    def __init__(self):
        self.enabled = False  # set by the host adapter that calls fill()
        self._held: dict[str, str] = {}
        self._serial = itertools.count()

    def hold(self, html: str) -> str:
        """The marker to place in Markdown instead of html (or html itself if nothing will fill it)."""
        if not self.enabled:
            return html
        key = str(next(self._serial))
        self._held[key] = html
        return f'\n\n<div data-cl-slot="{key}"></div>\n\n'

    def fill(self, html: str) -> str:
        if "data-cl-slot" not in html:
            return html
        return _MARKER.sub(lambda m: self._held.pop(m.group(1), ""), html)


SLOTS = HtmlSlots()
