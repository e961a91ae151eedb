// A reference server running the real Better Auth 1.6.11 with email and
// password sign-in and the organization plugin, on an in-memory database.
// It proves that wirecheck-organization.mjs expects what Better Auth
// itself answers:
//
//   node upstream-organization-server.mjs 3101 &
//   node wirecheck-organization.mjs http://127.0.0.1:3101
//
// The plugin is configured as the example server configures Kernia's:
// invitees need not verify their email first.
import { createServer } from "node:http";
import { betterAuth } from "better-auth";
import { memoryAdapter } from "better-auth/adapters/memory";
import { toNodeHandler } from "better-auth/node";
import { organization } from "better-auth/plugins";

const port = Number(process.argv[2] || process.env.PORT || 3101);
const baseURL = `http://127.0.0.1:${port}`;

const auth = betterAuth({
  baseURL,
  secret: "upstream-reference-server-secret-0123456789",
  database: memoryAdapter({
    user: [], session: [], account: [], verification: [],
    organization: [], member: [], invitation: [],
  }),
  emailAndPassword: { enabled: true },
  plugins: [organization({ requireEmailVerificationOnInvitation: false })],
  telemetry: { enabled: false },
});

const handler = toNodeHandler(auth);
const server = createServer((req, res) => {
  if (req.url.startsWith("/api/auth")) return handler(req, res);
  res.writeHead(404).end();
});
server.listen(port, "127.0.0.1", () => {
  console.log(`better-auth 1.6.11 reference server (organization) on ${baseURL}`);
});
