"""A project document on disk: read it with one-line errors, write it atomically, and tick one item
by editing only that item's lines.

Writes go to a temporary file in the same folder (`.<name>.<random>.tmp`), are flushed to disk, and
then renamed over the original, so a crash leaves either the old file or the new one, never half of
one. On any error the original file is left exactly as it was and the temporary file is removed; one
left by a killed process is removed by the next `set` or `upgrade` of that file.

A write never follows a symbolic link: a link is refused (or, with `overwrite`, replaced by a plain
file), so a file that is a link cannot send a write outside the folder it seems to be in. `set` and
`upgrade` hold an advisory lock (flock) on the document while they read, change and replace it, so
two of them at once both keep their change.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
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


def local_folders(path: str, document: dict) -> tuple[Path, ...]:
    """The team checklist folders a document names in `local`, relative to the folder of the file at
    `path` (standard input, '-': the current folder). Raises FileError when one is not a folder, or
    lies outside the document's folder once symbolic links are followed: a document, which anyone
    who opens a pull request may edit, never makes a command read files elsewhere."""
    base = Path.cwd() if path == "-" else Path(path).resolve().parent
    found = []
    for entry in document.get("local", ()):
        folder = (base / entry).resolve()
        if not folder.is_relative_to(base):
            raise FileError(f"\"local\": {json.dumps(entry)} leads outside the document's folder")
        if not folder.is_dir():
            raise FileError(f"\"local\": {json.dumps(entry)} is not a folder next to the document")
        found.append(folder)
    return tuple(found)


def local_entries(path: str, folders: tuple[Path, ...]) -> tuple[list[str], list[Path]]:
    """(entries, left out): the folders as a document at `path` ('-': the current folder) names them
    in `local`, relative to its folder with '/' between names; folders outside it are left out."""
    base = Path.cwd() if path == "-" else Path(os.path.abspath(path)).parent.resolve()
    entries, left_out = [], []
    for folder in folders:
        resolved = folder.resolve()
        if resolved == base or not resolved.is_relative_to(base):
            left_out.append(folder)
        elif (entry := resolved.relative_to(base).as_posix()) not in entries:
            entries.append(entry)
    return entries, left_out


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


def _refuse_symlink(path: str) -> None:
    if os.path.islink(path):
        raise FileError(f"is a symbolic link (to {os.readlink(path)}); refusing to write through it: "
                        "name the file itself")


def _temp_prefix(path: str) -> str:
    return f".{os.path.basename(path)}."


def remove_stale_temporaries(path: str) -> None:
    """Remove temporary files a killed write of path left behind (call while holding its lock)."""
    folder = os.path.dirname(os.path.abspath(path))
    for stale in glob.glob(os.path.join(glob.escape(folder), glob.escape(_temp_prefix(path)) + "*.tmp")):
        with contextlib.suppress(OSError):
            if not os.path.islink(stale) and stat.S_ISREG(os.lstat(stale).st_mode):
                os.unlink(stale)


@contextlib.contextmanager
def locked(path: str):
    """Hold an exclusive advisory lock on the document at path (no symbolic link) for the block.

    The lock is on the file itself; a writer replaces the file by a rename, so after waiting for
    the lock the file is checked to still be the one locked, and locked again when it is not."""
    if path == "-":
        raise FileError("cannot write a document to standard input; name the file")
    _refuse_symlink(path)
    while True:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except FileNotFoundError:
            raise FileError("no such file; create one with `checklist export -o FILE`") from None
        except OSError as error:
            raise FileError(f"cannot open the file: {error.strerror or error}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                current = os.stat(path, follow_symlinks=False)
            except FileNotFoundError:
                current = None
            held = os.fstat(fd)
            if current is not None and (current.st_dev, current.st_ino) == (held.st_dev, held.st_ino):
                remove_stale_temporaries(path)
                yield
                return
        finally:
            os.close(fd)  # releases the lock


def write_atomic(path: str, text: str, keep_mode_of: str | None = None, *, overwrite: bool = True) -> None:
    """Write text (UTF-8, exactly as given) to path via a temporary file and a rename.

    A symbolic link at path is never written through: refused, or with overwrite replaced by a
    plain file. Without overwrite an existing file is refused too (the caller offers --force)."""
    if os.path.lexists(path) and not overwrite:
        raise FileError("already exists; use --force to replace it")
    if not overwrite or keep_mode_of == path:
        _refuse_symlink(path)
    target = os.path.abspath(path)
    folder = os.path.dirname(target) or "."
    mode = None
    if keep_mode_of is not None:
        try:
            mode = stat.S_IMODE(os.stat(keep_mode_of).st_mode)
        except OSError:
            mode = None
    try:
        handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=folder,
                                             prefix=_temp_prefix(target), suffix=".tmp", delete=False)
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


def _writable_v2(path: str, item_id: str | None) -> tuple[str, dict, dict | None]:
    """(text, document, item) of a format 2 project file about to be edited (item None when no
    `item_id` is given); raises DocumentError for a format 1 file (a write never changes the format
    behind the team's back), an unknown or orphaned ID, or an unreadable, invalid or read-only file."""
    from handbook_checklists.document.build import FORMAT

    ensure_writable(path)
    text, document = read_document(path)
    if document["format"] != FORMAT:
        name = "-" if path == "-" else path
        raise DocumentError(f"this file is {document['format']}; run `checklist upgrade {name}` first")
    if item_id is None:
        return text, document, None
    item = find_item(document, item_id)
    if item is None:
        if find_orphan(document, item_id) is not None:
            raise DocumentError(f"{item_id} is an orphan: it is no longer in the handbook's checklists, "
                                "so it cannot be ticked; see `checklist upgrade`")
        raise DocumentError(f"{item_id} is not an item of this document; list them with `checklist status --all`")
    return text, document, item


def set_item(path: str, item_id: str, status: str, note: str | None, updated: str) -> tuple[str, bool]:
    """Tick one item in a format 2 project file: its one entry in `items`, whatever checklists list
    it. Returns (what happened, whether the file was reformatted).

    Only the item's status, note and updated lines change; the edited text is parsed again and
    compared with the intended document, and if that fails (a file not in the canonical layout) the
    whole file is written in the canonical format instead. `updated` is an RFC 3339 timestamp.
    Raises DocumentError (FileError for the file itself) for a format 1 file, an unknown or orphaned
    ID, `na` without a reason or a note over 2,000 characters (state.new_state), or an unreadable,
    invalid or read-only file.
    """
    with locked(path):  # read again under the lock: another `set` may just have written
        return _set_item(path, item_id, status, note, updated)


def _set_item(path: str, item_id: str, status: str, note: str | None, updated: str) -> tuple[str, bool]:
    from handbook_checklists.document.build import dumps
    from handbook_checklists.document.state import new_state

    text, document, item = _writable_v2(path, item_id)
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


def waive_item(path: str, item_id: str, waiver: dict | None) -> str:
    """Set (or, with None, remove) the waiver of one item in a format 2 project file and write it
    atomically in the canonical layout (a canonical file changes only in the waiver's lines). Returns
    what happened. `waiver` is {"reason", "owner", "until"} as state.new_waiver checks it. Raises
    DocumentError as set_item does."""
    with locked(path):
        return _waive_item(path, item_id, waiver)


def _waive_item(path: str, item_id: str, waiver: dict | None) -> str:
    from handbook_checklists.document.build import dumps

    _, document, item = _writable_v2(path, item_id)
    old = item.get("waiver")
    if old == waiver:
        return f"{item_id}: {'no waiver' if waiver is None else 'the same waiver'}; nothing to change"
    fields = list(item.items())
    item.clear()
    for key, value in fields:  # the waiver's place: right after "updated"
        if key != "waiver":
            item[key] = value
        if key == "updated" and waiver is not None:
            item["waiver"] = waiver
    write_atomic(path, dumps(document), keep_mode_of=path)
    if waiver is None:
        return f"{item_id}: waiver removed"
    return f"{item_id}: waived until {waiver['until']} (owner {waiver['owner']})"


def update_auto(path: str, results: dict[str, dict]) -> tuple[list[str], list[str]]:
    """Record probe results in the `auto` field of a project file's items (state.record_auto) and
    write the file atomically in the canonical layout; the human status, note and updated time of
    every item stay as they are. Returns (IDs recorded, IDs not in the document). Raises
    DocumentError (FileError for the file itself); the file is untouched on any error."""
    from handbook_checklists.document.build import dumps
    from handbook_checklists.document.state import record_auto, validate_document

    with locked(path):
        text, document, _ = _writable_v2(path, None)
        recorded, missing = record_auto(document, results)
        errors = validate_document(document)
        if errors:
            raise DocumentError(f"the probe results do not fit the document: {errors[0]}")
        write_atomic(path, dumps(document), keep_mode_of=path)
    return recorded, missing
