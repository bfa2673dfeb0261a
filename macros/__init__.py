"""The handbook's checklist engine, and its entry point for mkdocs-macros.

The engine modules never import MkDocs; this adapter only talks to the `env` object that
mkdocs-macros passes in, so another site generator needs a new adapter, not a new engine.
"""

from __future__ import annotations

from pathlib import Path

# Engine modules are imported inside the functions: the `checklist` command imports this package
# too, and must not pay for the site renderer when it only reads a project file.


def _site_error(error) -> Exception:
    """Prefer MkDocs' own error type, which it prints without a traceback."""
    try:
        from mkdocs.exceptions import PluginError
    except ImportError:  # another generator: the plain error carries the same message
        return error
    return PluginError(str(error))


def define_env(env):
    from .cli_reference import cli_reference
    from .diagnostics import ChecklistError
    from .links import Links
    from .project import DEFAULT_SITE_URL, Handbook
    from .publish import SITE_FILES
    from .render import Renderer

    conf = env.conf
    handbook = Handbook.at(Path(conf["config_file_path"]).parent, conf["docs_dir"])
    try:
        loaded = handbook.load_or_raise()
    except ChecklistError as error:
        raise _site_error(error) from None
    catalog, docs = loaded.catalog, loaded.docs
    links = Links(conf.get("site_url") or DEFAULT_SITE_URL, "", conf.get("use_directory_urls", True))
    SITE_FILES.plan(catalog, links)

    def renderer() -> Renderer:
        page = env.page
        return Renderer(catalog, docs, links.at(page.url if page is not None else ""))

    def checklist(checklist_id: str) -> str:
        """The whole checklist: intro, embedded data, sections and items."""
        found = catalog.checklist(checklist_id)
        if found is None:
            known = ", ".join(c.id for c in catalog.checklists)
            raise ValueError(f"checklist('{checklist_id}'): no such checklist; known: {known}")
        return renderer().checklist_page(found)

    def checklist_item(item_id: str) -> str:
        """An inline link to one item (or its retired entry) with its title and severity."""
        if item_id not in catalog.known_ids():
            raise ValueError(f"checklist_item('{item_id}'): no active or retired item has this ID")
        return renderer().item_reference(item_id)

    def checklist_index() -> str:
        """The table of all checklists with item counts by severity."""
        return renderer().index_table()

    env.macro(checklist)
    env.macro(checklist_item)
    env.macro(checklist_index)
    env.macro(cli_reference)

    from .versions import VersionsError, load_versions  # self-contained: movable with data/
    try:
        for macro in load_versions(Path(conf["config_file_path"]).parent / "data" / "versions.yml").macros():
            env.macro(macro)
    except VersionsError as error:
        raise _site_error(error) from None


def on_post_build(env):
    from .publish import SITE_FILES, PublishError

    try:
        SITE_FILES.finish(Path(env.conf["site_dir"]))
    except PublishError as error:
        raise _site_error(error) from None
