"""Small synthetic handbooks (checklists/*.yml + docs/) in temporary folders, for CLI tests and the bench.

`write_handbook(root, version=1)` writes two checklists, `security` (SEC) and `review` (REV).
Version 2 is the same handbook one release later: SEC-002 retired and replaced by SEC-004,
SEC-003 removed without a trace, SEC-005 added, REV-002 made a must-item and reworded.
"""

from __future__ import annotations

from pathlib import Path

import yaml

SCHEMA_LINE = "# yaml-language-server: $schema=../src/handbook_checklists/schemas/checklist.schema.json\n"


def item(item_id: str, title: str, severity: str = "must", **extra) -> dict:
    return {"id": item_id, "title": title, "severity": severity, "why": f"Why {item_id} matters.", **extra}


def checklist(checklist_id: str, prefix: str, title: str, version: str, sections: dict[str, list[dict]],
              retired: list[dict] | None = None) -> dict:
    doc = {"id": checklist_id, "prefix": prefix, "title": title, "version": version,
           "description": f"The {title.lower()} checklist.",
           "sections": [{"title": name, "items": items} for name, items in sections.items()]}
    if retired:
        doc["retired"] = retired
    return doc


def write_checklists(root: Path, checklists: list[dict]) -> Path:
    """Write the given checklist documents and a minimal docs/ folder under root; returns root."""
    root = Path(root)
    (root / "checklists").mkdir(parents=True, exist_ok=True)
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "index.md").write_text("# Handbook\n", encoding="utf-8")
    for old in (root / "checklists").glob("*.yml"):
        old.unlink()
    for doc in checklists:
        text = SCHEMA_LINE + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1000)
        (root / "checklists" / f"{doc['id']}.yml").write_text(text, encoding="utf-8")
    return root


def security(version: int) -> dict:
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
    return checklist("review", "REV", "Review", "1.0.0" if version == 1 else "1.1.0", {
        "Implementation": [
            item("REV-001", "Tests cover the new behaviour"),
            item("REV-002", "Errors are logged with context" if version == 1 else "Errors are logged with request context",
                 "should" if version == 1 else "must"),
            item("REV-003", "The change is behind a feature flag when risky", "may"),
        ],
    }, retired=[{"id": "REV-009", "reason": "Obsolete.", "title": "Code is formatted"}])


def write_handbook(root: Path, version: int = 1) -> Path:
    return write_checklists(root, [security(version), review(version)])


def write_big_handbook(root: Path, items: int = 10_000, per_checklist: int = 1000) -> Path:
    """A handbook with `items` items in checklists of `per_checklist` (prefixes GA, GB, ...)."""
    docs = []
    for index in range((items + per_checklist - 1) // per_checklist):
        prefix = "G" + chr(ord("A") + index // 26) + chr(ord("A") + index % 26)
        count = min(per_checklist, items - index * per_checklist)
        severities = ("must", "should", "may")
        sections = {}
        for n in range(count):
            sections.setdefault(f"Section {n // 50 + 1}", []).append(
                item(f"{prefix}-{n + 1:04d}", f"Generated item {n + 1} of checklist {prefix}", severities[n % 3]))
        docs.append(checklist(f"gen-{prefix.lower()}", prefix, f"Generated {prefix}", "1.0.0", sections))
    return write_checklists(root, docs)


# ---------------------------------------------------------------------------------------------
# Running the command


FIXED_EPOCH = "1790000000"  # 2026-09-21T14:13:20Z: SOURCE_DATE_EPOCH makes stamps reproducible
FIXED_TIME = "2026-09-21T14:13:20Z"


def cli_env(root: Path, **extra) -> dict:
    return {"CHECKLIST_HANDBOOK": str(root), "SOURCE_DATE_EPOCH": FIXED_EPOCH, "CHECKLIST_SITE_URL": "https://hb.example/",
            **extra}


def invoke(args: list[str], root: Path | None = None, input: str | bytes | None = None, **env):
    """Run `checklist ARGS` in-process through click's CliRunner; returns the click Result."""
    from click.testing import CliRunner

    from handbook_checklists.cli.commands import main

    environment = cli_env(root, **env) if root is not None else env
    return CliRunner().invoke(main, [str(a) for a in args], env=environment, input=input, catch_exceptions=False)


def run_process(args: list[str], cwd: Path, root: Path | None = None, input: str | None = None, **env):
    """Run the installed `checklist` console script as a real subprocess."""
    import subprocess
    import sys

    script = Path(sys.executable).with_name("checklist")
    from tests.support.site import child_env

    environment = child_env(**(cli_env(root, **env) if root is not None else env))
    return subprocess.run([str(script), *map(str, args)], cwd=cwd, env=environment, input=input,
                          capture_output=True, text=True, timeout=120)
