"""Relative links: the same hrefs posixpath.relpath gives, for every pair of pages the site has."""

from __future__ import annotations

import itertools
import posixpath

import pytest

from handbook_checklists.model.urls import Links

PAGES = ["", "checklists/", "checklists/security/", "api/pagination/", "a/b/c/", "c/SEC-001/"]
FILES = ["checklists/all.json", "schemas/checklist.schema.json", "assets/x.css"]


def relpath_href(current: str, target: str) -> str:
    """The reference: posixpath.relpath, with a folder target kept a folder."""
    path, _, fragment = target.partition("#")
    rel = posixpath.relpath("/" + path, "/" + current)
    if path.endswith("/") or not path:
        rel = rel.rstrip("/") + "/"
    return rel + (f"#{fragment}" if fragment else "")


@pytest.mark.parametrize("current,target", list(itertools.product(PAGES, PAGES + FILES + ["checklists/security/#sec-001"])))
def test_relative_matches_relpath(current, target):
    assert Links("http://127.0.0.1:8000/", current).relative(target) == relpath_href(current, target)


def test_relative_from_a_file_page_without_directory_urls():
    links = Links("http://127.0.0.1:8000/", "checklists/security.html", use_directory_urls=False)
    assert links.relative("checklists/api.html#api-001") == "api.html#api-001"
    assert links.relative("c/SEC-001/") == "../c/SEC-001/"
    assert links.relative("index.html") == "../index.html"


def test_same_page_anchor_and_home():
    links = Links("http://127.0.0.1:8000/", "checklists/security/")
    assert links.relative("checklists/security/#sec-001") == "./#sec-001"
    assert links.relative("") == "../../"
