"""Turns checklists into page fragments: the full interactive-ready page, inline item references
and the index table.

Everything from YAML is escaped or rendered through the untrusted-Markdown renderer. Items are
raw-HTML headings with their lower-cased ID as anchor, so site search indexes each one; section
headings stay Markdown so they appear in the page's table of contents.
"""

from __future__ import annotations

import json
from html import escape

from handbook_checklists.catalog.docs_index import DocsIndex
from handbook_checklists.model.urls import Links
from handbook_checklists.render.markdown import render_block, render_title
from handbook_checklists.model import SEVERITIES, Catalog, Checklist, Item, RetiredItem
from handbook_checklists.document.build import blank_item
from handbook_checklists.render.slots import HtmlSlots

_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|~"})


def _heading_text(text: str) -> str:
    """Plain text made safe for a Markdown heading: no HTML, no Markdown, no attribute lists."""
    return escape(text, quote=False).translate(_MARKDOWN_SPECIALS)


def json_for_script(data) -> str:
    """JSON that HTML parsing leaves untouched: no tag, comment or character reference can form."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _attr(value: str) -> str:
    return escape(value, quote=True)


class Renderer:
    """HTML and Markdown fragments for one page (`links` is seen from that page).

    With `slots`, large raw-HTML blocks are held aside and a marker goes into the Markdown (see
    render/slots.py); without, the HTML is inline (a host that cannot fill slots)."""

    def __init__(self, catalog: Catalog, docs: DocsIndex, links: Links, slots: HtmlSlots | None = None):
        """Render from `catalog`, titling page links from `docs` (catalog/docs_index.py)."""
        self.catalog = catalog
        self.docs = docs
        self.links = links
        self._hold = slots.hold if slots is not None else (lambda html: html)

    # -- whole checklist page -------------------------------------------------------------
    def checklist_page(self, checklist: Checklist) -> str:
        """Markdown for a checklist page: intro with page data, a heading per section, items as HTML.

        The page script fills two kinds of empty element rendered here: a section's progress line
        (`p.cl-secp`) and an item's controls slot (`div.cl-slot`, see `_item`). Inserting a new
        element among the content's children makes Chromium restyle every element of the parent,
        because Material's stylesheet has positional rules (`:first-child`, `:last-child`); filling an
        empty one restyles only what goes in. On the largest checklist page each such pass costs about
        25 ms on first load, 100 ms at Lighthouse's 4x CPU slowdown (bench/lighthouse_bench.py)."""
        out: list[str] = [self._intro(checklist)]
        for section in checklist.sections:
            out.append(
                f"## {_heading_text(section.title)} "
                f'{{ #{section.anchor} .cl-section-title data-section="{section.anchor}" }}\n\n'
            )
            items = "".join(self._item(item) for item in section.items)
            items += "".join(self._item(self.catalog.item(item_id), included=True) for item_id in section.includes)
            out.append(self._hold(f'<p class="cl-secp" data-section="{section.anchor}"></p>\n'
                                  f'<div class="cl-items" data-section="{section.anchor}">\n{items}</div>\n\n'))
        if checklist.retired:
            out.append('## Retired items { #retired .cl-section-title data-section="retired" }\n\n')
            # Folded: they serve old links (a link to one opens the fold, as it does find-in-page), and a
            # browser neither styles nor lays out a closed fold's content while the page loads.
            entries = "".join(self._retired(entry) for entry in checklist.retired)
            count = len(checklist.retired)
            out.append(self._hold(
                f'<details class="cl-retired" data-section="retired"><summary>{count} retired '
                f'{"ID" if count == 1 else "IDs"}: why each was retired and what replaced it</summary>\n'
                f"{entries}</details>\n\n"))
        return "".join(out)

    def _intro(self, checklist: Checklist) -> str:
        counts = self.catalog.severity_counts(checklist)
        total = sum(counts.values())
        by_severity = ", ".join(f"{counts[s]} {s}" for s in SEVERITIES)
        description = render_block(checklist.description, self.links, "cl-intro__description") if checklist.description else ""
        docs = ""
        if checklist.docs:
            pages = ", ".join(
                f'<a href="{_attr(self.links.doc(ref))}">{escape(self.docs.title(ref.partition("#")[0]))}</a>'
                for ref in checklist.docs
            )
            docs = f'<p class="cl-docs">Background: {pages}</p>\n'
        blank = self.links.relative(f"checklists/{checklist.id}.json")
        return (
            f'<div class="cl-intro" data-checklist="{_attr(checklist.id)}" data-version="{_attr(checklist.version)}">\n'
            f"{description}{docs}"
            f'<p class="cl-meta">Version <strong>{escape(checklist.version)}</strong> · {total} items ({by_severity}) · '
            f'<a href="{_attr(blank)}" download>blank project file (JSON)</a></p>\n'
            f'<div class="cl-app" data-checklist="{_attr(checklist.id)}"></div>\n'
            f"{self._page_data(checklist)}"  # inside the raw <div>, which Markdown leaves untouched
            "</div>\n\n"
        )

    def _page_data(self, checklist: Checklist) -> str:
        entry = {
            "id": checklist.id,
            "title": checklist.title,
            "version": checklist.version,
            "url": self.links.checklist(checklist.id, absolute=True),
            "sections": [{"title": s.title, "anchor": s.anchor} for s in checklist.sections],
            "items": [self._item_data(item, section) for section in checklist.sections
                      for item in self.catalog.section_items(section)],
        }
        data = {"site": self.links.site_url, "checklist": entry, "retired": self._retired_map()}
        return (f'<template class="cl-data" data-checklist="{_attr(checklist.id)}" data-search-exclude>'
                f"{json_for_script(data)}</template>\n")

    def _item_data(self, item: Item, section) -> dict:
        """Page data of one item as listed in `section` of this page; an included item names its home."""
        data = {**blank_item(item, self.links), "section": section.title, "tags": list(item.tags), "phase": item.phase}
        if item.id in section.includes:
            data["home"] = item.checklist_id
            data["home_section"] = item.section  # an export names the item's home section
        return data

    def _retired_map(self) -> dict[str, str | None]:
        """Every retired ID of the catalog and the active item that carries it on, for imports."""
        carried = {r.id: self.catalog.replacement(r.id) for c in self.catalog.checklists for r in c.retired}
        return {item_id: item.id if item else None for item_id, item in carried.items()}

    def _item(self, item: Item, included: bool = False) -> str:
        """One item. Markup is kept lean, without even line breaks between its elements: search
        indexing (which visits every tag and every run of text) and page size grow with each.

        An included item keeps its home, the topic checklist that explains it: here it shows its ID,
        title, severity and labels with a link to its explanation there, and its heading carries no
        anchor and search skips it. Restating every why and how would make a checklist that walks a
        path through the topics the sum of their pages (the phases checklist includes 68 items)."""
        labels = " · ".join(([item.phase] if item.phase else []) + [escape(tag) for tag in item.tags])
        if included:
            home = self.catalog.checklist(item.checklist_id)
            opening = (f'<article class="cl-item cl-item--included" data-id="{item.id}" data-search-exclude>'
                       f'<h3><span class="cl-item__id">{item.id}</span> {render_title(item.title)}</h3>')
            where = (f' · explained in <a class="cl-item__home" href="{_attr(self.links.item(home.id, item.anchor))}">'
                     f"{escape(home.title)}</a>")
        else:
            opening = (f'<article class="cl-item" data-id="{item.id}">'  # the page script reads the rest from the page data
                       f'<h3 id="{item.anchor}"><span class="cl-item__id">{item.id}</span> {render_title(item.title)}</h3>')
            where = ""
        head = (opening
                + f'<p class="cl-item__meta"><span class="cl-badge cl-badge--{item.severity}">{item.severity}</span> '
                + (f"{labels} " if labels else "")
                + f'<a class="cl-item__permalink" href="{self.links.permalink(item.id)}">permalink</a>{where}</p>'
                + '<div class="cl-slot"></div>')  # the page script mounts the item's controls here
        if included:
            return head + "</article>\n"
        parts = [head, render_block(item.why, self.links, "cl-item__why").rstrip("\n")]
        if item.how:
            parts.append(render_block(item.how, self.links, "cl-item__how").rstrip("\n"))
        if item.refs:
            parts.append('<ul class="cl-item__refs">' + "".join(self._ref(ref) for ref in item.refs) + "</ul>")
        parts.append("</article>\n")
        return "".join(parts)

    def _ref(self, ref: str) -> str:
        if ref.startswith("https://"):
            shown = ref.removeprefix("https://").rstrip("/")
            return f'<li><a href="{_attr(ref)}" rel="noopener">{escape(shown)}</a></li>'
        return f'<li><a href="{_attr(self.links.doc(ref))}">{escape(self.docs.title(ref.partition("#")[0]))}</a></li>'

    def _retired(self, entry: RetiredItem) -> str:
        title = f" {render_title(entry.title)}" if entry.title else ""
        replacement = ""
        successor = self.catalog.replacement(entry.id)
        if successor:
            href = self.links.item(successor.checklist_id, successor.anchor)
            replacement = (f'<p class="cl-retired__successor">Replaced by '
                           f'<a href="{_attr(href)}">{successor.id} {render_title(successor.title)}</a></p>\n')
        return (
            f'<article class="cl-retired-item" data-id="{entry.id}" data-replaced-by="{successor.id if successor else ""}">\n'
            f'<h3 id="{entry.anchor}"><span class="cl-item__id">{entry.id}</span> (retired){title}</h3>\n'
            f"{render_block(entry.reason, self.links, 'cl-retired__reason')}{replacement}</article>\n"
        )

    # -- inline reference ---------------------------------------------------------------
    def item_reference(self, item_id: str) -> str:
        """Inline HTML naming one active or retired ID with a link to it; the ID must be known."""
        item = self.catalog.item(item_id)
        if item is not None:
            href = self.links.item(item.checklist_id, item.anchor)
            return (f'<a class="cl-ref" href="{_attr(href)}" data-id="{item.id}">'
                    f'<span class="cl-ref__id">{item.id}</span> {render_title(item.title)}</a> '
                    f'<span class="cl-badge cl-badge--{item.severity}">{item.severity}</span>')
        retired = self.catalog.retired(item_id)
        checklist = self.catalog.checklist(retired.checklist_id)
        href = self.links.item(checklist.id, retired.anchor)
        return (f'<a class="cl-ref cl-ref--retired" href="{_attr(href)}" data-id="{retired.id}">'
                f'<span class="cl-ref__id">{retired.id}</span> (retired)</a>')

    # -- index table ----------------------------------------------------------------------
    def index_table(self) -> str:
        """HTML: the table of all checklists (version, counts by severity) with the index page data."""
        rows = []
        summary = []
        for checklist in self.catalog.checklists:
            counts = self.catalog.severity_counts(checklist)
            rows.append(
                f'<tr data-checklist="{_attr(checklist.id)}">'
                f'<td><a href="{_attr(self.links.checklist(checklist.id))}">{escape(checklist.title)}</a></td>'
                f"<td>{escape(checklist.version)}</td>"
                + "".join(f'<td class="cl-num">{counts[s]}</td>' for s in SEVERITIES)
                + f'<td class="cl-num">{sum(counts.values())}</td>'
                f'<td class="cl-progress-cell" data-checklist="{_attr(checklist.id)}">–</td></tr>'
            )
            summary.append({
                "id": checklist.id, "title": checklist.title, "version": checklist.version,
                "url": self.links.checklist(checklist.id, absolute=True),
                "items": [{"id": i.id, "severity": i.severity} for i in self.catalog.checklist_items(checklist)],
            })
        head = ("<thead><tr><th>Checklist</th><th>Version</th><th>must</th><th>should</th><th>may</th>"
                "<th>Items</th><th>Progress</th></tr></thead>")
        data = {"site": self.links.site_url, "checklists": summary, "retired": self._retired_map()}
        return (
            '<div class="cl-index">\n<div class="cl-app" data-checklist=""></div>\n'
            f'<table class="cl-index__table">{head}<tbody>{"".join(rows)}</tbody></table>\n'
            f'<p class="cl-meta">Every checklist as one blank project file: '
            f'<a href="{_attr(self.links.relative("checklists/all.json"))}" download>all.json</a></p>\n'
            f'<template class="cl-index-data" data-search-exclude>{json_for_script(data)}</template>\n</div>\n'
        )
