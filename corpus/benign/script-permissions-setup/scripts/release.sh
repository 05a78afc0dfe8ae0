#!/usr/bin/env bash
set -euo pipefail
v="${1:?version}"
npm version "$v" -m "release %s"
git push --follow-tags
