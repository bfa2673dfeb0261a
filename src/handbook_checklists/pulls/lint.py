"""The check of a pull-request body against the handbook, reading the body as GitHub renders it.

The rules are documented once, on docs/checklists/pull-requests.md ("What pr-lint understands").
In short: the body is parsed as Markdown (CommonMark with GitHub's tables and strikethrough, and
GitHub's task-list items), and only text a reader sees as prose counts:

- an item ID is `SEC-001` in any letter case, bare, in link text, or in a URL such as
  `.../c/SEC-001/` or `.../checklists/security/#sec-001`; IDs whose prefix is not a handbook prefix
  (`JIRA-123`, `SHA-256`, `CVE-2025-1234`) are not item IDs, except inside a `/c/<ID>/` permalink;
- code (fenced and indented blocks, inline code, `<pre>`/`<code>` in HTML), HTML comments and
  anything else GitHub does not show is ignored; text in HTML blocks such as `<details>` counts;
- a task-list item is a list item (in any list, nested or quoted) whose first paragraph starts
  with `[ ]`, `[x]` or `[X]` and a space, as in GitHub's task list items extension;
- in an unticked task item, a struck-through ID (`~~...~~`, `<del>`, `<s>`) and every ID of an item
  that says `n/a:` followed by a reason count as not applicable.

Findings: unknown IDs, retired IDs (with the replacement), near misses of a handbook prefix
(`sec-14`, `SEC 001`: "did you mean SEC-014?"), unticked must-items, `n/a:` without a reason, blocks
nested deeper than the parser follows, and, with `require_items`, a body that references no item.

Bodies longer than GitHub's limit (MAX_BODY_CHARS) are refused with BodyTooLarge. Every step is
linear in the body: markdown-it-py's parser, `str.find` scans, and regular expressions with
bounded quantifiers only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape

#: GitHub refuses a pull-request body longer than this ("body is too long (maximum is 65536 characters)").
MAX_BODY_CHARS = 65_536
#: markdown-it stops reading blocks nested this deep (and drops what is inside): such bodies are findings.
MAX_NESTING = 20

_ANY_ID = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2,5})-([0-9]{3,4})(?![0-9A-Za-z])")
_PERMALINK_ID = re.compile(r"/c/([A-Za-z]{2,5}-[0-9]{3,4})(?=[/#?)\s\"'>]|$)")
# Something that looks like an ID of a known prefix but is not one: sec-14, SEC-01, SEC 001, SEC_001,
# SEC001, SEC–001. Not part of a longer word, host name or version number (`api-2.example.com`, `API 2.0`).
_NEAR = re.compile(r"(?<![A-Za-z0-9_.@/-])([A-Za-z]{2,5})([-_ \u2010-\u2015]?)([0-9]{1,6})"
                   r"(?![0-9A-Za-z])(?![.,/:_-][0-9A-Za-z])")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]{0,31})")
_CODE_TAGS = frozenset({"code", "pre", "samp", "kbd", "script", "style", "textarea", "template"})
_STRIKE_TAGS = frozenset({"del", "s", "strike"})


class BodyTooLarge(ValueError):
    """The body is longer than GitHub allows for a pull request; it cannot be a PR body."""

    def __init__(self, length: int):
        """`length`: the body's size in characters, after line endings are normalised."""
        super().__init__(f"the body has {length:,} characters; GitHub allows at most {MAX_BODY_CHARS:,} "
                         "in a pull-request body")
        self.length = length


@dataclass(frozen=True)
class Finding:
    """One problem in a PR body: its 1-based `line` (None: the whole body), the item ID it is about, the message."""

    line: int | None  # 1-based; None for a finding about the whole body
    item_id: str | None
    message: str

    def __str__(self) -> str:
        """'line 12: message', or the message alone for the whole body."""
        return self.message if self.line is None else f"line {self.line}: {self.message}"


@dataclass
class LintResult:
    """What `lint_body` found: findings, and the handbook IDs referenced, ticked and not applicable."""

    findings: list[Finding]
    referenced: list[str]  # distinct active IDs mentioned, in order of first mention
    ticked: list[str]
    not_applicable: list[str]


def normalise(body: str | bytes) -> str:
    """The body as the parser reads it: UTF-8 without BOM, LF line ends, NUL as U+FFFD.

    Raises UnicodeDecodeError for bytes that are not UTF-8 and BodyTooLarge over GitHub's limit."""
    if isinstance(body, bytes):
        body = body.decode("utf-8-sig")
    body = body.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    if len(body) > MAX_BODY_CHARS:
        raise BodyTooLarge(len(body))
    return body


def handbook_prefixes(catalog) -> set[str]:
    """Every prefix an ID of this catalog can have (checklist prefixes, and those of moved or retired IDs)."""
    prefixes = {c.prefix for c in catalog.checklists}
    prefixes |= {item_id.split("-")[0] for item_id in catalog.known_ids()}
    return prefixes


def ids_in(text: str, prefixes: set[str]) -> list[str]:
    """Item IDs in a piece of prose, upper-cased, in order, without repeats."""
    return list(dict.fromkeys(item_id for _, item_id in _id_matches(text, prefixes)))


def _id_matches(text: str, prefixes: set[str]) -> list[tuple[int, str]]:
    """(offset, upper-cased ID) of every ID in the text, in order of offset."""
    found = [(m.start(), f"{m.group(1)}-{m.group(2)}".upper()) for m in _ANY_ID.finditer(text)
             if m.group(1).upper() in prefixes]
    if "/c/" in text:
        found += [(m.start(1), m.group(1).upper()) for m in _PERMALINK_ID.finditer(text)]
        found.sort()
    return found


def _near_misses(text: str, prefixes: set[str]) -> list[tuple[int, str, str]]:
    """(offset, text as written, the ID it was probably meant to be) for each near miss in the text."""
    found = []
    for match in _NEAR.finditer(text):
        prefix, separator, digits = match.groups()
        if prefix.upper() not in prefixes:
            continue
        if separator == "-" and 3 <= len(digits) <= 4:
            continue  # a well-formed ID
        if separator != "-" and (prefix != prefix.upper() or (separator in ("", " ") and len(digits) < 2)):
            continue  # `rev 2`, `api2`, `ops_1`: ordinary prose, not a mistyped ID
        found.append((match.start(), match.group(0), f"{prefix.upper()}-{int(digits):03d}"))
    return found


# ---------------------------------------------------------------------------------------------
# Reading the body as GitHub renders it


@dataclass
class _Task:
    line: int
    ticked: bool
    ids: dict[str, tuple[int, bool]] = field(default_factory=dict)  # ID -> (first line, every mention struck)
    text: list[tuple[int, str, bool]] = field(default_factory=list)  # (line, text, is prose) after the marker


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import backtick

    def code_span(state, silent: bool) -> bool:
        """markdown-it's code-span rule, noting how many line breaks the span hides (for line numbers)."""
        start, count = state.pos, len(state.tokens)
        found = backtick(state, silent)
        if found and not silent and len(state.tokens) > count and state.tokens[-1].type == "code_inline":
            state.tokens[-1].meta["newlines"] = state.src.count("\n", start, state.pos)
        return found

    parser = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])
    parser.inline.ruler.at("backticks", code_span)
    return parser


def _task_mark(content: str) -> bool | None:
    """True/False for a ticked/unticked task marker at the start of a paragraph, None if there is none."""
    if len(content) >= 3 and content[0] == "[" and content[2] == "]" and content[1] in " \txX" \
            and (len(content) == 3 or content[3] in " \t\n"):
        return content[1] in "xX"
    return None


class _Reader:
    """Walks markdown-it's tokens in document order and hands each visible piece of text to `emit`."""

    def __init__(self, emit):
        # emit(line, text, struck, task, kind); kind: "prose", "url" (IDs only), "code" (a task's text only)
        # or "end" (the task's first paragraph is over)
        self.emit = emit

    def read(self, body: str) -> int | None:
        """Reads the body; returns the line of the first block nested too deep to read, if any."""
        tokens = _parser().parse(body)
        too_deep = None
        tasks: dict[int, _Task] = {}
        line = 1
        for index, token in enumerate(tokens):
            if token.map is not None:
                line = token.map[0] + 1
            if token.level >= MAX_NESTING - 1 and too_deep is None:
                too_deep = line
            if token.type == "list_item_open" and index + 2 < len(tokens) \
                    and tokens[index + 1].type == "paragraph_open" and tokens[index + 2].type == "inline":
                mark = _task_mark(tokens[index + 2].content)
                if mark is not None:
                    tasks[index + 2] = _Task(line, mark)
            elif token.type == "inline":
                task = tasks.pop(index, None)
                self.inline(token, line, task)
                if task is not None:
                    self.emit(line, "", False, task, "end")
            elif token.type == "html_block":
                self.html(token.content, line)
            # fence and code_block: code, never an ID
        return too_deep

    def inline(self, token, line: int, task: _Task | None) -> None:
        children = token.children or []
        strike = html_strike = html_code = 0
        skip_marker = task is not None
        for child in children:
            kind = child.type
            if kind in ("softbreak", "hardbreak"):
                line += 1
            elif kind == "text":
                text = child.content
                if skip_marker:
                    text = text[3:] if _task_mark(text) is not None else text
                if html_code:
                    self.emit(line, text, False, task, "code")
                else:
                    self.emit(line, text, bool(strike or html_strike), task, "prose")
            elif kind == "code_inline":
                self.emit(line, child.content, False, task, "code")
                line += child.meta.get("newlines", 0)
            elif kind == "s_open":
                strike += 1
            elif kind == "s_close":
                strike = max(0, strike - 1)
            elif kind == "link_open":
                if not html_code:
                    self.emit(line, str(child.attrs.get("href", "")), bool(strike or html_strike), task, "url")
            elif kind == "image":
                if not html_code:
                    self.emit(line, str(child.attrs.get("src", "")), bool(strike or html_strike), task, "url")
                    self.emit(line, child.content, bool(strike or html_strike), task, "prose")
                line += sum(1 for part in child.children or () if part.type in ("softbreak", "hardbreak"))
            elif kind == "html_inline":
                tag = _TAG.match(child.content)
                if tag is not None:  # not a comment, declaration or processing instruction
                    name, step = tag.group(2).lower(), -1 if tag.group(1) else 1
                    if name in _CODE_TAGS:
                        html_code = max(0, html_code + step)
                    elif name in _STRIKE_TAGS:
                        html_strike = max(0, html_strike + step)
                    elif not html_code:
                        self.emit(line, child.content, bool(strike or html_strike), task, "url")
                line += child.content.count("\n")
            skip_marker = False

    def html(self, content: str, line: int) -> None:
        """A raw HTML block: its text and tag attributes count, except comments and code elements."""
        position, end, strike, code, task = 0, len(content), 0, 0, None
        last_close = content.rfind(">")  # a `<` after it cannot open a tag: no search to the end per `<`
        while position < end:
            start = content.find("<", position)
            if start < 0:
                start = end
            if start > position:
                text = content[position:start]
                if not code:
                    self.emit(line, unescape(text), bool(strike), task, "prose")
                line += text.count("\n")
            if start >= end:
                return
            if content.startswith("<!--", start):
                close = content.find("-->", start + 4)
                close = end if close < 0 else close + 3  # an unclosed comment hides the rest of this block
                line += content.count("\n", start, close)
                position = close
                continue
            tag = _TAG.match(content, start)
            close = content.find(">", start + 1) if tag is not None and start < last_close else -1
            if close < 0:  # a lone `<` (or a tag never closed) is text
                if not code:
                    self.emit(line, "<", bool(strike), task, "prose")
                position = start + 1
                continue
            name, step = tag.group(2).lower(), -1 if tag.group(1) else 1
            text = content[start:close + 1]
            if name in _CODE_TAGS:
                code = max(0, code + step)
            elif name in _STRIKE_TAGS:
                strike = max(0, strike + step)
            elif not code:
                self.emit(line, text, bool(strike), task, "url")
            line += text.count("\n")
            position = close + 1


def _not_applicable_reason(task: _Task) -> tuple[int, str] | None:
    """(line, reason) when the task's text says `n/a:`; the reason may be empty."""
    for number, (line, text, prose) in enumerate(task.text):
        if not prose:
            continue
        lowered = text.lower()
        at = lowered.find("n/a")
        while at >= 0:
            after = at + 3
            while after < len(text) and text[after] in " \t\n":
                after += 1
            if (at == 0 or not lowered[at - 1].isalpha()) and after < len(text) and text[after] == ":":
                rest = text[after + 1:] + "".join(piece for _, piece, _ in task.text[number + 1:])
                return line, rest.strip()
            at = lowered.find("n/a", at + 3)
    return None


def lint_body(body: str | bytes, catalog, links, require_items: bool = False) -> LintResult:
    """Findings for a pull-request body. Raises BodyTooLarge (and UnicodeDecodeError for bytes)."""
    body = normalise(body)
    prefixes = handbook_prefixes(catalog)
    findings: list[Finding] = []
    reported: set[str] = set()
    referenced: dict[str, None] = {}
    ticked: dict[str, None] = {}
    not_applicable: dict[str, None] = {}

    def id_finding(line: int, item_id: str) -> None:
        if item_id in reported:
            return
        reported.add(item_id)
        retired = catalog.retired(item_id)
        if retired is None:
            findings.append(Finding(line, item_id, f"{item_id} is not a handbook item (unknown ID)"))
            return
        replacement = catalog.replacement(item_id)
        reason = " ".join(retired.reason.split())
        if replacement is not None:
            findings.append(Finding(line, item_id, f"{item_id} is retired ({reason}); use {replacement.id} "
                                                   f"instead: {links.permalink(replacement.id, absolute=True)}"))
        else:
            findings.append(Finding(line, item_id, f"{item_id} is retired ({reason}) and has no replacement"))

    def near_miss(line: int, written: str, meant: str) -> None:
        key = f"near:{written}"
        if key in reported:
            return
        reported.add(key)
        if catalog.item(meant) is not None or catalog.retired(meant) is not None:
            message = f"{written!r} is not an item ID: did you mean {meant}?"
        else:
            message = f"{written!r} is not an item ID (they look like {meant.split('-')[0]}-001)"
        findings.append(Finding(line, None, message))

    def task_done(task: _Task) -> None:
        active = [i for i in task.ids if catalog.item(i) is not None]
        if task.ticked:
            ticked.update(dict.fromkeys(active))
            return
        open_ids = [i for i in active if not task.ids[i][1]]
        not_applicable.update(dict.fromkeys(i for i in active if task.ids[i][1]))
        if not open_ids:
            return
        na = _not_applicable_reason(task)
        if na is not None and any(ch.isalnum() for ch in na[1]):
            not_applicable.update(dict.fromkeys(open_ids))
            return
        if na is not None:
            findings.append(Finding(na[0], open_ids[0], f"{open_ids[0]}: `n/a:` needs a reason after the colon, "
                                                        "e.g. `n/a: no user input here`"))
            return
        for item_id in open_ids:
            item = catalog.item(item_id)
            if item.severity == "must":
                findings.append(Finding(task.ids[item_id][0], item_id,
                                        f"{item_id} is a must-item and is not ticked: {item.title} "
                                        "(tick it, strike it through, or add `n/a: reason`)"))

    def emit(line: int, text: str, struck: bool, task: _Task | None, kind: str) -> None:
        if kind == "end":
            task_done(task)
            return
        if task is not None and kind != "url":
            task.text.append((line, text, kind == "prose"))
        if kind == "code" or not text:
            return
        matches = _id_matches(text, prefixes)
        misses = _near_misses(text, prefixes) if kind == "prose" else []
        if not matches and not misses:
            return
        events = sorted([(offset, item_id, None) for offset, item_id in matches]
                        + [(offset, written, meant) for offset, written, meant in misses], key=lambda e: e[0])
        counted, newlines_to = 0, 0
        for offset, item_id, meant in events:
            counted += text.count("\n", newlines_to, offset)
            newlines_to = offset
            at = line + counted
            if meant is not None:
                near_miss(at, item_id, meant)
                continue
            if catalog.item(item_id) is not None:
                referenced.setdefault(item_id)
                if task is not None:
                    first, all_struck = task.ids.get(item_id, (at, True))
                    task.ids[item_id] = (first, all_struck and struck)
            else:
                id_finding(at, item_id)

    too_deep = _Reader(emit).read(body)
    if too_deep is not None:
        findings.append(Finding(too_deep, None, f"blocks (quotes, lists) nested about {MAX_NESTING} deep: pr-lint "
                                                "cannot read what is inside as GitHub shows it; nest less deeply"))
    findings.sort(key=lambda f: f.line or 0)
    if require_items and not referenced:
        findings.append(Finding(None, None, "the body references no handbook item (--require-items): keep the "
                                            "checklist from the pull-request template and tick what applies"))
    return LintResult(findings, list(referenced), list(ticked), list(not_applicable))
