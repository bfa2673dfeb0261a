"""`python -m bench`: run every benchmark module that is present, one after another."""

import importlib

MODULES = ("bench.build_bench", "bench.page_bench", "bench.page_weight_bench", "bench.print_bench",
           "bench.lighthouse_bench", "bench.zensical_bench", "bench.cli_bench", "bench.install_bench",
           "bench.pr_lint_bench", "bench.probes_bench")

for name in MODULES:
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as missing:
        if missing.name != name:
            raise
        continue
    print(f"== {name}")
    module.main()
