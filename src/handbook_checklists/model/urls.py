"""URLs of pages, checklist items and permalinks (the site's URL scheme: README's opening list,
docs/reference/project-document.md "An item", docs/checklists/pull-requests.md "Link items in reviews").

Site paths are strings such as 'checklists/security/' (MkDocs' `use_directory_urls`) or
'checklists/security.html'. Relative hrefs keep the site working under any base path; absolute
URLs (from `site_url`) go into exported documents and pull requests, where there is no current page.
An item's URL is part of its identity: `/checklists/<id>/#<lower-cased ID>`, and `/c/<ID>/`.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass


def page_path(doc_path: str, use_directory_urls: bool = True) -> str:
    """Site path of a docs page: 'security/index.md' -> 'security/', 'a/b.md' -> 'a/b/'."""
    stem = doc_path[: -len(".md")] if doc_path.endswith(".md") else doc_path
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def checklist_path(checklist_id: str, use_directory_urls: bool = True) -> str:
    """Site path of a checklist's page: 'security' -> 'checklists/security/'."""
    return page_path(f"checklists/{checklist_id}.md", use_directory_urls)


def permalink_path(item_id: str) -> str:
    """Site path of an ID's short permanent link: 'SEC-001' -> 'c/SEC-001/'."""
    return f"c/{item_id}/"


@dataclass(frozen=True)
class Links:
    """URLs as seen from one page (`current`, a site path) of a site served at `site_url`."""

    site_url: str
    current: str = ""  # site path of the page being rendered, e.g. 'checklists/security/'
    use_directory_urls: bool = True

    def relative(self, target: str) -> str:
        """href from the current page to a site path (folders end in '/', '' is the home page),
        keeping any '#fragment': from 'checklists/security/', 'auth/passwords/#x' is '../../auth/passwords/#x'."""
        path, _, fragment = target.partition("#")
        base = self.current if self.current.endswith("/") or not self.current else posixpath.dirname(self.current) + "/"
        # Both are site paths, rooted at the site's root: as absolute paths relpath needs no working directory.
        rel = posixpath.relpath("/" + path, "/" + base)
        if rel == ".":
            rel = "./"
        elif path.endswith("/") or not path:
            rel += "/"
        if ":" in rel.split("/", 1)[0]:
            rel = "./" + rel  # 'javascript:x/' would read as a scheme: a relative path never may
        return rel + (f"#{fragment}" if fragment else "")

    def absolute(self, target: str) -> str:
        """The absolute URL of a site path."""
        return self.site_url.rstrip("/") + "/" + target

    def doc(self, ref: str) -> str:
        """href of a KB reference such as 'auth/passwords.md#argon2id'."""
        doc_path, _, anchor = ref.partition("#")
        target = page_path(doc_path, self.use_directory_urls)
        return self.relative(target + (f"#{anchor}" if anchor else ""))

    def item(self, checklist_id: str, anchor: str, absolute: bool = False) -> str:
        """URL of an item's anchor on its checklist page."""
        target = f"{checklist_path(checklist_id, self.use_directory_urls)}#{anchor}"
        return self.absolute(target) if absolute else self.relative(target)

    def checklist(self, checklist_id: str, absolute: bool = False) -> str:
        """URL of a checklist page."""
        target = checklist_path(checklist_id, self.use_directory_urls)
        return self.absolute(target) if absolute else self.relative(target)

    def permalink(self, item_id: str, absolute: bool = False) -> str:
        """URL of an ID's /c/<ID>/ page."""
        target = permalink_path(item_id)
        return self.absolute(target) if absolute else self.relative(target)

    def at(self, current: str) -> "Links":
        """The same site seen from another page."""
        return Links(self.site_url, current, self.use_directory_urls)
