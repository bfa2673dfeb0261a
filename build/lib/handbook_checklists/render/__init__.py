"""The render layer: checklists as HTML fragments, links between pages, and the site's generated
files. Imports the model, catalog and document layers; never MkDocs (tests/test_layers.py)."""
