"""The checklist domain: checklists, sections, items and retired IDs, with lookups by ID."""

from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("must", "should", "may")
PHASES = ("design", "build", "release", "operate")


def item_anchor(item_id: str) -> str:
    """The permanent in-page anchor of an item: its lower-cased ID."""
    return item_id.lower()


def section_anchor(title: str) -> str:
    """The anchor Python-Markdown gives a section heading (its toc slugify, imported here: the
    `checklist` command reads project files without ever needing it, or Markdown's import time)."""
    from markdown.extensions.toc import slugify

    return slugify(title, "-") or "section"


@dataclass(frozen=True, slots=True)
class Origin:
    path: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    title: str
    severity: str
    why: str
    checklist_id: str
    section: str
    how: str | None = None
    tags: tuple[str, ...] = ()
    phase: str | None = None
    refs: tuple[str, ...] = ()
    check: dict | None = None
    origin: Origin | None = None

    @property
    def anchor(self) -> str:
        return item_anchor(self.id)


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    items: tuple[Item, ...]

    @property
    def anchor(self) -> str:
        return section_anchor(self.title)


@dataclass(frozen=True, slots=True)
class RetiredItem:
    id: str
    reason: str
    checklist_id: str
    title: str | None = None
    replaced_by: str | None = None
    origin: Origin | None = None

    @property
    def anchor(self) -> str:
        return item_anchor(self.id)


@dataclass(frozen=True, slots=True)
class Checklist:
    id: str
    prefix: str
    title: str
    version: str
    sections: tuple[Section, ...]
    description: str | None = None
    docs: tuple[str, ...] = ()
    retired: tuple[RetiredItem, ...] = ()
    source: str = ""

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)

    def severity_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(SEVERITIES, 0)
        for item in self.items:
            counts[item.severity] += 1
        return counts


@dataclass
class Catalog:
    """All checklists, in a stable order, with every active and retired ID indexed."""

    checklists: list[Checklist] = field(default_factory=list)

    def __post_init__(self):
        self._items = {i.id: i for c in self.checklists for i in c.items}
        self._retired = {r.id: r for c in self.checklists for r in c.retired}
        self._by_id = {c.id: c for c in self.checklists}

    def checklist(self, checklist_id: str) -> Checklist | None:
        return self._by_id.get(checklist_id)

    def item(self, item_id: str) -> Item | None:
        return self._items.get(item_id)

    def retired(self, item_id: str) -> RetiredItem | None:
        return self._retired.get(item_id)

    def known_ids(self) -> set[str]:
        return set(self._items) | set(self._retired)

    def replacement(self, item_id: str) -> Item | None:
        """The active item that carries a retired ID on (the loader ensures replaced_by is active)."""
        retired = self._retired.get(item_id)
        return self._items.get(retired.replaced_by) if retired and retired.replaced_by else None
