"""Locates a handbook checkout (checklists/ and docs/ side by side) and loads it once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import ChecklistError
from .loader import LoadResult, load_catalog

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"


@dataclass
class Handbook:
    root: Path
    checklists_dir: Path
    docs_dir: Path

    @classmethod
    def at(cls, root: Path, docs_dir: Path | None = None) -> "Handbook":
        root = Path(root)
        return cls(root, root / "checklists", Path(docs_dir) if docs_dir else root / "docs")

    def load(self) -> LoadResult:
        return load_catalog(self.checklists_dir, self.docs_dir, label_root=self.root)

    def load_or_raise(self) -> LoadResult:
        result = self.load()
        if not result.ok:
            raise ChecklistError(result.diagnostics)
        return result
