"""The pull-request template: a Markdown task list of chosen handbook items, each linking its permalink."""

from __future__ import annotations

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
    """(checklist, section title, items) groups that pass every given filter, in handbook order.

    An item that several chosen checklists list (its home and those that include it) is listed once,
    in the first group that has it: one requirement, one line, one tick."""
    wanted_sections = {s.lower() for s in sections}
    groups, listed = [], set()
    for checklist in catalog.checklists:
        if checklists and checklist.id not in checklists:
            continue
        for section in checklist.sections:
            if wanted_sections and section.title.lower() not in wanted_sections \
                    and f"{checklist.id}:{section.title}".lower() not in wanted_sections:
                continue
            items = [i for i in catalog.section_items(section)
                     if i.id not in listed
                     and (not severities or i.severity in severities)
                     and (not tags or set(tags) & set(i.tags))
                     and (not phases or i.phase in phases)]
            if items:
                groups.append((checklist, section.title, items))
                listed.update(i.id for i in items)
    return groups


def render_template(groups, links, head: bool = True) -> str:
    """Markdown: a task line `- [ ] [ID](permalink) title` per item of `groups` (from select_items);
    with `head`, TEMPLATE_HEAD first and a heading per checklist and section (docs/checklists/pull-requests.md)."""
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
