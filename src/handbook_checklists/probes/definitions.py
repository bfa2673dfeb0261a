"""Which probe each item has: its own `check:` in its checklist's YAML, as the loader stores it (file
sets expanded, everything compiled and placed at path:line:column when it does not), with the
limits that the item's `how` states in its closing **Probe:** paragraph (catalog/probe_limits.py).
"""

from __future__ import annotations

from pathlib import Path

from handbook_checklists.catalog.probe_limits import probe_limits
from handbook_checklists.model import Catalog
from handbook_checklists.probes.engine import Probe


def probes_for(catalog: Catalog, checklist_ids: list[str] | None = None) -> list[Probe]:
    """One Probe per active item of the chosen checklists (all when None or empty) that has a
    `check:`, in page order, each item once (an included item under the first checklist that lists it)."""
    chosen = [c for c in catalog.checklists if not checklist_ids or c.id in checklist_ids]
    probes, seen = [], set()
    for checklist in chosen:
        for item in catalog.checklist_items(checklist):
            if item.id in seen or item.check is None:
                continue
            seen.add(item.id)
            home = catalog.checklist(item.checklist_id)
            source = Path(home.source).as_posix() if home and home.source else f"checklists/{item.checklist_id}.yml"
            probes.append(Probe(item.id, item.check, source, probe_limits(item.how)))
    return probes
