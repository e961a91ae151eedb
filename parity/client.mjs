// Shared by the parity check scripts: the server URL from the command
// line, the official Better Auth client set up as a browser on that
// origin would use it (a cookie jar of its own, an Origin header on every
// request), and numbered steps with the checks they throw from.
import { createAuthClient } from "better-auth/client";

// serverURLFromArgs returns the server URL from the first argument or
// WIRECHECK_URL, without trailing slashes. Without one it prints the
// usage of script and exits with status 2.
export function serverURLFromArgs(script) {
  const url = (process.argv[2] || process.env.WIRECHECK_URL || "").replace(/\/+$/, "");
  if (!url) {
    console.error(`usage: node ${script} <server URL>`);
    process.exit(2);
  }
  return url;
}

// newJar returns a minimal cookie jar for one simulated browser. Node's
// fetch keeps no cookies, so the jar stores what Set-Cookie gives and
// sends it back, as a browser on this origin would. Paths, domains and
// expiry dates are ignored: every cookie here is Path=/ on one host, and
// deletion uses Max-Age=0. Each entry keeps its attributes so that steps
// can check them.
export function newJar() {
  const jar = new Map();
  jar.store = (headers) => {
    for (const line of headers.getSetCookie()) {
      const [pair, ...rest] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const attrs = rest.map((a) => a.trim().toLowerCase());
      const maxAge = attrs.find((a) => a.startsWith("max-age="));
      if (value === "" || value === '""' || (maxAge && Number(maxAge.slice(8)) <= 0)) {
        jar.delete(name);
      } else {
        jar.set(name, { value, attrs });
      }
    }
  };
  jar.header = () => [...jar].map(([k, c]) => `${k}=${c.value}`).join("; ");
  return jar;
}

// newBrowser returns an official client for serverURL with a cookie jar
// of its own, and that jar. options are further createAuthClient options,
// such as plugins.
export function newBrowser(serverURL, options = {}) {
  const origin = new URL(serverURL).origin;
  const jar = newJar();
  const customFetchImpl = async (input, init = {}) => {
    const headers = new Headers(init.headers);
    // Browsers send Origin on cross-origin and on POST requests; upstream's
    // CSRF check needs it whenever a cookie is present, and on sign-in and
    // sign-up when fetch metadata (which Node's fetch sends) is present.
    headers.set("origin", origin);
    if (jar.size > 0) headers.set("cookie", jar.header());
    const res = await fetch(input, { ...init, headers });
    jar.store(res.headers);
    return res;
  };
  const client = createAuthClient({
    ...options,
    baseURL: serverURL,
    fetchOptions: { customFetchImpl },
  });
  return { client, jar };
}

// steps returns step, which runs and numbers one check and prints ok or
// FAIL with the error, and finish, which prints the verdict of the check
// named check against target and exits non-zero when any step failed.
export function steps(check) {
  let failures = 0;
  let stepNo = 0;
  async function step(name, fn) {
    stepNo++;
    try {
      await fn();
      console.log(`ok   ${stepNo} ${name}`);
    } catch (err) {
      failures++;
      console.log(`FAIL ${stepNo} ${name}: ${err.message}`);
    }
  }
  function finish(target) {
    console.log(failures ? `${check}: ${failures} of ${stepNo} steps failed` :
      `${check}: all ${stepNo} steps passed against ${target}`);
    process.exit(failures ? 1 : 0);
  }
  return { step, finish };
}

// expect throws what, with got as JSON, unless cond holds.
export function expect(cond, what, got) {
  if (!cond) throw new Error(`${what}; got ${JSON.stringify(got)}`);
}

// expectOK checks that a client call answered without an error.
export function expectOK(res) {
  expect(res.error === null, "want no error", res.error);
}

// expectError checks that a client call answered no data and the error
// with this status, code and message.
export function expectError(res, status, code, message) {
  expect(res.data === null, "want data null", res.data);
  expect(res.error, "want an error", res);
  expect(res.error.status === status, `want status ${status}`, res.error);
  expect(res.error.code === code, `want code ${code}`, res.error);
  expect(res.error.message === message, `want message ${JSON.stringify(message)}`, res.error);
}
