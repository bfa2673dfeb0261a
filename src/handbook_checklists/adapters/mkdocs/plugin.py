"""The `handbook-checklists` MkDocs plugin: loads the checklists once per build, splices the
checklist HTML into pages after Markdown, and adds the site's generated files the MkDocs way.

- `on_config`: a new ChecklistSite for this build (render/site.py); a checklist that does not load
  fails the build with every finding as path:line:column (PluginError, printed without traceback).
  mkdocs-macros' `define_env` (adapters/macros.py) takes its macros from this plugin's site, so
  this plugin is listed before `macros` in mkdocs.yml.
- `on_files`: blank project documents, schemas and `/c/<ID>/` pages as `File.generated` (MkDocs 1.6).
- `on_page_content`: held fragments spliced back into each page (render/slots.py).
- `mkdocs serve`: the engine's own folder is watched, and on each rebuild the engine's modules are
  imported afresh, so an edit to the engine or to a YAML file shows without a restart.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from handbook_checklists.adapters.mkdocs.config import ChecklistsConfig

#: The name this plugin has in mkdocs.yml and in MkDocs' plugin collection.
PLUGIN_NAME = "handbook-checklists"
_ENGINE = "handbook_checklists"
_PACKAGE_DIR = Path(__file__).resolve().parents[2]


def _forget_engine_modules() -> None:
    """Drop the engine's modules (not this adapter's, which MkDocs holds) and the mkdocs-macros entry
    module from Python's import cache, so the next import reads their files again."""
    keep = __name__.rpartition(".")[0]  # handbook_checklists.adapters.mkdocs
    for name in list(sys.modules):
        if name == "macros" or (name.startswith(_ENGINE + ".") and not name.startswith(keep)):
            del sys.modules[name]


class ChecklistsPlugin(BasePlugin[ChecklistsConfig]):
    """Owns one build's ChecklistSite (`self.site`, None until `on_config` or when disabled)."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        """No site yet: MkDocs creates the plugin before it reads the options (on_config loads one)."""
        self.site = None
        self._serving = False
        self._builds = 0

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve` (the instance then lives across rebuilds)."""
        self._serving = command == "serve"

    def on_config(self, config):
        """Load the checklists for this build; raises PluginError naming every broken value."""
        self.site = None
        if not self.config.enabled:
            return config
        if self._serving and self._builds:
            _forget_engine_modules()
        self._builds += 1
        site_module = importlib.import_module(f"{_ENGINE}.render.site")
        slots_module = importlib.import_module(f"{_ENGINE}.render.slots")
        errors = importlib.import_module(f"{_ENGINE}.model.diagnostics")
        root = (Path(config.config_file_path).parent / self.config.handbook_dir).resolve()
        try:
            self.site = site_module.ChecklistSite(
                root, Path(config.docs_dir), config.site_url or "http://127.0.0.1:8000/",
                config.use_directory_urls, slots_module.HtmlSlots())
        except (errors.ChecklistError, importlib.import_module(f"{_ENGINE}.catalog.handbook").HandbookNotFound) as error:
            raise PluginError(str(error)) from None
        return config

    def on_files(self, files, *, config):
        """Add the generated files (render/site_files.py) to the build."""
        if self.site is not None:
            for path, text in self.site.files():
                files.append(File.generated(config, path, content=text))
        return files

    def on_page_content(self, html, *, page, config, files):
        """Splice held checklist HTML back into the converted page."""
        return self.site.fill(html) if self.site is not None else html

    def on_serve(self, server, *, config, builder):
        """Watch the engine's own source, so editing it rebuilds the site."""
        server.watch(str(_PACKAGE_DIR))
        return server
