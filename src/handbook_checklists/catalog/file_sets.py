"""Named file sets of the probe language: lists of globs that many probes share (the CI
configurations, the Dockerfiles, the lockfiles), defined once in catalog/file_sets.yml, which ships
with the package, so that every checklist, the handbook's and a team's (`--local`), names them.

In a `check:`, a list of globs may hold `{fileset: NAME}` (definition `fileSetRef` of
schemas/checklist.schema.json). The loader reports an unknown name at its position
(catalog/probe_rules.py) and stores the item's check with every set expanded in place: the probe
that runs, and the hash that versions it, hold the globs themselves, so changing a set changes the
version of every probe that uses it. YAML anchors could not do this: they do not cross files.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from importlib import resources

FILE_SETS_FILE = "file_sets.yml"
#: The key of a file set reference in a list of globs.
FILE_SET_KEY = "fileset"


@dataclass(frozen=True)
class FileSet:
    """A named list of globs in .gitignore syntax, in order, and what its files are."""

    name: str
    description: str
    globs: tuple[str, ...]


@cache
def file_sets() -> dict[str, FileSet]:
    """The shipped file sets by name, in the order of the file (tests/test_probes_language.py checks
    its names and globs against the schema)."""
    import yaml

    data = yaml.safe_load((resources.files(__package__) / FILE_SETS_FILE).read_text(encoding="utf-8"))
    return {name: FileSet(name, entry["description"], tuple(entry["globs"])) for name, entry in data.items()}


def unknown_file_set(name) -> str:
    """Why `{fileset: name}` is refused: no such set; the nearest name, if one is near, and all of them."""
    known = list(file_sets())
    near = difflib.get_close_matches(name, known, n=1) if isinstance(name, str) else []
    hint = f"; did you mean '{near[0]}'?" if near else ""
    return f"unknown file set '{name}'{hint} (known: {', '.join(known)})"


def expand(globs):
    """A `globs` value (one glob, or a list) with every `{fileset: NAME}` element replaced by the set's
    globs in its place, so that a later '!pattern' still excludes from them. One glob stays a string.
    A reference to an unknown name stays as it is: the loader reports it, and compiling the list
    refuses it (catalog/probe_rules.compile_globs), so such a probe ends in error, never in a verdict."""
    if isinstance(globs, str):
        return globs
    expanded: list = []
    for glob in globs:
        found = file_sets().get(glob.get(FILE_SET_KEY)) if isinstance(glob, dict) else None
        if found is not None:
            expanded += found.globs
        else:
            expanded.append(glob)
    return expanded
