"""Running the `checklist` command in tests: in-process through click's CliRunner, or as the installed
console script in a subprocess, with a fixed clock (SOURCE_DATE_EPOCH) and site URL."""

from __future__ import annotations

from pathlib import Path

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
