"""Shared fixtures: the real site is built once per test session and served on 127.0.0.1."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from handbook_checklists.catalog.handbook import Handbook
from tests.support.hosting import StrictHostHandler, strict_host, switchable_host
from tests.support.site import REPO, build, free_port, serve


@dataclass
class BuiltSite:
    dir: Path
    url: str  # the site_url it was built with and is served at
    handler: type[StrictHostHandler]  # the server's: a plain file server, or the strict host in strict_host()

    @contextlib.contextmanager
    def strict_host(self):
        """Served like a strict static host (tests/support/hosting.py) for the duration of the block."""
        with strict_host(self.handler):
            yield self


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuiltSite:
    """The real handbook, built in strict mode with the URL it is served at. One build serves every test of the
    real site; test_strict_csp.py has the same server answer as a strict static host (BuiltSite.strict_host)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    out = tmp_path_factory.mktemp("site")
    result = build(REPO / "mkdocs.yml", out, url)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    handler = switchable_host()
    with serve(out, port, handler):
        yield BuiltSite(out, url, handler)


@pytest.fixture(scope="session")
def catalog():
    """The real handbook's checklists, which must load without a single error."""
    result = Handbook.at(REPO).load()
    assert result.ok, "\n".join(str(d) for d in result.diagnostics)
    return result.catalog


@pytest.fixture
def handbook(tmp_path):
    """A small handbook (security and review checklists, tests/support/handbooks.py) in a temp folder."""
    from tests.support.handbooks import write_small_handbook

    return write_small_handbook(tmp_path / "handbook")


@pytest.fixture
def project(handbook, tmp_path):
    """A project document of that handbook's security checklist, nothing ticked."""
    from tests.support.cli import invoke

    file = tmp_path / "checklist.json"
    assert invoke(["export", "-c", "security", "--project", "demo", "-o", file], handbook).exit_code == 0
    return file
