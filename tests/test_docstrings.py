"""Every public module, class and function in src/ has a docstring: `ruff check src` with the
pydocstyle D1 rules that pyproject.toml's [tool.ruff.lint] selects reports nothing.

ruff comes with the `test` extra (pyproject.toml, pinned in constraints.txt); it is looked up next
to the interpreter running the tests, so the check uses the venv's pinned ruff, not one on PATH.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUFF = Path(sys.executable).parent / "ruff"


def test_ruff_reports_nothing_in_src():
    assert RUFF.is_file(), f"{RUFF} is missing: install the test extra (pip install -e '.[test]' -c constraints.txt)"
    result = subprocess.run(
        [str(RUFF), "check", "--no-cache", "src"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, f"ruff check src failed:\n{result.stdout}{result.stderr}"
