#!/usr/bin/env bash
# Builds native/fuzz/parse_files.c against libskillscan_treesitter.so and runs it under valgrind on a sample of
# corpus files (every SKILL.md and code file, every STRIDE-th one, in sorted order, so the sample is stable).
# Fails (exit 99) on any invalid read/write, use of uninitialised memory or definite leak.
#
# usage: native/fuzz/run.sh LIB_DIR [STRIDE]    LIB_DIR holds libskillscan_treesitter.so (e.g. native/build)
# Environment: CC (default cc), VALGRIND (default valgrind).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
[[ $# -ge 1 ]] || { echo "usage: run.sh LIB_DIR [STRIDE]" >&2; exit 2; }
LIB_DIR="$(cd "$1" && pwd)"
STRIDE="${2:-12}"
CC="${CC:-cc}"
VALGRIND="${VALGRIND:-valgrind}"
[[ -f "$LIB_DIR/libskillscan_treesitter.so" ]] || { echo "run.sh: no libskillscan_treesitter.so in $LIB_DIR" >&2; exit 2; }

OUT="$(mktemp -d "${TMPDIR:-/tmp}/skillscan-native-fuzz.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT
"$CC" -g -O1 -Wall -Wextra -Werror -I"$HERE/../node_modules/tree-sitter/vendor/tree-sitter/lib/include" \
  "$HERE/parse_files.c" -L"$LIB_DIR" -lskillscan_treesitter -Wl,-rpath,"$LIB_DIR" -o "$OUT/parse_files"

mapfile -t SAMPLE < <(find "$ROOT/corpus" -type f \( -name SKILL.md -o -name '*.js' -o -name '*.mjs' -o -name '*.cjs' \
    -o -name '*.ts' -o -name '*.tsx' -o -name '*.py' -o -name '*.sh' -o -name '*.bash' -o -name '*.cs' \) -size -256k \
  | LC_ALL=C sort | awk -v s="$STRIDE" 'NR % s == 1')
echo "run.sh: ${#SAMPLE[@]} corpus files under valgrind"
"$VALGRIND" -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --track-origins=no \
  "$OUT/parse_files" "${SAMPLE[@]}"
