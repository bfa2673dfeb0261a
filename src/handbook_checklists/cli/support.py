"""What the `checklist` commands share: finding the handbook, the site URL, the clock, and errors.

Heavy imports (the YAML loader, jsonschema, Markdown) happen only in the commands that need the
handbook's catalog; `status` and `set` work from the project document alone and stay fast.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import NoReturn

import click

HANDBOOK_ENV = "CHECKLIST_HANDBOOK"
SITE_URL_ENV = "CHECKLIST_SITE_URL"
BUILD_SITE_URL_ENV = "SITE_URL"  # what mkdocs.yml reads; a deployment that sets it needs nothing else


#: Characters that must not reach a terminal or a CI log from a document: line breaks (a new line
#: could start a `::workflow-command`), other C0/C1 controls (terminal escapes) and the bidi controls.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text on one line, every control character shown as an escape: 'a\\nb' -> 'a\\x0ab'."""
    if text is None:
        return ""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                            else f"\\u{ord(m.group()):04x}", str(text))


def echo(message: str, err: bool = False) -> None:
    """One line of output, with anything from a document made printable (see printable)."""
    click.echo(printable(message), err=err)


def fail(message: str, code: int = 2) -> NoReturn:
    """One line on standard error, then exit (2: bad usage or bad input)."""
    echo(f"error: {message}", err=True)
    raise SystemExit(code)


def warn(message: str) -> None:
    """One line 'warning: message' on standard error; the command goes on."""
    echo(f"warning: {message}", err=True)


def now() -> str:
    """UTC now, to the second, as an RFC 3339 timestamp ('2026-11-22T10:00:00Z'); SOURCE_DATE_EPOCH
    (seconds since the epoch, the reproducible-builds convention) overrides it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch and epoch.isdigit() else datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def today() -> str:
    """The date of now() (UTC, YYYY-MM-DD): the day waivers are judged on; SOURCE_DATE_EPOCH fixes it too."""
    return now()[:10]


def find_handbook(option: Path | None):
    """The Handbook to use: --handbook DIR / $CHECKLIST_HANDBOOK, else the checklists shipped with
    this package (in an editable install, the checkout's own). Exits 2 when DIR holds none."""
    from handbook_checklists.catalog.handbook import Handbook, HandbookNotFound

    if option is None:
        return Handbook.packaged()
    try:
        return Handbook.at(option)
    except HandbookNotFound as error:
        fail(f"--handbook {error}")


def local_dirs() -> tuple[Path, ...]:
    """The team checklist folders given with --local (or $CHECKLIST_LOCAL) to the running command."""
    context = click.get_current_context(silent=True)
    return tuple(context.meta.get(LOCAL_META, ())) if context is not None else ()


def load_catalog(option: Path | None, more_local: tuple[Path, ...] = ()):
    """The handbook's catalog, with the team checklists of --local (and `more_local`, the folders a
    project document names). A checklist file that does not load is fatal (its IDs would look
    unknown); other findings (a broken page reference, say) only earn a warning."""
    handbook = find_handbook(option)
    local = local_dirs()
    known = {d.resolve() for d in local}
    local += tuple(d for d in more_local if d.resolve() not in known)
    result = handbook.load(local)
    files = len(list(handbook.checklists_dir.glob("*.yml"))) + sum(len(list(d.glob("*.yml"))) for d in local)
    where = handbook.root
    if len(result.catalog.checklists) < files or not result.catalog.checklists:
        fail(f"the handbook at {where} has checklist files that do not load "
             f"({len(result.diagnostics)} errors); run `checklist validate --handbook {where}`")
    if result.diagnostics:
        count = len(result.diagnostics)
        warn(f"the handbook at {where} has {count} validation error{'s' if count != 1 else ''} "
             f"(run `checklist validate --handbook {where}`); using it anyway")
    return result.catalog


def site_url(option: str | None, document: dict | None = None) -> str:
    """--site-url / $CHECKLIST_SITE_URL, else the document's own `site`, else $SITE_URL, else the
    local preview URL."""
    from handbook_checklists.catalog.handbook import DEFAULT_SITE_URL

    url = option or (document or {}).get("site") or os.environ.get(BUILD_SITE_URL_ENV) or DEFAULT_SITE_URL
    return url if url.endswith("/") else url + "/"


_SAFE_SITE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~/%+-]*)?")


def configured_links(option: str | None):
    """Links to the handbook at the site URL the command is configured with (--site-url,
    $CHECKLIST_SITE_URL, else $SITE_URL), or None: never a URL taken from a document, whose
    author may be anyone who can open a pull request. Fails on a URL that is not plain http(s)."""
    url = option or os.environ.get(BUILD_SITE_URL_ENV)
    if not url:
        return None
    if not _SAFE_SITE_URL.fullmatch(url):
        fail(f"--site-url {printable(url)!s}: expected a plain http(s) URL such as https://handbook.example/")
    return links_for(url if url.endswith("/") else url + "/")


def links_for(url: str):
    """A model.urls.Links for the site at `url` (ending in '/'), seen from no page: for absolute URLs."""
    from handbook_checklists.model.urls import Links

    return Links(url)


LOCAL_ENV = "CHECKLIST_LOCAL"
LOCAL_META = "checklist.local"


def _remember_local(context: click.Context, _param, value) -> None:
    context.meta[LOCAL_META] = tuple(value or ())


_local_option = click.option(
    "--local", type=click.Path(file_okay=False, exists=True, path_type=Path), multiple=True, envvar=LOCAL_ENV,
    expose_value=False, callback=_remember_local, metavar="DIR",
    help=f"A folder of your team's own checklist YAML files (prefixes starting with X), read with the "
         f"handbook's; repeatable [env {LOCAL_ENV}, separated by ':'].",
)

_handbook_option = click.option(
    "--handbook", type=click.Path(file_okay=False, path_type=Path), envvar=HANDBOOK_ENV, default=None,
    help=f"A handbook checkout: the folder holding checklists/ (and docs/) [env {HANDBOOK_ENV}; default: "
         "the checklists installed with this command].",
)



def handbook_option(command):
    """--handbook DIR and --local DIR, for every command that reads checklists."""
    return _handbook_option(_local_option(command))


site_url_option = click.option(
    "--site-url", "site_url_", envvar=SITE_URL_ENV, default=None, metavar="URL",
    help=f"Where the handbook is hosted, for item links [env {SITE_URL_ENV}; default: $SITE_URL, else "
         "http://127.0.0.1:8000/].",
)


def document_error(path: str, error: Exception) -> NoReturn:
    """Exit 2 with 'error: PATH: reason', the one-line form of a DocumentError."""
    fail(f"{path}: {error}")
