#!/bin/sh
# Installs the system programs the server's deployment test uses: Debian's nginx (the TLS-
# terminating reverse proxy of docs/deploy.md, started by the test itself on ports of its own)
# and openssl (its self-signed certificate) — idempotent. The packaged nginx service is not
# started: the install runs under a policy-rc.d that refuses service starts, as in a container.
set -eu
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  if command -v openssl >/dev/null 2>&1; then
    echo "nginx and openssl already installed"
    exit 0
  fi
fi
SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
POLICY=/usr/sbin/policy-rc.d
ADDED_POLICY=""
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
  $SUDO chmod +x "$POLICY"
  ADDED_POLICY=1
fi
cleanup() { if [ -n "$ADDED_POLICY" ]; then $SUDO rm -f "$POLICY"; fi; }
trap cleanup EXIT
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends nginx-light openssl
