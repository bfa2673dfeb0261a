"""The rules of the probe language (the `check:` of an item; definition `check` in
schemas/checklist.schema.json) that the JSON Schema cannot state: every file set a list of globs
names exists (catalog/file_sets.py), every glob compiles with gitwildmatch (.gitignore) semantics,
every regular expression compiles with RE2, a linear-time engine, within a memory bound. Shared by
the loader (catalog/loader.py) and the probe engine (probes/engine.py), which compiles through the
same functions, so what loads also runs.

Why RE2 (the google-re2 package) and not Python's `re` with a timeout: RE2 matches in time linear
in the input, so no pattern and no file can make a scan run away, and a pattern it cannot run in
linear time (backreferences, lookaround) is refused when the checklist loads, with its position.
Python's `re` cannot be interrupted from within the process; bounding it would need a worker
process per file (docs/checklists/probes.md "Safety" has the measurements).
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from handbook_checklists.catalog.file_sets import FILE_SET_KEY, expand, file_sets, unknown_file_set

#: Leaf kinds of the probe language, by the key that tells them apart, and the combinators.
LEAF_KINDS = ("path_exists", "path_absent", "contains", "lacks", "lines")
COMBINATORS = ("all", "any", "not")
#: The keys whose value is one glob or a list of globs.
GLOB_KEYS = ("path_exists", "path_absent", "files")
#: RE2's memory budget for one compiled pattern; a pattern that needs more is refused.
REGEX_MAX_MEM = 8 << 20


class ProbeSyntaxError(ValueError):
    """A glob or regular expression of a probe that cannot be compiled; the message is one line."""


def kind_of(check: dict) -> str:
    """The kind of a schema-valid probe node: 'all', 'any', 'not' or one of LEAF_KINDS."""
    for key in COMBINATORS + ("path_exists", "path_absent", "lines", "contains", "lacks"):
        if key in check:
            return key
    raise ProbeSyntaxError(f"unknown probe kind; expected one of {', '.join(COMBINATORS + LEAF_KINDS)}")


def probe_version(check: dict) -> str:
    """'sha256:' and 12 hex digits of the check's canonical JSON: changes whenever the probe does."""
    canonical = json.dumps(check, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def as_list(globs) -> tuple[str, ...]:
    """A `globs` value (one glob or a list) as a tuple."""
    return (globs,) if isinstance(globs, str) else tuple(globs)


def expand_file_sets(check):
    """A copy of a schema-valid check with every `{fileset: NAME}` of its glob lists expanded in place
    (catalog/file_sets.expand): what the loader stores on the item, and what runs."""
    if not isinstance(check, dict):
        return check
    expanded = dict(check)
    for key in ("all", "any"):
        if isinstance(check.get(key), list):
            expanded[key] = [expand_file_sets(child) for child in check[key]]
    if "not" in check:
        expanded["not"] = expand_file_sets(check["not"])
    for key in GLOB_KEYS:
        if isinstance(check.get(key), (str, list)):
            expanded[key] = expand(check[key])
    return expanded


def _pathspec(globs: tuple[str, ...]):
    import pathspec

    try:
        return pathspec.PathSpec.from_lines("gitignore", globs, backend=_GLOB_BACKEND)
    except Exception as error:  # pathspec raises GitIgnorePatternError (a ValueError) and others
        raise ProbeSyntaxError(f"invalid glob: {error}") from None


#: pathspec's matching backend: 're2' joins a spec's patterns into one RE2 set (bench/probes_bench.py).
_GLOB_BACKEND = "re2"


def compile_globs(globs: tuple[str, ...]):
    """A pathspec.PathSpec for these patterns in .gitignore syntax (a later '!pattern' excludes
    what earlier ones matched); raises ProbeSyntaxError, also for a file set left unexpanded
    because no set has its name."""
    for glob in globs:
        if isinstance(glob, dict):
            raise ProbeSyntaxError(unknown_file_set(glob.get(FILE_SET_KEY)))
    return _compiled_globs(tuple(globs))


@lru_cache(maxsize=1024)
def _compiled_globs(globs: tuple[str, ...]):
    if all(g.startswith("!") for g in globs):
        raise ProbeSyntaxError(f"glob {globs[0]!r}: only negated patterns ('!...'), which match nothing")
    return _pathspec(globs)


def _re2():
    import re2

    return re2


@lru_cache(maxsize=1024)
def compile_regex(pattern: str, multiline: bool = False):
    """The pattern compiled by RE2 for bytes (UTF-8); raises ProbeSyntaxError for a pattern RE2
    refuses: bad syntax, a construct without a linear-time match (backreference, lookaround), or
    one that needs more than REGEX_MAX_MEM."""
    re2 = _re2()
    options = re2.Options()
    options.log_errors = False
    options.max_mem = REGEX_MAX_MEM
    source = ("(?m)" if multiline else "") + pattern
    try:
        return re2.compile(source.encode("utf-8"), options)
    except re2.error as error:
        reason = error.args[0] if error.args else str(error)
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        unsupported = ("(?=", "(?!", "(?<=", "(?<!") + tuple(f"\\{d}" for d in "123456789")
        hint = (" (RE2 has no backreferences or lookaround: they cannot be matched in linear time)"
                if any(token in pattern for token in unsupported) else "")
        raise ProbeSyntaxError(f"invalid regular expression {pattern!r}: {reason}{hint}") from None


def check_problems(check, path: tuple = ()) -> list[tuple[tuple, str]]:
    """(path within the check, message) for every file set of a schema-valid check that does not
    exist and every glob or regex that does not compile; [] when the probe is runnable. `check` is
    the check as written, file sets unexpanded, so that each path leads to its source position."""
    if not isinstance(check, dict):
        return [(path, "a probe must be a mapping")]
    problems: list[tuple[tuple, str]] = []
    try:
        kind = kind_of(check)
    except ProbeSyntaxError as error:
        return [(path, str(error))]
    if kind in ("all", "any"):
        for index, child in enumerate(check[kind]):
            problems += check_problems(child, path + (kind, index))
        return problems
    if kind == "not":
        return check_problems(check["not"], path + ("not",))
    glob_key = kind if kind in ("path_exists", "path_absent") else "files"
    globs = check[glob_key]
    for index, glob in enumerate(as_list(globs)):
        where = path + ((glob_key, index) if isinstance(globs, list) else (glob_key,))
        if isinstance(glob, dict):
            if glob.get(FILE_SET_KEY) not in file_sets():
                problems.append((where + (FILE_SET_KEY,), unknown_file_set(glob.get(FILE_SET_KEY))))
            continue
        try:
            _pathspec((glob,))
        except ProbeSyntaxError as error:
            problems.append((where, str(error)))
    if isinstance(globs, list) and not problems:
        try:
            compile_globs(tuple(expand(globs)))
        except ProbeSyntaxError as error:
            problems.append((path + (glob_key,), str(error)))
    for key in ("contains", "lacks", "lines", "match"):
        if key in check:
            try:
                compile_regex(check[key], multiline=key == "lines")
            except ProbeSyntaxError as error:
                problems.append((path + (key,), str(error)))
    return problems
