#!/usr/bin/env bash
set -euo pipefail
cmd="${1:-ps}"; shift || true
case "$cmd" in
  up)   docker compose up -d --wait ;;
  down) docker compose down ;;
  logs) docker compose logs -f --tail=200 "$@" ;;
  ps)   docker compose ps --format 'table {{.Service}}\t{{.State}}\t{{.Health}}' ;;
  *)    echo "usage: stack.sh up|down|logs [svc]|ps" >&2; exit 2 ;;
esac
