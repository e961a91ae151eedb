// A reference server running the real Better Auth 1.6.11 with the
// lifecycle emails on (password reset, verification, email change). The
// emails go to an outbox served at /dev/outbox.json in the shape the Go
// example serves, newest first, so that wirecheck-lifecycle.mjs can be
// proven against Better Auth itself:
//
//   node upstream-lifecycle-server.mjs 3102 &
//   node wirecheck-lifecycle.mjs http://127.0.0.1:3102
//
// The port comes from the first argument or PORT (default 3102).
import { createServer } from "node:http";
import { betterAuth } from "better-auth";
import { memoryAdapter } from "better-auth/adapters/memory";
import { toNodeHandler } from "better-auth/node";

const port = Number(process.argv[2] || process.env.PORT || 3102);
const baseURL = `http://127.0.0.1:${port}`;

const outbox = [];
const capture = (kind) => async ({ user, url }) => {
  outbox.unshift({ id: outbox.length + 1, to: user.email, kind, url });
};

const auth = betterAuth({
  baseURL,
  secret: "upstream-reference-server-secret-0123456789",
  database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),
  emailAndPassword: { enabled: true, sendResetPassword: capture("reset-password") },
  emailVerification: { sendVerificationEmail: capture("verify-email") },
  user: { changeEmail: { enabled: true } },
  telemetry: { enabled: false },
});

const handler = toNodeHandler(auth);
const server = createServer((req, res) => {
  if (req.url.startsWith("/api/auth")) return handler(req, res);
  if (req.url === "/dev/outbox.json") {
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify(outbox));
  }
  res.writeHead(404).end();
});
server.listen(port, "127.0.0.1", () => {
  console.log(`better-auth 1.6.11 lifecycle reference server on ${baseURL}`);
});
