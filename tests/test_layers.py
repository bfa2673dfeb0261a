"""The engine's layers, enforced: each sub-package of handbook_checklists imports only the layers
below it (src/handbook_checklists/__init__.py lists them), only the adapters import a site
generator or Python-Markdown, and no module uses another module's private names.

The rules are checked on the source with `ast`, so a forbidden import is caught even inside a
function (where the engine defers heavy imports). `test_the_checker_*` feed the checker small
sources, to show that it reports what it must.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = "handbook_checklists"
SOURCE = Path(__file__).resolve().parents[1] / "src" / PACKAGE

#: Layer of each sub-package; a module may import its own sub-package and lower layers only.
LAYERS = {
    "model": 0, "schemas": 0,
    "catalog": 1,
    "document": 2,
    "pulls": 3, "probes": 3, "render": 3,
    "cli": 4,
    "adapters": 5,
}
#: Modules at the package's top level and the sub-package they count as.
TOP_LEVEL = {"__init__": ("", 0), "__main__": ("cli", LAYERS["cli"])}
#: Site generators and Python-Markdown: only the adapters may import them.
SITE_ONLY = ("mkdocs", "material", "mkdocs_macros", "markdown", "pymdownx")


def layer_of(module: str) -> tuple[str, int]:
    """('model', 0) for 'handbook_checklists.model.urls'; the package itself is layer 0."""
    parts = module.split(".")
    if len(parts) == 1:
        return "", 0
    name = parts[1]
    if name in LAYERS:
        return name, LAYERS[name]
    if name in TOP_LEVEL:
        return TOP_LEVEL[name]
    raise AssertionError(f"{module}: a module outside the known layers; add it to LAYERS")


def imports_of(module: str, tree: ast.AST, is_package: bool) -> list[tuple[int, str, list[str]]]:
    """(line, imported module, names taken from it) for every import in the tree."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            found.append((node.lineno, base, [alias.name for alias in node.names]))
    return found


def violations(module: str, source: str, is_package: bool = False) -> list[str]:
    """Every breach of the rules above in one module's source, as 'module:line: what'."""
    tree = ast.parse(source)
    own_name, own_layer = layer_of(module)
    problems = []
    for line, target, names in imports_of(module, tree, is_package):
        top = target.split(".")[0]
        where = f"{module}:{line}"
        if top in SITE_ONLY and own_name != "adapters":
            problems.append(f"{where}: imports {target}; only the adapters may import a site generator or Markdown")
        if top != PACKAGE:
            continue
        name, layer = layer_of(target)
        if name == "adapters" and own_name != "adapters":
            problems.append(f"{where}: imports the adapters ({target})")
        elif layer > own_layer or (layer == own_layer and name != own_name and name):
            problems.append(f"{where}: layer '{own_name}' imports '{name}' ({target}), which is not below it")
        private = [n for n in names if n.startswith("_") and not n.startswith("__")]
        if private and target != module:
            problems.append(f"{where}: imports private names {private} from {target}")
    modules = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
               for alias in node.names if alias.name.startswith(PACKAGE)}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name) and node.value.id in modules):
            problems.append(f"{module}:{node.lineno}: uses {node.value.id}.{node.attr}, a private name")
    return problems


def engine_modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(SOURCE.rglob("*.py")):
        parts = path.relative_to(SOURCE.parent).with_suffix("").parts
        out.append((".".join(parts[:-1] if parts[-1] == "__init__" else parts), path))
    return out


@pytest.mark.parametrize("module,path", engine_modules(), ids=[m for m, _ in engine_modules()])
def test_module_respects_the_layers(module, path):
    problems = violations(module, path.read_text(encoding="utf-8"), path.name == "__init__.py")
    assert not problems, "\n".join(problems)


def test_every_sub_package_has_a_layer():
    packages = {p.parent.name for p in SOURCE.glob("*/__init__.py")}
    assert packages == set(LAYERS)


@pytest.mark.parametrize("module,source", [
    ("handbook_checklists.model.x", "import mkdocs"),
    ("handbook_checklists.catalog.x", "def f():\n    from markdown.extensions.toc import slugify\n"),
    ("handbook_checklists.render.x", "from mkdocs.structure.files import File"),
    ("handbook_checklists.model.x", "from handbook_checklists.catalog.loader import load_catalog"),
    ("handbook_checklists.catalog.x", "from ..document import build"),
    ("handbook_checklists.render.x", "from handbook_checklists.pulls.lint import lint_body"),
    ("handbook_checklists.cli.x", "from handbook_checklists.adapters.macros import define_env"),
    ("handbook_checklists.cli.x", "from handbook_checklists.document.state import _State"),
    ("handbook_checklists.cli.x", "import handbook_checklists.document.state as s\ns._State()"),
], ids=["mkdocs in model", "markdown in catalog", "mkdocs in render", "model->catalog", "relative catalog->document",
        "render->pulls", "cli->adapters", "private name", "private attribute"])
def test_the_checker_reports_a_forbidden_import(module, source):
    assert violations(module, source)


@pytest.mark.parametrize("module,source", [
    ("handbook_checklists.adapters.mkdocs.plugin", "from mkdocs.plugins import BasePlugin"),
    ("handbook_checklists.cli.x", "from handbook_checklists.document.state import DocumentError"),
    ("handbook_checklists.render.x", "from .slots import HtmlSlots"),
    ("handbook_checklists.catalog.x", "from handbook_checklists.model import Catalog"),
])
def test_the_checker_allows_what_the_layers_allow(module, source):
    assert violations(module, source) == []
