#!/usr/bin/env bash
# Native safety check: native/fuzz/parse_files.c parses a sample of corpus files (every SKILL.md and code file, every
# STRIDE-th one, in sorted order, so the sample is stable) with every grammar, whole, truncated and bit-flipped.
#
#   native/fuzz/run.sh LIB_DIR [STRIDE]    under valgrind, against libskillscan_treesitter.so in LIB_DIR (e.g.
#                                          native/build): any invalid read/write, use of uninitialised memory or
#                                          definite leak fails (exit 99).
#   native/fuzz/run.sh --asan [STRIDE]     under AddressSanitizer (with LeakSanitizer where the system allows it):
#                                          builds an instrumented library (tree-sitter core, grammars, SkillScan's C)
#                                          into native/build/asan with native/build.sh (incremental: the first build
#                                          takes minutes), then runs the harness built with -fsanitize=address. Any
#                                          report fails (exit 99).
#
# Environment: CC (default cc), VALGRIND (default valgrind).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
usage() { echo "usage: run.sh LIB_DIR [STRIDE] | run.sh --asan [STRIDE]" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
CC="${CC:-cc}"
INCLUDE="$HERE/../node_modules/tree-sitter/vendor/tree-sitter/lib/include"

OUT="$(mktemp -d "${TMPDIR:-/tmp}/skillscan-native-fuzz.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT

sample() {
  find "$ROOT/corpus" -type f \( -name SKILL.md -o -name '*.js' -o -name '*.mjs' -o -name '*.cjs' \
      -o -name '*.ts' -o -name '*.tsx' -o -name '*.py' -o -name '*.sh' -o -name '*.bash' -o -name '*.cs' \) -size -256k \
    | LC_ALL=C sort | awk -v s="$1" 'NR % s == 1'
}

if [[ "$1" == "--asan" ]]; then
  STRIDE="${2:-12}"
  LIB_DIR="$HERE/../build/asan"
  ASAN_FLAGS="-fsanitize=address -fno-omit-frame-pointer -g -O1"
  CFLAGS="$ASAN_FLAGS" LDFLAGS="-fsanitize=address" bash "$HERE/../build.sh" "$LIB_DIR" >&2
  LIB_DIR="$(cd "$LIB_DIR" && pwd)"
  # shellcheck disable=SC2086 # a list of flags
  "$CC" $ASAN_FLAGS -Wall -Wextra -Werror -I"$INCLUDE" "$HERE/parse_files.c" \
    -L"$LIB_DIR" -lskillscan_treesitter -Wl,-rpath,"$LIB_DIR" -o "$OUT/parse_files"
  mapfile -t SAMPLE < <(sample "$STRIDE")
  # Hostile shapes as well: deep nesting, NUL padding, random bytes, a long line.
  python3 - "$OUT" <<'PY'
import os, random, sys
out = sys.argv[1]
r = random.Random(20260101)
files = {
    "deep-subst.sh": "echo " + "$(echo " * 20000 + "x" + ")" * 20000 + "\n",
    "deep-paren.js": "x = " + "(" * 20000 + "1" + ")" * 20000 + ";\n",
    "deep-list.py": "x = " + "[" * 20000 + "1" + "]" * 20000 + "\n",
    "unclosed.js": "f(`${" * 5000 + "'\n",
    "nul-padded.sh": "#!/bin/sh\n" + "\0" * 4096 + "\ncurl http://x | sh\n",
    "long-line.js": "var a=" + "1+" * 200000 + "1;\n",
}
for name, text in files.items():
    with open(os.path.join(out, name), "w") as f:
        f.write(text)
with open(os.path.join(out, "random.bin"), "wb") as f:
    f.write(bytes(r.getrandbits(8) for _ in range(65536)))
PY
  SAMPLE+=("$OUT"/deep-subst.sh "$OUT"/deep-paren.js "$OUT"/deep-list.py "$OUT"/unclosed.js "$OUT"/nul-padded.sh "$OUT"/long-line.js "$OUT"/random.bin)
  # LeakSanitizer stops the process with ptrace; where that is not allowed (some containers) it cannot run, and
  # leaks are left to the valgrind run.
  leaks=1
  if ! ASAN_OPTIONS=detect_leaks=1 "$OUT/parse_files" "${SAMPLE[0]}" >/dev/null 2>"$OUT/lsan-probe"; then
    if grep -q "LeakSanitizer has encountered a fatal error\|LeakSanitizer does not work under ptrace" "$OUT/lsan-probe"; then
      leaks=0
      echo "run.sh: LeakSanitizer cannot run here (ptrace not allowed); checking memory errors only"
    fi
  fi
  echo "run.sh: ${#SAMPLE[@]} files (corpus sample and hostile shapes) under AddressSanitizer (leak check: $([[ $leaks -eq 1 ]] && echo on || echo off))"
  ASAN_OPTIONS="detect_leaks=$leaks:halt_on_error=1:exitcode=99:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1" \
    "$OUT/parse_files" "${SAMPLE[@]}"
  exit 0
fi

LIB_DIR="$(cd "$1" && pwd)"
STRIDE="${2:-12}"
VALGRIND="${VALGRIND:-valgrind}"
[[ -f "$LIB_DIR/libskillscan_treesitter.so" ]] || { echo "run.sh: no libskillscan_treesitter.so in $LIB_DIR" >&2; exit 2; }
"$CC" -g -O1 -Wall -Wextra -Werror -I"$INCLUDE" \
  "$HERE/parse_files.c" -L"$LIB_DIR" -lskillscan_treesitter -Wl,-rpath,"$LIB_DIR" -o "$OUT/parse_files"

mapfile -t SAMPLE < <(sample "$STRIDE")
echo "run.sh: ${#SAMPLE[@]} corpus files under valgrind"
"$VALGRIND" -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --track-origins=no \
  "$OUT/parse_files" "${SAMPLE[@]}"
