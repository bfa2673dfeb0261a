"""The `checklist` command (docs/reference/cli.md): one click group, one sub-command per job."""

from handbook_checklists.cli.commands import main

__all__ = ["main"]
