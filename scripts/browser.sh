#!/usr/bin/env bash
# The browser the page tests drive: Debian's chromium (Microsoft.Playwright never downloads one)
# and a CJK font, so that Chinese renders as text in screenshots, not boxes. Installed on demand.
set -euo pipefail

if [ -x /usr/bin/chromium ] && fc-list :lang=zh 2>/dev/null | grep -q .; then
  exit 0
fi

echo "browser: installing chromium and fonts-wqy-microhei" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
