#!/usr/bin/env bash
set -euo pipefail
src="${1:?source png}"; out="${2:-.}"
mkdir -p "$out"
for s in 16 32 180 512; do magick "$src" -resize "${s}x${s}" "$out/icon-$s.png"; done
printf '{"icons":[{"src":"/icon-512.png","sizes":"512x512","type":"image/png"}]}\n' > "$out/manifest.webmanifest"
echo "favicons written to $out"
