"""Browser fixtures: one Chromium per session, synthetic handbooks served on 127.0.0.1, and a guard
that fails any test whose page asks for a host other than 127.0.0.1."""

from __future__ import annotations

import contextlib
import http.server
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.site import build, free_port
from tests.support.handbooks import demo_checklists, write_site

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def launch(playwright):
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        missing = "Debian's chromium is not installed (make chromium)"
        if os.environ.get("CI"):  # CI must never pass by skipping the browser tests
            pytest.fail(missing)
        pytest.skip(missing)
    return playwright.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
                                      args=ARGS)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = launch(playwright)
    yield chromium
    chromium.close()
    playwright.stop()


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_switchable(holder: dict, port: int):
    """Serve holder['dir'] (looked up on every request), so one origin can show two builds in turn."""

    class Handler(_Handler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(holder["dir"]), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Synthetic:
    url: str
    builds: dict[str, Path]
    holder: dict = field(default_factory=dict)

    def use(self, name: str) -> None:
        self.holder["dir"] = self.builds[name]


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Synthetic:
    """Two builds of a small synthetic handbook at the same origin: 'v1' (alpha 1.0.0, beta) and 'v2'
    (alpha 2.0.0 retires ALP-002 into ALP-001 and ALP-004 without replacement)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    base = tmp_path_factory.mktemp("synthetic")
    builds = {}
    for name, lists in (("v1", demo_checklists()), ("v2", demo_checklists("2.0.0", retire=True))):
        root = write_site(base / name, lists)
        result = build(root / "mkdocs.yml", root / "site", url)
        assert result.returncode == 0, result.stdout + result.stderr
        builds[name] = root / "site"
    synthetic = Synthetic(url, builds)
    synthetic.use("v1")
    with serve_switchable(synthetic.holder, port):
        yield synthetic
    # each test that switches builds switches back itself


@dataclass
class Guard:
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def guarded_context(browser, guard: Guard, **options):
    """A fresh context (own localStorage) in which any request off 127.0.0.1 is aborted and recorded."""
    context = browser.new_context(accept_downloads=True, **options)

    def route(r):
        host = urlsplit(r.request.url).hostname
        if r.request.url.startswith(("blob:", "data:")) or host == "127.0.0.1":
            r.continue_()
        else:
            guard.foreign.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return context


@pytest.fixture
def guard():
    g = Guard()
    yield g
    assert g.foreign == [], f"requests left 127.0.0.1: {g.foreign}"


@pytest.fixture
def context(browser, guard):
    context = guarded_context(browser, guard)
    yield context
    context.close()


def watch_errors(page, guard: Guard):
    page.on("pageerror", lambda e: guard.errors.append(str(e)))


@pytest.fixture
def page(context, guard):
    page = context.new_page()
    watch_errors(page, guard)
    page.on("dialog", lambda d: d.accept())
    yield page
    assert guard.errors == [], f"JavaScript errors: {guard.errors}"


def open_checklist(page, base: str, cid: str = "alpha", query: str = ""):
    page.goto(f"{base}checklists/{cid}/{query}")
    page.wait_for_selector(".cl-app .cl-proj")
    return page


@pytest.fixture(scope="session")
def big_site(tmp_path_factory):
    """A handbook with one generated 1,000-item checklist ('big', IDs BIG-0001..BIG-1000)."""
    from tests.support.site import serve
    from tests.support.handbooks import big_checklist

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    root = write_site(tmp_path_factory.mktemp("big"), [big_checklist()])
    result = build(root / "mkdocs.yml", root / "site", url)
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(root / "site", port):
        yield url
