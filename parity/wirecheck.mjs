// Drives an auth server with the official Better Auth client
// (better-auth/client, pinned in package.json) and checks every answer.
//
//   node wirecheck.mjs http://127.0.0.1:3000
//
// The URL comes from the first argument or WIRECHECK_URL. Each step is
// printed; the exit status is non-zero when any step does not get what
// Better Auth 1.6.11 answers.
import { expect, expectError, expectOK, newBrowser, serverURLFromArgs, steps } from "./client.mjs";

const serverURL = serverURLFromArgs("wirecheck.mjs");
const { step, finish } = steps("wirecheck");
const { client, jar } = newBrowser(serverURL);
const sessionCookie = "better-auth.session_token";

const email = `wirecheck-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
const password = "correct-horse-battery";
const name = "Wire Check";
let userId;

await step("sign-up creates the user and a session", async () => {
  const res = await client.signUp.email({ name, email, password });
  expectOK(res);
  expect(res.data.user.email === email, `want user.email ${email}`, res.data);
  expect(res.data.user.name === name, `want user.name ${name}`, res.data.user);
  expect(res.data.user.emailVerified === false, "want emailVerified false", res.data.user);
  expect(res.data.user.createdAt instanceof Date, "want createdAt revived as a Date",
    res.data.user);
  expect(typeof res.data.token === "string" && res.data.token, "want a token", res.data);
  expect(jar.has(sessionCookie), `want cookie ${sessionCookie}`, [...jar.keys()]);
  userId = res.data.user.id;
});

await step("get-session returns the session", async () => {
  const res = await client.getSession();
  expectOK(res);
  expect(res.data && res.data.user.id === userId, `want user ${userId}`, res.data);
  expect(res.data.session.userId === userId, "want session.userId", res.data.session);
  expect(res.data.session.expiresAt instanceof Date, "want expiresAt a Date", res.data.session);
  const days = (res.data.session.expiresAt - Date.now()) / 86400e3;
  expect(days > 6.9 && days <= 7, "want a 7-day session", days);
});

await step("sign-out succeeds and clears the cookie", async () => {
  const res = await client.signOut();
  expectOK(res);
  expect(res.data && res.data.success === true, "want success true", res.data);
  expect(!jar.has(sessionCookie), `want ${sessionCookie} cleared`, [...jar.keys()]);
});

await step("get-session after sign-out is null", async () => {
  const res = await client.getSession();
  expectOK(res);
  expect(res.data === null, "want data null", res.data);
});

await step("sign-in with the right password", async () => {
  const res = await client.signIn.email({ email, password });
  expectOK(res);
  expect(res.data.user.id === userId, `want user ${userId}`, res.data);
  expect(res.data.redirect === false, "want redirect false", res.data);
  expect(typeof res.data.token === "string" && res.data.token, "want a token", res.data);
  expect(jar.has(sessionCookie), `want cookie ${sessionCookie}`, [...jar.keys()]);
});

await step("get-session after sign-in", async () => {
  const res = await client.getSession();
  expect(res.data && res.data.user.email === email, `want user ${email}`, res.data);
});

await step("sign-in with a wrong password fails", async () => {
  const res = await client.signIn.email({ email, password: "wrong-password-123" });
  expectError(res, 401, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password");
});

await step("sign-up with a taken email fails", async () => {
  const res = await client.signUp.email({ name, email, password });
  expectError(res, 422, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL",
    "User already exists. Use another email.");
});

await step("session survives the failed attempts", async () => {
  const res = await client.getSession();
  expect(res.data && res.data.user.id === userId, `want user ${userId}`, res.data);
});

// A second browser signs in without "remember me"; the first sees both
// sessions, ends the other one, then its own.
const second = newBrowser(serverURL);
let ownToken;

await step("sign-in with rememberMe false gives session cookies", async () => {
  const res = await second.client.signIn.email({ email, password, rememberMe: false });
  expectOK(res);
  const token = second.jar.get(sessionCookie);
  const dontRemember = second.jar.get("better-auth.dont_remember");
  expect(token && dontRemember, "want session_token and dont_remember", [...second.jar.keys()]);
  for (const c of [token, dontRemember]) {
    expect(!c.attrs.some((a) => a.startsWith("max-age=")), "want no Max-Age", c.attrs);
  }
  const s = await second.client.getSession();
  const hours = (s.data.session.expiresAt - Date.now()) / 3600e3;
  expect(hours > 23.9 && hours <= 24, "want a 1-day session", hours);
});

await step("list-sessions shows both sessions", async () => {
  const res = await client.listSessions();
  expectOK(res);
  expect(Array.isArray(res.data) && res.data.length === 2, "want 2 sessions", res.data);
  expect(res.data.every((s) => s.userId === userId && s.token), "want tokens of the user",
    res.data);
  const own = await client.getSession();
  ownToken = own.data.session.token;
  expect(res.data.some((s) => s.token === ownToken), "want the current session listed",
    res.data);
});

await step("revoke-other-sessions ends the other browser's session", async () => {
  const res = await client.revokeOtherSessions();
  expectOK(res);
  expect(res.data && res.data.status === true, "want status true", res.data);
  const other = await second.client.getSession();
  expect(other.data === null, "want the other browser signed out", other.data);
  const own = await client.getSession();
  expect(own.data && own.data.session.token === ownToken, "want this browser signed in",
    own.data);
});

await step("revoke-session ends the current session by token", async () => {
  const res = await client.revokeSession({ token: ownToken });
  expectOK(res);
  expect(res.data && res.data.status === true, "want status true", res.data);
  const own = await client.getSession();
  expect(own.data === null, "want no session", own.data);
});

finish(serverURL);
