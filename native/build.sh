#!/usr/bin/env bash
# Builds libskillscan_treesitter.so: the tree-sitter core, the grammars SkillScan parses (JavaScript, TypeScript, TSX,
# Python, Bash) and SkillScan's own C helpers (native/src/*.c), each compiled separately and in parallel, then linked.
#
# usage: native/build.sh OUTPUT_DIR
#
# The C sources come from the npm packages pinned in native/package-lock.json; install them first with
#   (cd native && npm ci --ignore-scripts)
# (never without --ignore-scripts: the packages' install scripts would try to build Node addons).
# The MSBuild project src/SkillScan.TreeSitter runs both steps incrementally; this script can also run by hand.
#
# Environment: CC (default cc), CFLAGS (extra compile flags), LDFLAGS (extra link flags; e.g. -fsanitize=address
# with CFLAGS=-fsanitize=address, as native/fuzz/run.sh --asan does), SKILLSCAN_NATIVE_JOBS (default: nproc).
set -euo pipefail

die() {
  echo "native/build.sh: error: $*" >&2
  exit 1
}

[[ $# -eq 1 && -n "$1" ]] || die "usage: build.sh OUTPUT_DIR"

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$1" || die "cannot create output directory '$1'"
OUT="$(cd "$1" && pwd)"
NM="$HERE/node_modules"
CC="${CC:-cc}"
JOBS="${SKILLSCAN_NATIVE_JOBS:-$(nproc 2>/dev/null || echo 2)}"
LIB_NAME="libskillscan_treesitter.so"

command -v "$CC" >/dev/null 2>&1 \
  || die "C compiler '$CC' not found. Install one (Debian: apt-get install gcc) or set CC."

CORE="$NM/tree-sitter/vendor/tree-sitter/lib"
TS="$NM/tree-sitter-typescript"

# One line per object: NAME|SOURCE|INCLUDE_DIRS (colon separated).
UNITS=(
  "tree_sitter_core|$CORE/src/lib.c|$CORE/include:$CORE/src"
  "javascript_parser|$NM/tree-sitter-javascript/src/parser.c|$NM/tree-sitter-javascript/src"
  "javascript_scanner|$NM/tree-sitter-javascript/src/scanner.c|$NM/tree-sitter-javascript/src"
  "typescript_parser|$TS/typescript/src/parser.c|$TS/typescript/src"
  "typescript_scanner|$TS/typescript/src/scanner.c|$TS/typescript/src"
  "tsx_parser|$TS/tsx/src/parser.c|$TS/tsx/src"
  "tsx_scanner|$TS/tsx/src/scanner.c|$TS/tsx/src"
  "python_parser|$NM/tree-sitter-python/src/parser.c|$NM/tree-sitter-python/src"
  "python_scanner|$NM/tree-sitter-python/src/scanner.c|$NM/tree-sitter-python/src"
  "bash_parser|$NM/tree-sitter-bash/src/parser.c|$NM/tree-sitter-bash/src"
  "bash_scanner|$NM/tree-sitter-bash/src/scanner.c|$NM/tree-sitter-bash/src"
)
for own in "$HERE"/src/*.c; do
  [[ -e "$own" ]] || die "no C files in $HERE/src"
  UNITS+=("skillscan_$(basename "$own" .c)|$own|$CORE/include")
done

missing=()
for unit in "${UNITS[@]}"; do
  IFS='|' read -r _ src _ <<<"$unit"
  [[ -f "$src" ]] || missing+=("$src")
done
[[ -f "$TS/common/scanner.h" ]] || missing+=("$TS/common/scanner.h")
if ((${#missing[@]})); then
  printf 'native/build.sh: error: missing C source: %s\n' "${missing[@]}" >&2
  die "the tree-sitter sources are not installed. Run: (cd '$HERE' && npm ci --ignore-scripts)"
fi

OBJ="$OUT/obj"
mkdir -p "$OBJ"

# One build at a time per output directory (parallel MSBuild nodes may start this twice).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$OUT/.build.lock"
  flock 9
fi

# Objects are reused when they are newer than their source, every file in their include directories and this
# script and the last npm install, and were built with the same compiler and flags (recorded in obj/flags). So
# editing native/src/*.c recompiles only that file; a new npm install or another CC/CFLAGS recompiles everything.
FLAGS_ID="$("$CC" --version 2>/dev/null | head -n1) | ${CFLAGS:-} | ${LDFLAGS:-}"
if [[ ! -f "$OBJ/flags" || "$(cat "$OBJ/flags")" != "$FLAGS_ID" ]]; then
  rm -f "$OBJ"/*.o
  printf '%s' "$FLAGS_ID" >"$OBJ/flags"
fi

is_up_to_date() { # NAME SRC INCS
  local obj="$OBJ/$1.o" src="$2" incs="$3" dir
  [[ -f "$obj" && "$obj" -nt "$src" && "$obj" -nt "${BASH_SOURCE[0]}" ]] || return 1
  # A new `npm ci` (whatever time stamps it gives the files) recompiles everything.
  [[ ! -f "$NM/.package-lock.json" || "$obj" -nt "$NM/.package-lock.json" ]] || return 1
  local IFS=':'
  for dir in $incs; do
    [[ -z "$(find "$dir" -type f \( -name '*.h' -o -name '*.c' \) -newer "$obj" -print -quit)" ]] || return 1
  done
  # The TypeScript scanners include ../../common/scanner.h.
  [[ "$src" != "$TS"/* || ! "$TS/common/scanner.h" -nt "$obj" ]]
}

stale=()
for unit in "${UNITS[@]}"; do
  IFS='|' read -r name src incs <<<"$unit"
  is_up_to_date "$name" "$src" "$incs" || stale+=("$unit")
done

compile_one() {
  local name="$1" src="$2" incs="$3" flags=() dirs=()
  IFS=':' read -ra dirs <<<"$incs"
  for inc in "${dirs[@]}"; do flags+=("-I$inc"); done
  # shellcheck disable=SC2086 # CFLAGS is a list of flags on purpose
  if ! "$CC" -O2 -fPIC -fvisibility=hidden -w $CFLAGS_EXTRA "${flags[@]}" -c "$src" -o "$OBJ/$name.o.tmp"; then
    echo "native/build.sh: error: compiling $src failed" >&2
    return 1
  fi
  mv -f "$OBJ/$name.o.tmp" "$OBJ/$name.o"
}
export -f compile_one
export CC OBJ
export CFLAGS_EXTRA="${CFLAGS:-}"

start=$(date +%s)
echo "native/build.sh: compiling ${#stale[@]} of ${#UNITS[@]} C files with $CC, $JOBS at a time"
# Largest files first, so the two big TypeScript parsers don't end up last on one core.
((${#stale[@]} == 0)) || printf '%s\n' "${stale[@]}" \
  | while IFS='|' read -r name src incs; do printf '%s\t%s|%s|%s\n' "$(stat -c %s "$src")" "$name" "$src" "$incs"; done \
  | sort -rn | cut -f2- \
  | tr '\n' '\0' \
  | xargs -0 -P "$JOBS" -I{} bash -c 'IFS="|" read -r n s i <<<"$1"; compile_one "$n" "$s" "$i"' _ {} \
  || die "compilation failed (see the messages above)"

objects=()
relink=$((${#stale[@]} > 0))
for unit in "${UNITS[@]}"; do
  IFS='|' read -r name _ _ <<<"$unit"
  objects+=("$OBJ/$name.o")
  [[ "$OUT/$LIB_NAME" -nt "$OBJ/$name.o" ]] || relink=1
done
if ((relink == 0)); then
  echo "native/build.sh: $OUT/$LIB_NAME is up to date"
  touch "$OUT/$LIB_NAME"
  exit 0
fi

# Link into a temporary file and rename it, so a failed or interrupted build never leaves a half-written library.
# shellcheck disable=SC2086 # LDFLAGS is a list of flags on purpose
"$CC" -shared -fPIC -Wl,--no-undefined -Wl,-soname,"$LIB_NAME" ${LDFLAGS:-} -o "$OUT/$LIB_NAME.tmp" "${objects[@]}" \
  || die "linking $LIB_NAME failed"
mv -f "$OUT/$LIB_NAME.tmp" "$OUT/$LIB_NAME"
echo "native/build.sh: built $OUT/$LIB_NAME ($(stat -c %s "$OUT/$LIB_NAME") bytes) in $(($(date +%s) - start)) s"
