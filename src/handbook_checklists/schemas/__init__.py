"""The handbook's JSON Schemas (draft-07), one file each, shared by the engine, the tests,
editors (the modeline of every checklist file) and the site, which publishes them:

- `checklist.schema.json`: a checklist YAML file (README "Adding a checklist item");
- `project-checklist-2.schema.json`: a project document, format `project-checklist/2`, the one
  programs write (docs/reference/project-document.md);
- `project-checklist.schema.json`: format `project-checklist/1`, still read (and upgraded) and still
  published at its old URL, so that older files keep validating in editors.
"""

from __future__ import annotations

import json
from importlib import resources

CHECKLIST_SCHEMA = "checklist.schema.json"
PROJECT_SCHEMA = "project-checklist.schema.json"  #: format project-checklist/1
PROJECT_SCHEMA_2 = "project-checklist-2.schema.json"  #: format project-checklist/2


def schema_text(name: str) -> str:
    """The schema file `name` as published, byte for byte (UTF-8 text). Raises FileNotFoundError."""
    return (resources.files(__name__) / name).read_text(encoding="utf-8")


def load_schema(name: str) -> dict:
    """The schema file `name`, parsed anew on each call (fastjsonschema rewrites the `$ref`s of the
    schema it compiles, so no parsed copy is shared)."""
    return json.loads(schema_text(name))
