#!/bin/bash
f="${1:?usage: whence.sh <file>}"
echo "quarantine: $(xattr -p com.apple.quarantine "$f" 2>/dev/null || echo '(none)')"
mdls -name kMDItemWhereFroms -raw "$f" 2>/dev/null | tr -d '()"' | sed 's/^ *//'
echo
