"""MkDocs hooks (mkdocs.yml `hooks:`): the points of the build only MkDocs itself can announce.

Checklist HTML is spliced into pages after Markdown conversion (see macros/slots.py), and the
site's own files start being written once the output folder is clean, while pages render (see
macros/publish.py). Another site generator without hooks gets the same output: HTML inline, and
the pages written at the end.
"""

from macros.publish import SITE_FILES
from macros.slots import SLOTS

SLOTS.enabled = True


def on_files(files, config):
    """The first event after MkDocs empties the output folder."""
    SITE_FILES.start(config["site_dir"])
    return files


def on_page_content(html, page, config, files):
    return SLOTS.fill(html)


def on_build_error(error):
    SITE_FILES.abandon()
