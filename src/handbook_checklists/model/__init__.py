"""The model layer: checklists, items, retired IDs, severities, URLs and anchors.

The bottom layer of the engine: it imports nothing else of the project, and neither MkDocs nor a
Markdown library (tests/test_layers.py enforces both).
"""

from handbook_checklists.model.checklist import (ITEM_ID_PATTERN, LOCAL_PREFIX_MARK, PHASES, SEVERITIES, Catalog, Checklist, Item,
                                                 Origin, RetiredItem, Section, item_anchor, section_anchor)
from handbook_checklists.model.diagnostics import ChecklistError, Diagnostic

__all__ = [
    "ITEM_ID_PATTERN", "LOCAL_PREFIX_MARK", "PHASES", "SEVERITIES", "Catalog", "Checklist", "ChecklistError", "Diagnostic", "Item",
    "Origin", "RetiredItem", "Section", "item_anchor", "section_anchor",
]
