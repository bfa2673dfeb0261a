"""Handbooks for tests and benches, written into a folder: one builder, `write_handbook`, and the
handbooks built with it.

    write_handbook(root, checklists, docs=..., registry=..., site=..., nav=...)

`checklists` are checklist documents (dicts, written as YAML with the editor's modeline) or, by file
name, raw file contents (str or bytes, written as given: bad input for loader tests). Every
checklist gets its page in docs/checklists/; `docs` adds pages. With `site`, the folder is
buildable with `mkdocs build`: the real engine entry point, theme overrides and data are linked
and the real mkdocs.yml is copied with `nav` (or none, so that every page is included).

Presets:
- `make_handbook`: one small checklist (`VALID_CHECKLIST`) and a topic page, buildable (loader,
  build-guard and serve tests);
- `write_small_handbook(root, version)`: `security` and `review`, version 2 being the same handbook
  one release later (command tests);
- `write_site(root, checklists)`: generated checklists with a nav (browser tests, page bench);
  `demo_checklists` (hostile text, a version change) and `big_checklist` (1,000 items);
- `big_handbook_checklists`: 10,000 items in checklists of 1,000 (command bench).
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import yaml

from tests.support.site import REPO

SCHEMA_LINE = "# yaml-language-server: $schema=../src/handbook_checklists/schemas/checklist.schema.json\n"
SEVERITIES = ("must", "should", "may")
PHASES = ("design", "build", "release", "operate")

VALID_CHECKLIST = """\
id: demo
prefix: DEM
title: Demo
version: 1.0.0
description: A checklist for tests.
docs: [topic/index.md]
sections:
  - title: Basics
    items:
      - id: DEM-001
        title: First item
        severity: must
        why: Because.
        refs: [topic/index.md#details]
      - id: DEM-002
        title: Second item
        severity: should
        why: Also because.
        tags: [alpha]
        phase: build
"""

TOPIC_PAGE = """\
# Topic

## Details { #details }

Explains {{ checklist_item("DEM-001") }}.
"""


def item(item_id: str, title: str | None = None, severity: str = "must", **extra) -> dict:
    """An item document: `extra` adds or replaces fields (why, how, tags, phase, refs, check)."""
    return {"id": item_id, "title": title or f"Item {item_id} holds", "severity": severity,
            "why": f"Why {item_id} matters.", **{k: v for k, v in extra.items() if v}}


def checklist(checklist_id: str, prefix: str, title: str, version: str,
              sections: dict[str, list[dict]] | list[tuple[str, list[dict]]], retired: list[dict] | None = None,
              description: str | None = None) -> dict:
    """A checklist document; `sections` maps (or lists) section titles to items."""
    pairs = sections.items() if isinstance(sections, dict) else sections
    doc = {"id": checklist_id, "prefix": prefix, "title": title, "version": version}
    if description:
        doc["description"] = description
    doc["sections"] = [{"title": name, "items": items} for name, items in pairs]
    if retired:
        doc["retired"] = retired
    return doc


def scaffold_site(root: Path, nav: list[str] | None = None) -> None:
    """The real engine entry point, theme and data (symlinked) and the real mkdocs.yml with its nav
    replaced by the given lines, or dropped so that every page of the temp docs/ is included."""
    for shared in ("macros", "overrides", "data"):
        if not (root / shared).exists():
            (root / shared).symlink_to(REPO / shared, target_is_directory=True)
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    replacement = "nav:\n" + "\n".join(nav) + "\n" if nav else ""
    (root / "mkdocs.yml").write_text(re.sub(r"(?ms)^nav:\n.*\Z", replacement, text), encoding="utf-8")


def write_handbook(root: Path, checklists: list[dict] | dict[str, str | bytes | dict],
                   docs: dict[str, str] | None = None, registry: str | None = None, site: bool = False,
                   nav: list[str] | None = None) -> Path:
    """Write a handbook under root (see the module docstring); returns root. Existing checklist files
    are replaced."""
    root = Path(root)
    files = checklists if isinstance(checklists, dict) else {f"{c['id']}.yml": c for c in checklists}
    (root / "checklists").mkdir(parents=True, exist_ok=True)
    for old in (root / "checklists").glob("*.yml"):
        old.unlink()
    for name, content in files.items():
        if isinstance(content, dict):
            data = (SCHEMA_LINE + yaml.safe_dump(content, sort_keys=False, allow_unicode=True, width=1000)).encode("utf-8")
        else:
            data = content if isinstance(content, bytes) else textwrap.dedent(content).encode("utf-8")
        (root / "checklists" / name).write_bytes(data)
    pages = {"index.md": "# Handbook\n", "checklists/index.md": "# Checklists\n\n{{ checklist_index() }}\n"}
    pages.update({f"checklists/{name[:-4]}.md": f"# {name[:-4]}\n\n{{{{ checklist(\"{name[:-4]}\") }}}}\n"
                  for name in files if name.endswith(".yml")})
    pages.update(docs or {})
    for name, content in pages.items():
        page = root / "docs" / name
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(textwrap.dedent(content), encoding="utf-8")
    if registry is not None:
        (root / "checklists" / "published-ids.txt").write_text(registry, encoding="utf-8")
    if site:
        scaffold_site(root, nav)
    return root


# -- presets ---------------------------------------------------------------------------------------

def make_handbook(root: Path, checklists: dict[str, str | bytes] | None = None,
                  docs: dict[str, str] | None = None, registry: str | None = None) -> Path:
    """A buildable handbook: `checklists` by file name (default: demo.yml, VALID_CHECKLIST) and `docs`
    pages (default: topic/index.md, TOPIC_PAGE); every page in the site."""
    return write_handbook(root, {"demo.yml": VALID_CHECKLIST} if checklists is None else checklists,
                          docs={"topic/index.md": TOPIC_PAGE} if docs is None else docs, registry=registry, site=True)


def security(version: int) -> dict:
    """The small handbook's security checklist: in version 2, SEC-002 is retired into SEC-004, SEC-003
    removed without a trace and SEC-005 added."""
    if version == 1:
        return checklist("security", "SEC", "Security", "1.0.0", {
            "Authentication": [
                item("SEC-001", "Passwords are stored with a memory-hard hash"),
                item("SEC-002", "Sessions expire after inactivity"),
                item("SEC-003", "Login is rate limited", "should"),
            ],
            "Secrets": [item("SEC-010", "Secrets live in a secret manager, not in the repository")],
        })
    return checklist("security", "SEC", "Security", "2.0.0", {
        "Authentication": [
            item("SEC-001", "Passwords are stored with a memory-hard hash"),
            item("SEC-004", "Sessions expire after inactivity and on logout"),
            item("SEC-005", "Multi-factor authentication protects admin accounts"),
        ],
        "Secrets": [item("SEC-010", "Secrets live in a secret manager, not in the repository")],
    }, retired=[{"id": "SEC-002", "reason": "Split: logout is now part of the rule.", "replaced_by": "SEC-004"}])


def review(version: int) -> dict:
    """The small handbook's review checklist: in version 2, REV-002 is reworded and made a must-item."""
    return checklist("review", "REV", "Review", "1.0.0" if version == 1 else "1.1.0", {
        "Implementation": [
            item("REV-001", "Tests cover the new behaviour"),
            item("REV-002", "Errors are logged with context" if version == 1 else "Errors are logged with request context",
                 "should" if version == 1 else "must"),
            item("REV-003", "The change is behind a feature flag when risky", "may"),
        ],
    }, retired=[{"id": "REV-009", "reason": "Obsolete.", "title": "Code is formatted"}])


def write_small_handbook(root: Path, version: int = 1) -> Path:
    """The security and review checklists (see security, review) under root."""
    return write_handbook(root, [security(version), review(version)])


def big_handbook_checklists(items: int = 10_000, per_checklist: int = 1000) -> list[dict]:
    """`items` items in checklists of `per_checklist` (prefixes GAA, GAB, ...)."""
    docs = []
    for index in range((items + per_checklist - 1) // per_checklist):
        prefix = "G" + chr(ord("A") + index // 26) + chr(ord("A") + index % 26)
        count = min(per_checklist, items - index * per_checklist)
        sections: dict[str, list[dict]] = {}
        for n in range(count):
            sections.setdefault(f"Section {n // 50 + 1}", []).append(
                item(f"{prefix}-{n + 1:04d}", f"Generated item {n + 1} of checklist {prefix}", SEVERITIES[n % 3]))
        docs.append(checklist(f"gen-{prefix.lower()}", prefix, f"Generated {prefix}", "1.0.0", sections))
    return docs


def write_site(root: Path, checklists: list[dict], extra_pages: dict[str, str] | None = None) -> Path:
    """A buildable handbook of generated checklists with a nav (home, checklists, extra pages)."""
    nav = ["  - Home: index.md", "  - Checklists:", "      - checklists/index.md"]
    nav += [f"      - checklists/{c['id']}.md" for c in checklists]
    nav += [f"  - {path}" for path in (extra_pages or {})]
    return write_handbook(root, checklists, docs={"index.md": "# Synthetic handbook\n\nFor tests.\n", **(extra_pages or {})},
                          site=True, nav=nav)


def big_checklist(cid: str = "big", prefix: str = "BIG", n: int = 1000, per_section: int = 50,
                  refs: list[str] | None = None) -> dict:
    """n items in sections of per_section, cycling severities, phases and a few tags. Every fifth
    `why` has Markdown in it, as about a fifth of the real ones do; the rest is plain prose."""
    sections = []
    for start in range(0, n, per_section):
        items = [
            item(f"{prefix}-{k:04d}", f"Generated rule number {k} with `code` in it", SEVERITIES[k % 3],
                 why=(f"Reason {k}: a realistic paragraph of why this rule exists, long enough to look like content."
                      if k % 5 else f"Reason {k}: a paragraph with `inline code` and *emphasis*, as real ones have."),
                 how=f"Check {k} by reading the configuration.", tags=[f"t{k % 7}", "gen"], phase=PHASES[k % 4],
                 refs=refs)
            for k in range(start + 1, min(start + per_section, n) + 1)
        ]
        sections.append((f"Section {start // per_section + 1}", items))
    return checklist(cid, prefix, f"Big checklist ({n} items)", "1.0.0", sections)


def demo_checklists(version: str = "1.0.0", *, retire: bool = False) -> list[dict]:
    """Two small checklists with hostile text. With retire=True (version 2.0.0 of 'alpha'), ALP-002 is
    retired in favour of ALP-001 and ALP-004 is retired without replacement."""
    because = "Because it matters."
    alpha_items = [
        item("ALP-001", "Use `Argon2id` <script>window.__pwned=1</script>", tags=["auth", "crypto"], phase="build",
             why="Because <img src=x onerror=window.__pwned=2> and *emphasis*.", how="- one\n- two"),
        item("ALP-002", "Rotate keys [yearly](javascript:alert(1))", "should", tags=["crypto"], phase="operate",
             why=because),
        item("ALP-003", "Log the *outcome* of logins", "may", tags=["logging"], phase="operate", why=because),
        item("ALP-004", "Review the design", tags=["auth"], phase="design", why=because),
    ]
    retired = []
    if retire:
        alpha_items = [i for i in alpha_items if i["id"] not in ("ALP-002", "ALP-004")]
        alpha_items.append(item("ALP-005", "A new item in 2.0.0", "should", tags=["auth"], phase="build", why=because))
        retired = [{"id": "ALP-002", "reason": "Merged into ALP-001.", "replaced_by": "ALP-001"},
                   {"id": "ALP-004", "reason": "No longer needed."}]
    alpha = checklist("alpha", "ALP", "Alpha <script>x</script>", version,
                      [("Design & <b>setup</b>", alpha_items[:2]), ("Operations", alpha_items[2:])], retired=retired)
    beta = checklist("beta", "BET", "Beta", "1.0.0", [("Only", [
        item("BET-001", "Beta one", tags=["auth"], phase="design", why=because),
        item("BET-002", "Beta two", "should", phase="build", why=because),
        item("BET-003", "Beta three", "may", why=because),
    ])])
    return [alpha, beta]
