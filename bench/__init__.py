"""Benchmarks: run `python -m bench` (all) or `python -m bench.cli_bench` from the repository root."""
