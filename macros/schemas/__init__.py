"""The JSON Schemas of the handbook: one file each, shared by the engine, the tests, editors and the site."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

SCHEMA_DIR = Path(__file__).parent
CHECKLIST_SCHEMA = "checklist.schema.json"
PROJECT_SCHEMA = "project-checklist.schema.json"


@cache
def load_schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
