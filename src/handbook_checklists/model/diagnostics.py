"""Validation findings that point at a file position, so an author can jump straight to the fault."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    column: int
    message: str
    item_id: str | None = None
    #: Other files the finding involves (a duplicate ID's first definition), for filtering by file.
    related: tuple[str, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        subject = f"{self.item_id}: " if self.item_id else ""
        return f"{self.path}:{self.line}:{self.column}: {subject}{self.message}"


class ChecklistError(Exception):
    """Raised when checklists cannot be published; carries every finding, not just the first."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        count = len(self.diagnostics)
        lines = "\n".join(str(d) for d in self.diagnostics)
        super().__init__(f"{count} checklist error{'s' if count != 1 else ''}:\n{lines}")
