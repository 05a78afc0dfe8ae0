#!/usr/bin/env bash
set -euo pipefail
pr="${1:?usage: pr-summary.sh <number|url>}"
gh pr view "$pr" --json title,author,state,additions,deletions,files,reviewRequests,statusCheckRollup \
  | jq -r '
    "# \(.title)  (\(.state), by \(.author.login))",
    "+\(.additions) / -\(.deletions) in \(.files | length) files",
    "reviewers: \([.reviewRequests[].login] | join(", "))",
    "checks: \([.statusCheckRollup[] | "\(.name)=\(.conclusion // .status)"] | join(", "))"'
