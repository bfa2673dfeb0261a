"""Options of the `handbook-checklists` MkDocs plugin (mkdocs.yml):

    plugins:
      - handbook-checklists:
          enabled: true          # false: no checklist macros, no generated files
          handbook_dir: .        # the folder holding checklists/, relative to mkdocs.yml

MkDocs validates them and reports a wrong value with its option name (mkdocs.config.config_options).
"""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ChecklistsConfig(Config):
    """Typed options of the plugin; see the module docstring."""

    enabled = c.Type(bool, default=True)
    handbook_dir = c.Type(str, default=".")
