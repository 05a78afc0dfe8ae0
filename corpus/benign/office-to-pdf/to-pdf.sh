#!/usr/bin/env bash
set -euo pipefail
command -v soffice >/dev/null || { echo "LibreOffice (soffice) not found" >&2; exit 1; }
for f in "$@"; do
  outdir=$(dirname -- "$f")
  soffice --headless --convert-to pdf --outdir "$outdir" -- "$f" >/dev/null
  echo "converted: ${f%.*}.pdf"
done
