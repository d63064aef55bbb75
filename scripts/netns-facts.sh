#!/bin/sh
# Re-measures the real-kernel facts in network namespaces and rewrites
# test/kernel/facts/linux-<major.minor>.json (needs root, iproute2, nftables, python3).
# Usage: sudo scripts/netns-facts.sh
set -eu
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
  echo "netns-facts: run as root (network namespaces and nftables need CAP_NET_ADMIN)" >&2
  exit 2
fi
for tool in ip nft python3 ss; do
  command -v "$tool" >/dev/null 2>&1 || { echo "netns-facts: $tool is missing (apt-get install iproute2 nftables python3)" >&2; exit 2; }
done
UPDATE_KERNEL_FACTS=1 exec npx vitest run test/kernel
