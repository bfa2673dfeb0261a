"""The `checklist` command: validate the handbook's checklists and manage the published-ID registry.

Exit codes: 0 ok, 1 the check failed, 2 bad usage or bad input.
"""

from __future__ import annotations

from pathlib import Path

import click

from .project import Handbook
from .registry import REGISTRY_FILE, append_to_registry, missing_from_registry

root_option = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
    help="The handbook checkout: the folder that holds checklists/ and docs/.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main():
    """Work with the Backend Architecture Handbook's checklists."""


@main.command()
@root_option
def validate(root: Path):
    """Validate every checklist YAML file and report ALL errors as path:line:column.

    \b
    Example:
      checklist validate
      checklists/security.yml:14:9: SEC-003: missing required key 'why'
    """
    result = Handbook.at(root).load()
    for diagnostic in result.diagnostics:
        click.echo(str(diagnostic), err=True)
    if not result.ok:
        count = len(result.diagnostics)
        click.echo(f"{count} error{'s' if count != 1 else ''}", err=True)
        raise SystemExit(1)
    catalog = result.catalog
    items = sum(len(c.items) for c in catalog.checklists)
    click.echo(f"ok: {len(catalog.checklists)} checklists, {items} items")


@main.command()
@root_option
@click.option("--update", is_flag=True, help="Append every active or retired ID not yet in the registry.")
def ids(root: Path, update: bool):
    """Check the published-ID registry (checklists/published-ids.txt) or add new IDs to it.

    Without --update, exits 1 when an ID is not yet registered. The registry only grows: an ID
    in it must stay active or retired, which `checklist validate` enforces.

    \b
    Example:
      checklist ids --update
      added 3 IDs to checklists/published-ids.txt
    """
    handbook = Handbook.at(root)
    result = handbook.load()
    if not result.ok:
        for diagnostic in result.diagnostics:
            click.echo(str(diagnostic), err=True)
        raise SystemExit(1)
    ordered = [i.id for c in result.catalog.checklists for i in c.items]
    ordered += [r.id for c in result.catalog.checklists for r in c.retired]
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
