#!/usr/bin/env bash
# Browser check: starts the example server as wirecheck.sh does and uses
# its page in headless Chromium (browsercheck.mjs): sign up, session shown,
# reload, sign out, sign in.
#
# Chromium is a test dependency: when it is missing and apt-get can run,
# it is installed. Outside CI, a machine where it cannot be installed skips
# with a message; under CI=true that is a failure.
set -euo pipefail
cd "$(dirname "$0")"
check=browsercheck
. ./lib.bash

export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM_PATH" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "$check: installing chromium"
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
	fi
	[ -x "$CHROMIUM_PATH" ] || fail_or_skip "chromium is not installed at $CHROMIUM_PATH"
fi

need_node
start_example
run_client browsercheck.mjs
