#!/usr/bin/env bash
# Runs the parity audit: Kernia's routes, error codes and schema against the
# committed Better Auth 1.6.11 manifest, under parity/waivers.json. Offline;
# exits non-zero on any unwaived difference or stale waiver.
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./parity/cmd/audit "$@"
