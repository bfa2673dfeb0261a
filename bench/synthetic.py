"""Synthetic handbooks of any size for the build benchmark: checklists of up to 500 items, each
item with inline code in its title, why and how (Markdown in one why of five), tags, a phase and
a reference to a knowledge-base page."""

from __future__ import annotations

from pathlib import Path

from tests.support.handbooks import big_checklist, write_site

PER_CHECKLIST = 500
TOPIC = "# Topic\n\n## Details { #details }\n\nBackground for generated items.\n"


def synthetic_handbook(root: Path, items: int) -> Path:
    checklists = []
    for number, first in enumerate(range(0, items, PER_CHECKLIST)):
        prefix = "S" + chr(ord("A") + number // 26) + chr(ord("A") + number % 26)
        checklists.append(big_checklist(f"synthetic-{number:03d}", prefix, min(PER_CHECKLIST, items - first),
                                        per_section=25, refs=["topic/index.md#details"]))
    return write_site(root, checklists, extra_pages={"topic/index.md": TOPIC})
