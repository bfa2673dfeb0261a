"""The project checklist document (docs/reference/project-document.md): one JSON format for the build's blank checklists,
the page's export and import, and the file a team keeps in its repository.

Format `project-checklist/2` holds one entry per item ID in `items`, whatever checklists list it
(a checklist may include items of others), and each checklist lists the IDs of its items. Programs
read format `project-checklist/1` (each checklist holding its items) too, and upgrade it to /2.

Deterministic serialisation (checklist order, 2-space indent, trailing newline) makes a status
change a three-line diff in a pull request (docs/reference/project-document.md "Layout").
"""

from __future__ import annotations

import json

from handbook_checklists.model.urls import Links
from handbook_checklists.model import Catalog, Checklist, Item

FORMAT = "project-checklist/2"  #: the format programs write
FORMAT_1 = "project-checklist/1"  #: the previous format: read, upgraded, never written
STATUSES = ("todo", "done", "na")
SCHEMA_PATH = "schemas/project-checklist-2.schema.json"


def blank_item(item: Item, links: Links) -> dict:
    """dict: an item of a project document at 'todo', no note, never updated, with its home checklist
    and its absolute URL there."""
    return {
        "id": item.id,
        "checklist": item.checklist_id,
        "section": item.section,
        "title": item.title,
        "severity": item.severity,
        "url": links.item(item.checklist_id, item.anchor, absolute=True),
        "status": "todo",
        "note": "",
        "updated": None,
    }


def blank_checklist(catalog: Catalog, checklist: Checklist, links: Links) -> dict:
    """dict: a checklist of a project document, listing the IDs of every item it lists (its own and
    included ones), in page order."""
    return {
        "id": checklist.id,
        "title": checklist.title,
        "version": checklist.version,
        "url": links.checklist(checklist.id, absolute=True),
        "items": [item.id for item in catalog.checklist_items(checklist)],
    }


def blank_document(catalog: Catalog, checklist_ids: list[str], links: Links, project: str = "",
                   exported: str | None = None, local: list[str] | None = None) -> dict:
    """dict: a project document with every item of the chosen checklists at 'todo', each ID once
    (in order of first appearance), however many of the checklists list it.

    `checklist_ids` must name loaded checklists (an unknown one raises AttributeError); `exported` is
    an RFC 3339 timestamp or None; `local`, when given, the team checklist folders the document names
    (relative to its own folder). The shape is schemas/project-checklist-2.schema.json."""
    checklists = [catalog.checklist(cid) for cid in checklist_ids]
    items: dict[str, dict] = {}
    for checklist in checklists:
        for item in catalog.checklist_items(checklist):
            if item.id not in items:
                items[item.id] = blank_item(item, links)
    document = {
        "$schema": links.absolute(SCHEMA_PATH),
        "format": FORMAT,
        "project": project,
        "site": links.site_url,
        "exported": exported,
    }
    if local:
        document["local"] = list(local)
    document.update({
        "checklists": [blank_checklist(catalog, checklist, links) for checklist in checklists],
        "items": list(items.values()),
        "orphans": [],
    })
    return document


def dumps(document: dict) -> str:
    """The canonical text of a document: 2-space indent, non-ASCII kept, a final newline
    (docs/reference/project-document.md "Layout")."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
