"""Page-weight bench: what a reader's browser downloads, measured in Chromium on the real site served
like a strict static host (tests/support/hosting.py) on 127.0.0.1.

    python -m bench.page_weight_bench     # from the repository root

For each page: every JS and CSS response (Material's bundle, stylesheets and search worker, the site's
scripts), each gzipped at level 9 as a host would serve it, summed; Mermaid counted apart. Budgets: a
page without a diagram loads at most 200 KB gzipped of JS+CSS in total, Material included, and no
Mermaid; a page with a diagram loads Mermaid from the site itself; no request leaves the origin.
"""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from tests.support.hosting import serve_strict
from tests.support.site import REPO, build, free_port

BUDGET_KB = 200.0
PAGES = [("home", "", False), ("article", "caching/invalidation/", False),
         ("checklist", "checklists/architecture/", False), ("diagram", "caching/patterns/", True)]


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def measure(site: Path, url: str) -> list[dict]:
    from playwright.sync_api import sync_playwright

    origin = urlsplit(url).netloc
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            for name, path, diagram in PAGES:
                context = browser.new_context()  # a cold cache for every page
                foreign, seen = [], []

                def route(r, foreign=foreign):
                    if urlsplit(r.request.url).netloc == origin or r.request.url.startswith(("data:", "blob:")):
                        r.continue_()
                    else:
                        foreign.append(r.request.url)
                        r.abort()

                context.route("**/*", route)
                context.on("request", lambda r, seen=seen: seen.append(r.url))
                page = context.new_page()
                page.goto(url + path)
                if diagram:
                    page.wait_for_selector("div.mermaid", timeout=30000)
                page.wait_for_load_state("networkidle")
                context.close()
                js = css = mermaid = 0
                for address in dict.fromkeys(seen):
                    local = urlsplit(address).path.lstrip("/")
                    file = site / local
                    if urlsplit(address).netloc != origin or not file.is_file():
                        continue
                    if local.endswith("mermaid.min.js"):
                        mermaid += gz(file)
                    elif local.endswith(".js"):
                        js += gz(file)
                    elif local.endswith(".css"):
                        css += gz(file)
                rows.append({"page": name, "path": path or "/", "diagram": diagram, "js": js / 1024, "css": css / 1024,
                             "mermaid": mermaid / 1024, "requests": len(set(seen)), "foreign": foreign})
        finally:
            browser.close()
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        site = Path(tmp) / "site"
        result = build(REPO / "mkdocs.yml", site, url)
        if result.returncode != 0:
            raise SystemExit(result.stdout + result.stderr)
        mermaid_kb = gz(site / "assets" / "vendor" / "mermaid" / "mermaid.min.js") / 1024
        with serve_strict(site, port):
            rows = measure(site, url)
    print(f"{'page':10} {'path':28} {'JS KB':>7} {'CSS KB':>7} {'JS+CSS':>7} {'Mermaid':>8} {'reqs':>5} off-origin")
    ok = True
    for r in rows:
        total = r["js"] + r["css"]
        print(f"{r['page']:10} {r['path']:28} {r['js']:7.1f} {r['css']:7.1f} {total:7.1f} {r['mermaid']:8.1f} "
              f"{r['requests']:5d} {len(r['foreign'])}")
        if not r["diagram"]:
            ok &= total <= BUDGET_KB and r["mermaid"] == 0
        else:
            ok &= r["mermaid"] > 0
        ok &= not r["foreign"]
    print(f"(KB = gzipped at level 9; Mermaid {mermaid_kb:.1f} KB gzipped, loaded only with a diagram; before this change "
          f"every page loaded it up front)")
    print(f"budget: no-diagram pages <= {BUDGET_KB:.0f} KB JS+CSS and no Mermaid, no request off the origin: "
          f"{'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
