#!/usr/bin/env bash
# Install the Noto CJK fonts that Chromium needs to print Chinese in PDF reports (Cyrillic and
# Vietnamese are covered by the DejaVu fonts Chromium already pulls in).
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then
  echo "Chinese fonts are missing: run 'sudo apt-get install fonts-noto-cjk' (PDF reports)." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq fonts-noto-cjk >/dev/null
fc-list :lang=zh | head -1
