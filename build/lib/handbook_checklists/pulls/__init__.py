"""The pull-request layer: the PR template and the PR-body check (docs/checklists/pull-requests.md)."""
