"""The mkdocs-macros entry point: `define_env(env)` registers the checklist macros for pages.

    {{ checklist("security") }}      the whole checklist page
    {{ checklist_item("SEC-001") }}  an inline link to one item, with its title and severity
    {{ checklist_index() }}          the table of all checklists
    {{ cli_reference() }}            the `checklist` command's help, for docs/reference/cli.md
    {{ probe_results() }}            the probes run on the repository that holds mkdocs.yml, at build time
    {{ version("nodejs", ...) }}     version facts from data/versions.yml (render/versions.py)

Under MkDocs the macros use the `handbook-checklists` plugin's site (adapters/mkdocs/plugin.py),
which also splices their HTML in after Markdown and writes the generated files. A host that runs
`define_env` without that plugin gets a site of its own here, with the HTML inline.
"""

from __future__ import annotations

from pathlib import Path

from handbook_checklists.cli.reference import cli_reference
from handbook_checklists.probes.definitions import probes_for
from handbook_checklists.probes.docs import results_table
from handbook_checklists.probes.engine import run_probes
from handbook_checklists.render.site import ChecklistSite
from handbook_checklists.render.versions import load_versions

#: The site's version facts, relative to mkdocs.yml (optional; a VersionsError fails the build).
VERSIONS_FILE = "data/versions.yml"
PLUGIN_NAME = "handbook-checklists"  # = adapters/mkdocs/plugin.PLUGIN_NAME, which imports MkDocs


def _site(conf) -> ChecklistSite:
    plugins = conf.get("plugins") or {}
    plugin = plugins.get(PLUGIN_NAME) if hasattr(plugins, "get") else None
    if plugin is not None and getattr(plugin, "site", None) is not None:
        return plugin.site
    root = Path(conf["config_file_path"]).parent
    return ChecklistSite(root, Path(conf["docs_dir"]), conf.get("site_url") or "http://127.0.0.1:8000/",
                         conf.get("use_directory_urls", True))


def define_env(env) -> None:
    """Register the macros on mkdocs-macros' `env`; each returns Markdown/HTML text for the page.

    Raises ChecklistError if a checklist is broken (every finding as path:line:column) and
    VersionsError if data/versions.yml is (render/versions.py), so the build fails."""
    site = _site(env.conf)

    def page_url() -> str:
        return env.page.url if env.page is not None else ""

    def checklist(checklist_id: str) -> str:
        """The whole checklist: intro, embedded data, sections and items."""
        return site.checklist(checklist_id, page_url())

    def checklist_item(item_id: str) -> str:
        """An inline link to one item (or its retired entry) with its title and severity."""
        return site.checklist_item(item_id, page_url())

    def checklist_index() -> str:
        """The table of all checklists with item counts by severity."""
        return site.checklist_index(page_url())

    def probe_results() -> str:
        """Every probe of the catalog run on the repository that holds mkdocs.yml (the site's own source),
        as a table: the dogfooding result docs/checklists/probes.md shows. Reads only (probes/walk.py)."""
        repository = Path(env.conf["config_file_path"]).parent
        return site.held(results_table(run_probes(repository, probes_for(site.catalog)), "This repository"))

    env.macro(checklist)
    env.macro(checklist_item)
    env.macro(checklist_index)
    env.macro(probe_results)
    env.macro(cli_reference)
    versions = Path(env.conf["config_file_path"]).parent / VERSIONS_FILE
    if versions.is_file():
        for macro in load_versions(versions).macros():
            env.macro(macro)
