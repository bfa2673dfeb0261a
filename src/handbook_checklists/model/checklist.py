"""The checklist domain: checklists, sections, items and retired IDs, with lookups by ID.

Shapes follow the checklist format (schemas/checklist.schema.json; README "Adding a checklist item"):
a Catalog holds Checklists in title order; a Checklist holds Sections of Items and its RetiredItems.
All model objects are immutable; the catalog loader (catalog/loader.py) is the only producer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from handbook_checklists.model.slug import slugify

#: Requirement levels in the sense of RFC 2119, strongest first.
SEVERITIES = ("must", "should", "may")
#: When in a project's life an item applies.
PHASES = ("design", "build", "release", "operate")
#: Item ID: a checklist prefix, a hyphen and a number (`itemId` in schemas/checklist.schema.json).
ITEM_ID_PATTERN = r"[A-Z]{2,5}-[0-9]{3,4}"
#: First letter of every team checklist's prefix, and of no handbook prefix: team item IDs can never
#: collide with the handbook's, now or after any later release (docs/checklists/team-items.md).
LOCAL_PREFIX_MARK = "X"


def item_anchor(item_id: str) -> str:
    """The permanent in-page anchor of an item: its lower-cased ID."""
    return item_id.lower()


def section_anchor(title: str) -> str:
    """The anchor the site gives a section heading titled `title` ("section" if it has no word)."""
    return slugify(title) or "section"


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a value was written: `path` relative to the handbook, 1-based `line` and `column`."""

    path: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Item:
    """One requirement: a stable `id` (e.g. "SEC-001"), its text, RFC 2119 `severity`, and where it lives."""

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
        """The in-page anchor: the lower-cased ID."""
        return item_anchor(self.id)


@dataclass(frozen=True, slots=True)
class Section:
    """A titled group within one checklist: its own `items`, and the IDs it `includes` of items
    whose home is another checklist (one requirement, one item: Catalog.section_items resolves them)."""

    title: str
    items: tuple[Item, ...]
    includes: tuple[str, ...] = ()

    @property
    def anchor(self) -> str:
        """The in-page anchor of the section heading."""
        return section_anchor(self.title)


@dataclass(frozen=True, slots=True)
class RetiredItem:
    """An ID that was published once and is never reused; `replaced_by` names its active successor."""

    id: str
    reason: str
    checklist_id: str
    title: str | None = None
    replaced_by: str | None = None
    origin: Origin | None = None

    @property
    def anchor(self) -> str:
        """The in-page anchor: the lower-cased ID."""
        return item_anchor(self.id)


@dataclass(frozen=True, slots=True)
class Checklist:
    """One checklist file: `id` equals its file name; `version` is a semantic version of its content."""

    id: str
    prefix: str
    title: str
    version: str
    sections: tuple[Section, ...]
    description: str | None = None
    docs: tuple[str, ...] = ()
    retired: tuple[RetiredItem, ...] = ()
    source: str = ""
    #: A team's own checklist (read with `--local DIR`), not the handbook's.
    local: bool = False

    @property
    def items(self) -> tuple[Item, ...]:
        """Every active item whose home is this checklist, in page order (not the included ones)."""
        return tuple(item for section in self.sections for item in section.items)

    @property
    def includes(self) -> tuple[str, ...]:
        """Every included ID, in page order."""
        return tuple(item_id for section in self.sections for item_id in section.includes)


@dataclass
class Catalog:
    """All checklists, in a stable order, with every active and retired ID indexed."""

    checklists: list[Checklist] = field(default_factory=list)

    def __post_init__(self):
        """Index the checklists' active and retired items and the checklists by ID (last one wins)."""
        self._items = {i.id: i for c in self.checklists for i in c.items}
        self._retired = {r.id: r for c in self.checklists for r in c.retired}
        self._by_id = {c.id: c for c in self.checklists}
        self._known = frozenset(self._items) | frozenset(self._retired)

    def checklist(self, checklist_id: str) -> Checklist | None:
        """The checklist with this id, or None."""
        return self._by_id.get(checklist_id)

    def item(self, item_id: str) -> Item | None:
        """The active item with this ID, or None."""
        return self._items.get(item_id)

    def retired(self, item_id: str) -> RetiredItem | None:
        """The retired entry with this ID, or None."""
        return self._retired.get(item_id)

    def known_ids(self) -> frozenset[str]:
        """Every active and retired ID (built once: the catalog does not change after loading)."""
        return self._known

    def section_items(self, section: Section) -> tuple[Item, ...]:
        """The section's own items, then the items it includes (the loader ensures each is active)."""
        return section.items + tuple(self._items[i] for i in section.includes if i in self._items)

    def checklist_items(self, checklist: Checklist) -> tuple[Item, ...]:
        """Every item a checklist lists, its own and included ones, in page order; each ID once."""
        return tuple(item for section in checklist.sections for item in self.section_items(section))

    def severity_counts(self, checklist: Checklist) -> dict[str, int]:
        """{"must": n, "should": n, "may": n} over every item the checklist lists."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for item in self.checklist_items(checklist):
            counts[item.severity] += 1
        return counts

    def including(self, item_id: str) -> tuple[Checklist, ...]:
        """The checklists that include the item (not its home)."""
        return tuple(c for c in self.checklists if item_id in c.includes)

    def replacement(self, item_id: str) -> Item | None:
        """The active item that carries a retired ID on (the loader ensures replaced_by is active)."""
        retired = self._retired.get(item_id)
        return self._items.get(retired.replaced_by) if retired and retired.replaced_by else None
