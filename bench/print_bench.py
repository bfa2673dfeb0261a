"""Print bench: A4 pages Chromium's page.pdf() makes of each checklist page of the real handbook, with a few
items ticked and one note written (what a printed checklist carries: status and notes).

    python -m bench.print_bench            # from the repository root; builds the site to a temp dir
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

from tests.support.site import REPO, build, free_port, serve


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def measure(url: str, site: Path, only: list[str] | None = None) -> dict[str, tuple[int, int]]:
    from playwright.sync_api import sync_playwright

    index = json.loads((site / "checklists" / "all.json").read_text(encoding="utf-8"))
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        context = browser.new_context()
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(url) else r.abort())
        page = context.new_page()
        for checklist in index["checklists"]:
            if only and checklist["id"] not in only:
                continue
            page.goto(url + f"checklists/{checklist['id']}/")
            page.wait_for_selector(".cl-app .cl-proj")
            page.wait_for_function("n => document.querySelectorAll('.cl-ctl').length === n", arg=len(checklist["items"]))
            items = [i["id"] for i in checklist["items"]]
            page.locator(f'input[name="cl-{items[0]}"][value="done"]').check()
            page.locator(f'input[name="cl-{items[1]}"][value="na"]').check()
            page.locator(f'.cl-item[data-id="{items[1]}"] .cl-note input').fill("Not applicable: no public API")
            page.emulate_media(media="print")
            pdf = page.pdf(format="A4", print_background=False)
            page.emulate_media(media="screen")
            results[checklist["id"]] = (len(items), pdf_pages(pdf))
        browser.close()
    return results


def main(argv: list[str] | None = None) -> None:
    only = (argv if argv is not None else sys.argv[1:]) or None
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        result = build(REPO / "mkdocs.yml", Path(tmp) / "site", url)
        if result.returncode:
            raise SystemExit(result.stderr)
        with serve(Path(tmp) / "site", port):
            results = measure(url, Path(tmp) / "site", only)
    total_items = sum(n for n, _ in results.values())
    total_pages = sum(p for _, p in results.values())
    for cid, (n, pages) in sorted(results.items(), key=lambda kv: -kv[1][0]):
        print(f"  {cid:22} {n:3} items  {pages:3} A4 pages  ({n / pages:.1f} items/page)")
    print(f"  all checklists: {total_items} items on {total_pages} A4 pages")


if __name__ == "__main__":
    main()
