"""`mkdocs serve` shows an edit to a checklist YAML file, and an edit to the engine's own code,
without a restart (adapters/mkdocs/plugin.py: the engine's folder is watched and its modules are
imported afresh on every rebuild)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.support.handbooks import make_handbook
from tests.support.site import REPO, free_port


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, text: str, seconds: float = 90) -> str:
    """The page at url once it contains text; fails after `seconds`."""
    deadline = time.monotonic() + seconds
    page = ""
    while time.monotonic() < deadline:
        try:
            page = fetch(url)
            if text in page:
                return page
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"{url} never showed {text!r} within {seconds} s")


@pytest.fixture
def served(tmp_path):
    """A small handbook served by `mkdocs serve`, with the engine imported from a copy in tmp_path."""
    engine = tmp_path / "engine"
    shutil.copytree(REPO / "src" / "handbook_checklists", engine / "handbook_checklists", symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    root = make_handbook(tmp_path / "handbook")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(engine), "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(root / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield root, engine / "handbook_checklists", f"http://127.0.0.1:{port}/checklists/demo/"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_serve_rebuilds_on_yaml_and_engine_edits(served):
    root, engine, url = served
    wait_for(url, "First item")

    checklist = root / "checklists" / "demo.yml"
    checklist.write_text(checklist.read_text(encoding="utf-8").replace("First item", "Renamed item"), encoding="utf-8")
    wait_for(url, "Renamed item")

    renderer = engine / "render" / "html.py"
    source = renderer.read_text(encoding="utf-8")
    assert '">permalink</a>' in source
    renderer.write_text(source.replace('">permalink</a>', '">permanent link</a>'), encoding="utf-8")
    page = wait_for(url, ">permanent link</a>")
    assert "Renamed item" in page
