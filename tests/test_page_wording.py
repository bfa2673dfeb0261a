"""The page (overrides/assets/checklist.js) words a schema pattern the way the command does
(document/state.py): both name the same patterns, so a schema change that leaves one behind fails."""

from __future__ import annotations

import json
import re

from handbook_checklists.document.state import _wording  # noqa: PLC2701 - the command's wording is the reference
from tests.support.site import REPO


def page_patterns() -> dict[str, str]:
    script = (REPO / "overrides" / "assets" / "checklist.js").read_text(encoding="utf-8")
    block = script.split("const PATTERNS = {", 1)[1].split("};", 1)[0]
    constants = dict(re.findall(r'const (\w+) = ("(?:[^"\\]|\\.)*");', script))

    def words(value: str) -> str:
        return json.loads(constants.get(value, value))

    return {json.loads(key): words(value)
            for key, value in re.findall(r'^\s*("(?:[^"\\]|\\.)*"):\s*("(?:[^"\\]|\\.)*"|\w+),', block, re.M)}


def test_page_and_command_word_the_same_patterns_the_same_way():
    assert page_patterns() == _wording().patterns
    assert page_patterns(), "no pattern found in the page script"
