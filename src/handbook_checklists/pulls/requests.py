"""Checklist items in pull requests: the PR template (template.py) and the check of a PR body (lint.py).

This module keeps the names the command line and older callers import from one place.
"""

from __future__ import annotations

from handbook_checklists.pulls.lint import (MAX_BODY_CHARS, BodyTooLarge, Finding, LintResult, handbook_prefixes,
                                            ids_in, lint_body, normalise)
from handbook_checklists.pulls.template import TEMPLATE_HEAD, render_template, select_items

__all__ = ["MAX_BODY_CHARS", "BodyTooLarge", "Finding", "LintResult", "TEMPLATE_HEAD", "handbook_prefixes", "ids_in",
           "lint_body", "normalise", "render_template", "select_items"]
