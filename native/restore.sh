#!/usr/bin/env bash
# Installs the tree-sitter C sources (and the SARIF multitool) from package-lock.json, when needed:
# runs `npm ci --ignore-scripts` if node_modules/.package-lock.json is missing or older than package-lock.json or
# package.json. Serialized with flock, so parallel builds (e.g. `dotnet test` of the whole solution) never run two
# installs into the same node_modules; the second one finds it up to date.
# Called by the MSBuild project src/SkillScan.TreeSitter; can run by hand.
set -euo pipefail

die() {
  echo "native/restore.sh: error: $*" >&2
  exit 1
}

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
command -v npm >/dev/null 2>&1 \
  || die "npm not found: it is needed to install the tree-sitter C sources (Debian: apt-get install nodejs npm)"

mkdir -p build
if command -v flock >/dev/null 2>&1; then
  exec 9>build/.restore.lock
  flock 9
fi

stamp=node_modules/.package-lock.json
if [[ ! -f "$stamp" || package-lock.json -nt "$stamp" || package.json -nt "$stamp" ]]; then
  echo "native/restore.sh: npm ci --ignore-scripts"
  # Never without --ignore-scripts: the packages' install scripts would try to build Node addons with node-gyp.
  npm ci --ignore-scripts --no-audit --no-fund || die "npm ci failed"
  touch "$stamp"
fi

# --ignore-scripts also skipped the SARIF multitool's own postinstall (chmod u+x).
sarif=node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [[ -f "$sarif" && ! -x "$sarif" ]]; then
  chmod u+x "$sarif"
fi

# For MSBuild's up-to-date check (node_modules/.package-lock.json changes only when npm ci really ran).
touch build/.restore.stamp
