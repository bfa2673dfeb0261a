"""Version and end-of-life facts from one data file, rendered into pages as Markdown.

The site's macros entry point (adapters/macros.py) registers the functions of `Versions.macros()`
when the site has a `data/versions.yml` beside its mkdocs.yml.

The data file (``data/versions.yml``) has this shape::

    products:
      <id>:                       # lower-case key used by the macros, e.g. nodejs
        name: Node.js             # display name
        aliases: [Node, ...]      # optional: other spellings pages use (tests scan for them)
        source: https://...       # the project's own release or versioning page
        source_title: ...         # link text for `source`
        checked: 2026-12-01       # ISO date the facts were last compared with `source`
        facts:                    # flat mapping: fact name -> text, number or date
          current_major: "18"
        lines:                    # optional: one mapping per release line, newest first
          - line: "26"            # required; other keys (status, eol, ...) are free
            status: Active LTS
            eol: 2029-04-30

Errors: every problem in the file raises `VersionsError` naming the file and the entry
(``data/versions.yml: nodejs.checked: ...``); asking a macro for an unknown product, fact or line
raises `VersionsError` too, so a typo in a page fails the build instead of printing nothing.

The rule it serves (docs/technology/versions.md#rule): a page states a version only through
these macros, and every rendered version travels with the date it was checked and its source.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

_REQUIRED = ("name", "source", "checked", "facts")
_ALLOWED = set(_REQUIRED) | {"aliases", "source_title", "lines", "notes"}


class VersionsError(ValueError):
    """The versions data file, or a macro's request to it, is wrong; the message says where."""


@dataclass(frozen=True)
class Product:
    """One product's entry: display name, source, check date, facts and release lines."""

    id: str
    name: str
    source: str
    source_title: str
    checked: _dt.date
    facts: dict[str, str]
    lines: list[dict[str, str]] = field(default_factory=list)
    aliases: tuple[str, ...] = ()


def _text(value: Any) -> str:
    """A YAML scalar as page text; dates in ISO form."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return str(value)


def _product(path: Path, key: Any, raw: Any) -> Product:
    """Validate one entry of `products`; raises VersionsError naming the file and the entry."""
    where = f"{path}: {key}"
    if not isinstance(key, str) or not key.isidentifier() or key != key.lower():
        raise VersionsError(f"{where}: product keys are lower-case identifiers, e.g. 'nodejs'")
    if not isinstance(raw, dict):
        raise VersionsError(f"{where}: expected a mapping with {', '.join(_REQUIRED)}")
    missing = [k for k in _REQUIRED if raw.get(k) in (None, "", {})]
    if missing:
        raise VersionsError(f"{where}: missing {', '.join(missing)}")
    unknown = sorted(set(raw) - _ALLOWED)
    if unknown:
        raise VersionsError(f"{where}: unknown keys {', '.join(unknown)}")
    source = raw["source"]
    if not isinstance(source, str) or not source.startswith("https://"):
        raise VersionsError(f"{where}.source: must be an https:// URL, got {source!r}")
    checked = raw["checked"]
    if isinstance(checked, str):
        try:
            checked = _dt.date.fromisoformat(checked)
        except ValueError:
            checked = None
    if not isinstance(checked, _dt.date) or isinstance(checked, _dt.datetime):
        raise VersionsError(f"{where}.checked: must be an ISO date (YYYY-MM-DD), got {raw['checked']!r}")
    facts = raw["facts"]
    if not isinstance(facts, dict):
        raise VersionsError(f"{where}.facts: expected a mapping of fact name to value")
    for name, value in facts.items():
        if not isinstance(value, (str, int, float, _dt.date)) or isinstance(value, bool):
            raise VersionsError(f"{where}.facts.{name}: expected text, a number or a date, got {value!r}")
    lines = raw.get("lines") or []
    if not isinstance(lines, list):
        raise VersionsError(f"{where}.lines: expected a list of mappings")
    seen: set[str] = set()
    for index, line in enumerate(lines):
        if not isinstance(line, dict) or line.get("line") in (None, ""):
            raise VersionsError(f"{where}.lines[{index}]: expected a mapping with a 'line' key")
        name = _text(line["line"])
        if name in seen:
            raise VersionsError(f"{where}.lines[{index}]: line {name!r} is listed twice")
        seen.add(name)
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
        raise VersionsError(f"{where}.aliases: expected a list of names")
    return Product(
        id=key,
        name=str(raw["name"]),
        source=source,
        source_title=str(raw.get("source_title") or raw["name"]),
        checked=checked,
        facts={str(k): _text(v) for k, v in facts.items()},
        lines=[{str(k): _text(v) for k, v in line.items()} for line in lines],
        aliases=tuple(aliases),
    )


def load_versions(path: Path | str) -> "Versions":
    """Load and validate the data file at `path`.

    Returns a `Versions`; raises `VersionsError` (naming the file, and the entry when one is at
    fault) if the file is missing, is not YAML, or an entry lacks name, source, checked or facts.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise VersionsError(f"{path}: cannot read the versions file ({error.strerror})") from None
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise VersionsError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(document, dict) or not isinstance(document.get("products"), dict):
        raise VersionsError(f"{path}: expected a top-level 'products' mapping")
    if not document["products"]:
        raise VersionsError(f"{path}: 'products' is empty")
    return Versions(path, {key: _product(path, key, raw) for key, raw in document["products"].items()})


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


class Versions:
    """The loaded data file and the macro functions that render it."""

    def __init__(self, path: Path, products: dict[str, Product]):
        """Hold the products of the data file at `path` (named in errors); see load_versions."""
        self.path = path
        self.products = products

    def product(self, product_id: str) -> Product:
        """The entry for `product_id`; raises VersionsError listing the known ids."""
        try:
            return self.products[product_id]
        except KeyError:
            known = ", ".join(sorted(self.products))
            raise VersionsError(f"{self.path}: no product {product_id!r}; known: {known}") from None

    def line(self, product_id: str, line: str) -> dict[str, str]:
        """One release line of a product; raises VersionsError if the data file lacks it."""
        product = self.product(product_id)
        for entry in product.lines:
            if entry["line"] == str(line):
                return entry
        known = ", ".join(e["line"] for e in product.lines) or "none"
        raise VersionsError(f"{self.path}: {product_id} has no line {line!r}; known: {known}")

    # -- macros ---------------------------------------------------------------------------------

    def version(self, product_id: str, fact: str) -> str:
        """One fact as inline text, e.g. ``version("nodejs", "active_lts")`` -> ``26``."""
        product = self.product(product_id)
        if fact not in product.facts:
            known = ", ".join(sorted(product.facts))
            raise VersionsError(f"{self.path}: {product_id} has no fact {fact!r}; known: {known}")
        return product.facts[fact]

    def release(self, product_id: str, line: str, key: str = "eol") -> str:
        """One field of one release line, e.g. ``release("nodejs", "24", "eol")`` -> ``2028-04-30``."""
        entry = self.line(product_id, line)
        if key not in entry:
            raise VersionsError(f"{self.path}: {product_id} line {line!r} has no {key!r}")
        return entry[key]

    def release_lines(self, product_id: str, columns: list[list[str]] | None = None) -> str:
        """A Markdown table of a product's release lines.

        `columns` is a list of ``[heading, key]`` pairs; by default line, status and end of life.
        A line without a key shows an em dash.
        """
        product = self.product(product_id)
        if not product.lines:
            raise VersionsError(f"{self.path}: {product_id} has no release lines to tabulate")
        columns = columns or [["Line", "line"], ["Status", "status"], ["End of life", "eol"]]
        rows = ["| " + " | ".join(heading for heading, _ in columns) + " |",
                "|" + "---|" * len(columns)]
        for entry in product.lines:
            rows.append("| " + " | ".join(_cell(entry.get(key, "—")) for _, key in columns) + " |")
        return "\n".join(rows)

    def versions_table(self, product_ids: list[str], fact: str = "support_model",
                       heading: str = "Support model (summary)") -> str:
        """A Markdown table with one row per product: `fact`, official schedule link, check date."""
        rows = [f"| Technology | {heading} | Official schedule | Checked |", "|---|---|---|---|"]
        for product_id in product_ids:
            product = self.product(product_id)
            rows.append(
                f"| {_cell(product.name)} | {_cell(self.version(product_id, fact))} "
                f"| [{_cell(product.source_title)}]({product.source}) | {product.checked.isoformat()} |"
            )
        return "\n".join(rows)

    def versions_checked(self, *product_ids: str) -> str:
        """The note a page shows under version facts: the date checked and the source of each."""
        if not product_ids:
            raise VersionsError(f"{self.path}: versions_checked() needs at least one product")
        parts = []
        for product_id in product_ids:
            product = self.product(product_id)
            parts.append(f"{product.name}: checked on {product.checked.isoformat()} against "
                         f"[{product.source_title}]({product.source})")
        return "*Versions on this page — " + "; ".join(parts) + ".*"

    def macros(self) -> list[Callable[..., str]]:
        """The functions a page may call, as bound methods named as in the pages."""
        return [self.version, self.release, self.release_lines, self.versions_table, self.versions_checked]
