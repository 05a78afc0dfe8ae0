# shellcheck shell=bash
# SkillScan install wrappers: gate a skill before installing it, install only on pass.
# Source this file from ~/.bashrc or ~/.zshrc:   . /path/to/skillscan-install.sh
#
#   skillscan_install_openclaw <skill-ref> [installer args...]   wraps `openclaw skill install`
#   skillscan_install_clawhub  <skill-ref> [installer args...]   wraps `clawhub install`
#   skillscan_install <path|url> -- <install command...>           generic: gate PATH (or download URL), then run the command
#
# Override (you read the report and accept the risk): SKILLSCAN_OVERRIDE=1 skillscan_install_clawhub foo
# Stricter: SKILLSCAN_FAIL_ON=review stops on review verdicts too. See docs/gate.md.

_skillscan_gate() {
  local target="$1" rc
  skillscan gate --fail-on "${SKILLSCAN_FAIL_ON:-block}" "$target"
  rc=$?
  if [ "$rc" -eq 0 ]; then return 0; fi
  if [ "${SKILLSCAN_OVERRIDE:-}" = "1" ]; then
    echo "skillscan: gate said no (exit $rc) but SKILLSCAN_OVERRIDE=1: installing anyway." >&2
    return 0
  fi
  if [ "$rc" -eq 2 ]; then
    echo "skillscan: the gate could not read $target (exit 2); not installing." >&2
  else
    echo "skillscan: not installing. Read the report above; SKILLSCAN_OVERRIDE=1 installs anyway." >&2
  fi
  return "$rc"
}

# Fetch a URL into a fresh temp folder (the gate reads archives in memory; nothing is extracted).
_skillscan_fetch() {
  local url="$1" dir file
  dir="$(mktemp -d)" || return 2
  file="$dir/$(basename "${url%%\?*}")"
  case "$file" in *.zip|*.skill|*.tgz|*.tar.gz|*.tar) ;; *) file="$file.zip" ;; esac
  curl -fsSL --proto '=https' -o "$file" "$url" || { echo "skillscan: download failed: $url" >&2; return 2; }
  printf '%s\n' "$file"
}

# Generic form: skillscan_install <path|https-url> -- <install command and args...>
skillscan_install() {
  local target="$1"; shift
  [ "${1:-}" = "--" ] && shift
  [ $# -gt 0 ] || { echo "usage: skillscan_install <path|url> -- <install command...>" >&2; return 2; }
  case "$target" in https://*) target="$(_skillscan_fetch "$target")" || return 2 ;; esac
  _skillscan_gate "$target" || return $?
  "$@"
}

# Download the skill the way the registry's CLI would, without installing it, then gate and install.
# `clawhub download` / `openclaw skill download` write the skill into a folder; if your CLI version lacks a
# download step, pass a local path or URL to skillscan_install instead.
skillscan_install_clawhub() {
  local ref="$1"; shift
  local dir; dir="$(mktemp -d)" || return 2
  clawhub download "$ref" --dir "$dir" >/dev/null || { echo "skillscan: could not download $ref" >&2; return 2; }
  _skillscan_gate "$dir" || return $?
  clawhub install "$ref" "$@"
}

skillscan_install_openclaw() {
  local ref="$1"; shift
  local dir; dir="$(mktemp -d)" || return 2
  openclaw skill download "$ref" --dir "$dir" >/dev/null || { echo "skillscan: could not download $ref" >&2; return 2; }
  _skillscan_gate "$dir" || return $?
  openclaw skill install "$ref" "$@"
}
