"""A project document on disk: read it with one-line errors, write it atomically, and tick one item
by editing only that item's lines.

Writes go to a temporary file in the same folder, are flushed to disk, and then renamed over the
original, so a crash leaves either the old file or the new one, never half of one. On any error the
original file is left exactly as it was (docs/reference/project-document.md "Layout").
"""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from pathlib import Path

from handbook_checklists.document.state import DocumentError, find_item, find_orphan, parse_document


class FileError(DocumentError):
    """A problem with the file itself (missing, unreadable, read-only)."""


def read_bytes(path: str) -> bytes:
    """The bytes of the file at `path` ('-' reads standard input); raises FileError with a one-line reason."""
    if path == "-":
        return sys.stdin.buffer.read()
    file = Path(path)
    try:
        return file.read_bytes()
    except FileNotFoundError:
        raise FileError("no such file; create one with `checklist export -o FILE`") from None
    except IsADirectoryError:
        raise FileError("is a directory, not a project file") from None
    except PermissionError:
        raise FileError("cannot read the file: permission denied") from None
    except OSError as error:
        raise FileError(f"cannot read the file: {error.strerror or error}") from None


def read_document(path: str) -> tuple[str, dict]:
    """(text, document) of a project file; raises DocumentError with a one-line reason."""
    data = read_bytes(path)
    document = parse_document(data)
    return data.decode("utf-8").removeprefix("\ufeff"), document


def ensure_writable(path: str) -> None:
    """Refuse early, before any work, when the file is read-only (also when running as root,
    where the OS would let the rename replace a file its owner marked read-only). Raises FileError."""
    if path == "-":
        raise FileError("cannot write a document to standard input; name the file")
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise FileError("no such file; create one with `checklist export -o FILE`") from None
    except OSError as error:
        raise FileError(f"cannot inspect the file: {error.strerror or error}") from None
    if not stat.S_ISREG(mode):
        raise FileError("is not a regular file")
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise FileError("the file is read-only; make it writable (chmod u+w) and try again")
    folder = os.path.dirname(os.path.realpath(path)) or "."
    if not os.access(folder, os.W_OK | os.X_OK):
        raise FileError(f"cannot write in the folder {folder}: permission denied")


def write_atomic(path: str, text: str, keep_mode_of: str | None = None) -> None:
    """Write text (UTF-8, exactly as given) to path via a temporary file and a rename.

    The new file gets the permission bits of `keep_mode_of` (else 0o644). Raises FileError when the
    folder or the file cannot be written; the temporary file is removed on any failure."""
    target = os.path.realpath(path)  # a symlinked project file stays a symlink
    folder = os.path.dirname(target) or "."
    mode = None
    if keep_mode_of is not None:
        try:
            mode = stat.S_IMODE(os.stat(keep_mode_of).st_mode)
        except OSError:
            mode = None
    try:
        handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=folder,
                                             prefix=f".{os.path.basename(target)}.", suffix=".tmp", delete=False)
    except OSError as error:
        raise FileError(f"cannot write in the folder {folder}: {error.strerror or error}") from None
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, mode if mode is not None else 0o644)
        os.replace(handle.name, target)
    except BaseException as error:
        try:
            os.unlink(handle.name)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise FileError(f"cannot write the file: {error.strerror or error}") from None
        raise


def _line_bounds(text: str, position: int) -> tuple[int, int]:
    """(start, end) of the line holding position; end excludes the line break."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end < 0 else end


def edit_item_text(text: str, item_id: str, values: dict) -> str | None:
    """The text with only the given fields of one item's object rewritten, or None when the file is
    not laid out one field per line (then the caller rewrites it in the canonical format).

    Works on the item's own lines only (str.find, no scan of the whole file with a regex), which
    keeps `set` fast on a 10,000-item file.
    """
    needle = '"id": ' + json.dumps(item_id)
    hits = []
    position = text.find(needle)
    while position >= 0:
        start, end = _line_bounds(text, position)
        indent, rest = text[start:position], text[position + len(needle):end]
        if indent.strip(" \t") == "" and rest.rstrip("\r").strip() in ("", ","):
            hits.append((start, end, indent))
        position = text.find(needle, position + len(needle))
    if len(hits) != 1:
        return None
    start, end, indent = hits[0]
    field_prefix = indent + '"'
    # the object's fields: the run of neighbouring lines with the same indentation
    lines = [(start, end)]
    while lines[0][0] > 0:
        previous = _line_bounds(text, lines[0][0] - 1)
        if not text.startswith(field_prefix, previous[0]):
            break
        lines.insert(0, previous)
    while lines[-1][1] < len(text):
        following = _line_bounds(text, lines[-1][1] + 1)
        if not text.startswith(field_prefix, following[0]):
            break
        lines.append(following)
    edits = []
    for key, value in values.items():
        prefix = f'{indent}"{key}": '
        found = [(a, b) for a, b in lines if text.startswith(prefix, a)]
        if len(found) != 1:
            return None
        a, b = found[0]
        body = text[a:b].rstrip("\r")
        comma = "," if body.rstrip().endswith(",") else ""
        edits.append((a, a + len(body), prefix + json.dumps(value, ensure_ascii=False) + comma))
    out, cursor = [], 0
    for a, b, replacement in sorted(edits):
        out += [text[cursor:a], replacement]
        cursor = b
    out.append(text[cursor:])
    return "".join(out)


def set_item(path: str, item_id: str, status: str, note: str | None, updated: str) -> tuple[str, bool]:
    """Tick one item in a project file. Returns (what happened, whether the file was reformatted).

    Only the item's status, note and updated lines change; the edited text is parsed again and
    compared with the intended document, and if that fails (a file not in the canonical layout) the
    whole file is written in the canonical format instead. `updated` is an RFC 3339 timestamp.
    Raises DocumentError (FileError for the file itself) for an unknown or orphaned ID, `na` without
    a reason or a note over 2,000 characters (state.new_state), or an unreadable, invalid or read-only file.
    """
    from handbook_checklists.document.build import dumps
    from handbook_checklists.document.state import new_state

    ensure_writable(path)
    text, document = read_document(path)
    found = find_item(document, item_id)
    if found is None:
        if find_orphan(document, item_id) is not None:
            raise DocumentError(f"{item_id} is an orphan: it is no longer in the handbook's checklists, "
                                "so it cannot be ticked; see `checklist upgrade`")
        raise DocumentError(f"{item_id} is not an item of this document; list them with `checklist status --all`")
    _, item = found
    values = new_state(item, status, note, updated)
    if values is None:
        return f"{item_id} is already {status}; nothing to change", False
    old_status = item["status"]
    item.update(values)  # `document` is now the intended result
    edited = edit_item_text(text, item_id, values)
    reformatted = False
    if edited is not None:
        # read the edit back: equal to the intended (already validated) document, or start over
        try:
            if json.loads(edited) != document:
                edited = None
        except ValueError:
            edited = None
    if edited is None:
        edited = dumps(document)
        reformatted = True
    write_atomic(path, edited, keep_mode_of=path)
    change = f"{item_id}: {old_status} -> {status}" if old_status != status else f"{item_id}: note updated"
    return change, reformatted


def update_auto(path: str, results: dict[str, dict]) -> tuple[list[str], list[str]]:
    """Record probe results in the `auto` field of a project file's items (state.record_auto) and
    write the file atomically in the canonical layout; the human status, note and updated time of
    every item stay as they are. Returns (IDs recorded, IDs not in the document). Raises
    DocumentError (FileError for the file itself); the file is untouched on any error."""
    from handbook_checklists.document.build import dumps
    from handbook_checklists.document.state import record_auto, validate_document

    ensure_writable(path)
    _, document = read_document(path)
    recorded, missing = record_auto(document, results)
    errors = validate_document(document)
    if errors:
        raise DocumentError(f"the probe results do not fit the document: {errors[0]}")
    write_atomic(path, dumps(document), keep_mode_of=path)
    return recorded, missing
