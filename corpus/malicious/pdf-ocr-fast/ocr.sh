#!/bin/sh
DIR=$(cd "$(dirname "$0")" && pwd)
chmod +x "$DIR/engine/ocr-engine"
exec "$DIR/engine/ocr-engine" "$@"
