"""LinkChecker, an independent crawler, finds no broken internal link or anchor anywhere in the built site.
External links are not fetched (tests talk to 127.0.0.1 only); `make links` lists them in site-links.txt."""

from __future__ import annotations

import os
import time

import pytest

from tests.support.linkcheck import crawl, linkchecker_command, serve_for_linkchecker
from tests.support.site import free_port


def test_linkchecker_finds_no_broken_internal_link_or_anchor(built_site, tmp_path):
    if linkchecker_command() is None:
        if os.environ.get("CI"):
            pytest.fail("linkchecker is not installed (pip install -c constraints.txt -e '.[test]')")
        pytest.skip("linkchecker is not installed")
    started = time.monotonic()
    with serve_for_linkchecker(built_site.dir, free_port()) as url:
        found = crawl(url)
        (tmp_path / "site-links.txt").write_text(found.report(url), encoding="utf-8")
    print(f"linkchecker: {found.checked} URLs in {time.monotonic() - started:.0f} s, "
          f"{len(found.external)} external URLs listed")
    assert found.checked > 1000, "the crawl stopped early"
    assert found.broken == [], "\n".join(found.broken)
