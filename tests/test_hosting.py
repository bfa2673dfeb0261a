"""The built site as a host serves it: no inline script (strict CSP), Mermaid only on demand, a
"Last update" date on every page, edit links from the environment, and the Pages workflow valid
against the GitHub workflow schema that check-jsonschema ships (no network)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from tests.support.site import REPO, build

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inline, self.sources, self._open = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in attrs:
            if name.startswith("on"):
                self.inline.append(f"{tag} {name}=")
        if tag == "script":
            if attrs.get("src"):
                self.sources.append(attrs["src"])
            elif attrs.get("type", "text/javascript") in ("text/javascript", "module", "application/javascript"):
                self._open = ""

    def handle_data(self, data):
        if self._open is not None:
            self._open += data

    def handle_endtag(self, tag):
        if tag == "script" and self._open is not None:
            self.inline.append(self._open.strip()[:80])
            self._open = None


def scripts(path: Path) -> _Scripts:
    parser = _Scripts()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_no_page_has_an_inline_script_or_loads_mermaid_up_front(built_site):
    pages = sorted(built_site.dir.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        found = scripts(page)
        assert found.inline == [], f"{page.relative_to(built_site.dir)} has inline script: {found.inline}"
        assert not any("mermaid.min.js" in src for src in found.sources), f"{page} loads Mermaid up front"
    home = scripts(built_site.dir / "index.html").sources
    bundle = home.index(next(s for s in home if "bundle." in s))
    assert home.index("assets/handbook/mermaid-lazy.js") < bundle
    assert home.index("assets/handbook/search-query.js") < bundle  # it wraps Worker before Material starts its worker
    assert home.index("assets/handbook/search-index.js") < bundle  # and this XMLHttpRequest, before Material's first request


def test_the_self_hosted_mermaid_is_published_with_its_version_and_licence(built_site):
    vendor = built_site.dir / "assets" / "vendor" / "mermaid"
    assert (vendor / "mermaid.min.js").stat().st_size > 1_000_000
    assert "MIT License" in (vendor / "LICENSE").read_text(encoding="utf-8")
    version = re.match(r"mermaid (\d+\.\d+\.\d+)", (vendor / "VERSION").read_text(encoding="utf-8")).group(1)
    assert "npm pack" in (REPO / "scripts" / "update-mermaid.sh").read_text(encoding="utf-8")
    assert f"MERMAID_VERSION ?= {version}" in (REPO / "Makefile").read_text(encoding="utf-8")


def test_every_page_shows_when_it_last_changed(built_site):
    for page in ("index.html", "caching/index.html", "checklists/architecture/index.html"):
        html = (built_site.dir / page).read_text(encoding="utf-8")
        fact = re.search(r'class="md-source-file__fact">.*?</span>\s*(.+?)\s*</span>', html, re.S)
        assert fact, f"{page} shows no 'Last update'"
        assert re.search(r"\b(19|20)\d\d\b", fact.group(1)), f"{page}: {fact.group(1)!r} is not a date"


def test_no_repository_link_or_edit_button_without_repo_url(built_site):
    html = (built_site.dir / "caching" / "index.html").read_text(encoding="utf-8")
    assert 'rel="edit"' not in html and 'class="md-source"' not in html


@pytest.fixture(scope="module")
def fresh_copy_build(tmp_path_factory):
    """The project's files without .git (a tarball, or CI's checkout without history), built strict with
    REPO_URL and EDIT_URI set as the Pages workflow sets them."""
    src = tmp_path_factory.mktemp("copy") / "handbook"
    shutil.copytree(REPO, src, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "site", "__pycache__", "*.egg-info", ".pytest_cache", "bench"))
    out = src / "_site"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("REPO_URL", "https://github.com/example/handbook")
        env.setenv("EDIT_URI", "edit/main/docs/")
        result = build(src / "mkdocs.yml", out, "https://example.github.io/handbook/")
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_a_build_without_git_history_still_dates_every_page(fresh_copy_build):
    html = (fresh_copy_build / "caching" / "index.html").read_text(encoding="utf-8")
    assert "md-source-file__fact" in html


def test_edit_links_come_from_the_environment_and_checklists_edit_their_yaml(fresh_copy_build):
    edit = re.compile(r'<a href="([^"]+)" title="Edit this page"')
    page = (fresh_copy_build / "caching" / "index.html").read_text(encoding="utf-8")
    assert edit.search(page).group(1) == "https://github.com/example/handbook/edit/main/docs/caching/index.md"
    checklist = (fresh_copy_build / "checklists" / "architecture" / "index.html").read_text(encoding="utf-8")
    assert edit.search(checklist).group(1) == "https://github.com/example/handbook/edit/main/checklists/architecture.yml"
    wrapper = (fresh_copy_build / "checklists" / "using" / "index.html").read_text(encoding="utf-8")
    assert edit.search(wrapper).group(1).endswith("/edit/main/docs/checklists/using.md")
    assert 'data-md-component="source"' not in page, "Material would ask the GitHub API for stars"
    assert 'href="https://github.com/example/handbook"' in page


def check_jsonschema(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           *map(str, paths)], capture_output=True, text=True, timeout=120)


def test_the_workflows_are_valid_github_workflows():
    assert any(p.name == "pages.yml" for p in WORKFLOWS)
    result = check_jsonschema(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    steps: 3\n", encoding="utf-8")
    assert check_jsonschema(broken).returncode != 0


def test_the_pages_workflow_builds_strict_with_the_pages_url_and_deploys():
    flow = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = flow["jobs"]["build"]["steps"]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    order = [uses.index("actions/checkout"), uses.index("actions/configure-pages"),
             next(i for i, s in enumerate(steps) if "mkdocs build --strict" in s.get("run", "")),
             uses.index("actions/upload-pages-artifact")]
    assert order == sorted(order)
    configure = steps[uses.index("actions/configure-pages")]
    build_step = steps[order[2]]
    assert build_step["env"]["SITE_URL"] == "${{ steps.%s.outputs.base_url }}/" % configure["id"]
    assert steps[0].get("with", {}).get("fetch-depth") == 0
    deploy = flow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
