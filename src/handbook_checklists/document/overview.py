"""One line per checklist of a project document, for a lead who reads many documents at once
(`checklist report`): how much is done, what must-items are open, the waivers and the last update."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from handbook_checklists.document.state import as_v2


@dataclass
class ChecklistOverview:
    """A checklist of one document, as `checklist report` shows it. `waived` and `expired` count the
    open items under a waiver that holds, or has expired, on the day judged; `last_update` is the
    latest `updated` time of its items (None: none was ever updated)."""

    id: str
    title: str
    done: int
    applicable: int  # items that are not n/a
    total: int
    open_must: int
    waived: int
    expired: int
    last_update: str | None


def _moment(stamp: str) -> tuple[int, datetime | str]:
    """A sort key: the instant a timestamp names (offsets considered); one the schema's pattern lets
    through but the calendar does not (month 13) sorts before every real one, by its text."""
    try:
        return 1, datetime.fromisoformat(stamp)
    except ValueError:
        return 0, stamp


def overview(document: dict, on: str) -> list[ChecklistOverview]:
    """A ChecklistOverview per checklist of a validated document (format 1 is read as format 2),
    waivers judged on the date `on` (YYYY-MM-DD), in the document's order."""
    document = as_v2(document)
    entries = {item["id"]: item for item in document["items"]}
    today = date.fromisoformat(on)
    rows = []
    for checklist in document["checklists"]:
        items = [entries[item_id] for item_id in checklist["items"]]
        open_items = [i for i in items if i["status"] == "todo"]
        waivers = [date.fromisoformat(i["waiver"]["until"]) >= today for i in open_items if "waiver" in i]
        stamps = [i["updated"] for i in items if i["updated"]]
        rows.append(ChecklistOverview(
            checklist["id"], checklist["title"],
            done=sum(i["status"] == "done" for i in items),
            applicable=sum(i["status"] != "na" for i in items),
            total=len(items),
            open_must=sum(i["severity"] == "must" for i in open_items),
            waived=sum(waivers), expired=len(waivers) - sum(waivers),
            last_update=max(stamps, key=_moment) if stamps else None,
        ))
    return rows
