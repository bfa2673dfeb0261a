"""Writes the files a build adds to the site, in a separate process while pages render.

A large handbook has tens of thousands of IDs: a folder and a redirect page for each cost seconds
of system time, and the blank project documents seconds of pure-Python JSON indenting. A child
process does both on another core, beside page rendering, instead of after it. Its work comes as
one JSON object on standard input:

    {"site_dir": "...",
     "documents": [["checklists/all.json", {...}], ...],
     "permalinks": [["SEC-001", "label", "absolute URL", "relative URL"], ...]}

It exits 1 with a one-line reason on standard error if a file cannot be written.
"""

from __future__ import annotations

import json
import os
import sys
from html import escape

from .project_document import dumps

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


def write_documents(site_dir: str, documents: list) -> None:
    for path, document in documents:
        target = os.path.join(site_dir, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as out:
            out.write(dumps(document))


def write_permalink_pages(site_dir: str, pages: list) -> None:
    """site/c/<ID>/index.html for each page; plain os calls, as there can be tens of thousands."""
    root = os.path.join(site_dir, "c")
    os.makedirs(root, exist_ok=True)
    for item_id, label, absolute, relative in pages:
        html = REDIRECT_PAGE.format(label=escape(label), absolute=escape(absolute), relative=escape(relative))
        folder = os.path.join(root, item_id)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "index.html"), "w", encoding="utf-8") as out:
            out.write(html)


def main() -> int:
    work = json.loads(sys.stdin.buffer.read())
    try:
        write_documents(work["site_dir"], work["documents"])
        write_permalink_pages(work["site_dir"], work["permalinks"])
    except OSError as error:
        print(f"cannot write {error.filename or work['site_dir']}: {error.strerror or error}", file=sys.stderr)
        return 1
    return 0
