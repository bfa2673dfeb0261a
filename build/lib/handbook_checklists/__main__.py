"""`python -m handbook_checklists` runs the `checklist` command."""

from handbook_checklists.cli.commands import main

main()
