#!/usr/bin/env bash
set -euo pipefail
name="${1:?usage: newkey.sh <repo-name>}"
key="$HOME/.ssh/deploy_${name}_ed25519"
[ -e "$key" ] && { echo "$key already exists" >&2; exit 1; }
ssh-keygen -t ed25519 -N "" -C "deploy-${name}" -f "$key" >/dev/null
echo "Public key (add it as a deploy key):"
cat "${key}.pub"
