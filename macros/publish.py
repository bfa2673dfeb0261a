"""Files the build adds to the site: blank project documents, the schemas and /c/<ID>/ permalinks."""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

from .links import Links, checklist_path
from .model import Catalog
from .project_document import blank_document, dumps
from .schemas import CHECKLIST_SCHEMA, PROJECT_SCHEMA, SCHEMA_DIR

_REDIRECT = """<!doctype html>
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


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _write_permalinks(site_dir: Path, catalog: Catalog, links: Links) -> None:
    """One small redirect page per active and retired ID. There can be tens of thousands, so the
    loop uses plain os calls, and the relative URL is fixed: /c/<ID>/ is always two levels deep."""
    root = os.path.join(site_dir, "c")
    os.makedirs(root, exist_ok=True)
    for checklist in catalog.checklists:
        page = checklist_path(checklist.id, links.use_directory_urls)
        targets = [(i.id, i.anchor, f"{i.id}: {i.title}") for i in checklist.items]
        targets += [(r.id, r.anchor, f"{r.id} (retired)") for r in checklist.retired]
        for item_id, anchor, label in targets:
            html = _REDIRECT.format(
                label=escape(label),
                absolute=escape(links.absolute(f"{page}#{anchor}")),
                relative=escape(f"../../{page}#{anchor}"),
            )
            folder = os.path.join(root, item_id)
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, "index.html"), "w", encoding="utf-8") as out:
                out.write(html)


def write_site_files(site_dir: Path, catalog: Catalog, links: Links) -> None:
    site_dir = Path(site_dir)
    for checklist in catalog.checklists:
        document = blank_document(catalog, [checklist.id], links)
        _write(site_dir / "checklists" / f"{checklist.id}.json", dumps(document))
    everything = blank_document(catalog, [c.id for c in catalog.checklists], links)
    _write(site_dir / "checklists" / "all.json", dumps(everything))
    for name in (CHECKLIST_SCHEMA, PROJECT_SCHEMA):
        _write(site_dir / "schemas" / name, (SCHEMA_DIR / name).read_text(encoding="utf-8"))
    _write_permalinks(site_dir, catalog, links)
