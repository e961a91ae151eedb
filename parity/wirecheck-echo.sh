#!/usr/bin/env bash
# Wire check of the echo binding: builds its example app (example/echo),
# starts it on a free port and drives it with the official Better Auth
# client (wirecheck.mjs). Exits with the client's status.
#
# Outside CI, a machine without Node skips with a message; under CI=true
# it is a failure.
set -euo pipefail
cd "$(dirname "$0")"
check=wirecheck-echo
. ./lib.bash

need_node
start_app ./example/echo
run_client wirecheck.mjs
