#!/usr/bin/env bash
# Wire check of the organization plugin: builds the example server (which
# enables the plugin), starts it with a fresh SQLite file, and drives it
# with the official Better Auth client and its organizationClient plugin
# (wirecheck-organization.mjs). Exits with the client's status.
#
# Outside CI, a machine without Node or without the example skips with a
# message; under CI=true both are failures.
set -euo pipefail
cd "$(dirname "$0")"
check=wirecheck-organization
. ./lib.bash

need_node
start_example
run_client wirecheck-organization.mjs
