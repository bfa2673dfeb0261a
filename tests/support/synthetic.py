"""Synthetic handbooks for browser tests and the page bench: the real theme, engine and assets
(symlinked), with generated checklists — a 1,000-item page, a version change, hostile text.

    spec = [checklist("alpha", "ALP", sections=[("Design", [item("ALP-001", "must"), ...])]), ...]
    root = write_handbook(tmp_dir, spec)
    build(root / "mkdocs.yml", root / "site", url)
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.mini import scaffold_site

SEVERITIES = ("must", "should", "may")
PHASES = ("design", "build", "release", "operate")


def item(item_id: str, severity: str = "must", title: str | None = None, *, why: str = "Because it matters.",
         how: str | None = None, tags: list[str] | None = None, phase: str | None = None,
         refs: list[str] | None = None) -> dict:
    out = {"id": item_id, "title": title or f"Item {item_id} holds", "severity": severity, "why": why}
    for key, value in (("how", how), ("tags", tags), ("phase", phase), ("refs", refs)):
        if value:
            out[key] = value
    return out


def checklist(cid: str, prefix: str, sections: list[tuple[str, list[dict]]], *, title: str | None = None,
              version: str = "1.0.0", retired: list[dict] | None = None, description: str = "") -> dict:
    doc = {"id": cid, "prefix": prefix, "title": title or cid.capitalize(), "version": version}
    if description:
        doc["description"] = description
    doc["sections"] = [{"title": t, "items": items} for t, items in sections]
    if retired:
        doc["retired"] = retired
    return doc


def big_checklist(cid: str = "big", prefix: str = "BIG", n: int = 1000, per_section: int = 50,
                  refs: list[str] | None = None) -> dict:
    """n items in sections of per_section, cycling severities, phases and a few tags. Every fifth
    `why` has Markdown in it, as about a fifth of the real ones do; the rest is plain prose."""
    sections = []
    for start in range(0, n, per_section):
        items = [
            item(f"{prefix}-{k:04d}", SEVERITIES[k % 3], f"Generated rule number {k} with `code` in it",
                 why=(f"Reason {k}: a realistic paragraph of why this rule exists, long enough to look like content."
                      if k % 5 else f"Reason {k}: a paragraph with `inline code` and *emphasis*, as real ones have."),
                 how=f"Check {k} by reading the configuration.", tags=[f"t{k % 7}", "gen"], phase=PHASES[k % 4],
                 refs=refs)
            for k in range(start + 1, min(start + per_section, n) + 1)
        ]
        sections.append((f"Section {start // per_section + 1}", items))
    return checklist(cid, prefix, sections, title=f"Big checklist ({n} items)")


def _yaml(value) -> str:
    """JSON is YAML: simplest safe serialisation, with the editor modeline first."""
    return "# yaml-language-server: $schema=../src/handbook_checklists/schemas/checklist.schema.json\n" + json.dumps(value, indent=2) + "\n"


def write_handbook(root: Path, checklists: list[dict], extra_pages: dict[str, str] | None = None) -> Path:
    """Write a buildable handbook under root; returns root (build root / 'mkdocs.yml')."""
    root = Path(root)
    (root / "checklists").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "checklists").mkdir(parents=True, exist_ok=True)
    for old in (root / "checklists").glob("*.yml"):
        old.unlink()
    for c in checklists:
        (root / "checklists" / f"{c['id']}.yml").write_text(_yaml(c), encoding="utf-8")
    docs = root / "docs"
    (docs / "index.md").write_text("# Synthetic handbook\n\nFor tests.\n", encoding="utf-8")
    (docs / "checklists" / "index.md").write_text("# Checklists\n\n{{ checklist_index() }}\n", encoding="utf-8")
    nav = ["  - Home: index.md", "  - Checklists:", "      - checklists/index.md"]
    for c in checklists:
        (docs / "checklists" / f"{c['id']}.md").write_text(f"# {c['id']}\n\n{{{{ checklist(\"{c['id']}\") }}}}\n",
                                                           encoding="utf-8")
        nav.append(f"      - checklists/{c['id']}.md")
    for path, text in (extra_pages or {}).items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
        nav.append(f"  - {path}")
    scaffold_site(root, nav)
    return root


def demo_checklists(version: str = "1.0.0", *, retire: bool = False) -> list[dict]:
    """Two small checklists with hostile text. With retire=True (version 2.0.0 of 'alpha'), ALP-002 is
    retired in favour of ALP-001 and ALP-004 is retired without replacement."""
    alpha_items = [
        item("ALP-001", "must", "Use `Argon2id` <script>window.__pwned=1</script>", tags=["auth", "crypto"], phase="build",
             why="Because <img src=x onerror=window.__pwned=2> and *emphasis*.", how="- one\n- two"),
        item("ALP-002", "should", "Rotate keys [yearly](javascript:alert(1))", tags=["crypto"], phase="operate"),
        item("ALP-003", "may", "Log the *outcome* of logins", tags=["logging"], phase="operate"),
        item("ALP-004", "must", "Review the design", tags=["auth"], phase="design"),
    ]
    retired = []
    if retire:
        alpha_items = [i for i in alpha_items if i["id"] not in ("ALP-002", "ALP-004")]
        alpha_items.append(item("ALP-005", "should", "A new item in 2.0.0", tags=["auth"], phase="build"))
        retired = [{"id": "ALP-002", "reason": "Merged into ALP-001.", "replaced_by": "ALP-001"},
                   {"id": "ALP-004", "reason": "No longer needed."}]
    alpha = checklist("alpha", "ALP", [("Design & <b>setup</b>", alpha_items[:2]), ("Operations", alpha_items[2:])],
                      title="Alpha <script>x</script>", version=version, retired=retired)
    beta = checklist("beta", "BET", [("Only", [
        item("BET-001", "must", "Beta one", tags=["auth"], phase="design"),
        item("BET-002", "should", "Beta two", phase="build"),
        item("BET-003", "may", "Beta three"),
    ])], title="Beta")
    return [alpha, beta]
