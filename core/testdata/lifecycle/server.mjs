// A Better Auth 1.6.11 server for recording the lifecycle answers in this
// directory. It serves the latest emailed token of a kind at
// /__mail/token?kind=reset|verify|confirm|delete and the link at
// /__mail/url?kind=…, so that the recorder can follow the email links.
// Copy it into parity/ (where better-auth 1.6.11 is installed), then for
// each scenario:
//
//	SCENARIO=lifecycle PORT=3103 node server.mjs
//
// and, from core/, go test -run TestLifecycleWire
// -record-lifecycle=http://127.0.0.1:3103 -scenario=lifecycle
import { betterAuth } from "better-auth";
import { memoryAdapter } from "better-auth/adapters/memory";
import { toNodeHandler } from "better-auth/node";
import http from "node:http";

const mail = {};
const capture = (kind) => async ({ url, token }) => {
  mail[kind] = { url, token };
};

const scenarios = {
  lifecycle: {
    emailAndPassword: { enabled: true, sendResetPassword: capture("reset") },
    emailVerification: { sendVerificationEmail: capture("verify") },
    user: { changeEmail: { enabled: true }, deleteUser: { enabled: true } },
  },
  "lifecycle-confirm": {
    emailAndPassword: { enabled: true, requireEmailVerification: true },
    emailVerification: {
      sendVerificationEmail: capture("verify"),
      autoSignInAfterVerification: true,
    },
    user: {
      changeEmail: { enabled: true, sendChangeEmailConfirmation: capture("confirm") },
      deleteUser: { enabled: true, sendDeleteAccountVerification: capture("delete") },
    },
  },
  "lifecycle-off": {},
  "lifecycle-fields": {
    user: {
      additionalFields: {
        plan: { type: "string", required: true },
        age: { type: "number", required: false },
        role: { type: "string", required: false, input: false },
      },
    },
  },
};

const db = { user: [], session: [], account: [], verification: [] };
const auth = betterAuth({
  secret: "test-secret-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFG",
  baseURL: "http://localhost:3000",
  database: memoryAdapter(db),
  emailAndPassword: { enabled: true },
  telemetry: { enabled: false },
  ...scenarios[process.env.SCENARIO || "lifecycle"],
});
const handler = toNodeHandler(auth);
http.createServer((req, res) => {
  const u = new URL(req.url, "http://localhost");
  if (u.pathname.startsWith("/__mail/")) {
    const m = mail[u.searchParams.get("kind")];
    const field = u.pathname === "/__mail/url" ? "url" : "token";
    res.writeHead(m ? 200 : 404, { "content-type": "text/plain" });
    return res.end(m ? m[field] : "");
  }
  return handler(req, res);
}).listen(Number(process.env.PORT || 3103), "127.0.0.1");
