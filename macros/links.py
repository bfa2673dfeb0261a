"""URLs of pages, checklist items and permalinks, relative to the page being rendered.

Relative links keep the site working under any base path; absolute ones (from site_url) go into
exported documents and pull requests, where there is no current page.
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
    return page_path(f"checklists/{checklist_id}.md", use_directory_urls)


def permalink_path(item_id: str) -> str:
    return f"c/{item_id}/"


@dataclass(frozen=True)
class Links:
    site_url: str
    current: str = ""  # site path of the page being rendered, e.g. 'checklists/security/'
    use_directory_urls: bool = True

    def relative(self, target: str) -> str:
        """href from the current page to a site path: folders end in '/', '' is the home page.

        Site paths are clean (no '.', '..' or '//'), so climbing out of the folders not shared is
        enough; this runs for every link of every item, where posixpath.relpath's normalising shows."""
        base = self.current if self.current.endswith("/") or not self.current else posixpath.dirname(self.current) + "/"
        path, _, fragment = target.partition("#")
        base_folders = base.split("/")[:-1]
        *folders, leaf = path.split("/")
        shared = 0
        while shared < min(len(base_folders), len(folders)) and base_folders[shared] == folders[shared]:
            shared += 1
        rel = "../" * (len(base_folders) - shared) + "".join(f + "/" for f in folders[shared:]) + leaf
        return (rel or "./") + (f"#{fragment}" if fragment else "")

    def absolute(self, target: str) -> str:
        return self.site_url.rstrip("/") + "/" + target

    def doc(self, ref: str) -> str:
        """href of a KB reference such as 'auth/passwords.md#argon2id'."""
        doc_path, _, anchor = ref.partition("#")
        target = page_path(doc_path, self.use_directory_urls)
        return self.relative(target + (f"#{anchor}" if anchor else ""))

    def item(self, checklist_id: str, anchor: str, absolute: bool = False) -> str:
        target = f"{checklist_path(checklist_id, self.use_directory_urls)}#{anchor}"
        return self.absolute(target) if absolute else self.relative(target)

    def checklist(self, checklist_id: str, absolute: bool = False) -> str:
        target = checklist_path(checklist_id, self.use_directory_urls)
        return self.absolute(target) if absolute else self.relative(target)

    def permalink(self, item_id: str, absolute: bool = False) -> str:
        target = permalink_path(item_id)
        return self.absolute(target) if absolute else self.relative(target)

    def at(self, current: str) -> "Links":
        return Links(self.site_url, current, self.use_directory_urls)
