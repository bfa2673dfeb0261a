#!/usr/bin/env bash
# Replace the self-hosted Mermaid with another version from the npm registry:
#
#     scripts/update-mermaid.sh 11.17.2        # or: make mermaid MERMAID_VERSION=11.17.2
#
# Takes dist/mermaid.min.js and LICENSE out of `npm pack mermaid@VERSION` (nothing is installed,
# no install scripts run), writes VERSION, and prints the sizes. Then: bump MERMAID_VERSION in the
# Makefile, run `make test` (tests/browser/test_strict_csp.py renders a diagram under strict CSP)
# and commit overrides/assets/vendor/mermaid/.
set -euo pipefail

version="${1:?usage: scripts/update-mermaid.sh VERSION (e.g. 11.17.2)}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/overrides/assets/vendor/mermaid"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

tarball="$(cd "$work" && npm pack --silent "mermaid@$version")"
tar -xzf "$work/$tarball" -C "$work" package/package.json package/LICENSE package/dist/mermaid.min.js
licence="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["license"])' "$work/package/package.json")"
packed="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$work/package/package.json")"

mkdir -p "$dest"
cp "$work/package/dist/mermaid.min.js" "$dest/mermaid.min.js"
cp "$work/package/LICENSE" "$dest/LICENSE"
cat > "$dest/VERSION" <<TEXT
mermaid $packed (dist/mermaid.min.js from the npm package "mermaid"; $licence, see LICENSE).
Served from the site itself so diagrams never load a script from a third-party host.
TEXT
printf 'mermaid %s (%s): %s bytes, %s gzipped\n' "$packed" "$licence" \
  "$(wc -c < "$dest/mermaid.min.js")" "$(gzip -9c "$dest/mermaid.min.js" | wc -c)"
