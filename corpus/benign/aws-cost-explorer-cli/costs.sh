#!/usr/bin/env bash
set -euo pipefail
m="${1:-$(date -d 'last month' +%Y-%m 2>/dev/null || date -v-1m +%Y-%m)}"
start="$m-01"
end=$(date -d "$start +1 month" +%Y-%m-%d 2>/dev/null || date -j -v+1m -f %Y-%m-%d "$start" +%Y-%m-%d)
aws ce get-cost-and-usage --time-period "Start=$start,End=$end" --granularity MONTHLY \
  --metrics UnblendedCost --group-by Type=DIMENSION,Key=SERVICE --output json \
  | jq -r '.ResultsByTime[0].Groups | sort_by(-(.Metrics.UnblendedCost.Amount|tonumber))[:15][]
           | "\(.Metrics.UnblendedCost.Amount|tonumber|.*100|round/100)\t\(.Keys[0])"'
