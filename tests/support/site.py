"""Building and serving a handbook site for tests: the real one, or a synthetic one in a temp dir."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MKDOCS = [sys.executable, "-m", "mkdocs"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def child_env(**extra) -> dict:
    """os.environ for a child process that runs in another folder: `PYTHONPATH=src pytest` puts this
    checkout first, and a relative entry would silently fall back there to an installed copy."""
    env = {**os.environ, **extra}
    if env.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.pathsep.join(os.path.abspath(e) if e else e for e in env["PYTHONPATH"].split(os.pathsep))
    return env


def build(config: Path, out_dir: Path, site_url: str, strict: bool = True) -> subprocess.CompletedProcess:
    """Run `mkdocs build` as a user would; returns the finished process (check returncode)."""
    env = child_env(SITE_URL=site_url, NO_MKDOCS_2_WARNING="1")
    command = MKDOCS + ["build", "-f", str(config), "-d", str(out_dir)] + (["--strict"] if strict else [])
    return subprocess.run(command, cwd=config.parent, env=env, capture_output=True, text=True, timeout=600)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path, port: int, handler_class: type = _QuietHandler):
    """Serve a built site on 127.0.0.1:port for the duration of the block (with `handler_class`, a
    SimpleHTTPRequestHandler, to answer as a particular host does)."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()
