"""The model's own heading anchors (model/slug.py) equal the site's: Python-Markdown's toc
`slugify(value, "-")` and `unique`, on every heading of the handbook and on generated text."""

from __future__ import annotations

import random
import re

from markdown.extensions.toc import slugify as markdown_slugify
from markdown.extensions.toc import unique as markdown_unique

from handbook_checklists.model.slug import slugify, unique
from tests.support.site import REPO

_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*(?:\{[^}]*\})?\s*$", re.M)


def real_headings() -> list[str]:
    titles = []
    for page in sorted((REPO / "docs").rglob("*.md")):
        titles += _HEADING.findall(page.read_text(encoding="utf-8"))
    for checklist in sorted((REPO / "checklists").glob("*.yml")):
        titles += re.findall(r"^  - title: (.*)$", checklist.read_text(encoding="utf-8"), re.M)
    return titles


def test_every_real_heading_slugs_like_the_site():
    titles = real_headings()
    assert len(titles) > 500
    for title in titles:
        assert slugify(title) == markdown_slugify(title, "-"), title


def test_generated_text_slugs_like_the_site():
    rng = random.Random(20261201)
    alphabet = "aZ09 -_–—.:;,!?'\"()[]{}<>/\\&|`*~#+=@$%^\t\u00a0ÄäÖöÜüßéèçñžý日本語한국어\u0301\u200b😀"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert slugify(text) == markdown_slugify(text, "-"), repr(text)


def test_unique_numbers_repeats_like_the_site():
    ours, theirs = set(), set()
    for anchor in ["a", "a", "a_1", "", "", "b_2", "b_2", "a"]:
        assert unique(anchor, ours) == markdown_unique(anchor, theirs)
    assert ours == theirs
