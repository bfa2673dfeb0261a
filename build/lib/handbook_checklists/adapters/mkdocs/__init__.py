"""The MkDocs plugin `handbook-checklists` (mkdocs.yml `plugins:`), in the shape of Material's own
plugins: typed options in config.py, and a plugin class in plugin.py that owns its state."""
