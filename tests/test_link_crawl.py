"""LinkChecker, an independent crawler, finds no broken internal link anywhere in the built site, and every anchor of an internal link exists.
External links are not fetched (tests talk to 127.0.0.1 only); `make links` lists them in site-links.txt."""

from __future__ import annotations

import os
import time

import pytest

from tests.support.linkcheck import check_anchors, crawl, linkchecker_command, serve_for_linkchecker
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


def test_every_anchor_of_an_internal_link_exists(built_site):
    """Anchors, checked on the built HTML (LinkChecker's own anchor crawl runs in `make links`: see ANCHORS)."""
    checked, broken = check_anchors(built_site.dir)
    assert checked > 1000, "too few anchors found: the parser missed the links"
    assert broken == [], "\n".join(broken[:50])


def test_the_anchor_check_reports_a_missing_anchor(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "index.html").write_text('<a href="b/#here">ok</a><a href="b/#gone">broken</a><a href="#top">self</a>'
                                         '<h1 id="top">Top</h1>', encoding="utf-8")
    (tmp_path / "b" / "index.html").write_text('<h2 id="here">Here</h2>', encoding="utf-8")
    checked, broken = check_anchors(tmp_path)
    assert checked == 3
    assert broken == ["b/#gone on index.html: no element with id 'gone'"]
