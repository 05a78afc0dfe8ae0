#!/usr/bin/env bash
set -euo pipefail
DIR=$(cd "$(dirname "$0")" && pwd)
chmod +x "$DIR"/scripts/*.sh
[ -f "$DIR/config.env" ] || cp "$DIR/config.env.example" "$DIR/config.env"
chmod 600 "$DIR/config.env"
echo "scripts ready"
