"""A bounded, read-only walk of a repository's files for the probes (docs/checklists/probes.md "Safety").

The walk holds a file descriptor per open folder and opens every name relative to its parent's
descriptor with O_NOFOLLOW, so it never follows a symbolic link, to a file or a folder, inside the
repository or out of it (a link is listed as a path, never opened). It skips `.git`, what the
repository's .gitignore files ignore (pathspec's gitignore semantics), folders deeper than
`Limits.max_depth`, special files (FIFOs, sockets, devices) and, for reading, files over
`Limits.max_file_bytes` and binary files (a NUL byte in the first 8 KiB). It stops with TimeBound
when the deadline passes. Nothing found in the repository is ever executed.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC  # NONBLOCK: a FIFO never hangs open()
BINARY_SNIFF = 8192
GITIGNORE_MAX_BYTES = 256 * 1024


@dataclass(frozen=True)
class Limits:
    """Bounds of one run: file size read, folder depth, entries listed, wall time in seconds."""

    max_file_bytes: int = 1 << 20
    max_depth: int = 64
    max_entries: int = 500_000
    timeout: float = 60.0


class TimeBound(Exception):
    """The walk passed its deadline; the message says how far it got."""


@dataclass
class Listing:
    """What the walk saw: regular files, folders and symbolic links (repository-relative POSIX paths,
    in walk order), file sizes, and what it skipped and why."""

    files: list[str] = field(default_factory=list)
    dirs: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    read: int = 0  # files whose bytes were read
    bytes_read: int = 0

    def skip(self, path: str, reason: str) -> None:
        """Record one skipped path (capped, so an adversarial tree cannot grow the list without bound)."""
        if len(self.skipped) < 1000:
            self.skipped.append((path, reason))


def _read_gitignore(dir_fd: int):
    """The GitIgnoreSpec of a folder's .gitignore (a regular file, not a link), or None."""
    import pathspec

    try:
        fd = os.open(".gitignore", _FILE_FLAGS, dir_fd=dir_fd)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > GITIGNORE_MAX_BYTES:
            return None
        data = os.read(fd, GITIGNORE_MAX_BYTES)
    finally:
        os.close(fd)
    lines = data.decode("utf-8", "replace").splitlines()
    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except Exception:  # a malformed line: git ignores it; we ignore the file's rules rather than fail the run
        return None


def read_file(dir_fd: int, name: str, limits: Limits) -> tuple[bytes | None, str | None]:
    """(bytes, None) of a regular file named relative to an open folder, or (None, why it was not read)."""
    try:
        fd = os.open(name, _FILE_FLAGS, dir_fd=dir_fd)
    except OSError as error:
        return None, f"not opened: {error.strerror}"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, "not a regular file"
        if info.st_size > limits.max_file_bytes:
            return None, f"over {limits.max_file_bytes} bytes"
        chunks, total = [], 0
        while total <= limits.max_file_bytes:
            chunk = os.read(fd, min(1 << 20, limits.max_file_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        data = b"".join(chunks)
    except OSError as error:
        return None, f"not read: {error.strerror}"
    finally:
        os.close(fd)
    if len(data) > limits.max_file_bytes:
        return None, f"over {limits.max_file_bytes} bytes"
    if b"\0" in data[:BINARY_SNIFF]:
        return None, "binary"
    return data, None


def walk(root: str | os.PathLike, limits: Limits, on_file: Callable[[str, Callable[[], bytes | None]], None],
         deadline: float | None = None) -> Listing:
    """List the repository at `root`, calling on_file(path, read) for each regular file that is not
    ignored; `read()` returns its bytes, or None when it is too large, binary or unreadable (the
    reason is recorded in Listing.skipped). Raises TimeBound past `deadline` (time.monotonic())."""
    listing = Listing()
    deadline = deadline if deadline is not None else time.monotonic() + limits.timeout
    root_fd = os.open(os.fspath(root), os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        _walk_folder(root_fd, "", 0, [], listing, limits, on_file, deadline)
    finally:
        os.close(root_fd)
    return listing


def _ignored(rel: str, is_dir: bool, ignores: list[tuple[str, object]]) -> bool:
    for prefix, spec in ignores:
        inner = rel[len(prefix):]
        if spec.match_file(inner + "/" if is_dir else inner):
            return True
    return False


def _walk_folder(fd: int, prefix: str, depth: int, ignores: list, listing: Listing, limits: Limits,
                 on_file, deadline: float) -> None:
    spec = _read_gitignore(fd)
    if spec is not None:
        ignores = ignores + [(prefix, spec)]
    with os.scandir(fd) as scan:
        entries = sorted(scan, key=lambda e: e.name)
    for entry in entries:
        if time.monotonic() > deadline:
            raise TimeBound(f"stopped after {limits.timeout:g} s (the time bound) with {len(listing.files)} files "
                            f"listed and {listing.read} read")
        name = entry.name
        if name == ".git":
            continue
        rel = prefix + name
        if len(listing.files) + len(listing.dirs) + len(listing.links) >= limits.max_entries:
            listing.skip(rel, f"more than {limits.max_entries} entries: the rest of the repository was not listed")
            return
        try:
            if entry.is_symlink():
                if not _ignored(rel, False, ignores):
                    listing.links.append(rel)
                continue
            if entry.is_dir(follow_symlinks=False):
                if _ignored(rel, True, ignores):
                    continue
                listing.dirs.append(rel)
                if depth + 1 >= limits.max_depth:
                    listing.skip(rel + "/", f"deeper than {limits.max_depth} folders: not listed")
                    continue
                try:
                    child = os.open(name, _DIR_FLAGS, dir_fd=fd)
                except OSError as error:
                    listing.skip(rel + "/", f"not opened: {error.strerror}")
                    continue
                try:
                    _walk_folder(child, rel + "/", depth + 1, ignores, listing, limits, on_file, deadline)
                finally:
                    os.close(child)
                continue
            if not entry.is_file(follow_symlinks=False):
                continue  # FIFO, socket, device: never opened
            if _ignored(rel, False, ignores):
                continue
            size = entry.stat(follow_symlinks=False).st_size
        except OSError as error:
            listing.skip(rel, f"not inspected: {error.strerror}")
            continue
        listing.files.append(rel)
        listing.sizes[rel] = size

        def read(name=name, rel=rel, size=size):
            if size > limits.max_file_bytes:
                listing.skip(rel, f"over {limits.max_file_bytes} bytes: not read")
                return None
            data, why = read_file(fd, name, limits)
            if data is None:
                listing.skip(rel, why)
                return None
            listing.read += 1
            listing.bytes_read += len(data)
            return data

        on_file(rel, read)
