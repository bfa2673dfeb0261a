"""What the `checklist` commands share: finding the handbook, the site URL, the clock, and errors.

Heavy imports (the YAML loader, jsonschema, Markdown) happen only in the commands that need the
handbook's catalog; `status` and `set` work from the project document alone and stay fast.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from typing import NoReturn

import click

HANDBOOK_ENV = "CHECKLIST_HANDBOOK"
SITE_URL_ENV = "CHECKLIST_SITE_URL"
BUILD_SITE_URL_ENV = "SITE_URL"  # what mkdocs.yml reads; a deployment that sets it needs nothing else


def fail(message: str, code: int = 2) -> NoReturn:
    """One line on standard error, then exit (2: bad usage or bad input)."""
    click.echo(f"error: {message}", err=True)
    raise SystemExit(code)


def warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def now() -> str:
    """UTC now, to the second; SOURCE_DATE_EPOCH (the reproducible-builds convention) overrides it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch and epoch.isdigit() else datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _has_checklists(folder: Path) -> bool:
    return (folder / "checklists").is_dir() and any((folder / "checklists").glob("*.yml"))


def installed_checkout() -> Path:
    """The handbook checkout this package was installed from (an editable install)."""
    return Path(__file__).resolve().parents[1]


def find_handbook(option: Path | None) -> Path:
    """--handbook / $CHECKLIST_HANDBOOK, else the current folder when it holds checklists/*.yml,
    else the checkout the command was installed from."""
    if option is not None:
        if not _has_checklists(option):
            fail(f"--handbook {option}: no checklists/*.yml there; point it at a handbook checkout")
        return option
    try:
        here = Path.cwd()
    except OSError:  # the current folder was deleted under us
        here = None
    if here is not None and _has_checklists(here):
        return here
    installed = installed_checkout()
    if _has_checklists(installed):
        return installed
    fail(f"no handbook found: pass --handbook DIR or set {HANDBOOK_ENV} to a checkout of the handbook")


def load_catalog(option: Path | None):
    """The handbook's catalog. A checklist file that does not load is fatal (its IDs would look
    unknown); other findings (a broken page reference, say) only earn a warning."""
    from .project import Handbook

    root = find_handbook(option)
    handbook = Handbook.at(root)
    result = handbook.load()
    files = len(list(handbook.checklists_dir.glob("*.yml")))
    if len(result.catalog.checklists) < files or not result.catalog.checklists:
        fail(f"the handbook at {root} has checklist files that do not load "
             f"({len(result.diagnostics)} errors); run `checklist validate --root {root}`")
    if result.diagnostics:
        count = len(result.diagnostics)
        warn(f"the handbook at {root} has {count} validation error{'s' if count != 1 else ''} "
             f"(run `checklist validate --root {root}`); using it anyway")
    return result.catalog


def site_url(option: str | None, document: dict | None = None) -> str:
    """--site-url / $CHECKLIST_SITE_URL, else the document's own `site`, else $SITE_URL, else the
    local preview URL."""
    from .project import DEFAULT_SITE_URL

    url = option or (document or {}).get("site") or os.environ.get(BUILD_SITE_URL_ENV) or DEFAULT_SITE_URL
    return url if url.endswith("/") else url + "/"


def links_for(url: str):
    from .links import Links

    return Links(url)


handbook_option = click.option(
    "--handbook", type=click.Path(file_okay=False, path_type=Path), envvar=HANDBOOK_ENV, default=None,
    help=f"Handbook checkout holding checklists/ [env {HANDBOOK_ENV}; default: the current folder if it "
         "has checklists/*.yml, else the checkout the command was installed from].",
)

site_url_option = click.option(
    "--site-url", "site_url_", envvar=SITE_URL_ENV, default=None, metavar="URL",
    help=f"Where the handbook is hosted, for item links [env {SITE_URL_ENV}; default: $SITE_URL, else "
         "http://127.0.0.1:8000/].",
)


def document_error(path: str, error: Exception) -> NoReturn:
    fail(f"{path}: {error}")
