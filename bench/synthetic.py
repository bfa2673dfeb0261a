"""Synthetic checklists of any size, in the real YAML format, for benchmarks and scale tests."""

from __future__ import annotations

from pathlib import Path

from tests.support.mini import make_handbook

SEVERITIES = ("must", "should", "may")
PER_CHECKLIST = 500


def checklist_yaml(number: int, first: int, count: int) -> str:
    prefix = "S" + chr(ord("A") + number // 26) + chr(ord("A") + number % 26)
    lines = [f"id: synthetic-{number:03d}", f"prefix: {prefix}", f"title: Synthetic {number}",
             "version: 1.0.0", "description: Generated for benchmarks.", "sections:"]
    for index in range(count):
        if index % 25 == 0:
            lines += [f"  - title: Section {index // 25 + 1}", "    items:"]
        serial = first + index
        lines += [
            f"      - id: {prefix}-{index + 1:04d}",
            f"        title: Generated item {serial} keeps `config` in a known state",
            f"        severity: {SEVERITIES[serial % 3]}",
            f"        why: >-\n          Item {serial} prevents a failure mode that **matters**; see the linked page for detail.",
            f"        how: >-\n          Configure the service and verify it with a test.\n          Run `make check-{serial}`.",
            f"        tags: [generated, group-{serial % 7}]",
            "        phase: build",
            "        refs: [topic/index.md#details]",
        ]
    return "\n".join(lines) + "\n"


def synthetic_handbook(root: Path, items: int) -> Path:
    """A handbook whose items are spread over checklists of up to 500 items each."""
    checklists = {}
    for number, first in enumerate(range(0, items, PER_CHECKLIST)):
        checklists[f"synthetic-{number:03d}.yml"] = checklist_yaml(number, first, min(PER_CHECKLIST, items - first))
    page = "# Topic\n\n## Details { #details }\n\nBackground for generated items.\n"
    return make_handbook(root, checklists=checklists, docs={"topic/index.md": page})
