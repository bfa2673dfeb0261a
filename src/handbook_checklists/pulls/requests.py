"""Checklist items in pull requests: the PR template, and the check of a PR body against the handbook.

What `lint_body` understands (documented on docs/checklists/pull-requests.md):

- an item ID is `SEC-001` in any letter case, bare, in link text, or in a URL such as
  `.../c/SEC-001/` or `.../checklists/security/#sec-001`; IDs whose prefix is not a handbook prefix
  (`JIRA-123`, `SHA-256`, `CVE-2025-1234`) are not item IDs, except inside a `/c/<ID>/` permalink;
- fenced code blocks, inline code spans and HTML comments are ignored;
- a task-list line is `- [ ]` / `- [x]` (also `*`, `+`, `1.`, nested or quoted);
- an unticked task line counts as not applicable when its text is struck through (`~~...~~`) or
  carries `n/a:` followed by a reason.

Findings: unknown IDs, retired IDs (with the replacement), unticked must-items, `n/a:` without a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE_OPEN = re.compile(r"^[ \t>]*?(?:(?:[-*+]|\d+[.)])[ \t]+)*[ \t]*(`{3,}|~{3,})(.*)$")
_TASK = re.compile(r"^[ \t>]*(?:[-*+]|\d+[.)])[ \t]+\[([ xX])\][ \t]+(.*)$")
_ANY_ID = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2,5})-([0-9]{3,4})(?![0-9A-Za-z])")
_PERMALINK_ID = re.compile(r"/c/([A-Za-z]{2,5}-[0-9]{3,4})(?=[/#?)\s\"'>]|$)")
_NA = re.compile(r"(?<![A-Za-z])n/a\s*:\s*(.*)", re.I)
_STRUCK = re.compile(r"^\s*~~.+~~")


@dataclass(frozen=True)
class Finding:
    """One problem in a PR body: 1-based `line` of the body, the item ID it is about (None when the
    line names no active item), and a one-line message."""

    line: int
    item_id: str | None
    message: str

    def __str__(self) -> str:
        """'line N: message', as `checklist pr-lint` prints it."""
        return f"line {self.line}: {self.message}"


@dataclass
class LintResult:
    """What lint_body found: the findings in line order, and the active IDs the body references,
    ticks (`- [x]`) and marks not applicable (struck through or `n/a: reason`), each list without repeats."""

    findings: list[Finding]
    referenced: list[str]  # distinct active IDs mentioned, in order of first mention
    ticked: list[str]
    not_applicable: list[str]


def strip_code(body: str) -> list[str]:
    """The body's lines with fenced code, inline code and HTML comments blanked (line numbers kept)."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    body = re.sub(r"<!--.*?(-->|\Z)", lambda m: "\n" * m.group(0).count("\n"), body, flags=re.S)
    lines = body.split("\n")
    out = []
    fence: str | None = None
    for line in lines:
        if fence is not None:
            stripped = line.strip().lstrip(">").strip()
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
                fence = None
            out.append("")
            continue
        opened = _FENCE_OPEN.match(line)
        if opened and not (opened.group(1)[0] == "`" and "`" in opened.group(2)):
            fence = opened.group(1)
            out.append("")
            continue
        out.append(_strip_inline_code(line))
    return out


def _strip_inline_code(line: str) -> str:
    result, index = [], 0
    while True:
        start = line.find("`", index)
        if start < 0:
            result.append(line[index:])
            return "".join(result)
        run = len(line[start:]) - len(line[start:].lstrip("`"))
        ticks = line[start:start + run]
        close = re.compile(r"(?<!`)" + ticks + r"(?!`)").search(line, start + run)
        if close is None:  # an unmatched backtick run is literal text
            result.append(line[index:start + run])
            index = start + run
            continue
        result.append(line[index:start] + " ")
        index = close.end()


def ids_in(text: str, prefixes: set[str]) -> list[str]:
    """Item IDs in a line of prose, upper-cased, in order, without repeats."""
    found = []
    for match in _ANY_ID.finditer(text):
        if match.group(1).upper() in prefixes:
            found.append(f"{match.group(1)}-{match.group(2)}".upper())
    for match in _PERMALINK_ID.finditer(text):
        found.append(match.group(1).upper())
    return list(dict.fromkeys(found))


def handbook_prefixes(catalog) -> set[str]:
    """The ID prefixes of the handbook (e.g. {"SEC", "REV"}): every checklist's, and those of every
    active or retired ID, so that an ID from a renamed prefix is still recognised."""
    prefixes = {c.prefix for c in catalog.checklists}
    prefixes |= {item_id.split("-")[0] for item_id in catalog.known_ids()}
    return prefixes


def lint_body(body: str, catalog, links) -> LintResult:
    """Check a PR body (Markdown text) against a Catalog, by the rules of this module's docstring.

    `links` (model.urls.Links) gives the absolute permalink of a retired item's replacement. Every
    unknown or retired ID is reported once, at its first line; must-items are RFC 2119 MUSTs, so an
    unticked one is a finding. Never raises for any text."""
    prefixes = handbook_prefixes(catalog)
    findings: list[Finding] = []
    reported: set[str] = set()
    referenced, ticked, not_applicable = [], [], []
    for number, line in enumerate(strip_code(body), start=1):
        ids = ids_in(line, prefixes)
        if not ids:
            continue
        task = _TASK.match(line)
        for item_id in ids:
            item = catalog.item(item_id)
            if item is not None:
                if item_id not in referenced:
                    referenced.append(item_id)
                continue
            if item_id in reported:
                continue
            reported.add(item_id)
            retired = catalog.retired(item_id)
            if retired is None:
                findings.append(Finding(number, item_id, f"{item_id} is not a handbook item (unknown ID)"))
                continue
            replacement = catalog.replacement(item_id)
            reason = " ".join(retired.reason.split())
            if replacement is not None:
                findings.append(Finding(number, item_id, f"{item_id} is retired ({reason}); use {replacement.id} "
                                                         f"instead: {links.permalink(replacement.id, absolute=True)}"))
            else:
                findings.append(Finding(number, item_id, f"{item_id} is retired ({reason}) and has no replacement"))
        if task is None:
            continue
        mark, text = task.groups()
        active = [i for i in ids if catalog.item(i) is not None]
        if mark in "xX":
            ticked += [i for i in active if i not in ticked]
            continue
        na = _NA.search(text)
        if _STRUCK.match(text) or (na and na.group(1).strip(" ~*_")):
            not_applicable += [i for i in active if i not in not_applicable]
            continue
        if na:
            subject = f"{active[0]}: " if active else ""
            findings.append(Finding(number, active[0] if active else None,
                                    f"{subject}`n/a:` needs a reason after the colon, e.g. `n/a: no user input here`"))
            continue
        for item_id in active:
            item = catalog.item(item_id)
            if item.severity == "must":
                findings.append(Finding(number, item_id, f"{item_id} is a must-item and is not ticked: {item.title} "
                                                         "(tick it, strike it through, or add `n/a: reason`)"))
    return LintResult(findings, referenced, ticked, not_applicable)


# ---------------------------------------------------------------------------------------------
# The template

TEMPLATE_HEAD = """\
## What and why

<!-- What does this change do, and why? Link the issue it closes. -->

## Checklist

<!--
Tick each item this change satisfies. When an item does not apply, strike it through
(~~like this~~) or write "n/a: <reason>" on its line. CI runs `checklist pr-lint` on this text:
an unticked must-item, an unknown ID or a retired ID fails the check.
Link an item in a review comment with its permalink, e.g. <site>/c/<ID>/.
-->
"""


def select_items(catalog, checklists=(), sections=(), severities=(), tags=(), phases=()):
    """(checklist, section title, items) groups that pass every given filter, in handbook order."""
    wanted_sections = {s.lower() for s in sections}
    groups = []
    for checklist in catalog.checklists:
        if checklists and checklist.id not in checklists:
            continue
        for section in checklist.sections:
            if wanted_sections and section.title.lower() not in wanted_sections \
                    and f"{checklist.id}:{section.title}".lower() not in wanted_sections:
                continue
            items = [i for i in catalog.section_items(section)
                     if (not severities or i.severity in severities)
                     and (not tags or set(tags) & set(i.tags))
                     and (not phases or i.phase in phases)]
            if items:
                groups.append((checklist, section.title, items))
    return groups


def render_template(groups, links, head: bool = True) -> str:
    """Markdown: a task line `- [ ] [ID](permalink) title` per item of `groups` (from select_items).

    With `head`, the text starts with TEMPLATE_HEAD and each checklist and section gets a heading;
    without, only the task lines (docs/checklists/pull-requests.md "A pull-request template")."""
    parts = [TEMPLATE_HEAD.replace("<site>/", links.absolute(""))] if head else []
    current = None
    for checklist, section, items in groups:
        if head:
            if checklist.id != current:
                parts.append(f"\n### {checklist.title}\n")
                current = checklist.id
            parts.append(f"\n**{section}**\n\n")
        for item in items:
            parts.append(f"- [ ] [{item.id}]({links.permalink(item.id, absolute=True)}) {item.title}\n")
    return "".join(parts)
