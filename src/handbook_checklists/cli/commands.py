"""The `checklist` command: one console script, one sub-command per job (docs/reference/cli.md,
generated from the help texts below; exit codes 0 ok, 1 check failed, 2 bad usage or input).

This module only wires commands to the engine: the project document rules live in
document/state.py, file handling in document/files.py, pull-request text in pulls/ (template.py, lint.py) and
the status report in cli/report.py. Imports of the YAML loader happen inside the commands that need
the handbook's catalog, so `status` and `set` start fast.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from handbook_checklists.cli.support import (configured_links, document_error, echo, fail, find_handbook,
                                             handbook_option, links_for, load_catalog, local_dirs, now, site_url,
                                             site_url_option, today, warn)

from handbook_checklists.model import PHASES, SEVERITIES

@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
def main():
    """Work with the Backend Architecture Handbook's checklists: validate them, export a project
    file for your repository, tick items in pull requests and gate merges in CI.

    \b
    Exit codes:
      0  ok
      1  the check failed (validation errors, an open must-item, pr-lint findings, ...)
      2  bad usage or bad input (unknown option, unreadable or invalid project file, ...)

    \b
    Environment:
      CHECKLIST_HANDBOOK  the handbook checkout whose checklists/ to use (see --handbook)
      CHECKLIST_SITE_URL  where the handbook is hosted, for item links (see --site-url)
      SOURCE_DATE_EPOCH   fixed time for "exported"/"updated" stamps and for "today" when waivers
                          expire (reproducible output)

    \b
    A typical project:
      checklist export -c security -c review --project payments-api -o checklist.json
      checklist set checklist.json SEC-001 done --note "argon2id since #123"
      checklist waive checklist.json SEC-017 --owner alice --until 2027-01-31 --reason "vendor migration"
      checklist status checklist.json --fail-on must
    """
    import signal

    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:  # a stopped CI job: clean up as on Ctrl-C
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


# ---------------------------------------------------------------------------------------------
# Handbook maintenance: what authors and CI run on the checklist YAML (README "Adding a checklist item")


@main.command(short_help="Validate the checklist YAML; every error as path:line:col.")
@handbook_option
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
def validate(handbook: Path | None, files: tuple[Path, ...]):
    """Validate every checklist YAML file and report ALL errors as path:line:column.

    With FILES (as pre-commit passes the changed files), only errors in those files and in the
    registry are reported, but the rules that span files (unique IDs, the registry, replacements)
    are still checked against the whole handbook. Each FILE must be a checklist of that handbook.

    \b
    Example:
      checklist validate --handbook .
      checklists/security.yml:14:9: SEC-003: missing required key 'why'
      checklist validate --handbook . checklists/security.yml
    """
    found = find_handbook(handbook)
    result = found.load(local_dirs())
    diagnostics = result.diagnostics
    if files:
        chosen = set()
        for file in files:
            try:
                chosen.add(file.resolve().relative_to(found.root.resolve()).as_posix())
            except ValueError:
                fail(f"{file}: not a file of the handbook at {found.root}")
            if file.resolve().parent != found.checklists_dir.resolve() or file.suffix != ".yml":
                fail(f"{file}: not a checklist file (checklists/*.yml) of the handbook at {found.root}")
        checklist_files = {p.relative_to(found.root).as_posix() for p in found.checklists_dir.glob("*.yml")}
        diagnostics = [d for d in diagnostics
                       if d.path in chosen or d.path not in checklist_files or chosen.intersection(d.related)]
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)
    if diagnostics:
        count = len(diagnostics)
        click.echo(f"{count} error{'s' if count != 1 else ''}", err=True)
        raise SystemExit(1)
    catalog = result.catalog
    items = sum(len(c.items) for c in catalog.checklists)
    click.echo(f"ok: {len(catalog.checklists)} checklists, {items} items")


@main.command(short_help="Check or extend the published-ID registry.")
@handbook_option
@click.option("--update", is_flag=True, help="Append every active or retired ID not yet in the registry.")
def ids(handbook: Path | None, update: bool):
    """Check the published-ID registry (checklists/published-ids.txt) or add new IDs to it.

    Without --update, exits 1 when an ID is not yet registered. The registry only grows: an ID
    in it must stay active or retired, which `checklist validate` enforces.

    \b
    Example:
      checklist ids --update
      added 3 IDs to checklists/published-ids.txt
    """
    from handbook_checklists.catalog.registry import REGISTRY_FILE, append_to_registry, missing_from_registry

    handbook = find_handbook(handbook)
    result = handbook.load()
    if not result.ok:
        for diagnostic in result.diagnostics:
            click.echo(str(diagnostic), err=True)
        raise SystemExit(1)
    handbook_checklists = [c for c in result.catalog.checklists if not c.local]  # team IDs are not published
    ordered = [i.id for c in handbook_checklists for i in c.items]
    ordered += [r.id for c in handbook_checklists for r in c.retired]
    registry = handbook.checklists_dir / REGISTRY_FILE
    new_ids = missing_from_registry(registry, ordered)
    if update:
        append_to_registry(registry, new_ids)
        click.echo(f"added {len(new_ids)} ID{'s' if len(new_ids) != 1 else ''} to checklists/{REGISTRY_FILE}")
        return
    if new_ids:
        click.echo(f"{len(new_ids)} ID(s) not yet in checklists/{REGISTRY_FILE}: {', '.join(new_ids)}", err=True)
        click.echo("run: checklist ids --update", err=True)
        raise SystemExit(1)
    click.echo(f"ok: all {len(ordered)} IDs are registered")


# ---------------------------------------------------------------------------------------------
# Reading the handbook


def _known_checklists(catalog, chosen) -> list[str]:
    ids = list(dict.fromkeys(chosen))
    for checklist_id in ids:
        if catalog.checklist(checklist_id) is None:
            fail(f"no checklist '{checklist_id}'; known: {', '.join(c.id for c in catalog.checklists)}")
    return ids


checklist_choice = click.option("--checklist", "-c", "checklists", multiple=True, metavar="ID",
                                help="Only this checklist (repeatable), e.g. -c security.")
severity_choice = click.option("--severity", "-s", "severities", multiple=True, type=click.Choice(SEVERITIES),
                               help="Only items of this severity (repeatable).")
tag_choice = click.option("--tag", "-t", "tags", multiple=True, metavar="TAG", help="Only items with this tag (repeatable).")
phase_choice = click.option("--phase", "-p", "phases", multiple=True, type=click.Choice(PHASES),
                            help="Only items of this phase (repeatable).")


@main.command("list", short_help="List items by checklist, severity, tag or phase.")
@handbook_option
@checklist_choice
@severity_choice
@tag_choice
@phase_choice
@click.option("--retired", is_flag=True, help="Also list retired IDs, with their replacements.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_items(handbook, checklists, severities, tags, phases, retired, fmt):
    """List the handbook's checklist items, filtered by checklist, severity, tag or phase.

    \b
    Example:
      checklist list -c security -s must
      SEC-001  must    security  Authentication  Passwords are stored with a memory-hard hash
    """
    from handbook_checklists.pulls.template import select_items

    catalog = load_catalog(handbook)
    chosen = _known_checklists(catalog, checklists)
    groups = select_items(catalog, chosen, (), severities, tags, phases)
    rows = [item for _, _, items in groups for item in items]
    gone = [r for c in catalog.checklists if not chosen or c.id in chosen for r in c.retired] if retired else []
    if fmt == "json":
        data = [{"id": i.id, "checklist": i.checklist_id, "section": i.section, "title": i.title,
                 "severity": i.severity, "phase": i.phase, "tags": list(i.tags)} for i in rows]
        data += [{"id": r.id, "checklist": r.checklist_id, "retired": True, "reason": r.reason,
                  "replaced_by": r.replaced_by} for r in gone]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    width = max((len(i.checklist_id) for i in rows), default=0)
    for item in rows:
        click.echo(f"{item.id:<9} {item.severity:<6}  {item.checklist_id:<{width}}  {item.section}  {item.title}")
    for entry in gone:
        replacement = f" -> {entry.replaced_by}" if entry.replaced_by else ""
        click.echo(f"{entry.id:<9} retired {entry.checklist_id}{replacement}  {' '.join(entry.reason.split())}")
    click.echo(f"{len(rows)} item{'s' if len(rows) != 1 else ''}", err=True)


# ---------------------------------------------------------------------------------------------
# The project file


@main.command(short_help="Write a blank project file for chosen checklists.")
@handbook_option
@site_url_option
@checklist_choice
@click.option("--project", default=None, metavar="NAME", help="Project name stored in the file [default: the current folder's name].")
@click.option("--output", "-o", default="-", metavar="FILE", help="Write here instead of standard output.")
@click.option("--force", is_flag=True, help="Overwrite an existing FILE (its ticks are lost; prefer `upgrade`).")
def export(handbook, site_url_, checklists, project, output, force):
    """Write a blank project file (every item 'todo') for the chosen checklists, or all of them.

    Commit the file to your repository, tick items with `checklist set`, and gate CI with
    `checklist status --fail-on must`. An existing file is never overwritten without --force:
    use `checklist upgrade FILE` to bring it up to date instead. The team checklist folders of
    --local are written into the file ("local", relative to its folder), so that `upgrade` reads
    them without being told.

    \b
    Example:
      checklist export -c security -c review --project payments-api -o checklist.json
      wrote checklist.json: 2 checklists, 74 items
    """
    from handbook_checklists.document.build import blank_document, dumps
    from handbook_checklists.document.files import FileError, local_entries, write_atomic

    catalog = load_catalog(handbook)
    chosen = _known_checklists(catalog, checklists) or [c.id for c in catalog.checklists]
    if output != "-" and os.path.lexists(output) and not force:
        fail(f"{output} already exists; run `checklist upgrade {output}` to update it (or --force to replace it)")
    name = Path.cwd().name if project is None else project
    local, left_out = local_entries(output, local_dirs())
    for folder in left_out:
        warn(f"--local {folder} is not inside the folder of {output}; the file does not name it under \"local\"")
    document = blank_document(catalog, chosen, links_for(site_url(site_url_)), project=name, exported=now(),
                              local=local)
    text = dumps(document)
    if output == "-":
        click.echo(text, nl=False)
        return
    try:
        write_atomic(output, text, overwrite=force)
    except FileError as error:
        document_error(output, error)
    count = len(document["items"])
    click.echo(f"wrote {output}: {len(chosen)} checklist{'s' if len(chosen) != 1 else ''}, {count} items")


@main.command(short_help="Progress of a project file; --fail-on gates CI.")
@click.argument("file", metavar="FILE")
@site_url_option
@click.option("--fail-on", type=click.Choice(["must", "should"]), default=None,
              help="Exit 1 while an item of this severity (should: must or should) is still todo.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="List every open item, not only those failing the gate.")
@click.option("--limit", default=20, show_default=True, metavar="N", help="List at most N open items (0: all).")
@click.option("--baseline", default=None, metavar="OLD",
              help="An earlier version of the file (say, the main branch's): the gate fails only on items open "
                   "now that OLD had done, n/a or waived; the others are excused.")
@click.option("--fail-on-probes", is_flag=True,
              help="Also exit 1 while the recorded probe (`checklist run --update`) of an item of the --fail-on "
                   "severity or stronger (must without --fail-on) fails, whatever its status (n/a excepted).")
def status(file, site_url_, fail_on, fmt, show_all, limit, baseline, fail_on_probes):
    """Show a project file's progress per checklist; with --fail-on, act as a CI gate.

    Works from the project file alone (FILE may be - for standard input). Progress counts done
    items against all items that apply (n/a items are left out); an item that several checklists
    list counts in each of their rows and once in the total and the gate. An open item under a
    waiver does not fail the gate until the day after its --until date; waivers are listed with the
    days they have left. A file in the older format project-checklist/1 is read as it is (run
    `checklist upgrade FILE` to convert it). Text from the file is printed as data: control
    characters are shown escaped, Markdown is escaped, and open items link to the handbook at
    --site-url (never to a URL written in the file; without a site URL, no links). Items whose
    recorded probe fails are listed, first those a person marked done (a disagreement to look at).

    With --baseline OLD, the gate ratchets: it fails only on items at its severity that are open
    now and were done, n/a or under a waiver that still holds in OLD; items open in OLD too, or
    not in it at all, are excused, and the report says how many. A team adopts the gate on day
    one with the main branch's file as OLD, and no pull request may un-tick an item.

    \b
    Examples:
      checklist status checklist.json
      checklist status checklist.json --fail-on must          # exit 1 while a must-item is open
      git show origin/main:checklist.json > /tmp/base.json
      checklist status checklist.json --fail-on must --baseline /tmp/base.json
      checklist status checklist.json --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    from handbook_checklists.cli import report as status_report
    from handbook_checklists.document.files import read_document
    from handbook_checklists.document.build import FORMAT
    from handbook_checklists.document.state import DocumentError, progress

    try:
        _, document = read_document(file)
    except DocumentError as error:
        document_error(file, error)
    old = None
    if baseline is not None:
        if baseline == "-" and file == "-":
            fail("--baseline - and FILE - cannot both read standard input")
        try:
            _, old = read_document(baseline)
        except DocumentError as error:
            document_error(f"--baseline {baseline}", error)
    if document["format"] != FORMAT:
        warn(f"{file} is in the older format {document['format']}; run `checklist upgrade {file}` "
             f"to convert it to {FORMAT}")
    report = progress(document, today(), old)
    links = configured_links(site_url_)
    if fmt == "json":
        click.echo(status_report.as_json(report, fail_on, links, fail_on_probes), nl=False)
    elif fmt == "markdown":
        click.echo(status_report.markdown(report, fail_on, show_all, limit, links, fail_on_probes), nl=False)
    else:
        click.echo(status_report.text(report, fail_on, show_all, limit, links, fail_on_probes), nl=False)
    if report.gate(fail_on) or (fail_on_probes and report.probe_gate(fail_on)):
        raise SystemExit(1)


def _report_files(paths: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """(file, None) for each FILE, and for each *.json file of each DIR (sorted by name); (DIR, reason)
    for a folder without one."""
    found: list[tuple[str, str | None]] = []
    for path in paths:
        if path != "-" and os.path.isdir(path):
            files = sorted(p for p in Path(path).glob("*.json") if p.is_file())
            found += [(str(p), None) for p in files] or [(path, "a folder without *.json files")]
        else:
            found.append((path, None))
    return found


@main.command(short_help="One table across many project files, for a lead.")
@click.argument("paths", nargs=-1, required=True, metavar="FILE|DIR...")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
def report(paths, fmt):
    """One table across several project files: per project and checklist, the items done (of those
    that apply), the open must-items (waived ones included), the open items under a waiver that
    holds and under one that has expired, and the last update (the latest "updated" time).

    A DIR stands for every *.json file in it (not its subfolders): the files new hires exported
    from the site, say. A file that cannot be read gets a line of its own and makes the exit code 2;
    the others are still shown. Files in the older format project-checklist/1 are read as they
    are. Text from the files is printed as data: control characters escaped, Markdown escaped.

    \b
    Examples:
      checklist report onboarding/                     # every *.json in the folder
      checklist report alice.json bob.json --format markdown > report.md
    """
    from handbook_checklists.cli import report as lead
    from handbook_checklists.document.files import read_document
    from handbook_checklists.document.overview import overview
    from handbook_checklists.document.state import DocumentError

    on = today()
    entries = []
    for file, problem in _report_files(paths):
        if problem is not None:
            entries.append(lead.DocumentOverview(file, error=problem))
            continue
        try:
            _, document = read_document(file)
        except DocumentError as error:
            entries.append(lead.DocumentOverview(file, error=str(error)))
            continue
        entries.append(lead.DocumentOverview(file, document["project"], document["format"], overview(document, on)))
    render = {"json": lead.lead_json, "markdown": lead.lead_markdown}.get(fmt, lead.lead_text)
    click.echo(render(entries, on), nl=False)
    if any(entry.error is not None for entry in entries):
        raise SystemExit(2)


_STATUS_WORDS = {"todo": "todo", "done": "done", "na": "na", "n/a": "na"}


@main.command("set", short_help="Tick one item (todo, done, na) in a project file.")
@click.argument("file", metavar="FILE")
@click.argument("item_id", metavar="ID")
@click.argument("new_status", metavar="STATUS")
@click.option("--note", default=None, help="The note to store (required for na: the reason). Kept when omitted.")
def set_status(file, item_id, new_status, note):
    """Set one item's STATUS (todo, done or na) in a project file, changing only that item's lines.

    An item has one state however many checklists list it: setting it once sets it for all of
    them. The item's "updated" time is set to now. The file is written atomically and left
    untouched on any error; a file not in the canonical layout is rewritten in it (with a warning).
    A file in the older format project-checklist/1 is refused: run `checklist upgrade FILE` first.

    \b
    Examples:
      checklist set checklist.json SEC-001 done --note "argon2id, see #123"
      checklist set checklist.json REV-019 na --note "batch job without latency targets"
    """
    from handbook_checklists.document.files import set_item
    from handbook_checklists.document.state import ITEM_ID, DocumentError

    wanted = _STATUS_WORDS.get(new_status.lower())
    if wanted is None:
        raise click.BadParameter(f"'{new_status}' is not one of todo, done, na", param_hint="STATUS")
    item_id = item_id.upper()
    if not ITEM_ID.fullmatch(item_id):
        raise click.BadParameter(f"'{item_id}' is not an item ID like SEC-001", param_hint="ID")
    try:
        change, reformatted = set_item(file, item_id, wanted, note, now())
    except DocumentError as error:
        document_error(file, error)
    if reformatted:
        echo(f"warning: {file} was not in the canonical layout; rewrote the whole file in it", err=True)
    echo(change)


def _checked_id(item_id: str) -> str:
    from handbook_checklists.document.state import ITEM_ID

    item_id = item_id.upper()
    if not ITEM_ID.fullmatch(item_id):
        raise click.BadParameter(f"'{item_id}' is not an item ID like SEC-001", param_hint="ID")
    return item_id


@main.command(short_help="Accept the risk of an open item until a date (a waiver).")
@click.argument("file", metavar="FILE")
@click.argument("item_id", metavar="ID")
@click.option("--owner", default=None, metavar="NAME", help="Who accepted the risk (1-100 characters).")
@click.option("--until", "until", default=None, metavar="YYYY-MM-DD",
              help="The last day the waiver holds; the gate fails again the day after.")
@click.option("--reason", default=None, metavar="TEXT", help="Why the risk is accepted for now (1-500 characters).")
@click.option("--remove", is_flag=True, help="Remove the item's waiver instead.")
def waive(file, item_id, owner, until, reason, remove):
    """Record a waiver on one item: it applies and is not done yet, and the risk is accepted until
    a date. While the waiver holds, the open item does not fail `checklist status --fail-on`; from
    the day after --until it fails again and the report says the waiver expired. An item that does
    not apply is not waived: set it to na with a reason instead.

    \b
    Examples:
      checklist waive checklist.json SEC-017 --owner alice --until 2027-01-31 --reason "vendor migration"
      checklist waive checklist.json SEC-017 --remove
    """
    from handbook_checklists.document.files import waive_item
    from handbook_checklists.document.state import DocumentError, new_waiver

    item_id = _checked_id(item_id)
    if remove:
        if owner is not None or until is not None or reason is not None:
            raise click.UsageError("--remove takes no --owner, --until or --reason")
        waiver = None
    else:
        missing = [name for name, value in (("--owner", owner), ("--until", until), ("--reason", reason)) if value is None]
        if missing:
            raise click.UsageError(f"a waiver needs {', '.join(missing)} (or --remove to take one away)")
        try:
            waiver = new_waiver({"id": item_id}, reason, owner, until)
        except DocumentError as error:
            fail(str(error))
    try:
        change = waive_item(file, item_id, waiver)
    except DocumentError as error:
        document_error(file, error)
    click.echo(change)


@main.command(short_help="Bring a project file up to date; keeps every tick.")
@click.argument("file", metavar="FILE")
@handbook_option
@site_url_option
@click.option("--add", "-a", "add", multiple=True, metavar="ID", help="Also add this checklist to the file (repeatable).")
@click.option("--check", is_flag=True, help="Change nothing; exit 1 when the file is behind the handbook.")
def upgrade(file, handbook, site_url_, add, check):
    """Bring a project file up to date with the handbook's checklists, keeping every tick and note.

    Items are matched by ID. A retired item's status moves to its replacement when that one is
    still todo; state for IDs that no longer exist is kept under "orphans", never dropped. Prints a
    summary of what changed. Also used to import a file exported from the site. A file in the older
    format project-checklist/1 is converted to project-checklist/2, with every tick, note and
    orphan (--check says it needs upgrading). The team checklist folders the file names under
    "local" (relative to its folder) are read as if given with --local.

    \b
    Examples:
      checklist upgrade checklist.json
      security: 1.0.0 -> 1.1.0
      added 2 items: SEC-061, SEC-062
      moved SEC-007 -> SEC-003 (retired; done carried over)
      checklist upgrade checklist.json --check      # in CI: exit 1 when an upgrade is due
    """
    import contextlib

    from handbook_checklists.document.files import locked
    from handbook_checklists.document.state import DocumentError

    try:  # the file stays locked from reading it to replacing it: a `set` meanwhile waits
        with contextlib.nullcontext() if check else locked(file):
            _upgrade(file, handbook, site_url_, add, check)
    except DocumentError as error:
        document_error(file, error)


def _upgrade(file, handbook, site_url_, add, check):
    from handbook_checklists.document.build import dumps
    from handbook_checklists.document.files import ensure_writable, local_folders, read_document, write_atomic
    from handbook_checklists.document.state import DocumentError, upgrade_document

    try:
        if not check:
            ensure_writable(file)
        _, document = read_document(file)
        named = local_folders(file, document)
    except DocumentError as error:
        document_error(file, error)
    catalog = load_catalog(handbook, named)
    links = links_for(site_url(site_url_, document))
    try:
        upgraded, summary = upgrade_document(document, catalog, links, add_checklists=add, exported=now())
    except DocumentError as error:
        fail(str(error))
    for line in summary.lines():
        echo(line)
    if not summary.changed:
        echo(f"{file} is up to date with the handbook")
        return
    if check:
        if summary.converted:
            echo(f"{file} is in the older format {summary.converted}; run `checklist upgrade {file}`")
        else:
            echo(f"{file} is behind the handbook; run `checklist upgrade {file}`")
        raise SystemExit(1)
    try:
        write_atomic(file, dumps(upgraded), keep_mode_of=file)
    except DocumentError as error:
        document_error(file, error)
    echo(f"upgraded {file}")


# ---------------------------------------------------------------------------------------------
# Pull requests


@main.command("pr-template", short_help="Markdown task list for a pull-request template.")
@handbook_option
@site_url_option
@checklist_choice
@click.option("--section", "sections", multiple=True, metavar="TITLE",
              help="Only this section (repeatable); 'Title' or 'checklist:Title', any case.")
@severity_choice
@tag_choice
@phase_choice
@click.option("--bare", is_flag=True, help="Only the task list, without headings and guidance.")
@click.option("--output", "-o", default="-", metavar="FILE", help="Write here instead of standard output.")
@click.option("--force", is_flag=True, help="Overwrite an existing FILE (a symbolic link is replaced, not followed).")
def pr_template(handbook, site_url_, checklists, sections, severities, tags, phases, bare, output, force):
    """Markdown for .github/pull_request_template.md: a task list of the chosen items, each line
    `- [ ] [ID](permalink) title`, grouped by checklist and section.

    \b
    Example:
      checklist pr-template -c review -s must -o .github/pull_request_template.md
      - [ ] [REV-010](https://handbook.example/c/REV-010/) Tests cover the new behaviour
    """
    from handbook_checklists.document.files import FileError, write_atomic
    from handbook_checklists.pulls.template import render_template, select_items

    catalog = load_catalog(handbook)
    chosen = _known_checklists(catalog, checklists)
    groups = select_items(catalog, chosen, sections, severities, tags, phases)
    if not groups:
        fail("no items match these filters; see `checklist list`")
    if output != "-" and os.path.lexists(output) and not force:
        fail(f"{output} already exists; use --force to replace it")
    text = render_template(groups, links_for(site_url(site_url_)), head=not bare)
    if output == "-":
        click.echo(text, nl=False)
        return
    try:
        keep = output if os.path.isfile(output) and not os.path.islink(output) else None
        write_atomic(output, text, keep_mode_of=keep, overwrite=force)
    except FileError as error:
        document_error(output, error)
    count = sum(len(items) for _, _, items in groups)
    click.echo(f"wrote {output}: {count} items")


#: GitHub's event payloads nest a dozen levels; anything far deeper is refused before parsing.
EVENT_MAX_DEPTH = 100


def _pr_body(source: str | None) -> tuple[str, str]:
    """(label, body) from a file, standard input (-) or the GitHub event payload."""
    from handbook_checklists.document.files import read_bytes
    from handbook_checklists.document.state import DocumentError, check_json_depth

    label = source
    if source is None:
        event = os.environ.get("GITHUB_EVENT_PATH")
        if not event:
            fail("no PR body: name a file, use - for standard input, or run in GitHub Actions ($GITHUB_EVENT_PATH)")
        label = event
    try:
        data = read_bytes(label)
    except DocumentError as error:
        document_error(label, error)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        fail(f"{label}: not UTF-8 text")
    if source is not None:
        return label, text
    try:
        check_json_depth(text, EVENT_MAX_DEPTH)
        payload = json.loads(text)
    except DocumentError as error:
        fail(f"{label}: {error}")
    except json.JSONDecodeError as error:
        fail(f"{label}: not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}")
    except ValueError as error:  # a number with more digits than Python converts, say
        fail(f"{label}: not a usable JSON value: {str(error).splitlines()[0]}")
    pull_request = payload.get("pull_request") if isinstance(payload, dict) else None
    if not isinstance(pull_request, dict):
        fail(f"{label}: the event has no pull_request; run pr-lint on pull_request events")
    body = pull_request.get("body")
    return label, body if isinstance(body, str) else ""


@main.command("pr-lint", short_help="Check a PR body: unknown/retired IDs, unticked musts.")
@click.argument("source", required=False, metavar="[BODY]")
@handbook_option
@site_url_option
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text", show_default=True,
              help="github: also emit ::error annotations for the Actions log.")
@click.option("--require-items", is_flag=True,
              help="Fail when the body references no handbook item (empty, or its checklist deleted).")
def pr_lint(source, handbook, site_url_, fmt, require_items):
    """Check a pull-request body: unknown or retired item IDs, mistyped IDs and unticked must-items.

    BODY is a file, or - for standard input; without it, the body is read from the GitHub
    event payload at $GITHUB_EVENT_PATH (pull_request.body). The body is read as GitHub renders
    it: IDs count bare (SEC-001, any case) and in links; code, HTML comments and other hidden text
    are ignored; task items are GitHub's `- [ ]` / `- [x]`. An unticked item counts as not
    applicable when struck through (~~...~~) or when it says `n/a: <reason>`. Exits 1 on
    findings, 2 for a body over GitHub's limit of 65,536 characters.

    \b
    Examples:
      checklist pr-lint body.md
      gh pr view 42 --json body -q .body | checklist pr-lint -
      checklist pr-lint --require-items   # in GitHub Actions, on pull_request events
    """
    from handbook_checklists.pulls.lint import BodyTooLarge, lint_body

    label, body = _pr_body(source)
    catalog = load_catalog(handbook)
    links = links_for(site_url(site_url_))
    try:
        result = lint_body(body, catalog, links, require_items=require_items)
    except BodyTooLarge as error:
        fail(f"{label}: {error}")
    for finding in result.findings:
        click.echo(f"{label}: {finding}" if label != "-" else str(finding))
        if fmt == "github":
            click.echo(f"::error title=checklist pr-lint::{finding}")
    summary = (f"{len(result.referenced)} item{'s' if len(result.referenced) != 1 else ''} referenced, "
               f"{len(result.ticked)} ticked, {len(result.not_applicable)} not applicable")
    if result.findings:
        count = len(result.findings)
        click.echo(f"{count} finding{'s' if count != 1 else ''}; {summary}", err=True)
        raise SystemExit(1)
    click.echo(f"ok: {summary}")


# ---------------------------------------------------------------------------------------------
# Probes: evidence from a repository's files


@main.command("run", short_help="Run the items' probes against a repository; text, JSON or SARIF.")
@click.option("--repo", "repo", default=".", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="The repository to probe (its files are read, never executed).")
@handbook_option
@site_url_option
@checklist_choice
@click.option("--update", "update", default=None, metavar="FILE",
              help="Record each result in the `auto` field of FILE's items (a project document); the human "
                   "status and note are never changed. Without -c, probes the document's checklists.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif"]), default="text", show_default=True,
              help="sarif: SARIF 2.1.0 for GitHub code scanning (one rule per item, one result per failing probe).")
@click.option("--output", "-o", default="-", metavar="FILE", help="Write the report here instead of standard output.")
@click.option("--fail-on", type=click.Choice(["must", "should", "may"]), default=None,
              help="Exit 1 when the probe of an item of this severity or stronger fails.")
@click.option("--timeout", default=60.0, show_default=True, metavar="SECONDS",
              help="Stop (exit 2, results 'error') when the run takes longer.")
def run(repo, handbook, site_url_, checklists, update, fmt, output, fail_on, timeout):
    """Run the probes of the handbook's items against a repository's files and report the evidence.

    A probe (an item's `check:`, docs/checklists/probes.md) looks for files and patterns: a
    lockfile, a Dockerfile's USER, no private keys, a CI configuration. It is evidence, not proof:
    results go next to the human status (`--update`), never in its place, and `checklist status`
    shows where they disagree. Files are only read: symbolic links are never followed, .git and
    .gitignored paths are skipped, and so are binary files and files over 1 MB.

    \b
    Examples:
      checklist run --repo .
      checklist run --repo . --update checklist.json
      checklist run --repo . --format sarif -o probes.sarif     # for github/codeql-action/upload-sarif
    """
    from handbook_checklists.probes.definitions import probes_for
    from handbook_checklists.probes.engine import run_probes
    from handbook_checklists.probes.output import as_json, auto_record, sarif, text
    from handbook_checklists.probes.walk import Limits

    if not repo.is_dir():
        fail(f"--repo {repo}: not a folder")
    document = None
    if update is not None:
        from handbook_checklists.document.files import ensure_writable, read_document
        from handbook_checklists.document.state import DocumentError

        try:
            ensure_writable(update)
            _, document = read_document(update)
        except DocumentError as error:
            document_error(update, error)
    catalog = load_catalog(handbook)
    chosen = _known_checklists(catalog, checklists)
    if not chosen and document is not None:
        chosen = [c["id"] for c in document["checklists"] if catalog.checklist(c["id"]) is not None]
    probes = probes_for(catalog, chosen)
    if not probes:
        fail("no probes for the chosen checklists")
    report = run_probes(repo, probes, Limits(timeout=float(timeout)))
    checked = now()
    if fmt == "json":
        out = as_json(report, catalog, checked)
    elif fmt == "sarif":
        out = json.dumps(sarif(report, catalog, links_for(site_url(site_url_, document))), indent=2,
                         ensure_ascii=False) + "\n"
    else:
        out = text(report, catalog, str(repo))
    if output == "-":
        click.echo(out, nl=False)
    else:
        from handbook_checklists.document.files import FileError, write_atomic

        try:
            write_atomic(output, out)
        except FileError as error:
            document_error(output, error)
    if report.stopped:
        fail(f"{report.stopped}; nothing recorded (raise --timeout)")
    if update is not None:
        from handbook_checklists.document.files import update_auto
        from handbook_checklists.document.state import DocumentError

        records = {r.probe.item_id: auto_record(r, checked) for r in report.results}
        try:
            recorded, _ = update_auto(update, records)
        except DocumentError as error:
            document_error(update, error)
        click.echo(f"recorded {len(recorded)} probe result{'s' if len(recorded) != 1 else ''} in {update}", err=True)
    if fail_on is not None:
        severities = SEVERITIES[: SEVERITIES.index(fail_on) + 1]
        failing = [r for r in report.results if r.outcome.result == "fail"
                   and (catalog.item(r.probe.item_id) is None or catalog.item(r.probe.item_id).severity in severities)]
        if failing:
            click.echo(f"gate --fail-on {fail_on}: FAILED, {len(failing)} failing probe"
                       f"{'s' if len(failing) != 1 else ''}: {', '.join(r.probe.item_id for r in failing)}", err=True)
            raise SystemExit(1)
