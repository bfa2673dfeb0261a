"""The mkdocs-macros entry point of this site (mkdocs.yml: `module_name: macros`); the macros
themselves live in the installed engine, handbook_checklists.adapters.macros."""

from handbook_checklists.adapters.macros import define_env

__all__ = ["define_env"]
