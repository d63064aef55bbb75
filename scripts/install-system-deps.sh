#!/usr/bin/env bash
# Debian packages the tests drive for real: chromium (webview and VS Code UI tests), iproute2 and
# nftables (network namespaces for kernel-fidelity tests), openssh-server (live SSH tests),
# tcpdump, python3 and net-tools (measuring the real kernel, netstat -s wording). Idempotent; needs root.
set -euo pipefail
pkgs=(chromium iproute2 nftables openssh-server openssh-client tcpdump python3 procps net-tools)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${missing[*]} — run this script as root (sudo)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "system packages: installed ${missing[*]}"
