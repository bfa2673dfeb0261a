"""Adapters to site generators: the only part of the package that imports MkDocs, Material or
mkdocs-macros (tests/test_layers.py). Installed with the `[site]` extra."""
