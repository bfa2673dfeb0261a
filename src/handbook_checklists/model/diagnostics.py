"""Validation findings that point at a file position, so an author can jump straight to the fault."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding: `path` as shown to the author, 1-based `line` and `column`, the message, and the ID
    of the item it lies in, if any. Ordered by path, then position, so reports read top to bottom."""

    path: str
    line: int
    column: int
    message: str
    item_id: str | None = None
    #: Other files the finding involves (a duplicate ID's first definition), for filtering by file.
    related: tuple[str, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        """'path:line:column: ID: message', the form editors and CI logs turn into a jump to the spot."""
        subject = f"{self.item_id}: " if self.item_id else ""
        return f"{self.path}:{self.line}:{self.column}: {subject}{self.message}"


class ChecklistError(Exception):
    """Raised when checklists cannot be published; carries every finding, not just the first."""

    def __init__(self, diagnostics: list[Diagnostic]):
        """Keep `diagnostics` sorted; the message counts them and lists one per line."""
        self.diagnostics = sorted(diagnostics)
        count = len(self.diagnostics)
        lines = "\n".join(str(d) for d in self.diagnostics)
        super().__init__(f"{count} checklist error{'s' if count != 1 else ''}:\n{lines}")
