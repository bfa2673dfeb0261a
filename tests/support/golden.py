"""The golden project-document cases (tests/golden/documents/<case>/), shared by the Python engine's
test (tests/test_golden_documents.py) and the page's (tests/browser/test_golden_documents.py).

A case folder holds:
  catalog        one line: the fixture handbook it runs against, a folder under tests/golden/catalogs/
  input.json     the document as a file (any bytes: BOM, bad UTF-8, duplicate keys...), or browser
                 state: {"localStorage": {"project": NAME, "state": {"items": .., "orphans": .., "versions": ..}}}
  expected.json  the document after import + "Export all" on the page, which is `checklist upgrade
                 --add <every checklist>` in the command ("exported" null, site https://handbook.example/);
                 always format project-checklist/2, whatever the input's format
  summary.json   optional: fields of the command's UpgradeSummary that must match (moved, restored, ...)
  error.txt      instead of expected.json: a substring both sides' error message must contain
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
CASES = GOLDEN / "documents"
SITE = "https://handbook.example/"  # the site every case's documents name; a served site is mapped to it


@dataclass(frozen=True)
class Case:
    name: str
    path: Path

    @property
    def catalog_dir(self) -> Path:
        return (GOLDEN / "catalogs" / (self.path / "catalog").read_text(encoding="utf-8").strip()).resolve()

    @property
    def input(self) -> bytes:
        return (self.path / "input.json").read_bytes()

    def _json(self, name: str):
        file = self.path / name
        return json.loads(file.read_text(encoding="utf-8")) if file.exists() else None

    @property
    def expected(self) -> dict | None:
        return self._json("expected.json")

    @property
    def summary(self) -> dict | None:
        return self._json("summary.json")

    @property
    def error(self) -> str | None:
        file = self.path / "error.txt"
        return file.read_text(encoding="utf-8").rstrip("\n") if file.exists() else None

    @property
    def browser_state(self) -> dict | None:
        """{"project": .., "state": ..} when the input is state already in the browser."""
        try:
            data = json.loads(self.input)
        except ValueError:
            return None
        return data["localStorage"] if isinstance(data, dict) and "localStorage" in data else None


def cases() -> list[Case]:
    return [Case(p.name, p) for p in sorted(CASES.iterdir()) if p.is_dir()]


@cache
def catalog(directory: Path):
    from handbook_checklists.catalog.handbook import Handbook

    return Handbook.at(directory).load_or_raise().catalog


def state_as_document(browser: dict) -> dict:
    """Browser state as the command sees it: every stored state is a loose entry (an orphan) that the
    upgrade matches by ID, the items' state first (an item's state wins over an orphan's)."""
    state = browser["state"]
    orphans, seen = [], set()
    for part in ("items", "orphans"):
        for item_id, entry in state.get(part, {}).items():
            if item_id in seen:
                continue
            seen.add(item_id)
            orphan = {"id": item_id}
            orphan.update({k: entry[k] for k in ("checklist", "title") if entry.get(k)})
            orphan.update(status=entry["status"], note=entry["note"], updated=entry["updated"])
            if entry.get("waiver"):
                orphan["waiver"] = entry["waiver"]
            orphans.append(orphan)
    return {"format": "project-checklist/2", "project": browser["project"], "site": SITE, "exported": None,
            "checklists": [], "items": [], "orphans": orphans}


def run_engine(case: Case):
    """(document, summary) as the command computes them; raises DocumentError for a refused input."""
    from handbook_checklists.document.state import parse_document, upgrade_document
    from handbook_checklists.model.urls import Links

    browser = case.browser_state
    if browser is not None:
        document = parse_document(json.dumps(state_as_document(browser)))
    else:
        document = parse_document(case.input)
    found = catalog(case.catalog_dir)
    upgraded, summary = upgrade_document(document, found, Links(SITE), add_checklists=[c.id for c in found.checklists])
    # "Export all" lists the handbook's checklists in the handbook's order; `upgrade --add` appends the
    # added ones after the document's own. Only that order differs (of the checklists, and so of the
    # items, listed in order of first appearance), so compare in the handbook's.
    order = {c.id: n for n, c in enumerate(found.checklists)}
    upgraded["checklists"].sort(key=lambda c: order.get(c["id"], len(order)))
    first = {}
    for checklist in upgraded["checklists"]:
        for item_id in checklist["items"]:
            first.setdefault(item_id, len(first))
    upgraded["items"].sort(key=lambda item: first[item["id"]])
    return upgraded, summary
