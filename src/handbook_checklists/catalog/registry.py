"""The published-ID registry: every item ID ever published, one per line, only ever growing.

It is what keeps every permalink pasted into a pull request working: an ID listed here must
stay active or retired forever.
"""

from __future__ import annotations

from pathlib import Path

REGISTRY_FILE = "published-ids.txt"
HEADER = (
    "# Every checklist item ID ever published, one per line. This file only grows:\n"
    "# an ID listed here must stay active or retired. Add new IDs with `checklist ids --update`.\n"
)


def read_registry(path: Path) -> list[tuple[int, str]]:
    """(line number, ID) for each entry; blank lines and # comments are skipped."""
    if not path.is_file():
        return []
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.strip()
        if text and not text.startswith("#"):
            entries.append((number, text))
    return entries


def missing_from_registry(path: Path, ids_in_order: list[str]) -> list[str]:
    """The IDs of `ids_in_order` not listed in the registry at `path`, in the given order."""
    listed = {entry for _, entry in read_registry(path)}
    return [item_id for item_id in ids_in_order if item_id not in listed]


def append_to_registry(path: Path, new_ids: list[str]) -> None:
    """Append IDs, creating the file with its header when needed; existing lines are never touched."""
    if not new_ids:
        return
    existing = path.read_text(encoding="utf-8") if path.is_file() else HEADER
    if existing and not existing.endswith("\n"):
        existing += "\n"
    path.write_text(existing + "".join(f"{item_id}\n" for item_id in new_ids), encoding="utf-8")
