"""The Backend Architecture Handbook's checklist engine: checklists as YAML, validated and rendered
into the handbook's site, exported as project documents a team ticks through, linked from pull
requests and gated on in CI.

Layers, each a sub-package that imports only those before it (tests/test_layers.py):
model -> catalog -> document -> pulls, probes, render -> cli -> adapters.
"""

__version__ = "0.2.0"
