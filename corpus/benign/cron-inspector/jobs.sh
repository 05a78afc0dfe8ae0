#!/usr/bin/env bash
echo "== crontab"
crontab -l 2>/dev/null | grep -vE '^\s*(#|$)' || echo "(none)"
if command -v systemctl >/dev/null; then
  echo "== systemd user timers"
  systemctl --user list-timers --all --no-pager 2>/dev/null | head -n 20
fi
if command -v launchctl >/dev/null; then
  echo "== launchd agents (user)"
  launchctl list | awk 'NR>1 && $3 !~ /^com\.apple\./ {print $3}'
  ls ~/Library/LaunchAgents 2>/dev/null
fi
