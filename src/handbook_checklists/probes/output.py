"""What `checklist run` writes: text for a terminal, JSON, SARIF 2.1.0 for GitHub code scanning, and
the `auto` records a project document keeps (schemas/project-checklist.schema.json, definition `auto`).

SARIF (docs/checklists/probes.md "SARIF"): one rule per probed item (id = item ID, shortDescription
= title, fullDescription = the item's `why`, help = the `why` and the limits of the probe from the
item's **Probe:** paragraph, helpUri = its permalink /c/<ID>/, level from severity: must -> error,
should -> warning, may -> note) and one result per failing probe. GitHub
rejects a whole upload when one result has no location, so a failure without a file of its own
(a file that should exist and does not) is anchored at line 1 of the repository's README, or of the
first file the walk listed, and says so in its message.
"""

from __future__ import annotations

import json
import re

from handbook_checklists import __version__
from handbook_checklists.catalog.markdown_links import plain_text
from handbook_checklists.catalog.probe_limits import PROBE_MARKER
from handbook_checklists.model import Catalog
from handbook_checklists.probes.engine import MAX_EVIDENCE, ProbeResult, RunReport

LEVELS = {"must": "error", "should": "warning", "may": "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_ANCHORS = ("README.md", "README", "README.rst", "README.txt", ".gitignore")


def auto_record(result: ProbeResult, checked: str) -> dict:
    """The `auto` value of a project document item for one probe result."""
    return {
        "result": result.outcome.result,
        "evidence": [e.as_dict() for e in result.outcome.evidence[:MAX_EVIDENCE]],
        "probe": result.probe.version,
        "checked": checked,
    }


def counts(report: RunReport) -> dict[str, int]:
    """{"pass": n, "fail": n, "error": n}."""
    found = {"pass": 0, "fail": 0, "error": 0}
    for result in report.results:
        found[result.outcome.result] += 1
    return found


def _where(evidence) -> str:
    if evidence.file is None:
        return ""
    return f"{evidence.file}:{evidence.line}" if evidence.line else evidence.file


def text(report: RunReport, catalog: Catalog, repo_label: str) -> str:
    """One line per probe (result, ID, severity, title) with its evidence indented below failures."""
    lines = []
    for result in report.results:
        item = catalog.item(result.probe.item_id)
        outcome = result.outcome
        severity = item.severity if item else "?"
        title = item.title if item else ""
        lines.append(f"{outcome.result.upper():<5} {result.probe.item_id:<9} {severity:<6} {title}")
        if outcome.result != "pass":
            for evidence in outcome.evidence[:5]:
                where = _where(evidence)
                excerpt = f"  | {evidence.excerpt}" if evidence.excerpt else ""
                lines.append(f"      {where + ': ' if where else ''}{evidence.message}{excerpt}")
    found = counts(report)
    listing = report.listing
    lines += ["", f"{len(report.results)} probes on {repo_label}: {found['pass']} pass, {found['fail']} fail, "
                  f"{found['error']} error ({len(listing.files)} files listed, {listing.read} read, "
                  f"{len(listing.skipped)} skipped, {report.seconds:.2f} s)"]
    if report.stopped:
        lines.append(f"stopped early: {report.stopped}")
    lines.append("A probe is evidence, not proof: a passing probe does not tick an item, a failing one does not "
                 "untick it.")
    return "\n".join(lines) + "\n"


def as_json(report: RunReport, catalog: Catalog, checked: str) -> str:
    """JSON: {"results": [{"id", "checklist", "severity", "title", "source", "limits", "auto"}], "summary"}."""
    results = []
    for result in report.results:
        item = catalog.item(result.probe.item_id)
        results.append({
            "id": result.probe.item_id,
            "checklist": item.checklist_id if item else None,
            "severity": item.severity if item else None,
            "title": item.title if item else None,
            "source": result.probe.source,
            "limits": result.probe.limits,
            "auto": auto_record(result, checked),
        })
    listing = report.listing
    summary = {**counts(report), "files": len(listing.files), "read": listing.read, "bytes_read": listing.bytes_read,
               "skipped": [{"path": p, "reason": r} for p, r in listing.skipped[:100]],
               "seconds": round(report.seconds, 3), "stopped": report.stopped}
    return json.dumps({"results": results, "summary": summary}, indent=2, ensure_ascii=False) + "\n"


def _rule_name(title: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", title)
    return "".join(w[:1].upper() + w[1:] for w in words)[:80] or "Item"


def sarif(report: RunReport, catalog: Catalog, links) -> dict:
    """The SARIF 2.1.0 log of a run, as a dict (json.dumps it); `links` is a model.urls.Links."""
    anchor = next((name for name in _ANCHORS if name in set(report.listing.files)), None)
    anchor = anchor or (report.listing.files[0] if report.listing.files else "README.md")
    rules, index = [], {}
    results = []
    for result in report.results:
        item_id = result.probe.item_id
        item = catalog.item(item_id)
        if item_id not in index:
            index[item_id] = len(rules)
            why = item.why if item else ""
            description = plain_text(why)
            help_text = description
            help_markdown = why.strip()
            if result.probe.limits:  # the item's own closing paragraph, as its checklist shows it
                help_text += " " + plain_text(f"{PROBE_MARKER} {result.probe.limits}")
                help_markdown += f"\n\n{PROBE_MARKER} {result.probe.limits}"
            rule = {
                "id": item_id,
                "name": _rule_name(item.title if item else item_id),
                "shortDescription": {"text": item.title if item else item_id},
                "fullDescription": {"text": description or item_id},
                "help": {"text": help_text or item_id, "markdown": help_markdown or item_id},
                "helpUri": links.permalink(item_id, absolute=True),
                "defaultConfiguration": {"level": LEVELS.get(item.severity if item else "should", "warning")},
                "properties": {"tags": [t for t in ("checklist", item.checklist_id if item else None,
                                                    item.severity if item else None) if t],
                               "probe": result.probe.version},
            }
            rules.append(rule)
        outcome = result.outcome
        if outcome.result == "pass":
            continue
        level = LEVELS.get(item.severity if item else "should", "warning") if outcome.result == "fail" else "note"
        located = [e for e in outcome.evidence if e.file]
        if located:
            locations = [{"physicalLocation": {"artifactLocation": {"uri": e.file, "uriBaseId": "%SRCROOT%"},
                                               "region": {"startLine": e.line or 1}}} for e in located[:MAX_EVIDENCE]]
            message = outcome.evidence[0].message
            excerpt = located[0].excerpt
            text_ = f"{item_id}: {message}" + (f" ({excerpt})" if excerpt else "")
        else:
            locations = [{"physicalLocation": {"artifactLocation": {"uri": anchor, "uriBaseId": "%SRCROOT%"},
                                               "region": {"startLine": 1}}}]
            text_ = f"{item_id}: {outcome.message} (no file of its own: shown at {anchor})"
        if outcome.result == "error":
            text_ = f"{item_id}: the probe could not run: {outcome.message}"
        results.append({
            "ruleId": item_id,
            "ruleIndex": index[item_id],
            "level": level,
            "message": {"text": text_},
            "locations": locations,
            "partialFingerprints": {"probeResult/v1": f"{item_id}:{result.probe.version}:"
                                                      f"{located[0].file if located else ''}"},
        })
    run = {
        "tool": {"driver": {
            "name": "handbook-checklists",
            "semanticVersion": __version__,
            "informationUri": links.absolute(""),
            "rules": rules,
        }},
        "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The root of the repository probed."}}},
        "results": results,
        "invocations": [{"executionSuccessful": report.stopped is None,
                         **({"toolExecutionNotifications": [{"message": {"text": report.stopped}, "level": "error"}]}
                            if report.stopped else {})}],
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
