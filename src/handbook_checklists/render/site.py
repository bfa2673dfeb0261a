"""One site build's view of the checklists: the loaded catalog, and the macros and files it adds.

Generator-independent: the MkDocs plugin and the mkdocs-macros entry point (adapters/) both drive
one ChecklistSite, which knows nothing of either. Each build makes a new one, so an edited YAML
file is read again on every rebuild of `mkdocs serve`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from handbook_checklists.catalog.handbook import Handbook
from handbook_checklists.model.urls import Links
from handbook_checklists.render.html import Renderer
from handbook_checklists.render.site_files import site_files
from handbook_checklists.render.slots import HtmlSlots


class ChecklistSite:
    """The checklists of the handbook at `root` (pages in `docs_dir`), for a site at `site_url`.

    Raises ChecklistError (every finding, as path:line:column) when a checklist does not load:
    the build must fail rather than publish a broken checklist. With `slots`, page fragments are
    held aside for the host to splice in after Markdown (render/slots.py).
    """

    def __init__(self, root: Path, docs_dir: Path, site_url: str, use_directory_urls: bool = True,
                 slots: HtmlSlots | None = None):
        """Load and validate the handbook's checklists; raises HandbookNotFound or ChecklistError."""
        loaded = Handbook.at(root, docs_dir).load_or_raise()
        self.catalog = loaded.catalog
        self.docs = loaded.docs
        self.links = Links(site_url, "", use_directory_urls)
        self.slots = slots

    def renderer(self, page_url: str) -> Renderer:
        """A renderer for the page at site path `page_url` ('' is the home page)."""
        return Renderer(self.catalog, self.docs, self.links.at(page_url), self.slots)

    def checklist(self, checklist_id: str, page_url: str) -> str:
        """The whole checklist page; raises ValueError naming the known checklists for an unknown id."""
        found = self.catalog.checklist(checklist_id)
        if found is None:
            known = ", ".join(c.id for c in self.catalog.checklists)
            raise ValueError(f"checklist('{checklist_id}'): no such checklist; known: {known}")
        return self.renderer(page_url).checklist_page(found)

    def checklist_item(self, item_id: str, page_url: str) -> str:
        """An inline link to one item or retired entry; raises ValueError for an unknown ID."""
        if item_id not in self.catalog.known_ids():
            raise ValueError(f"checklist_item('{item_id}'): no active or retired item has this ID")
        return self.renderer(page_url).item_reference(item_id)

    def checklist_index(self, page_url: str) -> str:
        """The table of all checklists."""
        return self.renderer(page_url).index_table()

    def held(self, html: str) -> str:
        """What a macro returns for a ready HTML fragment: a slot marker that `fill` replaces after
        Markdown (so Markdown never touches the fragment), or the fragment itself without slots."""
        return self.slots.hold(html) if self.slots is not None else html

    def fill(self, html: str) -> str:
        """A converted page with its held fragments spliced back in."""
        return self.slots.fill(html) if self.slots is not None else html

    def files(self) -> Iterator[tuple[str, str]]:
        """The generated files of the site, as (site path, text); see render/site_files.py."""
        return site_files(self.catalog, self.links)
