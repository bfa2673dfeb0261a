"""The handbook's two JSON Schemas (draft-07), one file each, shared by the engine, the tests,
editors (the modeline of every checklist file) and the site, which publishes them:

- `checklist.schema.json`: a checklist YAML file (README "Adding a checklist item");
- `project-checklist.schema.json`: a project document (docs/reference/project-document.md).
"""

from __future__ import annotations

import json
from importlib import resources

CHECKLIST_SCHEMA = "checklist.schema.json"
PROJECT_SCHEMA = "project-checklist.schema.json"


def schema_text(name: str) -> str:
    """The schema file `name` as published, byte for byte (UTF-8 text). Raises FileNotFoundError."""
    return (resources.files(__name__) / name).read_text(encoding="utf-8")


def load_schema(name: str) -> dict:
    """The schema file `name`, parsed anew on each call (fastjsonschema rewrites the `$ref`s of the
    schema it compiles, so no parsed copy is shared)."""
    return json.loads(schema_text(name))
