"""The project-document layer: a team's checklist state as JSON (docs/reference/project-document.md):
build blank documents, parse and validate, upgrade, progress, and safe file edits."""
