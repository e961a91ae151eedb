// A reference server running the real Better Auth 1.6.11 with email and
// password sign-in, on an in-memory database. It exists to prove that
// wirecheck.mjs expects what Better Auth itself does:
//
//   node upstream-server.mjs 3100 &
//   node wirecheck.mjs http://127.0.0.1:3100
//
// The port comes from the first argument or PORT (default 3100).
import { createServer } from "node:http";
import { betterAuth } from "better-auth";
import { memoryAdapter } from "better-auth/adapters/memory";
import { toNodeHandler } from "better-auth/node";

const port = Number(process.argv[2] || process.env.PORT || 3100);
const baseURL = `http://127.0.0.1:${port}`;

const auth = betterAuth({
  baseURL,
  secret: "upstream-reference-server-secret-0123456789",
  database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),
  emailAndPassword: { enabled: true },
  telemetry: { enabled: false },
});

const handler = toNodeHandler(auth);
const server = createServer((req, res) => {
  if (req.url.startsWith("/api/auth")) return handler(req, res);
  res.writeHead(404).end();
});
server.listen(port, "127.0.0.1", () => {
  console.log(`better-auth 1.6.11 reference server on ${baseURL}`);
});
