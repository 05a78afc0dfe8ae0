#!/usr/bin/env bash
filter="${1:-}"
env | sort | while IFS='=' read -r name value; do
  [ -n "$filter" ] && [[ "$name" != *"$filter"* ]] && continue
  if [[ "$name" =~ (KEY|TOKEN|SECRET|PASSWORD|PASS|CREDENTIAL) ]]; then
    value="${value:0:2}****"
  fi
  printf '%-28s %s\n' "$name" "$value"
done
