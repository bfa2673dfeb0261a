"""`checklist status` output: a progress table as text, JSON or Markdown, and the CI gate's verdict
(docs/reference/cli.md; the gate: docs/checklists/pull-requests.md "Gate merges in CI").

`fail_on` is an RFC 2119 severity ("must" or "should") or None for no gate; `limit` caps the open
items listed (0 or less: no cap), unless `show_all` lists them all. `probes` adds the recorded
probe results (`checklist run --update`) to the gate: see Progress.probe_gate."""

from __future__ import annotations

import json

from handbook_checklists.document.state import SEVERITIES, ChecklistProgress, Progress


def _percent(row: ChecklistProgress) -> str:
    return "-" if row.percent is None else f"{row.percent}%"


def _open(row: ChecklistProgress, severity: str) -> int:
    return row.counts[severity]["todo"]


def _verdict(fail_on: str | None, gating: list[dict]) -> str | None:
    if fail_on is None:
        return None
    what = "must-items" if fail_on == "must" else "must- or should-items"
    if gating:
        return f"gate --fail-on {fail_on}: FAILED, {len(gating)} open {what}"
    return f"gate --fail-on {fail_on}: passed, no open {what}"


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


def text(report: Progress, fail_on: str | None, show_all: bool, limit: int, probes: bool = False) -> str:
    """Plain text for a terminal: project line, a table of checklists, the open items, the verdict."""
    rows = _rows(report)
    width = max([len(r.title) for r in rows] + [len("Checklist")])
    head = f"{'Checklist':<{width}}  Version  {'Done':>5}  {'N/A':>5}  {'Todo':>5}  Progress  Open must  Open should"
    lines = [f"Project: {report.project or '(unnamed)'}" + (f" (exported {report.exported})" if report.exported else ""),
             "", head]
    for row in rows:
        lines.append(f"{row.title:<{width}}  {row.version:<7}  {row.total('done'):>5}  {row.total('na'):>5}  "
                     f"{row.total('todo'):>5}  {_percent(row):>8}  {_open(row, 'must'):>9}  {_open(row, 'should'):>11}")
    if report.orphans:
        lines += ["", f"{report.orphans} orphan{'s' if report.orphans != 1 else ''}: state for IDs no longer in these "
                      "checklists, kept under \"orphans\""]
    listed = _listed(report, fail_on, show_all)
    if listed:
        lines += ["", "Open items:" if show_all else f"Open items that fail the gate ({len(listed)}):"]
        shown = _shown(listed, show_all, limit)
        id_width = max(len(i["id"]) for i in shown)
        for item in shown:
            lines.append(f"  {item['id']:<{id_width}}  {item['severity']:<6}  {item['title']}  {item['url']}")
        if len(shown) < len(listed):
            lines.append(f"  ... and {len(listed) - len(shown)} more (--all lists every open item)")
    if report.probe_failures:
        lines += ["", f"Failing probes ({len(report.probe_failures)}, {len(report.disagreements)} on items marked done):"]
        for label, item in _probe_lines(report, limit):
            lines.append(f"  {item['id']}  {item['severity']:<6}  {label}: {_evidence_line(item)}")
    verdict = _verdict(fail_on, report.gate(fail_on))
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


def as_json(report: Progress, fail_on: str | None, probes: bool = False) -> str:
    """JSON text: {"project", "exported", "checklists", "total", "orphans", "gate": {"fail_on", "failed",
    "open"}, "open", "probes": {"failing", "disagreements", "gate"}}; counts per status and per severity,
    `percent` an integer 0-100 or null."""
    gating = report.gate(fail_on)
    total = _row_json(report.overall)
    del total["id"], total["title"], total["version"]
    data = {
        "project": report.project,
        "exported": report.exported,
        "checklists": [_row_json(r) for r in report.checklists],
        "total": total,
        "orphans": report.orphans,
        "gate": {"fail_on": fail_on, "failed": bool(gating), "open": [i["id"] for i in gating]},
        "open": [{k: item[k] for k in ("id", "checklist", "section", "title", "severity", "url")}
                 for item in report.open_items],
        "probes": {
            "failing": [item["id"] for item in report.probe_failures],
            "disagreements": [item["id"] for item in report.disagreements],
            "gate": {"enabled": probes, "failed": bool(probes and report.probe_gate(fail_on)),
                     "failing": [item["id"] for item in report.probe_gate(fail_on)] if probes else []},
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _cell(value: str) -> str:
    return value.replace("|", "\\|")


def markdown(report: Progress, fail_on: str | None, show_all: bool, limit: int, probes: bool = False) -> str:
    """Markdown for a pull-request comment or a CI job summary: a heading, a table, open items as tasks."""
    lines = [f"### Checklist status: {_cell(report.project) or '(unnamed project)'}", "",
             "| Checklist | Version | Done | N/A | Todo | Progress | Open must | Open should |",
             "|---|---|--:|--:|--:|--:|--:|--:|"]
    rows = _rows(report)
    for row in rows:
        title = f"**{_cell(row.title)}**" if row is rows[-1] and len(report.checklists) != 1 else _cell(row.title)
        lines.append(f"| {title} | {row.version} | {row.total('done')} | {row.total('na')} | {row.total('todo')} | "
                     f"{_percent(row)} | {_open(row, 'must')} | {_open(row, 'should')} |")
    if report.orphans:
        lines += ["", f"{report.orphans} orphaned entr{'ies' if report.orphans != 1 else 'y'} (IDs no longer in "
                      "these checklists) are kept in the file."]
    listed = _listed(report, fail_on, show_all)
    if listed:
        shown = _shown(listed, show_all, limit)
        lines += ["", "Open items:" if show_all else "Open items that fail the gate:", ""]
        lines += [f"- [ ] [{i['id']}]({i['url']}) {i['title']} ({i['severity']})" for i in shown]
        if len(shown) < len(listed):
            lines.append(f"- ... and {len(listed) - len(shown)} more")
    if report.probe_failures:
        lines += ["", f"Failing probes ({len(report.disagreements)} on items marked done):", ""]
        lines += [f"- [{i['id']}]({i['url']}) {_cell(i['title'])}: {label}. {_cell(_evidence_line(i))}"
                  for label, i in _probe_lines(report, limit)]
    verdict = _verdict(fail_on, report.gate(fail_on))
    if verdict:
        lines += ["", f"**{verdict}**"]
    probe_verdict = _probe_verdict(report, fail_on, probes)
    if probe_verdict:
        lines += ["", f"**{probe_verdict}**"]
    return "\n".join(lines) + "\n"
