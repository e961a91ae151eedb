#!/usr/bin/env bash
# Checks that parity/manifest/upstream-1.6.11.json is what generate.mjs
# writes from the pinned packages, so that the committed manifest the audit
# reads cannot drift from its generator. Installs the packages with npm ci.
#
# Outside CI, a machine without Node skips with a message; under CI=true
# that is a failure.
set -euo pipefail
cd "$(dirname "$0")/manifest"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	if [ "${CI:-}" = true ]; then
		echo "manifest: FAIL: node and npm are needed" >&2
		exit 1
	fi
	echo "manifest: skipped: node and npm are not installed"
	exit 0
fi
npm ci --no-audit --no-fund --prefer-offline --loglevel=error
# Upstream prints deprecation notices for oidc-provider and mcp; keep the
# log to the verdict unless the check fails.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! node generate.mjs --check >"$log" 2>&1; then
	cat "$log" >&2
	exit 1
fi
grep -v '^\[Deprecation\]' "$log" || true
