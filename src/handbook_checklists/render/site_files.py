"""Files a site build adds beside its pages: blank project documents, the JSON Schemas and the
`/c/<ID>/` permalink pages (docs/checklists/pull-requests.md "Link items in reviews";
docs/reference/project-document.md).

`site_files` only computes them, as (site path, text) pairs; the site adapter hands them to the
generator (MkDocs: `File.generated`), which writes them with the rest of the site.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

from handbook_checklists.document.build import blank_document, dumps
from handbook_checklists.model import Catalog
from handbook_checklists.model.urls import Links, checklist_path, permalink_path
from handbook_checklists.schemas import CHECKLIST_SCHEMA, PROJECT_SCHEMA, PROJECT_SCHEMA_2, schema_text

#: Site folder of the published schemas (the `$schema` of exported documents points here).
SCHEMAS_FOLDER = "schemas"

REDIRECT_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{label}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{absolute}">
<meta http-equiv="refresh" content="0; url={relative}">
</head>
<body>
<p>{label} lives at <a href="{relative}">{absolute}</a>.</p>
</body>
</html>
"""


def redirect_page(label: str, absolute: str, relative: str) -> str:
    """A page that sends the browser to `relative` at once; `absolute` is its canonical URL."""
    return REDIRECT_PAGE.format(label=escape(label), absolute=escape(absolute), relative=escape(relative))


def permalink_pages(catalog: Catalog, links: Links) -> Iterator[tuple[str, str]]:
    """('c/<ID>/index.html', page) for every active and retired ID; a retired ID lands on its
    retired entry, which names its replacement."""
    for checklist in catalog.checklists:
        page = checklist_path(checklist.id, links.use_directory_urls)
        targets = [(i.id, i.anchor, f"{i.id}: {i.title}") for i in checklist.items]
        targets += [(r.id, r.anchor, f"{r.id} (retired)") for r in checklist.retired]
        for item_id, anchor, label in targets:
            here = permalink_path(item_id)
            target = f"{page}#{anchor}"
            yield here + "index.html", redirect_page(label, links.absolute(target), links.at(here).relative(target))


def site_files(catalog: Catalog, links: Links) -> Iterator[tuple[str, str]]:
    """Every generated file as (site path, UTF-8 text): `checklists/<id>.json` for each checklist,
    `checklists/all.json`, `schemas/*.schema.json` and the permalink pages."""
    for checklist in catalog.checklists:
        yield f"checklists/{checklist.id}.json", dumps(blank_document(catalog, [checklist.id], links))
    yield "checklists/all.json", dumps(blank_document(catalog, [c.id for c in catalog.checklists], links))
    for name in (CHECKLIST_SCHEMA, PROJECT_SCHEMA_2, PROJECT_SCHEMA):  # format 1 stays published for older files
        yield f"{SCHEMAS_FOLDER}/{name}", schema_text(name)
    yield from permalink_pages(catalog, links)
