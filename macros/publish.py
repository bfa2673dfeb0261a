"""Files the build adds to the site: blank project documents, the schemas and /c/<ID>/ permalinks."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

from .links import Links, checklist_path
from .model import Catalog
from .project_document import blank_document
from .schemas import CHECKLIST_SCHEMA, PROJECT_SCHEMA, SCHEMA_DIR


class PublishError(Exception):
    """The site's own files could not be written; the build must not pass."""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def permalink_pages(catalog: Catalog, links: Links) -> list[list[str]]:
    """[ID, label, absolute URL, relative URL] of every /c/<ID>/ page, active and retired IDs alike.
    The relative URL is fixed: /c/<ID>/ is always two folders deep."""
    pages = []
    for checklist in catalog.checklists:
        page = checklist_path(checklist.id, links.use_directory_urls)
        targets = [(i.id, i.anchor, f"{i.id}: {i.title}") for i in checklist.items]
        targets += [(r.id, r.anchor, f"{r.id} (retired)") for r in checklist.retired]
        pages += [[item_id, label, links.absolute(f"{page}#{anchor}"), f"../../{page}#{anchor}"]
                  for item_id, anchor, label in targets]
    return pages


class SiteWriter:
    """The blank documents and /c/<ID>/ pages, being written by a child process (site_writer.py)."""

    _CHILD = "import sys; sys.path.insert(0, sys.argv[1]); from {}.site_writer import main; sys.exit(main())"

    def __init__(self, site_dir: Path, catalog: Catalog, links: Links):
        documents = [[f"checklists/{c.id}.json", blank_document(catalog, [c.id], links)] for c in catalog.checklists]
        documents.append(["checklists/all.json", blank_document(catalog, [c.id for c in catalog.checklists], links)])
        work = {"site_dir": str(site_dir), "documents": documents, "permalinks": permalink_pages(catalog, links)}
        package_parent = str(Path(__file__).resolve().parents[1])
        command = [sys.executable, "-I", "-c", self._CHILD.format(__package__), package_parent]
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.PIPE)
        work_text = json.dumps(work, ensure_ascii=False).encode("utf-8")
        self._feeder = threading.Thread(target=self._feed, args=(work_text,), daemon=True)
        self._feeder.start()

    def _feed(self, work_text: bytes) -> None:
        """Hands the work over on a thread: the build goes on while the child starts and reads."""
        try:
            self._process.stdin.write(work_text)
        except (BrokenPipeError, ValueError):  # the child ended early or was cancelled; wait() says why
            pass
        finally:
            try:
                self._process.stdin.close()
            except BrokenPipeError:  # unflushed bytes for a child that is gone
                pass

    def wait(self) -> None:
        self._feeder.join()
        reason = self._process.stderr.read().decode("utf-8", "replace").strip()
        self._process.stderr.close()
        if self._process.wait() != 0:
            raise PublishError(f"site files not written: {reason or f'exit code {self._process.returncode}'}")

    def cancel(self) -> None:
        self._process.kill()
        self._feeder.join()
        self._process.wait()
        self._process.stderr.close()


class SiteFiles:
    """What the build adds to the site, planned once the catalog is loaded.

    A host that knows when the output folder is clean and pages are about to render calls start(),
    so the files are written while pages render; finish() copies the schemas and waits for the
    rest (starting it first when no host said start)."""

    def __init__(self):
        self._plan: tuple[Catalog, Links] | None = None
        self._writer: SiteWriter | None = None

    def plan(self, catalog: Catalog, links: Links) -> None:
        self.abandon()
        self._plan = (catalog, links)

    def start(self, site_dir: Path) -> None:
        if self._plan and not self._writer:
            self._writer = SiteWriter(Path(site_dir), *self._plan)

    def finish(self, site_dir: Path) -> None:
        if self._plan is None:
            raise PublishError("no checklists were loaded for this build")
        site_dir = Path(site_dir)
        self.start(site_dir)
        writer, self._writer = self._writer, None
        try:
            for name in (CHECKLIST_SCHEMA, PROJECT_SCHEMA):
                _write(site_dir / "schemas" / name, (SCHEMA_DIR / name).read_text(encoding="utf-8"))
        except BaseException:
            writer.cancel()
            raise
        writer.wait()

    def abandon(self) -> None:
        """Stop a writer left from a build that failed before finish()."""
        if self._writer:
            self._writer.cancel()
            self._writer = None


SITE_FILES = SiteFiles()

