// Drives an auth server with the official Better Auth client (pinned in
// package.json) through the account lifecycle, reading the emailed links
// from the development outbox at /dev/outbox.json:
//
//   node wirecheck-lifecycle.mjs http://127.0.0.1:3000
//
// A password reset round trip (request, open the link, reset, sign in
// with the new password) and an email change verified through the link
// sent to the new address. The exit status is non-zero when any step does
// not get what Better Auth 1.6.11 answers.
import { expect, expectError, expectOK, newBrowser, serverURLFromArgs, steps } from "./client.mjs";

const serverURL = serverURLFromArgs("wirecheck-lifecycle.mjs");
const origin = new URL(serverURL).origin;
const authURL = `${serverURL}/api/auth`;
const { step, finish } = steps("wirecheck-lifecycle");

// newClient returns the client of a new browser.
function newClient() {
  return newBrowser(serverURL).client;
}

// lastMail returns the newest outbox message of a kind sent to an address.
async function lastMail(kind, to) {
  const res = await fetch(`${serverURL}/dev/outbox.json`);
  expect(res.ok, "want the outbox", res.status);
  const msgs = await res.json();
  const m = msgs.find((x) => x.kind === kind && x.to === to);
  expect(m, `want a ${kind} message to ${to}`, msgs.slice(0, 3));
  return m;
}

const run = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
const aliceEmail = `alice-${run}@example.com`;
const newEmail = `alice-new-${run}@example.com`;
const oldPassword = "correct-horse-battery";
const newPassword = "staple-battery-horse";
const resetAnswer = {
  status: true,
  message: "If this email exists in our system, check your email for the reset link",
};
const alice = newClient();
let resetToken;

await step("sign up", async () => {
  expectOK(await alice.signUp.email({ name: "Alice", email: aliceEmail, password: oldPassword }));
});

await step("reset for an unknown email answers as for a known one", async () => {
  const res = await alice.requestPasswordReset({ email: `nobody-${run}@example.com` });
  expectOK(res);
  expect(JSON.stringify(res.data) === JSON.stringify(resetAnswer), "want the fixed answer",
    res.data);
});

await step("request a reset", async () => {
  const res = await alice.requestPasswordReset({ email: aliceEmail, redirectTo: "/reset" });
  expectOK(res);
  expect(JSON.stringify(res.data) === JSON.stringify(resetAnswer), "want the fixed answer",
    res.data);
});

await step("the reset email carries the link", async () => {
  const m = await lastMail("reset-password", aliceEmail);
  const re = new RegExp(`^${authURL}/reset-password/([A-Za-z0-9]{24})\\?callbackURL=%2Freset$`);
  const got = m.url.match(re);
  expect(got, "want the reset link with a 24-character token", m.url);
  resetToken = got[1];
});

await step("the link redirects to the app with the token", async () => {
  const res = await fetch(`${authURL}/reset-password/${resetToken}?callbackURL=%2Freset`,
    { redirect: "manual" });
  expect(res.status === 302, "want 302", res.status);
  expect(res.headers.get("location") === `${origin}/reset?token=${resetToken}`,
    "want the reset page with the token", res.headers.get("location"));
  const bad = await fetch(`${authURL}/reset-password/bogus?callbackURL=%2Freset`,
    { redirect: "manual" });
  expect(bad.headers.get("location") === `${origin}/reset?error=INVALID_TOKEN`,
    "want the reset page with the error", bad.headers.get("location"));
});

await step("a short password is refused", async () => {
  const res = await alice.resetPassword({ newPassword: "short", token: resetToken });
  expectError(res, 400, "PASSWORD_TOO_SHORT", "Password too short");
});

await step("reset the password", async () => {
  const res = await alice.resetPassword({ newPassword, token: resetToken });
  expectOK(res);
  expect(res.data && res.data.status === true, "want status true", res.data);
});

await step("the token works once", async () => {
  const res = await alice.resetPassword({ newPassword: "another-password", token: resetToken });
  expectError(res, 400, "INVALID_TOKEN", "Invalid token");
});

await step("the old password is refused, the new one signs in", async () => {
  const old = await alice.signIn.email({ email: aliceEmail, password: oldPassword });
  expectError(old, 401, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password");
  const res = await alice.signIn.email({ email: aliceEmail, password: newPassword });
  expectOK(res);
  expect(res.data.user.email === aliceEmail, "want alice", res.data.user);
});

await step("changing to the same email is refused", async () => {
  const res = await alice.changeEmail({ newEmail: aliceEmail });
  expect(res.error && res.error.status === 400, "want 400", res.error);
  expect(res.error.message === "Email is the same", "want the message", res.error);
});

await step("request an email change", async () => {
  const res = await alice.changeEmail({ newEmail, callbackURL: "/settings" });
  expectOK(res);
  expect(res.data && res.data.status === true, "want status true", res.data);
  const s = await alice.getSession();
  expect(s.data.user.email === aliceEmail, "want the email unchanged until verified", s.data);
});

await step("verify the new address through its link", async () => {
  const m = await lastMail("verify-email", newEmail);
  const link = new URL(m.url);
  expect(link.pathname === "/api/auth/verify-email", "want a verify-email link", m.url);
  expect(link.searchParams.get("callbackURL") === "/settings", "want the callback", m.url);
  const res = await alice.verifyEmail({ query: { token: link.searchParams.get("token") } });
  expectOK(res);
  expect(res.data.status === true, "want status true", res.data);
  expect(res.data.user && res.data.user.email === newEmail && res.data.user.emailVerified,
    "want the updated, verified user", res.data);
});

await step("the session and sign-in follow the new email", async () => {
  const s = await alice.getSession();
  expectOK(s);
  expect(s.data.user.email === newEmail && s.data.user.emailVerified === true,
    "want the new verified email in the session", s.data.user);
  const res = await newClient().signIn.email({ email: newEmail, password: newPassword });
  expectOK(res);
});

finish(serverURL);
