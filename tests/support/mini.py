"""A minimal handbook written into a temp dir: checklists/, docs/ and a mkdocs.yml like the real one."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from tests.support.site import REPO

VALID_CHECKLIST = """\
id: demo
prefix: DEM
title: Demo
version: 1.0.0
description: A checklist for tests.
docs: [topic/index.md]
sections:
  - title: Basics
    items:
      - id: DEM-001
        title: First item
        severity: must
        why: Because.
        refs: [topic/index.md#details]
      - id: DEM-002
        title: Second item
        severity: should
        why: Also because.
        tags: [alpha]
        phase: build
"""

TOPIC_PAGE = """\
# Topic

## Details { #details }

Explains {{ checklist_item("DEM-001") }}.
"""


def scaffold_site(root: Path, nav: list[str] | None = None) -> None:
    """The real engine and theme (symlinked) and the real mkdocs.yml with its nav replaced by the
    given lines, or dropped so that every page of the temp docs/ is included."""
    for shared in ("macros", "overrides", "data"):
        if not (root / shared).exists():
            (root / shared).symlink_to(REPO / shared, target_is_directory=True)
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    replacement = "nav:\n" + "\n".join(nav) + "\n" if nav else ""
    (root / "mkdocs.yml").write_text(re.sub(r"(?ms)^nav:\n.*\Z", replacement, text), encoding="utf-8")


def make_handbook(root: Path, checklists: dict[str, str | bytes] | None = None,
                  docs: dict[str, str] | None = None, registry: str | None = None) -> Path:
    """Write a handbook under root. Values are file contents; str is dedented and UTF-8 encoded."""
    checklists = {"demo.yml": VALID_CHECKLIST} if checklists is None else checklists
    docs = {"topic/index.md": TOPIC_PAGE} if docs is None else docs
    (root / "checklists").mkdir(parents=True, exist_ok=True)
    for name, content in checklists.items():
        data = content if isinstance(content, bytes) else textwrap.dedent(content).encode("utf-8")
        (root / "checklists" / name).write_bytes(data)
    pages = {"index.md": "# Home\n", "checklists/index.md": "# Checklists\n\n{{ checklist_index() }}\n", **docs}
    for name in {f"checklists/{n[:-4]}.md" for n in checklists if n.endswith(".yml")}:
        pages.setdefault(name, f"# Checklist\n\n{{{{ checklist(\"{Path(name).stem}\") }}}}\n")
    for name, content in pages.items():
        page = root / "docs" / name
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(textwrap.dedent(content), encoding="utf-8")
    if registry is not None:
        (root / "checklists" / "published-ids.txt").write_text(registry, encoding="utf-8")
    scaffold_site(root)
    return root
