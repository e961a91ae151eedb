#!/usr/bin/env bash
# Wire check: builds the example server, starts it on a free port with a
# fresh SQLite file, and drives it with the official Better Auth client
# (wirecheck.mjs). Exits with the client's status.
#
# Outside CI, a machine without Node or without the example skips with a
# message; under CI=true both are failures.
set -euo pipefail
cd "$(dirname "$0")"
check=wirecheck
. ./lib.bash

need_node
start_example
run_client wirecheck.mjs
