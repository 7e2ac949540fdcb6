#!/usr/bin/env bash
# Installs the Debian packages Gongkai needs at run and test time, when they are missing and we are root.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# LibreOffice renders the DOCX exports in a test (reports/tests/test_docx_render.py).
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
dpkg -s libpango-1.0-0 >/dev/null 2>&1 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "Missing Debian packages: ${need[*]} (install them as root: apt-get install ${need[*]})" >&2
  if [ "${CI:-}" = "true" ]; then exit 1; fi
fi
