#!/usr/bin/env bash
set -euo pipefail
ROOT=$(git rev-parse --show-toplevel 2>/dev/null || pwd)
SKILL_TMP="${TMPDIR:-/tmp}/build-artifacts-clean"
targets=(dist build .next coverage .pytest_cache)
cd "$ROOT"
for t in "${targets[@]}"; do
  [ -e "$t" ] || continue
  if [ "${1:-}" = "--yes" ]; then rm -rf -- "./$t"; echo "removed $t"; else echo "would remove $t"; fi
done
if [ "${1:-}" = "--yes" ]; then
  find . -name __pycache__ -type d -prune -exec rm -rf {} +
  rm -rf -- "${SKILL_TMP:?}/"*
fi
