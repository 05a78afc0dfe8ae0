#!/usr/bin/env bash
# Skill setup script: installs the CLI, configures a project and runs checks.
set -euo pipefail
IFS=$'\n\t'

readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly VERSION="${TOOL_VERSION:-1.4.2}"
readonly PREFIX="${PREFIX:-$HOME/.local}"
LOG_FILE="$(mktemp -t setup.XXXXXX.log)"
VERBOSE=0
declare -a EXTRA_ARGS=()
declare -A CHECKSUMS=(
  [linux-x64]="3f1c0a8d2b7e4c61a9d5e0f2b8c7a6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9"
  [linux-arm64]="9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b93f1c0a8d2b7e4c61a9d5e0f2"
)

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$LOG_FILE" >&2; }
die() { log "error: $*"; exit 1; }
cleanup() {
  local rc=$?
  [[ -n "${TMP_DIR:-}" && -d "$TMP_DIR" ]] && rm -rf -- "$TMP_DIR"
  ((rc == 0)) || log "failed with exit code $rc (log: $LOG_FILE)"
  exit "$rc"
}
trap cleanup EXIT INT TERM

usage() {
  cat <<USAGE
Usage: $(basename "$0") [-v] [-p PREFIX] [--] [extra args...]
  -v         verbose output
  -p PREFIX  install prefix (default: $PREFIX)
USAGE
}

while getopts ":vp:h" opt; do
  case "$opt" in
    v) VERBOSE=$((VERBOSE + 1)) ;;
    p) PREFIX="$OPTARG" ;;
    h) usage; exit 0 ;;
    :) die "option -$OPTARG needs a value" ;;
    \?) die "unknown option -$OPTARG" ;;
  esac
done
shift $((OPTIND - 1))
EXTRA_ARGS=("$@")

detect_platform() {
  local os arch
  os="$(uname -s | tr '[:upper:]' '[:lower:]')"
  arch="$(uname -m)"
  case "$arch" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) die "unsupported architecture: $arch" ;;
  esac
  echo "${os}-${arch}"
}

need() {
  local cmd
  for cmd in "$@"; do
    command -v "$cmd" >/dev/null 2>&1 || die "missing required command: $cmd"
  done
}

download() {
  local url="$1" dest="$2" attempt
  for attempt in 1 2 3; do
    if curl -fsSL --retry 2 --connect-timeout 10 -o "$dest" "$url"; then
      return 0
    fi
    log "download failed (attempt $attempt): $url"
    sleep $((attempt * 2))
  done
  return 1
}

verify() {
  local file="$1" expected="$2" actual
  actual="$(sha256sum "$file" | awk '{print $1}')"
  [[ "$actual" == "$expected" ]] || die "checksum mismatch for $file: $actual != $expected"
}

install_tool() {
  local platform url archive
  platform="$(detect_platform)"
  [[ -n "${CHECKSUMS[$platform]:-}" ]] || die "no build for $platform"
  TMP_DIR="$(mktemp -d)"
  archive="$TMP_DIR/tool.tar.gz"
  url="https://downloads.example.invalid/tool/v${VERSION}/tool-${platform}.tar.gz"
  log "downloading tool $VERSION for $platform"
  download "$url" "$archive" || die "could not download $url"
  verify "$archive" "${CHECKSUMS[$platform]}"
  mkdir -p "$PREFIX/bin"
  tar -xzf "$archive" -C "$TMP_DIR"
  install -m 0755 "$TMP_DIR/tool" "$PREFIX/bin/tool"
  log "installed $PREFIX/bin/tool"
}

configure_project() {
  local config="$SCRIPT_DIR/../config/tool.json" count=0 file
  if [[ ! -f "$config" ]]; then
    mkdir -p "$(dirname "$config")"
    printf '{\n  "version": "%s",\n  "strict": true\n}\n' "$VERSION" >"$config"
  fi
  while IFS= read -r -d '' file; do
    ((VERBOSE > 0)) && log "checking $file"
    if grep -qE 'TODO|FIXME' "$file"; then
      count=$((count + 1))
    fi
  done < <(find "$SCRIPT_DIR/.." -type f \( -name '*.py' -o -name '*.sh' \) -not -path '*/node_modules/*' -print0)
  log "$count files still contain TODO/FIXME markers"
}

run_checks() {
  local status=0
  "$PREFIX/bin/tool" check --config "$SCRIPT_DIR/../config/tool.json" "${EXTRA_ARGS[@]}" || status=$?
  if ((status != 0)); then
    log "checks reported problems (exit $status)"
  fi
  return "$status"
}

main() {
  need curl tar sha256sum awk grep find
  log "setup started (prefix: $PREFIX, verbose: $VERBOSE)"
  [[ -x "$PREFIX/bin/tool" ]] && "$PREFIX/bin/tool" --version | grep -q "$VERSION" || install_tool
  configure_project
  run_checks
  log "done"
}

main "$@"
