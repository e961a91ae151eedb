# Start-up of a framework binding's example app, for the wirecheck-*.sh
# scripts. Source lib.bash first: this uses its globals (work, pid, url)
# and its cleanup. Not named *.sh, so scripts/test.sh does not run it.

# start_binding builds the Go command at $1 (a package path from the
# repository root, such as ./frameworks/gin/example), starts it on a free
# port with a random secret, waits until /api/auth/ok answers and sets url.
start_binding() {
	work=$(mktemp -d)
	trap cleanup EXIT
	echo "$check: building $1"
	(cd .. && go build -o "$work/app" "$1")

	# Port 0 lets the kernel pick a free port; the app prints its URL.
	: >"$work/server.log"
	KERNIA_SECRET=$(node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))') \
		"$work/app" -addr 127.0.0.1:0 >"$work/server.log" 2>&1 &
	pid=$!

	url=
	for _ in $(seq 100); do
		url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/server.log" | head -n1 || true)
		[ -n "$url" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if [ -z "$url" ]; then
		echo "$check: FAIL: $1 did not start; its log:" >&2
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
