"""Probes are safe on a hostile repository: they follow no symbolic link (to /etc, out of the
repository, or in a loop), skip .git, binary files, files over 1 MB (a 50 MB sparse file), FIFOs and
folders deeper than the depth bound (10,000 nested folders), survive invalid UTF-8, match in linear
time (an input that makes a backtracking regex explode), stop at the time bound with a clear
message, and never open a file outside the repository: traced in-process and, where strace exists,
for the whole `checklist run` process."""

from __future__ import annotations

import builtins
import io
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handbook_checklists.probes.engine import Probe, run_probes
from handbook_checklists.probes.walk import Limits
from tests.support.probes import PRIVATE_KEY, shipped_probes, write_tree

KEY = PRIVATE_KEY
BIN = Path(sys.executable).parent
PROBES = list(shipped_probes())
#: A probe whose pattern makes a backtracking engine (Python's re) take exponential time on EXPLOSIVE.
EXPLODING = Probe("ZZZ-001", {"files": "*.txt", "contains": "^(a+)+$"})
EXPLOSIVE = "a" * 50_000 + "!"
DEPTH = 10_000


def nest(root: Path, depth: int, leaf: str) -> None:
    """`depth` nested folders d/d/d/... under root (deeper than PATH_MAX allows by path), a file at the bottom."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fd)
            child = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = child
        leaf_fd = os.open("key.pem", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(leaf_fd, leaf.encode())
        os.close(leaf_fd)
    finally:
        os.close(fd)


def remove_nested(root: Path) -> None:
    """Remove what nest() made without paths longer than PATH_MAX (os.fwalk-free, by descriptors)."""
    fds = [os.open(root, os.O_RDONLY | os.O_DIRECTORY)]
    while True:
        try:
            fds.append(os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fds[-1]))
        except FileNotFoundError:
            break
    for name in os.listdir(fds[-1]):
        os.unlink(name, dir_fd=fds[-1])
    while len(fds) > 1:
        os.close(fds.pop())
        os.rmdir("d", dir_fd=fds[-1])
    os.close(fds[0])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    outside = write_tree(base / "outside", {"secret.txt": KEY, "key.pem": KEY, "Dockerfile": "FROM x\nUSER app\n"})
    repo = write_tree(base / "repo", {
        "README.md": "# hostile\n",
        "invalid-utf8.txt": b"caf\xe9 \xff\xfe " + KEY.encode() + b"\xc3\x28 end\n",
        "binary.dat": b"\x00\x01\x02" + KEY.encode() + b"\x00" * 100,
        "explosive.txt": EXPLOSIVE,
        ".git/config": "[core]\n\tfsmonitor = touch /tmp/pwned\n",
        ".git/objects/key": KEY,
    })
    with open(repo / "huge.log", "wb") as handle:  # 50 MB, sparse: no disk used
        handle.write(KEY.encode())
        handle.truncate(50 * 1024 * 1024)
    os.symlink("/etc", repo / "etc")
    os.symlink("/etc/passwd", repo / "passwd")
    os.symlink(outside, repo / "outside-dir")
    os.symlink(outside / "key.pem", repo / "outside.pem")
    os.symlink(outside / "Dockerfile", repo / "Dockerfile")
    os.symlink(".", repo / "loop")
    os.symlink("loop2", repo / "loop1")
    os.symlink("loop1", repo / "loop2")
    os.mkfifo(repo / "pipe")
    (repo / "deep").mkdir()
    nest(repo / "deep", DEPTH, KEY)
    yield repo, outside
    remove_nested(repo / "deep")
    shutil.rmtree(base, ignore_errors=True)


class OpenTrace:
    """Every path the process asks to open or list, resolved to an absolute path."""

    def __init__(self):
        self.paths: list[str] = []

    def resolve(self, path, dir_fd=None) -> str:
        if isinstance(path, int):
            return os.readlink(f"/proc/self/fd/{path}")
        path = os.fsdecode(path)
        if dir_fd is not None and not os.path.isabs(path):
            return os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), path)
        return os.path.abspath(path)


@pytest.fixture
def trace(monkeypatch):
    traced = OpenTrace()
    real_open, real_os_open, real_scandir = builtins.open, os.open, os.scandir

    def os_open(path, flags, mode=0o777, *, dir_fd=None):
        traced.paths.append(traced.resolve(path, dir_fd))
        return real_os_open(path, flags, mode, dir_fd=dir_fd)

    def py_open(file, *args, **kwargs):
        if not isinstance(file, int):
            traced.paths.append(traced.resolve(file))
        return real_open(file, *args, **kwargs)

    def scandir(path="."):
        traced.paths.append(traced.resolve(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(builtins, "open", py_open)
    monkeypatch.setattr(io, "open", py_open)
    monkeypatch.setattr(os, "scandir", scandir)
    return traced


def test_a_hostile_repository_is_probed_safely_and_nothing_outside_it_is_opened(hostile, trace):
    repo, outside = hostile
    started = time.perf_counter()
    report = run_probes(repo, PROBES + [EXPLODING])
    elapsed = time.perf_counter() - started
    assert report.stopped is None and elapsed < 10, elapsed
    root = os.path.realpath(repo)
    opened = sorted(set(trace.paths))
    assert opened, "the trace saw nothing"
    assert [p for p in opened if not (p == root or p.startswith(root + os.sep))] == []
    assert not any("outside" in p or p.startswith("/etc") or "/.git/" in p + "/" for p in opened)
    by_id = {r.probe.item_id: r.outcome for r in report.results}
    # links are listed (a committed .pem link is still a committed key file), never read
    files_seen = {e.file for o in by_id.values() for e in o.evidence if e.file}
    assert "outside.pem" in files_seen
    assert not {"etc/passwd", "outside-dir/secret.txt", "binary.dat", "huge.log", ".git/objects/key"} & files_seen
    assert not any(f.startswith("deep/" + "d/" * 63) for f in files_seen)
    # the symlinked Dockerfile is not read: no USER found through it
    assert by_id["OPS-010"].result == "fail"
    # invalid UTF-8 is searched as bytes, and shown with replacement characters
    key_hits = [e for e in by_id["SEC-017"].evidence if e.file == "invalid-utf8.txt"]
    assert key_hits and "\ufffd" in key_hits[0].excerpt
    # linear-time matching: the exploding pattern finishes (and does not match: the input ends in '!')
    assert by_id["ZZZ-001"].result == "fail"
    skipped = dict(report.listing.skipped)
    assert "over 1048576 bytes" in skipped["huge.log"] and skipped["binary.dat"] == "binary"
    assert any("deeper than 64 folders" in reason for reason in skipped.values())
    assert "pipe" not in report.listing.files


def test_python_re_would_explode_on_the_same_input():
    """Why RE2: the same pattern takes Python's backtracking engine exponential time (a third of a
    second on 22 characters, doubling with each one more), where RE2 takes microseconds on 50,000."""
    started = time.perf_counter()
    assert re.match("^(a+)+$", "a" * 22 + "!") is None
    backtracking = time.perf_counter() - started
    from handbook_checklists.catalog.probe_rules import compile_regex

    started = time.perf_counter()
    assert compile_regex("^(a+)+$").search(EXPLOSIVE.encode()) is None
    linear = time.perf_counter() - started
    assert backtracking > 20 * linear, (backtracking, linear)


def test_the_time_bound_stops_the_run_with_a_clear_message(tmp_path):
    write_tree(tmp_path, {f"f{i}.txt": "x\n" for i in range(50)})
    report = run_probes(tmp_path, PROBES, Limits(timeout=0.0))
    assert report.stopped and "time bound" in report.stopped
    assert {r.outcome.result for r in report.results} == {"error"}
    assert all("time bound" in r.outcome.message for r in report.results)


def _openat_paths(log: Path) -> set[str]:
    """Absolute paths of every open in an `strace -f -y` log: dirfd paths joined with relative names."""
    found = set()
    for line in log.read_text(errors="replace").splitlines():
        match = re.search(r'open(?:at2?)?\((?:(AT_FDCWD|\d+<([^>]*)>), )?"([^"]*)"', line)
        if not match:
            continue
        base, name = match.group(2), match.group(3)
        if base and not name.startswith("/"):
            name = os.path.join(base, name)
        found.add(os.path.normpath(name))
    return found


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_strace_sees_no_open_outside_the_repository_that_an_empty_run_does_not_make(hostile, tmp_path):
    """The whole process under strace: paths outside the repository that a run on the hostile
    repository opens, minus those a run on an empty repository opens (Python, the package, the
    handbook), must be none."""
    repo, outside = hostile
    empty = write_tree(tmp_path / "empty", {"README.md": "x\n"})
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}

    def traced(target: Path, name: str) -> set[str]:
        log = tmp_path / f"{name}.strace"
        done = subprocess.run(["strace", "-f", "-y", "-qq", "-e", "trace=open,openat,openat2", "-o", str(log),
                               str(BIN / "checklist"), "run", "--repo", str(target), "--format", "json"],
                              capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        root = os.path.realpath(target)
        return {p for p in _openat_paths(log) if not (p == root or p.startswith(root + os.sep))}

    baseline = traced(empty, "empty")
    hostile_run = traced(repo, "hostile")
    extra = sorted(p for p in hostile_run - baseline if not p.startswith("/proc/"))
    assert extra == []
    assert not any(p.startswith(os.path.realpath(outside)) for p in hostile_run)
