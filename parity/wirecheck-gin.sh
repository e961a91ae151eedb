#!/usr/bin/env bash
# Wire check of the gin binding: builds its example app (example/gin),
# starts it on a free port and drives it with the official Better Auth
# client (wirecheck.mjs). Exits with the client's status.
#
# Outside CI, a machine without Node skips with a message; under CI=true
# it is a failure.
set -euo pipefail
cd "$(dirname "$0")"
check=wirecheck-gin
. ./lib.bash

need_node
start_app ./example/gin
run_client wirecheck.mjs
