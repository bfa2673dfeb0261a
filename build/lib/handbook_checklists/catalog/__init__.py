"""The catalog layer: checklist YAML with source positions -> the validated model, every rule of
the checklist format at once (catalog/loader.py), and the published-ID registry."""
