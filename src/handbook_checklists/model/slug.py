"""Heading anchors as the site's Markdown makes them, without importing a Markdown library.

The rule is Python-Markdown's `toc` extension with its defaults (markdown/extensions/toc.py:
`slugify(value, "-")` and `unique`), which MkDocs uses for every heading of the site. The model
needs the same anchors for section headings and for validating `refs` anchors, but must stay
importable without the site stack (tests/test_layers.py); tests/test_site.py checks the anchors
these functions predict against the ids of the built HTML.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import MutableSet

_NOT_WORD = re.compile(r"[^\w\s-]")
_SEPARATORS = re.compile(r"[-\s]+")
_COUNTED = re.compile(r"^(.*)_([0-9]+)$")


def slugify(text: str) -> str:
    """The anchor of a heading whose text is `text`: ASCII-folded, lower-case, words joined by '-'.

    Example: slugify("Žluťoučký kůň: API") == "zlutoucky-kun-api". May return "" (no word
    characters at all); callers choose a fallback.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SEPARATORS.sub("-", _NOT_WORD.sub("", folded).strip().lower())


def unique(anchor: str, taken: MutableSet[str]) -> str:
    """`anchor`, or `anchor_1`, `anchor_2`, ... whichever is not yet in `taken`; adds it to `taken`.

    An empty anchor becomes "_1", as Python-Markdown's toc does.
    """
    if anchor in taken or not anchor:
        found = _COUNTED.match(anchor)
        base, count = (found.group(1), int(found.group(2))) if found else (anchor, 0)
        count += 1
        while f"{base}_{count}" in taken:
            count += 1
        anchor = f"{base}_{count}"
    taken.add(anchor)
    return anchor
