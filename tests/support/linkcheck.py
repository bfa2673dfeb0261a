"""Crawl a built site served on 127.0.0.1 with LinkChecker (an independent checker, not our own parser):
internal links and anchors (its AnchorCheck plugin) are checked, external links are only listed.

    python -m tests.support.linkcheck site-links.txt     # build, serve, crawl; write the report (make links)

The report lists every broken internal link or anchor, then every external URL with the pages that link to it,
for a maintainer to check online (the crawl itself never leaves 127.0.0.1).
"""

from __future__ import annotations

import contextlib
import csv
import functools
import http.server
import io
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

# LinkChecker waits 0.1-0.6 s between two requests to one host unless the server answers with a `LinkChecker`
# header; then it allows `maxrequestspersecond`. Checking every anchor means thousands of requests.
CONFIG = """\
[checking]
threads=10
maxrequestspersecond=1000
timeout=60
[filtering]
checkextern=0
"""
# LinkChecker's AnchorCheck fetches a page again for every distinct `page#anchor` it meets, and item
# references point thousands of times into the large checklist pages: a full anchor crawl takes tens
# of minutes on two cores. `make links` runs it; the test suite checks anchors with check_anchors().
ANCHORS = "[AnchorCheck]\n"


class _Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("LinkChecker", "unthrottled")
        super().end_headers()

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_for_linkchecker(directory: Path, port: int):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


def linkchecker_command() -> list[str] | None:
    exe = Path(sys.executable).with_name("linkchecker")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("linkchecker")
    return [found] if found else None


@dataclass
class Crawl:
    broken: list[str] = field(default_factory=list)  # "url (on page, line n): why"
    external: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # url -> pages
    checked: int = 0

    def report(self, base: str) -> str:
        lines = [f"# Links of the built site ({self.checked} URLs checked by LinkChecker, internal links and anchors)",
                 "", f"## Broken internal links and anchors: {len(self.broken)}", ""]
        lines += [f"- {b}" for b in self.broken] or ["none"]
        lines += ["", f"## External links to check online: {len(self.external)} URLs", ""]
        for url in sorted(self.external):
            pages = sorted(p.replace(base, "/", 1) for p in self.external[url])
            lines.append(f"{url}\n    on {len(pages)} page(s): {', '.join(pages[:5])}{' ...' if len(pages) > 5 else ''}")
        return "\n".join(lines) + "\n"


def crawl(start: str, anchors: bool = False) -> Crawl:
    """Run LinkChecker from `start` (a site on 127.0.0.1 served by serve_for_linkchecker) and sort what it found;
    with `anchors`, its AnchorCheck plugin checks every `#anchor` too (slow, see ANCHORS)."""
    command = linkchecker_command()
    if command is None:
        raise FileNotFoundError("linkchecker is not installed (pip install -c constraints.txt LinkChecker)")
    # LinkChecker drops root privileges to 'nobody': its configuration must be readable by anyone.
    folder = Path(tempfile.mkdtemp(prefix="linkchecker-"))
    try:
        folder.chmod(0o755)
        config = folder / "linkcheckerrc"
        config.write_text(CONFIG + (ANCHORS if anchors else ""), encoding="utf-8")
        config.chmod(0o644)
        done = subprocess.run([*command, "-f", str(config), "--no-status", "--verbose", "-o", "csv/utf-8", start],
                              capture_output=True, text=True, env={**os.environ, "LC_ALL": "C.UTF-8"}, timeout=3600)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if done.returncode not in (0, 1):  # 1: broken links were found
        raise RuntimeError(f"linkchecker failed ({done.returncode}): {done.stderr[-2000:]}")
    rows = csv.DictReader(io.StringIO("".join(line + "\n" for line in done.stdout.splitlines()
                                               if line and not line.startswith("#"))), delimiter=";")
    host = urlsplit(start).netloc
    result = Crawl()
    for row in rows:
        url, parent = row["url"] or row["urlname"], row["parentname"]
        result.checked += 1
        scheme, netloc = urlsplit(url).scheme, urlsplit(url).netloc
        internal = scheme in ("http", "https") and netloc == host
        if not internal:
            if scheme in ("http", "https") and urlsplit(url).hostname != "127.0.0.1":
                result.external[url].add(parent)
            continue
        anchor = "Anchor" in (row["warningstring"] or "")
        if row["valid"] != "True" or anchor:
            why = row["warningstring"] if anchor else row["result"]
            result.broken.append(f"{url} (on {parent}, line {row['line']}): {' '.join(why.split())[:300]}")
    return result


class _Anchors(HTMLParser):
    """Collects the ids of a page and the hrefs of its links."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if values.get("name") and tag == "a":
            self.ids.add(values["name"])
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"])


def check_anchors(site: Path) -> tuple[int, list[str]]:
    """(anchors checked, broken ones) over every page of a built site: each internal link with a
    `#fragment` must land on an element with that id (Python's html.parser, independent of the build)."""
    pages: dict[Path, _Anchors] = {}
    for page in site.rglob("*.html"):
        parsed = _Anchors()
        parsed.feed(page.read_text(encoding="utf-8", errors="replace"))
        pages[page.resolve()] = parsed
    checked, broken = 0, []
    for page, parsed in pages.items():
        for href in parsed.hrefs:
            target, _, fragment = href.partition("#")
            if not fragment or urlsplit(target).scheme or target.startswith("//"):
                continue
            path = (page.parent / urlsplit(target).path).resolve() if target else page
            if path.is_dir():
                path = path / "index.html"
            if path not in pages:
                continue  # a missing page is LinkChecker's finding
            checked += 1
            if unquote(fragment) not in pages[path].ids:
                broken.append(f"{href} on {page.relative_to(site.resolve())}: no element with id '{fragment}'")
    return checked, broken


def main(argv: list[str]) -> int:
    from tests.support.site import REPO, build, free_port

    out = Path(argv[0] if argv else "site-links.txt")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        result = build(REPO / "mkdocs.yml", site, url)
        if result.returncode:
            print(result.stderr, file=sys.stderr)
            return 2
        with serve_for_linkchecker(site, port):
            found = crawl(url, anchors=True)
    out.write_text(found.report(url), encoding="utf-8")
    print(f"{found.checked} URLs checked, {len(found.broken)} broken, {len(found.external)} external URLs: {out}")
    return 1 if found.broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
