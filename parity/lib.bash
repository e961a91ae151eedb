# Shared by the parity/*.sh checks: source it, then call start_example (the
# example server) or start_app (any example app, such as ./example/gin).
# Not named *.sh, so scripts/test.sh does not run it on its own.

# fail_or_skip stops the check: a failure under CI=true, a skip otherwise.
fail_or_skip() {
	if [ "${CI:-}" = true ]; then
		echo "$check: FAIL: $1" >&2
		exit 1
	fi
	echo "$check: skipped: $1"
	exit 0
}

# need_node checks for Node and the example, then installs the pinned
# packages.
need_node() {
	command -v node >/dev/null || fail_or_skip "node is not installed"
	command -v npm >/dev/null || fail_or_skip "npm is not installed"
	[ -f ../example/go.mod ] || fail_or_skip "the example server (example/) is missing"
	npm ci --no-audit --no-fund --prefer-offline --loglevel=error
}

work=
pid=
cleanup() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	[ -z "$work" ] || rm -rf "$work"
}

# start_example starts the example server (example/) with start_app and
# a fresh SQLite file.
start_example() {
	new_work
	start_app ./example -db "$work/check.db"
}

# new_work makes the scratch directory work, once, and has cleanup stop
# the server and remove the directory on exit.
new_work() {
	[ -z "$work" ] || return 0
	work=$(mktemp -d)
	trap cleanup EXIT
}

# start_app builds the Go command at $1 (a package path from the
# repository root, such as ./example/gin), starts it on a free port with a
# random secret and the flags that follow $1, waits until /api/auth/ok
# answers and sets url.
start_app() {
	local pkg=$1
	shift
	new_work
	echo "$check: building $pkg"
	(cd .. && go build -o "$work/app" "$pkg")

	# Port 0 lets the kernel pick a free port; the server prints its URL.
	: >"$work/server.log"
	KERNIA_SECRET=$(node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))') \
		"$work/app" -addr 127.0.0.1:0 "$@" >"$work/server.log" 2>&1 &
	pid=$!

	url=
	for _ in $(seq 100); do
		url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/server.log" | head -n1 || true)
		[ -n "$url" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if [ -z "$url" ]; then
		echo "$check: FAIL: $pkg did not start; its log:" >&2
		cat "$work/server.log" >&2
		exit 1
	fi
	for _ in $(seq 100); do
		if node -e 'fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
			"$url/api/auth/ok"; then
			return 0
		fi
		sleep 0.1
	done
	echo "$check: FAIL: $url/api/auth/ok never answered 200; server log:" >&2
	cat "$work/server.log" >&2
	exit 1
}

# run_client runs a Node check against url and exits with its status,
# showing the server log when it fails.
run_client() {
	local status=0
	node "$1" "$url" || status=$?
	if [ "$status" -ne 0 ]; then
		echo "$check: server log:" >&2
		cat "$work/server.log" >&2
	fi
	exit "$status"
}
