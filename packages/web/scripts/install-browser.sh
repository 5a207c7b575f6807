#!/bin/sh
# Installs Debian's Chromium and CJK fonts (the web end-to-end tests and the server's PDF export)
# and poppler-utils (pdftoppm, pdftotext, pdfinfo: the PDF tests) — idempotent.
set -eu
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' && command -v pdftoppm >/dev/null 2>&1; then
  echo "chromium, fonts-noto-cjk and poppler-utils already installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium fonts-noto-cjk poppler-utils
