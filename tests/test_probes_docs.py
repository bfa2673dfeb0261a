"""docs/checklists/probes.md lists the file sets and every probe, what it checks and its limits,
generated from the catalog (python -m handbook_checklists.probes.docs docs/checklists/probes.md): the
limits are the item's own **Probe:** paragraph. The page is in the site's navigation under the
checklists, and its `probe_results()` macro shows this repository's own result at build time."""

from __future__ import annotations

import yaml

from handbook_checklists.catalog.file_sets import file_sets
from handbook_checklists.catalog.handbook import Handbook
from handbook_checklists.probes.docs import END, FILE_SETS_END, FILE_SETS_START, START, regenerated
from tests.support.probes import shipped_probes
from tests.support.site import REPO

PAGE = REPO / "docs" / "checklists" / "probes.md"


def test_the_generated_parts_are_up_to_date():
    catalog = Handbook.packaged().load().catalog
    text = PAGE.read_text(encoding="utf-8")
    assert regenerated(text, catalog) == text, "run: python -m handbook_checklists.probes.docs docs/checklists/probes.md"


def test_every_probe_is_listed_with_the_probe_paragraph_of_its_item():
    text = PAGE.read_text(encoding="utf-8")
    block = text[text.index(START):text.index(END)]
    for probe in shipped_probes():
        assert f"{{ #probe-{probe.item_id.lower()} }}" in block
        assert f"**Probe:** {probe.limits}\n" in block


def test_every_file_set_is_listed_with_its_globs():
    text = PAGE.read_text(encoding="utf-8")
    block = text[text.index(FILE_SETS_START):text.index(FILE_SETS_END)]
    for found in file_sets().values():
        row = next(line for line in block.splitlines() if line.startswith(f"| `{{fileset: {found.name}}}` |"))
        assert all(f"`{glob}`" in row for glob in found.globs)


def test_the_page_is_in_the_navigation_under_the_checklists():
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # !ENV and python tags
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    found = []

    def walk(node):
        if isinstance(node, list):
            for entry in node:
                walk(entry)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, str):
            found.append(node)

    walk(config["nav"])
    assert "checklists/probes.md" in found


def test_results_table_escapes_what_the_repository_holds(tmp_path):
    """Evidence comes from the scanned files: a file name or message is shown as text, never as markup."""
    from handbook_checklists.probes.docs import results_table
    from handbook_checklists.probes.engine import Probe, run_probes

    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "<img src=x onerror=alert(1)>.txt").write_text("token\n", encoding="utf-8")
    probes = [Probe("SEC-017", {"files": "*.txt", "lacks": "token", "message": "no <b>token</b>"}),
              Probe("OPS-008", {"path_exists": "Dockerfile"})]
    table = results_table(run_probes(repo, probes), "A <repo>")
    assert "<img" not in table and "<b>" not in table and "A &lt;repo&gt;" in table
    assert "&lt;img src=x onerror=alert(1)&gt;.txt:1" in table and "no &lt;b&gt;token&lt;/b&gt;" in table
    assert "2 probes, 2 fail." in table
    assert table.count("<tr><td>") == 2 and '<a href="#probe-sec-017">SEC-017</a>' in table


def test_the_built_page_shows_this_repository_s_result(built_site):
    """The probes page of the real site carries the result of every probe on this repository, the same
    result `checklist run --repo .` gives (the build runs them on the source it was built from)."""
    import json

    from tests.support.cli import run_process

    done = run_process(["run", "--repo", REPO, "--format", "json"], cwd=REPO, root=REPO)
    results = {r["id"]: r["auto"]["result"] for r in json.loads(done.stdout)["results"]}
    page = (built_site.dir / "checklists" / "probes" / "index.html").read_text(encoding="utf-8")
    table = page[page.index('<table class="cl-probe-results">'):]
    table = table[:table.index("</table>")]
    assert len(results) == len(shipped_probes()) == table.count("<tr><td>")
    for item_id, result in results.items():
        assert f'<a href="#probe-{item_id.lower()}">{item_id}</a></td><td class="cl-probe-result cl-probe-result--{result}">' in table
