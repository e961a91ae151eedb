// A Better Auth 1.6.11 server for recording the answers in this
// directory. In a scratch directory: npm install better-auth@1.6.11, copy
// this file there, then for each scenario
//
//	SCENARIO=default PORT=3101 node server.mjs
//
// and, from core/, go test -run TestUpstreamWire
// -record-upstream=http://127.0.0.1:3101 -scenario=default
import { betterAuth } from "better-auth";
import { memoryAdapter } from "better-auth/adapters/memory";
import { toNodeHandler } from "better-auth/node";
import http from "node:http";

const scenarios = {
  default: {},
  "cache-defer": { session: { cookieCache: { enabled: true }, deferSessionRefresh: true } },
  defer: { session: { deferSessionRefresh: true } },
  "update-age-0": { session: { updateAge: 0 } },
  "no-auto-sign-in": { emailAndPassword: { enabled: true, autoSignIn: false } },
  "require-verification": { emailAndPassword: { enabled: true, requireEmailVerification: true } },
  "sign-up-disabled": { emailAndPassword: { enabled: true, disableSignUp: true } },
  "email-password-off": { emailAndPassword: { enabled: false } },
  "additional-fields": {
    user: {
      additionalFields: {
        plan: { type: "string", required: true },
        age: { type: "number", required: false },
        role: { type: "string", required: false, input: false },
      },
    },
    session: {
      additionalFields: {
        activeNote: { type: "string", required: false },
        internalFlag: { type: "string", required: false, input: false },
      },
    },
  },
  "rate-limit": { rateLimit: { enabled: true } },
  "https-origins": {
    baseURL: "https://app.example.com",
    trustedOrigins: ["https://*.example.com", "myapp://"],
    advanced: { cookiePrefix: "myapp", crossSubDomainCookies: { enabled: true, domain: "example.com" } },
  },
};

const db = { user: [], session: [], account: [], verification: [] };
const auth = betterAuth({
  secret: "test-secret-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFG",
  baseURL: "http://localhost:3000",
  database: memoryAdapter(db),
  emailAndPassword: { enabled: true },
  ...scenarios[process.env.SCENARIO || "default"],
});
http.createServer(toNodeHandler(auth)).listen(Number(process.env.PORT || 3101), "127.0.0.1");
