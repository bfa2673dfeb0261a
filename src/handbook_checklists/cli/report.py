"""`checklist status` output: a progress table as text, JSON or Markdown, and the CI gate's verdict;
and `checklist report`'s table across many documents (lead_text, lead_markdown, lead_json).

Everything a document holds is data written by whoever last edited the file (a pull request's
author, say), and the output lands in CI logs and job summaries: every value is printed through
`printable` (no line break or control character, so no `::workflow-command` line can form),
Markdown output escapes Markdown, and item links are built from the item's ID and the configured
site URL, never taken from the document's `url` fields (see docs/reference/threat-model.md).

`fail_on` is an RFC 2119 severity ("must" or "should") or None for no gate; `limit` caps the open
items listed (0 or less: no cap), unless `show_all` lists them all. `probes` adds the recorded
probe results (`checklist run --update`) to the gate: see Progress.probe_gate.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field

from handbook_checklists.cli.support import printable
from handbook_checklists.document.overview import ChecklistOverview
from handbook_checklists.document.state import SEVERITIES, ChecklistProgress, Progress
from handbook_checklists.model import item_anchor
from handbook_checklists.model.urls import Links

_JSON_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def _md(value) -> str:
    """Text for Markdown: printable, with every ASCII punctuation character backslash-escaped
    (CommonMark then shows it as itself: no link, emphasis, HTML or table cell can form)."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", printable(str(value)))


def item_url(item: dict, links: Links | None) -> str | None:
    """The handbook's own URL of an open item (its anchor on its checklist's page), built from the
    item's and checklist's IDs, which the schema restricts to safe characters; None without a site."""
    if links is None:
        return None
    return links.item(item["checklist"], item_anchor(item["id"]), absolute=True)


def _percent(row: ChecklistProgress) -> str:
    return "-" if row.percent is None else f"{row.percent}%"


def _open(row: ChecklistProgress, severity: str) -> int:
    return row.counts[severity]["todo"]


#: The columns after a row's title and version, in the text and Markdown tables alike (with the text table's widths).
COUNT_COLUMNS = (("Done", 5), ("N/A", 5), ("Todo", 5), ("Progress", 8), ("Open must", 9), ("Open should", 11))


def _counts(row: ChecklistProgress) -> tuple[str, ...]:
    """A row's cells under COUNT_COLUMNS."""
    return (str(row.total("done")), str(row.total("na")), str(row.total("todo")), _percent(row),
            str(_open(row, "must")), str(_open(row, "should")))


def _verdict(fail_on: str | None, report: Progress) -> str | None:
    if fail_on is None:
        return None
    gating, waived, excused = report.gate(fail_on), report.waived(fail_on), report.excused(fail_on)
    what = "must-items" if fail_on == "must" else "must- or should-items"
    baseline = f"{len(excused)} excused by the baseline" if report.held is not None else None
    if gating:
        opened = " that the baseline had done, n/a or waived" if baseline else ""
        others = [f"{len(waived)} more waived"] * bool(waived) + [baseline] * bool(baseline)
        held = f" ({'; '.join(others)})" if others else ""
        return f"gate --fail-on {fail_on}: FAILED, {len(gating)} open {what}{opened}{held}"
    if baseline:
        others = [f"{len(waived)} waived"] * bool(waived) + [baseline]
        return f"gate --fail-on {fail_on}: passed, no open {what} that the baseline had done, n/a or waived " \
               f"({'; '.join(others)})"
    return f"gate --fail-on {fail_on}: passed, no open {what}" + (f" apart from {len(waived)} waived" if waived else "")


def _waiver_state(item: dict) -> str:
    """'until 2027-01-31 (61 days left)', '... (last day)' or 'waiver expired on 2027-01-31'."""
    until, days = item["waiver"]["until"], item["waiver_days"]
    if days < 0:
        return f"waiver expired on {until}"
    return f"until {until} ({'last day' if days == 0 else f'{days} day' + ('s' if days != 1 else '') + ' left'})"


def _expired(item: dict) -> str:
    return f" (waiver expired on {item['waiver']['until']})" if item.get("waiver_days", 0) < 0 else ""


def _probe_lines(report: Progress, limit: int) -> list[tuple[str, dict]]:
    """(label, item) for each failing probe: disagreements (done, but the probe fails) first."""
    rows = [("done, but its probe fails", i) for i in report.disagreements]
    rows += [("probe fails", i) for i in report.probe_failures if i["status"] != "done"]
    return rows if limit <= 0 else rows[:limit]


def _probe_verdict(report: Progress, fail_on: str | None, probes: bool) -> str | None:
    if not probes:
        return None
    gating = report.probe_gate(fail_on)
    what = f"{fail_on or 'must'}-or-stronger items" if fail_on != "must" else "must-items"
    if gating:
        return f"gate --fail-on-probes: FAILED, {len(gating)} {what} with a failing probe"
    return f"gate --fail-on-probes: passed, no {what} with a failing probe"


def _evidence_line(item: dict) -> str:
    evidence = (item.get("auto") or {}).get("evidence") or []
    if not evidence:
        return ""
    first = evidence[0]
    where = first.get("file", "")
    if where and first.get("line"):
        where += f":{first['line']}"
    return (f"{where}: " if where else "") + first.get("message", "")


def _listed(report: Progress, fail_on: str | None, show_all: bool) -> list[dict]:
    return report.open_items if show_all else report.gate(fail_on)


def _rows(report: Progress) -> list[ChecklistProgress]:
    """One row per checklist, plus the overall row when there is more than one."""
    return report.checklists + ([report.overall] if len(report.checklists) != 1 else [])


def _shown(listed: list[dict], show_all: bool, limit: int) -> list[dict]:
    return listed if show_all or limit <= 0 else listed[:limit]


def text(report: Progress, fail_on: str | None, show_all: bool, limit: int, links: Links | None = None,
         probes: bool = False) -> str:
    """Plain text for a terminal: project line, a table of checklists, the open items, the verdict.
    `links` (the configured site) makes item links; without it items are named by ID alone."""
    rows = _rows(report)
    width = max([len(printable(r.title)) for r in rows] + [len("Checklist")])
    head = f"{'Checklist':<{width}}  Version  " + "  ".join(f"{name:>{size}}" for name, size in COUNT_COLUMNS)
    exported = f" (exported {printable(report.exported)})" if report.exported else ""
    lines = [f"Project: {printable(report.project) or '(unnamed)'}{exported}", "", head]
    for row in rows:
        cells = "  ".join(f"{cell:>{size}}" for cell, (_, size) in zip(_counts(row), COUNT_COLUMNS))
        lines.append(f"{printable(row.title):<{width}}  {printable(row.version):<7}  {cells}")
    if report.orphans:
        lines += ["", f"{report.orphans} orphan{'s' if report.orphans != 1 else ''}: state for IDs no longer in these "
                      "checklists, kept under \"orphans\""]
    listed = _listed(report, fail_on, show_all)
    if listed:
        lines += ["", "Open items:" if show_all else f"Open items that fail the gate ({len(listed)}):"]
        shown = _shown(listed, show_all, limit)
        id_width = max(len(i["id"]) for i in shown)
        for item in shown:
            url = item_url(item, links)
            lines.append(f"  {item['id']:<{id_width}}  {item['severity']:<6}  {printable(item['title'])}"
                         + (f"  {url}" if url else "") + _expired(item))
        if len(shown) < len(listed):
            lines.append(f"  ... and {len(listed) - len(shown)} more (--all lists every open item)")
    if report.waivers:
        lines += ["", f"Waivers ({len(report.waivers)}):"]
        id_width = max(len(i["id"]) for i in report.waivers)
        for item in report.waivers:
            waiver = item["waiver"]
            lines.append(f"  {item['id']:<{id_width}}  {item['severity']:<6}  {item['status']:<4}  {_waiver_state(item)}, "
                         f"owner {printable(waiver['owner'])}: {printable(' '.join(waiver['reason'].split()))}")
    if report.probe_failures:
        lines += ["", f"Failing probes ({len(report.probe_failures)}, {len(report.disagreements)} on items marked done):"]
        for label, item in _probe_lines(report, limit):
            lines.append(f"  {item['id']}  {item['severity']:<6}  {label}: {printable(_evidence_line(item))}")
    verdict = _verdict(fail_on, report)
    if verdict:
        lines += ["", verdict]
    probe_verdict = _probe_verdict(report, fail_on, probes)
    if probe_verdict:
        lines += ([""] if not verdict else []) + [probe_verdict]
    return "\n".join(lines) + "\n"


def _row_json(row: ChecklistProgress) -> dict:
    return {
        "id": row.id, "title": row.title, "version": row.version,
        "done": row.total("done"), "na": row.total("na"), "todo": row.total("todo"), "total": row.total(),
        "percent": row.percent,
        "by_severity": {s: dict(row.counts[s]) for s in SEVERITIES},
    }


def as_json(report: Progress, fail_on: str | None, links: Links | None = None, probes: bool = False) -> str:
    """JSON text: {"project", "exported", "checklists", "total", "orphans", "gate": {"fail_on", "failed",
    "open", "waived", "baseline", "excused"}, "open", "waivers", "today", "probes": {"failing", "disagreements", "gate"}}; counts per status and per severity, `percent` an
    integer 0-100 or null; `total` counts each item once however many checklists list it."""
    gating = report.gate(fail_on)
    total = _row_json(report.overall)
    del total["id"], total["title"], total["version"]
    data = {
        "project": report.project,
        "exported": report.exported,
        "checklists": [_row_json(r) for r in report.checklists],
        "total": total,
        "orphans": report.orphans,
        "gate": {"fail_on": fail_on, "failed": bool(gating), "open": [i["id"] for i in gating],
                 "waived": [i["id"] for i in report.waived(fail_on)],
                 "baseline": report.held is not None, "excused": [i["id"] for i in report.excused(fail_on)]},
        "open": [{**{k: item[k] for k in ("id", "checklist", "checklists", "section", "title", "severity")},
                  "url": item_url(item, links)} for item in report.open_items],
        "waivers": [{"id": i["id"], **i["waiver"], "days_left": i["waiver_days"], "expired": i["waiver_days"] < 0}
                    for i in report.waivers],
        "today": report.today,
        "probes": {
            "failing": [item["id"] for item in report.probe_failures],
            "disagreements": [item["id"] for item in report.disagreements],
            "gate": {"enabled": probes, "failed": bool(probes and report.probe_gate(fail_on)),
                     "failing": [item["id"] for item in report.probe_gate(fail_on)] if probes else []},
        },
    }
    text = json.dumps(data, indent=2, ensure_ascii=False)
    # json.dumps escapes C0 controls; the others (C1, line separators, bidi) only occur inside strings
    return _JSON_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def markdown(report: Progress, fail_on: str | None, show_all: bool, limit: int, links: Links | None = None,
             probes: bool = False) -> str:
    """Markdown for a pull-request comment or a CI job summary: a heading, a table, open items as tasks;
    every value from the document escaped (docs/reference/threat-model.md)."""
    lines = [f"### Checklist status: {_md(report.project) or '(unnamed project)'}", "",
             "| Checklist | Version | " + " | ".join(name for name, _ in COUNT_COLUMNS) + " |",
             "|---|---|" + "--:|" * len(COUNT_COLUMNS)]
    rows = _rows(report)
    for row in rows:
        title = f"**{_md(row.title)}**" if row is rows[-1] and len(report.checklists) != 1 else _md(row.title)
        lines.append(f"| {title} | {_md(row.version)} | " + " | ".join(_counts(row)) + " |")
    if report.orphans:
        lines += ["", f"{report.orphans} orphaned entr{'ies' if report.orphans != 1 else 'y'} (IDs no longer in "
                      "these checklists) are kept in the file."]
    listed = _listed(report, fail_on, show_all)
    if listed:
        shown = _shown(listed, show_all, limit)
        lines += ["", "Open items:" if show_all else "Open items that fail the gate:", ""]
        for i in shown:
            url = item_url(i, links)
            shown_id = f"[{i['id']}]({url})" if url else f"`{i['id']}`"
            lines.append(f"- [ ] {shown_id} {_md(i['title'])} ({i['severity']}){_expired(i)}")
        if len(shown) < len(listed):
            lines.append(f"- ... and {len(listed) - len(shown)} more")
    if report.waivers:
        lines += ["", "Waivers:", ""]
        for i in report.waivers:
            url = item_url(i, links)
            shown_id = f"[{i['id']}]({url})" if url else f"`{i['id']}`"
            lines.append(f"- {shown_id} {i['severity']}, {i['status']}: {_waiver_state(i)}, owner "
                         f"{_md(i['waiver']['owner'])}: {_md(' '.join(i['waiver']['reason'].split()))}")
    if report.probe_failures:
        lines += ["", f"Failing probes ({len(report.disagreements)} on items marked done):", ""]
        for label, i in _probe_lines(report, limit):
            url = item_url(i, links)
            shown_id = f"[{i['id']}]({url})" if url else f"`{i['id']}`"
            lines.append(f"- {shown_id} {_md(i['title'])}: {label}. {_md(_evidence_line(i))}")
    verdict = _verdict(fail_on, report)
    if verdict:
        lines += ["", f"**{verdict}**"]
    probe_verdict = _probe_verdict(report, fail_on, probes)
    if probe_verdict:
        lines += ["", f"**{probe_verdict}**"]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# `checklist report`: one table across many project documents, for a lead


@dataclass
class DocumentOverview:
    """One file of `checklist report`: its checklists' rows, or the one-line reason it could not be read."""

    file: str
    project: str | None = None
    format: str | None = None
    checklists: list[ChecklistOverview] = field(default_factory=list)
    error: str | None = None


_LEAD_HEAD = ("File", "Project", "Checklist", "Done", "Open must", "Waived", "Expired", "Last update")


def _lead_cells(entry: DocumentOverview, row: ChecklistOverview) -> tuple[str, ...]:
    return (printable(entry.file), printable(entry.project) or "(unnamed)", printable(row.title),
            f"{row.done}/{row.applicable}", str(row.open_must), str(row.waived), str(row.expired),
            printable(row.last_update) if row.last_update else "-")


def _lead_footer(entries: list[DocumentOverview]) -> str:
    broken = sum(e.error is not None for e in entries)
    read = len(entries) - broken
    return (f"{read} document{'s' if read != 1 else ''} read"
            + (f", {broken} could not be read" if broken else ""))


def lead_text(entries: list[DocumentOverview], today: str) -> str:
    """Plain text: one row per project and checklist (done of the items that apply, open must-items,
    open items waived and with an expired waiver, the latest update); a file that could not be read
    gets a line of its own where its rows would be."""
    rows = [_lead_cells(e, r) for e in entries for r in e.checklists]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(_LEAD_HEAD)]
    right = {3, 4, 5, 6}

    def line(cells) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    lines = [f"Checklist report ({today})", "", line(_LEAD_HEAD)]
    for entry in entries:
        if entry.error is not None:
            lines.append(f"{printable(entry.file)}  error: {printable(entry.error)}")
        elif not entry.checklists:
            lines.append(f"{printable(entry.file)}  {printable(entry.project) or '(unnamed)'}  (no checklists)")
        lines += [line(_lead_cells(entry, r)) for r in entry.checklists]
    return "\n".join(lines + ["", _lead_footer(entries)]) + "\n"


def lead_markdown(entries: list[DocumentOverview], today: str) -> str:
    """Markdown (a wiki page, a job summary): the same table, every value from a document or a file
    name escaped; files that could not be read are listed after it."""
    lines = [f"### Checklist report ({today})", "", "| " + " | ".join(_LEAD_HEAD) + " |",
             "|---|---|---|--:|--:|--:|--:|---|"]
    for entry in entries:
        for row in entry.checklists:
            lines.append("| " + " | ".join(_md(c) if i < 3 or i == 7 else c
                                            for i, c in enumerate(_lead_cells(entry, row))) + " |")
    broken = [e for e in entries if e.error is not None]
    if broken:
        lines += ["", "Could not be read:", ""]
        lines += [f"- {_md(e.file)}: {_md(e.error)}" for e in broken]
    return "\n".join(lines + ["", _lead_footer(entries)]) + "\n"


def lead_json(entries: list[DocumentOverview], today: str) -> str:
    """JSON text: {"today", "documents": [{"file", "project", "format", "checklists": [{"id", "title",
    "done", "applicable", "total", "open_must", "waived", "expired", "last_update"}]} or {"file",
    "error"}], "errors"}: the documents in the order given, "errors" how many could not be read."""
    documents = []
    for entry in entries:
        if entry.error is not None:
            documents.append({"file": entry.file, "error": entry.error})
        else:
            documents.append({"file": entry.file, "project": entry.project, "format": entry.format,
                              "checklists": [asdict(row) for row in entry.checklists]})
    data = {"today": today, "documents": documents, "errors": sum(e.error is not None for e in entries)}
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _JSON_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
