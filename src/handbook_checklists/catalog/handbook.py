"""Where a handbook's checklists come from: a checkout, or the copy shipped inside this package.

A handbook is a folder holding `checklists/*.yml` (and `checklists/published-ids.txt`), with the
knowledge base in `docs/` beside it when it is a full checkout. The installed package ships this
handbook's checklists as package data (`handbook_checklists/handbook/checklists`, read through
importlib.resources), so `pip install` alone gives a working `checklist` command. In a checkout,
that folder is a link to the checkout's own `checklists/`, so an editable install reads the files
being edited, and their `docs/` too.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from handbook_checklists.catalog.loader import LoadResult, load_catalog
from handbook_checklists.model.diagnostics import ChecklistError

#: The local preview address, used for links when no site URL is configured.
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
CHECKLISTS_DIR = "checklists"
DOCS_DIR = "docs"


class HandbookNotFound(Exception):
    """A folder given as a handbook holds no `checklists/*.yml`; the message names the folder."""


@dataclass(frozen=True)
class Handbook:
    """A handbook on disk: `root`, its `checklists_dir`, and its `docs_dir` (None when it has no
    knowledge base beside it, as in the installed package: page references are then not checked,
    having been checked when the package was built)."""

    root: Path
    checklists_dir: Path
    docs_dir: Path | None

    @classmethod
    def at(cls, root: Path, docs_dir: Path | None = None) -> "Handbook":
        """The handbook checkout at `root` (docs in `root/docs` unless `docs_dir` says otherwise).

        Raises HandbookNotFound when `root/checklists` holds no `*.yml` file."""
        root = Path(root)
        checklists = root / CHECKLISTS_DIR
        if not checklists.is_dir() or not any(checklists.glob("*.yml")):
            raise HandbookNotFound(f"{root}: no {CHECKLISTS_DIR}/*.yml there; point it at a handbook checkout")
        docs = Path(docs_dir) if docs_dir else root / DOCS_DIR
        return cls(root, checklists, docs if docs.is_dir() else None)

    @classmethod
    def packaged(cls) -> "Handbook":
        """The checklists shipped with this package (a checkout's own, in an editable install)."""
        shipped = Path(str(resources.files("handbook_checklists") / "handbook" / CHECKLISTS_DIR)).resolve()
        checkout = shipped.parent
        if (checkout / DOCS_DIR).is_dir() and (checkout / "mkdocs.yml").is_file():
            return cls.at(checkout)
        return cls(checkout, shipped, None)

    def load(self, local_dirs: tuple[Path, ...] = ()) -> LoadResult:
        """Read and validate every checklist file, and a team's own checklists from `local_dirs`
        (docs/checklists/team-items.md); never raises for bad content (see LoadResult)."""
        return load_catalog(self.checklists_dir, self.docs_dir, label_root=self.root, local_dirs=local_dirs)

    def load_or_raise(self, local_dirs: tuple[Path, ...] = ()) -> LoadResult:
        """Like load(), but raises ChecklistError carrying every finding when there is one."""
        result = self.load(local_dirs)
        if not result.ok:
            raise ChecklistError(result.diagnostics)
        return result
