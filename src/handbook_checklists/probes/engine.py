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
    """The probe of one item: its check, where it came from, and what it cannot tell (`limits`)."""

    item_id: str
    check: dict
    source: str = ""  # 'checklists/security.yml' or 'probes/catalog_probes.yml'
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
            found = [p for p in paths if self.spec.match_file(p)]
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
    # Leaves that share globs share one match per file.
    groups: dict[tuple, list[_Leaf]] = {}
    for leaf in all_leaves:
        if leaf.reads_files:
            groups.setdefault(as_list(leaf.globs), []).append(leaf)
    specs = [(groups[key][0].spec, groups[key]) for key in groups]

    def on_file(path: str, read) -> None:
        wanting = [leaf for spec, members in specs if spec.match_file(path) for leaf in members if not leaf.done]
        if not wanting:
            return
        data = read()
        if data is None:
            return
        for leaf in wanting:
            leaf.scan(path, data)

    stopped = None
    try:
        listing = walk(root, limits, on_file, deadline=started + limits.timeout)
    except TimeBound as bound:
        listing, stopped = Listing(), str(bound)
    paths = [d + "/" for d in listing.dirs] + listing.files + listing.links  # a folder is the best evidence
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
