"""Loads every checklist YAML file into a Catalog and reports every rule violation at once.

Rules (README "Adding a checklist item"; src/handbook_checklists/schemas/checklist.schema.json;
tests/test_loader.py shows each): UTF-8 safe YAML without repeated keys or alias bombs; the JSON Schema;
id = file name; IDs unique across all files, active and retired; retired IDs never reused;
replaced_by names an active item; KB refs and their anchors exist; every registered ID lives on;
each item's `check:` probe compiles (catalog/probe_rules.py: file sets, globs, RE2 regular
expressions) and is stored with its file sets expanded; an item's `how` ends with a **Probe:**
paragraph, stating the probe's limits, exactly when the item has a `check:` (catalog/probe_limits.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from handbook_checklists.catalog.collector import collector_paused
from handbook_checklists.model.diagnostics import Diagnostic
from handbook_checklists.catalog.docs_index import DocsIndex
from handbook_checklists.catalog.markdown_links import link_problem, links_in, page_target
from handbook_checklists.model import (ITEM_ID_PATTERN, LOCAL_PREFIX_MARK, Catalog, Checklist, Item, Origin,
                                       RetiredItem, Section, item_anchor)
from handbook_checklists.catalog.probe_limits import limits_problem
from handbook_checklists.catalog.probe_rules import check_problems, expand_file_sets
from handbook_checklists.catalog.registry import REGISTRY_FILE, read_registry
from handbook_checklists.catalog.schema_check import schema_diagnostics
from handbook_checklists.catalog.yaml_source import ParsedYaml, parse_yaml

CHECKLIST_SUFFIX = ".yml"
_ID_LIKE = re.compile(ITEM_ID_PATTERN)


@dataclass
class LoadResult:
    """The catalog built from every file that loaded, and every finding (sorted, one per root cause)."""

    catalog: Catalog
    diagnostics: list[Diagnostic]
    docs: DocsIndex | None = None  # the pages read while checking refs, reused for rendering

    @property
    def ok(self) -> bool:
        """True when there is no finding at all."""
        return not self.diagnostics


def _outside(file: Path, roots: set[Path]) -> str | None:
    """Why a checklist file may not be read: a symbolic link that resolves outside the handbook (its
    content would be published, and quoted in errors), or not a regular file; None when it may."""
    real = file.resolve()
    if file.is_symlink() or real != file.absolute():
        if not any(real == root or root in real.parents for root in roots):
            return "is a symbolic link to a file outside the handbook; refusing to read it"
    if not real.is_file():
        return "is not a regular file"
    return None


def _item_id_at(document) -> callable:
    """A function naming the item (or retired entry) that a document path lies inside."""

    def lookup(path: tuple) -> str | None:
        try:
            if len(path) >= 4 and path[0] == "sections" and path[2] == "items":
                entry = document["sections"][path[1]]["items"][path[3]]
            elif len(path) >= 2 and path[0] == "retired":
                entry = document["retired"][path[1]]
            else:
                return None
            value = entry.get("id") if isinstance(entry, dict) else None
            return value if isinstance(value, str) else None
        except (KeyError, IndexError, TypeError):
            return None

    return lookup


def _ids_mentioned(document) -> set[str]:
    """Every string under an `id` key of items or retired entries, however malformed the rest."""
    found = set()
    sections = document.get("sections") if isinstance(document, dict) else None
    entries = [e for s in sections if isinstance(s, dict) and isinstance(s.get("items"), list)
               for e in s["items"]] if isinstance(sections, list) else []
    retired = document.get("retired") if isinstance(document, dict) else None
    entries += retired if isinstance(retired, list) else []
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            found.add(entry["id"])
    return found


class _FileReader:
    """Builds model objects from one schema-valid document."""

    def __init__(self, parsed: ParsedYaml, source: str, checklist_id: str, local: bool = False):
        self.parsed = parsed
        self.source = source
        self.checklist_id = checklist_id
        self.local = local

    def origin(self, path: tuple) -> Origin:
        line, col = self.parsed.positions.of_value(path)
        return Origin(self.source, line, col)

    def checklist(self) -> Checklist:
        doc = self.parsed.value
        sections = tuple(self._section(doc["sections"][i], i) for i in range(len(doc["sections"])))
        retired = tuple(
            RetiredItem(
                id=entry["id"], reason=entry["reason"], checklist_id=doc["id"],
                title=entry.get("title"), replaced_by=entry.get("replaced_by"),
                origin=self.origin(("retired", i, "id")),
            )
            for i, entry in enumerate(doc.get("retired", []))
        )
        return Checklist(
            id=doc["id"], prefix=doc["prefix"], title=doc["title"], version=doc["version"],
            sections=sections, description=doc.get("description"), docs=tuple(doc.get("docs", [])),
            retired=retired, source=self.source, local=self.local,
        )

    def _section(self, raw: dict, index: int) -> Section:
        items = tuple(
            Item(
                id=entry["id"], title=entry["title"], severity=entry["severity"], why=entry["why"],
                checklist_id=self.parsed.value["id"], section=raw["title"], how=entry.get("how"),
                tags=tuple(entry.get("tags", [])), phase=entry.get("phase"), refs=tuple(entry.get("refs", [])),
                check=expand_file_sets(entry.get("check")), origin=self.origin(("sections", index, "items", j, "id")),
            )
            for j, entry in enumerate(raw.get("items", []))
        )
        return Section(title=raw["title"], items=items, includes=tuple(raw.get("include", [])))


class _Rules:
    """Cross-file and reference rules, applied once every file is read."""

    def __init__(self, docs: DocsIndex, docs_label: str):
        self.docs = docs
        self.docs_label = docs_label
        self.found: list[Diagnostic] = []

    def add(self, origin: Origin, message: str, item_id: str | None = None, related: tuple[str, ...] = ()):
        self.found.append(Diagnostic(origin.path, origin.line, origin.column, message, item_id, related))

    def unique_ids(self, checklists: list[Checklist]):
        seen: dict[str, tuple[Origin, bool]] = {}
        for checklist in checklists:
            entries = [(i.id, i.origin, True) for i in checklist.items]
            entries += [(r.id, r.origin, False) for r in checklist.retired]
            for item_id, origin, active in entries:
                if item_id in seen:
                    first, first_active = seen[item_id]
                    where = f"{first.path}:{first.line}:{first.column}"
                    if active and not first_active:
                        message = f"reuses a retired ID (retired at {where}); retired IDs are never reused"
                    elif first_active and not active:
                        message = f"is retired here but still active at {where}"
                    else:
                        message = f"duplicate ID (first defined at {where})"
                    self.add(origin, message, item_id, related=(first.path,))
                else:
                    seen[item_id] = (origin, active)

    def section_anchors(self, checklist: Checklist, reader: _FileReader):
        taken = {item_anchor(i.id) for i in checklist.items} | {r.anchor for r in checklist.retired}
        for index, section in enumerate(checklist.sections):
            if section.anchor in taken:
                self.add(reader.origin(("sections", index, "title")),
                         f"section title '{section.title}' gives the anchor #{section.anchor}, which is already used")
            taken.add(section.anchor)

    def replacements(self, catalog: Catalog, readers: dict[str, _FileReader]):
        for checklist in catalog.checklists:
            for index, retired in enumerate(checklist.retired):
                if retired.replaced_by and catalog.item(retired.replaced_by) is None:
                    origin = readers[checklist.id].origin(("retired", index, "replaced_by"))
                    self.add(origin, f"replaced_by names '{retired.replaced_by}', which is not an active item",
                             retired.id)

    def team_checklists(self, catalog: Catalog, readers: dict[str, _FileReader]):
        """Team checklists (--local) use prefixes starting with LOCAL_PREFIX_MARK, and their items carry
        their prefix; the handbook's never do. So a team's IDs can never collide with the handbook's."""
        mark = LOCAL_PREFIX_MARK
        for checklist in catalog.checklists:
            reader = readers[checklist.id]
            if checklist.local and not checklist.prefix.startswith(mark):
                self.add(reader.origin(("prefix",)), f"a team checklist's prefix starts with {mark} (e.g. "
                         f"{mark}{checklist.prefix[:4]}), which the handbook never uses, so its IDs cannot collide")
            elif not checklist.local and checklist.prefix.startswith(mark):
                self.add(reader.origin(("prefix",)), f"prefixes starting with {mark} are kept for teams' own checklists")
            if not checklist.local:
                continue
            for s_index, section in enumerate(checklist.sections):
                for i_index, item in enumerate(section.items):
                    if not item.id.startswith(checklist.prefix + "-"):
                        self.add(reader.origin(("sections", s_index, "items", i_index, "id")),
                                 f"a team item's ID starts with its checklist's prefix {checklist.prefix}-", item.id)

    def includes(self, catalog: Catalog, readers: dict[str, _FileReader]):
        """Each included ID names an active item of another checklist, at most once per checklist."""
        for checklist in catalog.checklists:
            reader = readers[checklist.id]
            own = {item.id for item in checklist.items}
            seen: dict[str, Origin] = {}
            for s_index, section in enumerate(checklist.sections):
                for i_index, item_id in enumerate(section.includes):
                    origin = reader.origin(("sections", s_index, "include", i_index))
                    retired = catalog.retired(item_id)
                    if item_id in own:
                        self.add(origin, f"includes its own item '{item_id}'; list it once, under items", item_id)
                    elif item_id in seen:
                        first = seen[item_id]
                        self.add(origin, f"includes '{item_id}' twice (first at line {first.line}); an item is "
                                         "included at most once per checklist", item_id)
                    elif retired is not None:
                        successor = catalog.replacement(item_id)
                        hint = f"; include its replacement '{successor.id}'" if successor else ""
                        self.add(origin, f"includes '{item_id}', which is retired{hint}", item_id)
                    elif catalog.item(item_id) is None:
                        self.add(origin, f"includes '{item_id}', which is no item of any checklist", item_id)
                    seen.setdefault(item_id, origin)

    def page_ref(self, ref: str, origin: Origin, item_id: str | None, catalog: Catalog, what: str = "ref"):
        page_path, _, anchor = ref.partition("#")
        page = self.docs.page(page_path)
        if page is None:
            self.add(origin, f"{what} '{ref}': no page {self.docs_label}/{page_path}", item_id)
            return
        if not anchor:
            return
        anchors = set(page.anchors)
        for rendered in page.checklists:
            listed = catalog.checklist(rendered)
            if listed:
                anchors |= {i.anchor for i in listed.items} | {r.anchor for r in listed.retired}
                anchors |= {s.anchor for s in listed.sections}
        if anchor not in anchors:
            self.add(origin, f"{what} '{ref}': page {self.docs_label}/{page_path} has no anchor #{anchor}", item_id)

    def refs(self, catalog: Catalog, readers: dict[str, _FileReader]):
        for checklist in catalog.checklists:
            reader = readers[checklist.id]
            for index, doc_ref in enumerate(checklist.docs):
                self.page_ref(doc_ref, reader.origin(("docs", index)), None, catalog)
            for s_index, section in enumerate(checklist.sections):
                for i_index, item in enumerate(section.items):
                    for r_index, ref in enumerate(item.refs):
                        if ref.startswith("https://"):
                            continue
                        origin = reader.origin(("sections", s_index, "items", i_index, "refs", r_index))
                        self.page_ref(ref, origin, item.id, catalog)

    def markdown_links(self, catalog: Catalog, readers: dict[str, _FileReader]):
        """Every link in Markdown fields: an allowed shape, and (with docs) a page and anchor that exist."""
        for checklist in catalog.checklists:
            reader = readers[checklist.id]
            texts = [(("description",), checklist.description, None)]
            for s_index, section in enumerate(checklist.sections):
                for i_index, item in enumerate(section.items):
                    where = ("sections", s_index, "items", i_index)
                    texts += [(where + ("why",), item.why, item.id), (where + ("how",), item.how, item.id)]
            texts += [(("retired", index, "reason"), entry.reason, entry.id)
                      for index, entry in enumerate(checklist.retired)]
            for path, text, item_id in texts:
                if not text:
                    continue
                for link in links_in(text):
                    problem = link_problem(link)
                    origin = reader.origin(path)
                    if problem:
                        self.add(origin, problem, item_id)
                        continue
                    page = page_target(link.target) if link.kind == "link" else None
                    if page is not None and self.docs is not None:
                        ref = f"{page[0]}#{page[1]}" if page[1] else page[0]
                        self.page_ref(ref, origin, item_id, catalog, what="link")

    def probes(self, catalog: Catalog, readers: dict[str, _FileReader]):
        """Each item's `check:` compiles: the file sets it names exist, its globs (gitignore syntax)
        and its regular expressions (RE2, linear time) compile; each problem at the position of the
        name, glob or pattern at fault, in the check as written. An item's `how` ends with a
        **Probe:** paragraph exactly when the item has a `check:`."""
        for checklist in catalog.checklists:
            reader = readers[checklist.id]
            for s_index, section in enumerate(checklist.sections):
                for i_index, item in enumerate(section.items):
                    base = ("sections", s_index, "items", i_index)
                    problem = limits_problem(item.how, item.check is not None)
                    if problem:
                        self.add(reader.origin(base + (("how",) if item.how else ("check",))), problem, item.id)
                    if item.check is None:
                        continue
                    written = reader.parsed.value["sections"][s_index]["items"][i_index]["check"]
                    for path, message in check_problems(written):
                        self.add(reader.origin(base + ("check",) + path), f"check: {message}", item.id)

    def registry(self, catalog: Catalog, registry_path: Path, registry_label: str, unreadable: set[str]):
        known = catalog.known_ids() | unreadable
        for line, item_id in read_registry(registry_path):
            if item_id not in known:
                self.found.append(Diagnostic(
                    registry_label, line, 1,
                    "published ID is neither active nor retired; retire it (with a reason) instead of deleting it",
                    item_id,
                ))


def load_catalog(checklists_dir: Path, docs_dir: Path | None, *, label_root: Path | None = None,
                 local_dirs: tuple[Path, ...] = ()) -> LoadResult:
    """Read and validate every `checklists_dir/*.yml` file; never raises for bad content.

    Every finding of every rule is collected, each a Diagnostic with the file's path relative to
    `label_root`. With `docs_dir` None, `refs` and `docs` are not checked against pages (the
    installed package's shipped catalog, checked when the package was built). Raises OSError only
    when a file that is listed cannot be read."""
    with collector_paused():
        return _load_catalog(checklists_dir, docs_dir, label_root, tuple(local_dirs))


def _load_catalog(checklists_dir: Path, docs_dir: Path | None, label_root: Path | None,
                  local_dirs: tuple[Path, ...]) -> LoadResult:
    checklists_dir = Path(checklists_dir)
    label_root = Path(label_root) if label_root else checklists_dir.parent

    def label(path: Path) -> str:
        for shown, root in ((path.resolve(), label_root.resolve()), (path.absolute(), label_root.absolute())):
            try:  # a symbolic link out of the handbook is named by where it is, not where it points
                return shown.relative_to(root).as_posix()
            except ValueError:
                continue
        return path.as_posix()

    diagnostics: list[Diagnostic] = []
    checklists: list[Checklist] = []
    readers: dict[str, _FileReader] = {}
    unreadable_ids: set[str] = set()  # IDs in files that failed: not reported again as missing
    files = [(file, False) for file in sorted(checklists_dir.glob(f"*{CHECKLIST_SUFFIX}"))]
    if not files:
        diagnostics.append(Diagnostic(label(checklists_dir), 1, 1, f"no *{CHECKLIST_SUFFIX} checklist files found"))
    for folder in local_dirs:
        team = sorted(Path(folder).glob(f"*{CHECKLIST_SUFFIX}"))
        if not team:
            diagnostics.append(Diagnostic(Path(folder).as_posix(), 1, 1,
                                          f"no *{CHECKLIST_SUFFIX} team checklist files found"))
        files += [(file, True) for file in team]
    inside = {checklists_dir.resolve(), label_root.resolve()} | {Path(folder).resolve() for folder in local_dirs}
    for file, local in files:
        source = label(file)
        outside = _outside(file, inside)
        if outside:
            diagnostics.append(Diagnostic(source, 1, 1, outside))
            continue
        data = file.read_bytes()
        parsed = parse_yaml(data, source)
        diagnostics += parsed.diagnostics
        if parsed.value is None:
            # Its content is unknown: IDs that look like its own are not reported again as missing
            # from the registry (one root cause, one error).
            unreadable_ids |= set(_ID_LIKE.findall(data.decode("utf-8", "replace")))
            continue
        schema_errors = schema_diagnostics(parsed.value, parsed.positions, source, _item_id_at(parsed.value))
        diagnostics += schema_errors
        if schema_errors or parsed.diagnostics:
            unreadable_ids |= _ids_mentioned(parsed.value)
            continue
        expected_id = file.name[: -len(CHECKLIST_SUFFIX)]
        if parsed.value["id"] != expected_id:
            line, col = parsed.positions.of_value(("id",))
            diagnostics.append(Diagnostic(source, line, col,
                                          f"id '{parsed.value['id']}' must equal the file name '{expected_id}'"))
            unreadable_ids |= _ids_mentioned(parsed.value)
            continue
        if expected_id in readers:
            line, col = parsed.positions.of_value(("id",))
            diagnostics.append(Diagnostic(source, line, col, f"checklist id '{expected_id}' is taken "
                                          f"(by {readers[expected_id].source}); name the file differently"))
            unreadable_ids |= _ids_mentioned(parsed.value)
            continue
        reader = _FileReader(parsed, source, expected_id, local)
        checklist = reader.checklist()
        readers[checklist.id] = reader
        checklists.append(checklist)

    docs = DocsIndex(Path(docs_dir)) if docs_dir is not None else None
    rules = _Rules(docs, label(Path(docs_dir)) if docs_dir is not None else "")
    rules.unique_ids(checklists)
    for checklist in checklists:
        rules.section_anchors(checklist, readers[checklist.id])
    catalog = Catalog(sorted(checklists, key=lambda c: c.title.lower()))
    rules.replacements(catalog, readers)
    rules.includes(catalog, readers)
    rules.team_checklists(catalog, readers)
    rules.probes(catalog, readers)
    if docs is not None:
        rules.refs(catalog, readers)
    rules.markdown_links(catalog, readers)
    registry = checklists_dir / REGISTRY_FILE
    outside = _outside(registry, inside) if registry.exists() or registry.is_symlink() else None
    if outside:
        diagnostics.append(Diagnostic(label(registry), 1, 1, outside))
    else:
        rules.registry(catalog, registry, label(registry), unreadable_ids)
    return LoadResult(catalog, sorted(set(diagnostics + rules.found)), docs)
