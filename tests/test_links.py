"""Relative links between the site's pages (model/urls.py): the hrefs a reader's browser resolves
back to the right page, for the kinds of page the site has."""

from __future__ import annotations

import posixpath
from urllib.parse import urljoin

import pytest

from handbook_checklists.model.urls import Links

SITE = "http://127.0.0.1:8000/"

CASES = [
    # (current page, target site path, expected href)
    ("", "checklists/security/", "checklists/security/"),
    ("", "", "./"),
    ("checklists/", "checklists/security/#sec-001", "security/#sec-001"),
    ("checklists/security/", "checklists/security/#sec-001", "./#sec-001"),
    ("checklists/security/", "", "../../"),
    ("checklists/security/", "auth/passwords/#argon2id", "../../auth/passwords/#argon2id"),
    ("checklists/security/", "checklists/all.json", "../all.json"),
    ("c/SEC-001/", "checklists/security/#sec-001", "../../checklists/security/#sec-001"),
    ("a/b/c/", "a/x/", "../../x/"),
    ("api/pagination/", "schemas/checklist.schema.json", "../../schemas/checklist.schema.json"),
]


@pytest.mark.parametrize("current,target,expected", CASES)
def test_relative_href(current, target, expected):
    assert Links(SITE, current).relative(target) == expected


@pytest.mark.parametrize("current,target,expected", CASES)
def test_the_browser_resolves_the_href_to_the_target(current, target, expected):
    resolved = urljoin(SITE + current, Links(SITE, current).relative(target))
    assert resolved == SITE + target


def test_relative_from_a_file_page_without_directory_urls():
    links = Links(SITE, "checklists/security.html", use_directory_urls=False)
    assert links.relative("checklists/api.html#api-001") == "api.html#api-001"
    assert links.relative("c/SEC-001/") == "../c/SEC-001/"
    assert links.relative("index.html") == "../index.html"
    assert posixpath.normpath(links.doc("auth/passwords.md#x")) == "../auth/passwords.html#x"
