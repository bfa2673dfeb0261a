"""MkDocs hooks (mkdocs.yml `hooks:`): splice checklist HTML into pages after Markdown conversion.

The only MkDocs-specific code of the project besides the mkdocs-macros entry point; another site
generator without hooks gets the same HTML inline (see macros/slots.py).
"""

from macros.slots import SLOTS

SLOTS.enabled = True


def on_page_content(html, page, config, files):
    return SLOTS.fill(html)
