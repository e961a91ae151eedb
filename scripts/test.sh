#!/usr/bin/env bash
# Runs the whole project's checks: gofmt, go vet and staticcheck on every
# module of the workspace, every module's tests with the race detector, then
# the gates in parity/ (the parity audit, and the wire-checks that drive
# the example servers with the official Better Auth client and a browser).
#
# Databases: tests read KERNIA_TEST_POSTGRES_URL, KERNIA_TEST_MYSQL_URL and
# KERNIA_TEST_MONGO_URL. Unset, a test skips its backend with a message
# (MongoDB falls back to an embedded FerretDB), except under CI=true, where
# a missing database fails the run. .ci/run sets them.
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=()
for m in $(go list -m -f '{{.Dir}}'); do pkgs+=("$m/..."); done

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then
	echo "not gofmt-clean:"; echo "$unformatted"; exit 1
fi

echo "== go vet"
go vet "${pkgs[@]}"

echo "== staticcheck"
staticcheck=$(go env GOPATH)/bin/staticcheck
if [ ! -x "$staticcheck" ]; then
	(cd /tmp && go install honnef.co/go/tools/cmd/staticcheck@v0.8.2)
fi
"$staticcheck" "${pkgs[@]}"

echo "== go test -race"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
rc=0
go test -race -count=1 -v -timeout 40m "${pkgs[@]}" >"$log" 2>&1 || rc=$?
if [ "$rc" -ne 0 ]; then
	# Everything but the passing and running noise: failures with their
	# messages, skips with their reasons, build errors.
	grep -vE '^ *(=== (RUN|PAUSE|CONT|NAME)|--- PASS)' "$log" | tail -n 600
fi
grep -E '^(ok|FAIL|\?) ' "$log" || true
grep -hoE 'conformance: .*skipped$' "$log" || true
passed=$(grep -cE '^ *--- PASS' "$log" || true)
failed=$(grep -cE '^ *--- FAIL' "$log" || true)
skipped=$(grep -cE '^ *--- SKIP' "$log" || true)
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$rc" -eq 0 ] || exit "$rc"

# The parity audit goes last, so that its totals end the run.
for s in parity/*.sh; do
	[ "$s" = parity/audit.sh ] && continue
	echo "== $s"
	bash "$s"
done
echo "== parity/audit.sh"
bash parity/audit.sh
echo "all checks passed"
