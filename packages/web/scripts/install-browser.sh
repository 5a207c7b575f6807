#!/bin/sh
# Installs Debian's Chromium and CJK fonts (the web end-to-end tests and the server's PDF export)
# and poppler-utils (pdftoppm, pdftotext, pdfinfo, pdfdetach: the PDF tests), and LibreOffice
# Writer and Calc without their GUI (the tests render our .docx and .xlsx exports with a second,
# independent office program) — idempotent.
set -eu
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' && command -v pdftoppm >/dev/null 2>&1 && command -v soffice >/dev/null 2>&1 && [ -e /usr/lib/libreoffice/program/libsclo.so ]; then
  echo "chromium, fonts-noto-cjk, poppler-utils, libreoffice-writer-nogui and libreoffice-calc-nogui already installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium fonts-noto-cjk poppler-utils
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui
