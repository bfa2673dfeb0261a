"""The limits of an item's probe, stated once, in the item's own `how`: its last paragraph starts
with **Probe:** and says what the probe cannot tell, because a probe is evidence, not proof.

The loader requires that paragraph on every item with a `check:` and refuses it on every other item
(limits_problem); the probes page (probes/docs.py) and the SARIF rule help (probes/output.py) take
the limits from it (probe_limits), so the text has one source and readers of the checklist see it.

The paragraph is found by parsing the Markdown with markdown-it-py in the dialect the site renders
(catalog/markdown_links.py), so a paragraph here is a paragraph on the page: in a folded YAML block
(`>-`) one blank line is a line break, not a paragraph break, and the rule says so.
"""

from __future__ import annotations

from handbook_checklists.catalog.markdown_links import markdown_parser

#: What the limits paragraph starts with, exactly.
PROBE_MARKER = "**Probe:**"


def _is_marked(inline) -> bool:
    """True when a paragraph's inline token starts with the marker: strong emphasis of 'Probe:'."""
    children = [c for c in inline.children or () if c.type != "text" or c.content]  # markdown-it leads with ''
    return (len(children) >= 3 and inline.content.startswith(PROBE_MARKER)
            and children[0].type == "strong_open" and children[0].markup == "**"
            and children[1].type == "text" and children[1].content == "Probe:"
            and children[2].type == "strong_close")


def _scan(how: str | None) -> tuple[int, str | None]:
    """(how many paragraphs start with the marker, the text after the marker of the last block when it
    is such a paragraph at the top level, else None)."""
    if not how or PROBE_MARKER not in how:
        # A marked paragraph holds the marker as written; most texts do not, so skip the parser.
        return 0, None
    tokens = markdown_parser().parse(how)
    marked = sum(1 for before, token in zip(tokens, tokens[1:])
                 if before.type == "paragraph_open" and token.type == "inline" and _is_marked(token))
    last = None
    if (len(tokens) >= 3 and tokens[-1].type == "paragraph_close" and tokens[-1].level == 0
            and _is_marked(tokens[-2])):
        last = " ".join(tokens[-2].content[len(PROBE_MARKER):].split())
    return marked, last


def probe_limits(how: str | None) -> str | None:
    """The limits of the item's probe (Markdown, on one line, without the marker): the text of the
    closing **Probe:** paragraph of `how`; None when there is none."""
    return _scan(how)[1] or None


def limits_problem(how: str | None, has_check: bool) -> str | None:
    """Why an item's `how` breaks the rule of the **Probe:** paragraph (one, last, not empty, exactly
    when the item has a `check:`), or None when it keeps it."""
    marked, last = _scan(how)
    if not has_check:
        if marked:
            return (f"a paragraph that starts with {PROBE_MARKER} states the limits of the item's probe, and "
                    "this item has no `check:`")
        return None
    if marked == 0:
        hint = ""
        if how and PROBE_MARKER in how:
            hint = (f"; {PROBE_MARKER} is there but does not start a paragraph: leave a blank line before it "
                    "(in a folded `>-` block a blank line is only a line break: write the text as `|-`)")
        where = "`how` must end with" if how else "the item needs a `how` that ends with"
        return (f"{where} a paragraph that starts with {PROBE_MARKER} and says what the probe cannot tell "
                f"(a probe is evidence, not proof){hint}")
    if marked > 1:
        return (f"`how` has {marked} paragraphs that start with {PROBE_MARKER}; state the probe's limits "
                "once, in the last paragraph")
    if last is None:
        return f"the paragraph that starts with {PROBE_MARKER} must be the last paragraph of `how`"
    if not last:
        return f"the {PROBE_MARKER} paragraph is empty: say what the probe cannot tell"
    return None
