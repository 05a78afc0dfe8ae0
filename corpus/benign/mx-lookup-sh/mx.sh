#!/usr/bin/env bash
sel=""
domains=()
while [ $# -gt 0 ]; do
  case "$1" in --dkim) sel="$2"; shift 2 ;; *) domains+=("$1"); shift ;; esac
done
for d in "${domains[@]}"; do
  echo "== $d"
  dig +short MX "$d" | sort -n
  dig +short TXT "$d" | grep -i 'v=spf1' || echo "(no SPF)"
  dig +short TXT "_dmarc.$d" || true
  [ -n "$sel" ] && dig +short TXT "${sel}._domainkey.$d"
done
