#!/usr/bin/env bash
# Wire check of the account lifecycle: builds the example server (which
# mails reset, verification and email change links to its development
# outbox), starts it with a fresh SQLite file, and drives it with the
# official Better Auth client (wirecheck-lifecycle.mjs): a password reset
# round trip and an email change. Exits with the client's status.
#
# Outside CI, a machine without Node or without the example skips with a
# message; under CI=true both are failures.
set -euo pipefail
cd "$(dirname "$0")"
check=wirecheck-lifecycle
. ./lib.bash

need_node
start_example
run_client wirecheck-lifecycle.mjs
