"""Automated probes that check items against a repository (the `check:` field of an item).

Empty until probes exist: the schema already accepts `check:`, and nothing evaluates it yet.
Its place in the layers: it may import the model, catalog and document layers.
"""
