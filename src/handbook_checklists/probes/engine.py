"""Evaluates probes (the probe language of catalog/probe_rules.py) against a repository's files.

One walk of the repository (probes/walk.py) serves every probe: each file that some content probe's
globs match is read once and searched by every such probe's RE2 pattern. Then each probe's tree is
combined (all / any / not) into a result: pass, fail or error, with evidence (file, line, excerpt)
capped at MAX_EVIDENCE entries. A probe is evidence about a repository, not proof of an item.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from handbook_checklists.catalog.probe_rules import (ProbeSyntaxError, as_list, compile_globs, compile_regex, kind_of,
                                                     probe_version)
from handbook_checklists.probes.walk import Limits, Listing, TimeBound, walk

MAX_EVIDENCE = 10
MAX_EXCERPT = 160
_HITS_PER_LEAF = MAX_EVIDENCE


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence: a message, and where it was found when it was found in a file."""

    message: str
    file: str | None = None
    line: int | None = None
    excerpt: str | None = None

    def as_dict(self) -> dict:
        """The evidence as the project document stores it (keys without a value left out)."""
        data = {"file": self.file, "line": self.line, "excerpt": self.excerpt, "message": self.message}
        return {k: v for k, v in data.items() if v is not None}


@dataclass(frozen=True)
class Probe:
    """The probe of one item: its check (file sets expanded), the checklist file it came from, and
    what it cannot tell (`limits`, Markdown: the item's **Probe:** paragraph, catalog/probe_limits.py)."""

    item_id: str
    check: dict
    source: str = ""  # 'checklists/security.yml'
    limits: str | None = None

    @property
    def version(self) -> str:
        """A hash of the check definition (catalog/probe_rules.probe_version)."""
        return probe_version(self.check)


@dataclass
class Outcome:
    """The result of a probe or of one of its nodes."""

    result: str  # pass | fail | error
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def message(self) -> str:
        """The first evidence message, or the result itself."""
        return self.evidence[0].message if self.evidence else self.result


@dataclass
class ProbeResult:
    """One item's probe and its outcome."""

    probe: Probe
    outcome: Outcome


@dataclass
class RunReport:
    """Every probe's result, what the walk saw, and how long it took."""

    results: list[ProbeResult]
    listing: Listing
    seconds: float
    stopped: str | None = None  # why the run stopped early (the time bound), or None


def _show(globs) -> str:
    """Globs for a message: the first three, and how many more."""
    listed = [g for g in as_list(globs) if not g.startswith("!")]
    more = f" (+{len(listed) - 3} more)" if len(listed) > 3 else ""
    return ", ".join(listed[:3]) + more


def _pattern(regex: str) -> str:
    """A regular expression for a message, shortened to 60 characters."""
    return "/" + (regex if len(regex) <= 60 else regex[:57] + "...") + "/"


def _excerpt(line: bytes, redact_span: tuple[int, int] | None) -> str:
    if redact_span is not None:
        start, end = redact_span
        secret = line[start:end]
        line = line[:start] + secret[:4] + b"[redacted]" + line[end:]
    text = line.decode("utf-8", "replace").strip()
    return text if len(text) <= MAX_EXCERPT else text[: MAX_EXCERPT - 3] + "..."


def _line_at(data: bytes, position: int) -> tuple[int, int, int]:
    """(1-based line number, start, end) of the line holding `position`."""
    start = data.rfind(b"\n", 0, position) + 1
    end = data.find(b"\n", position)
    end = len(data) if end < 0 else end
    return data.count(b"\n", 0, start) + 1, start, end


class _Leaf:
    """One leaf of a probe's tree, compiled, with the facts the walk gathers for it."""

    def __init__(self, node: dict):
        self.node = node
        self.kind = kind_of(node)
        self.globs = node[self.kind] if self.kind in ("path_exists", "path_absent") else node["files"]
        self.spec = compile_globs(as_list(self.globs))
        self.regex = None
        if self.kind in ("contains", "lacks"):
            self.regex = compile_regex(node[self.kind])
        elif self.kind == "lines":
            self.regex = compile_regex(node["lines"], multiline=True)
            self.match = compile_regex(node["match"])
        self.redact = bool(node.get("redact"))
        self.hits: list[Evidence] = []
        self.files_searched = 0
        self.lines_examined = 0
        self.done = False  # `contains` stops searching once it has enough evidence
        self.paths: list[str] = []  # for path_exists / path_absent: the matching paths, folders first

    @property
    def reads_files(self) -> bool:
        return self.kind in ("contains", "lacks", "lines")

    def scan(self, path: str, data: bytes) -> None:
        self.files_searched += 1
        if self.kind in ("contains", "lacks"):
            for match in self.regex.finditer(data):
                number, start, end = _line_at(data, match.start())
                span = (match.start() - start, min(match.end(), end) - start) if self.redact else None
                self.hits.append(Evidence(self.node.get("message", f"found {_pattern(self.node[self.kind])}"),
                                          path, number, _excerpt(data[start:end], span)))
                if len(self.hits) >= _HITS_PER_LEAF:
                    self.done = True
                    return
                if self.kind == "lacks":
                    return  # one hit per file is enough to show it
            if self.kind == "contains" and self.hits:
                self.done = len(self.hits) >= 3
            return
        for match in self.regex.finditer(data):
            number, start, end = _line_at(data, match.start())
            self.lines_examined += 1
            line = data[start:end]
            if self.match.search(line) is None:
                self.hits.append(Evidence("", path, number, _excerpt(line, None)))
                if len(self.hits) >= _HITS_PER_LEAF:
                    self.done = True
                    return

    def outcome(self, listing: Listing, paths: list[str]) -> Outcome:
        message = self.node.get("message")
        globs = _show(self.globs)
        if self.kind in ("path_exists", "path_absent"):
            found = self.paths
            shown = [p.rstrip("/") for p in found[:MAX_EVIDENCE]]
            if self.kind == "path_exists":
                if found:
                    return Outcome("pass", [Evidence(message or "present", p) for p in shown])
                return Outcome("fail", [Evidence(f"expected {message or 'a path'}: no path matches {globs}")])
            if found:
                return Outcome("fail", [Evidence(f"expected {message or 'no such path'}: {p} is committed", p)
                                        for p in shown])
            return Outcome("pass", [Evidence(f"{message or 'absent'}: no path matches {globs}")])
        searched = f"{self.files_searched} file{'s' if self.files_searched != 1 else ''} matching {globs}"
        if self.kind == "contains":
            if self.hits:
                return Outcome("pass", list(self.hits))
            return Outcome("fail", [Evidence(f"expected {message or 'a match'}: no match for {_pattern(self.node['contains'])} "
                                             f"in {searched}")])
        if self.kind == "lacks":
            if self.hits:
                return Outcome("fail", [Evidence(f"expected {message or 'no match'}: found {_pattern(self.node['lacks'])}",
                                                 e.file, e.line, e.excerpt) for e in self.hits])
            return Outcome("pass", [Evidence(f"{message or 'absent'}: no match for {_pattern(self.node['lacks'])} in {searched}")])
        if self.hits:
            return Outcome("fail", [Evidence(f"expected {message or 'every line to match'}: this line does not match "
                                             f"{_pattern(self.node['match'])}", e.file, e.line, e.excerpt) for e in self.hits])
        return Outcome("pass", [Evidence(f"{message or 'every line matches'}: {self.lines_examined} line"
                                         f"{'s' if self.lines_examined != 1 else ''} examined in {searched}")])


class _GlobIndex:
    """Which of many PathSpecs match a path, in one RE2 Set match per path: every pattern of every
    spec goes into one set; for each spec, its last matching pattern decides (gitignore rules: a
    later '!pattern' excludes). The same answers as spec.match_file, without a call per spec."""

    def __init__(self, specs: list):
        import re2

        options = re2.Options()
        options.log_errors = False
        options.never_capture = True
        self.set = re2.Set.SearchSet(options)
        self.owners: list[tuple[int, int, bool]] = []  # set index -> (spec number, pattern order, include)
        for number, spec in enumerate(specs):
            for order, pattern in enumerate(spec.patterns):
                if pattern.include is None:
                    continue
                self.set.Add(pattern.regex.pattern)
                self.owners.append((number, order, pattern.include))
        self.set.Compile()

    def matching(self, path: str) -> list[int]:
        """Numbers of the specs that match `path` ('dir/' for a folder)."""
        last: dict[int, tuple[int, bool]] = {}
        for index in self.set.Match(path) or ():
            number, order, include = self.owners[index]
            if order >= last.get(number, (-1, False))[0]:
                last[number] = (order, include)
        return [number for number, (_, include) in last.items() if include]


class _PatternSet:
    """Which leaves' patterns match somewhere in a file, in one RE2 Set pass over its bytes; only
    those leaves then search the file again for positions (most files match none)."""

    def __init__(self, leaves: list):
        import re2

        options = re2.Options()
        options.log_errors = False
        options.never_capture = True
        options.max_mem = 64 << 20
        self.set = re2.Set.SearchSet(options)
        for number, leaf in enumerate(leaves):
            leaf.number = number
            source = leaf.node["lines"] if leaf.kind == "lines" else leaf.node[leaf.kind]
            self.set.Add((("(?m)" if leaf.kind == "lines" else "") + source).encode("utf-8"))
        self.set.Compile()

    def matching(self, data: bytes) -> set[int]:
        """Numbers of the leaves whose pattern matches somewhere in `data`."""
        return set(self.set.Match(data) or ())


def _leaves(node: dict, into: list, by_id: dict) -> None:
    kind = kind_of(node)
    if kind in ("all", "any"):
        for child in node[kind]:
            _leaves(child, into, by_id)
    elif kind == "not":
        _leaves(node["not"], into, by_id)
    else:
        leaf = _Leaf(node)
        into.append(leaf)
        by_id[id(node)] = leaf


def _headed(message: str | None, result: str, evidence: list[Evidence]) -> list[Evidence]:
    """A combinator's own message first (as 'expected ...' when it failed), then its parts' evidence."""
    if not message:
        return evidence[:MAX_EVIDENCE]
    head = Evidence(message if result == "pass" else f"expected {message}")
    return ([head] + evidence)[:MAX_EVIDENCE]


def _combine(node: dict, leaves: dict, listing: Listing, paths: list[str]) -> Outcome:
    kind = kind_of(node)
    message = node.get("message")
    if kind == "not":
        inner = _combine(node["not"], leaves, listing, paths)
        flipped = {"pass": "fail", "fail": "pass"}.get(inner.result, inner.result)
        evidence = [Evidence(f"not: {e.message}", e.file, e.line, e.excerpt) for e in inner.evidence]
        return Outcome(flipped, _headed(message, flipped, evidence))
    if kind in ("all", "any"):
        parts = [_combine(child, leaves, listing, paths) for child in node[kind]]
        results = [p.result for p in parts]
        if kind == "all":
            result = "fail" if "fail" in results else "error" if "error" in results else "pass"
        else:
            result = "pass" if "pass" in results else "error" if "error" in results else "fail"
        chosen = [p for p in parts if p.result == result] or parts
        evidence = [e for p in chosen for e in p.evidence]
        return Outcome(result, _headed(message, result, evidence))
    return leaves[id(node)].outcome(listing, paths)


def run_probes(root, probes: list[Probe], limits: Limits = Limits()) -> RunReport:
    """Evaluate every probe against the repository at `root` in one walk; never raises for the
    repository's content (a probe that cannot be compiled, or a run stopped by the time bound,
    gives results of 'error' with the reason)."""
    started = time.monotonic()
    compiled: list[tuple[Probe, dict | None, str | None]] = []
    all_leaves: list[_Leaf] = []
    for probe in probes:
        by_id: dict = {}
        try:
            found: list[_Leaf] = []
            _leaves(probe.check, found, by_id)
        except (ProbeSyntaxError, KeyError, TypeError) as error:
            compiled.append((probe, None, f"the probe does not compile: {error}"))
            continue
        all_leaves += found
        compiled.append((probe, by_id, None))
    # Leaves that share globs share one spec; one RE2 set match per path finds every spec that matches.
    groups: dict[tuple, list[_Leaf]] = {}
    path_groups: dict[tuple, list[_Leaf]] = {}
    for leaf in all_leaves:
        (groups if leaf.reads_files else path_groups).setdefault(as_list(leaf.globs), []).append(leaf)
    content = list(groups.values())
    content_index = _GlobIndex([members[0].spec for members in content])
    prefilter = _PatternSet([leaf for members in content for leaf in members])

    def on_file(path: str, read) -> None:
        wanting = [leaf for number in content_index.matching(path) for leaf in content[number] if not leaf.done]
        if not wanting:
            return
        data = read()
        if data is None:
            return
        found = prefilter.matching(data)
        for leaf in wanting:
            if leaf.number in found:
                leaf.scan(path, data)
            else:
                leaf.files_searched += 1  # searched by the set: no match anywhere in the file

    stopped = None
    try:
        listing = walk(root, limits, on_file, deadline=started + limits.timeout)
    except TimeBound as bound:
        listing, stopped = Listing(), str(bound)
    paths = [d + "/" for d in listing.dirs] + listing.files + listing.links  # a folder is the best evidence
    path_leaves = list(path_groups.values())
    path_index = _GlobIndex([members[0].spec for members in path_leaves])
    for path in paths:
        for number in path_index.matching(path):
            for leaf in path_leaves[number]:
                if len(leaf.paths) <= MAX_EVIDENCE:
                    leaf.paths.append(path)
    results = []
    for probe, by_id, problem in compiled:
        if problem is not None:
            outcome = Outcome("error", [Evidence(problem)])
        elif stopped is not None:
            outcome = Outcome("error", [Evidence(stopped)])
        else:
            outcome = _combine(probe.check, by_id, listing, paths)
            outcome.evidence = outcome.evidence[:MAX_EVIDENCE]
        results.append(ProbeResult(probe, outcome))
    return RunReport(results, listing, time.monotonic() - started, stopped)
