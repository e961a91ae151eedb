#!/usr/bin/env bash
# Runs every module's tests in the workspace with the race detector, then
# vet, and the checks that need Node (when parity/ has them).
#
# Databases: tests read KERNIA_TEST_POSTGRES_URL, KERNIA_TEST_MYSQL_URL and
# KERNIA_TEST_MONGO_URL. Unset, a test skips its backend with a message,
# except under CI=true, where a missing database fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

modules=$(go list -m -f '{{.Dir}}')
pkgs=()
for m in $modules; do pkgs+=("$m/..."); done

go vet "${pkgs[@]}"
go test -race -count=1 -timeout 40m "${pkgs[@]}"

for s in parity/*.sh; do
	[ -e "$s" ] || continue
	echo "== $s"
	bash "$s"
done
