#!/usr/bin/env bash
case "$1" in
  list) ollama list ;;
  pull) ollama pull "$2" ;;
  rm)   ollama rm "$2" ;;
  *)    echo "usage: models.sh list|pull|rm <model>" ;;
esac
