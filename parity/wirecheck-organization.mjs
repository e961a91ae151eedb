// Drives an auth server that has the organization plugin with the
// official Better Auth client and its organizationClient plugin (pinned in
// package.json), and checks every answer:
//
//   node wirecheck-organization.mjs http://127.0.0.1:3000
//
// Two browsers: Alice creates an organization, lists it, makes it active
// and invites Bob; Bob accepts; Alice lists the members; Bob, a plain
// member, is refused an invitation of his own with its error code. The
// exit status is non-zero when any step does not get what Better Auth
// 1.6.11 answers.
import { organizationClient } from "better-auth/client/plugins";
import { expect, expectError, expectOK, newBrowser, serverURLFromArgs, steps } from "./client.mjs";

const serverURL = serverURLFromArgs("wirecheck-organization.mjs");
const { step, finish } = steps("wirecheck-organization");

// newClient returns the client of a new browser, with organizationClient.
function newClient() {
  return newBrowser(serverURL, { plugins: [organizationClient()] }).client;
}

const run = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
const password = "correct-horse-battery";
const alice = newClient();
const bob = newClient();
const aliceEmail = `alice-${run}@example.com`;
const bobEmail = `bob-${run}@example.com`;
const slug = `acme-${run}`;
let aliceId, bobId, orgId, invitationId;

await step("two users sign up", async () => {
  const a = await alice.signUp.email({ name: "Alice", email: aliceEmail, password });
  expectOK(a);
  const b = await bob.signUp.email({ name: "Bob", email: bobEmail, password });
  expectOK(b);
  aliceId = a.data.user.id;
  bobId = b.data.user.id;
});

await step("create an organization", async () => {
  const res = await alice.organization.create({ name: "Acme", slug, metadata: { plan: "pro" } });
  expectOK(res);
  expect(res.data.name === "Acme" && res.data.slug === slug, "want name and slug", res.data);
  expect(res.data.metadata && res.data.metadata.plan === "pro", "want metadata parsed",
    res.data);
  expect(res.data.createdAt instanceof Date, "want createdAt revived as a Date", res.data);
  const m = res.data.members;
  expect(Array.isArray(m) && m.length === 1, "want the creator as the only member", m);
  expect(m[0].role === "owner" && m[0].userId === aliceId, "want alice as owner", m[0]);
  orgId = res.data.id;
});

await step("a taken slug is refused", async () => {
  const res = await alice.organization.checkSlug({ slug });
  expectError(res, 400, "ORGANIZATION_SLUG_ALREADY_TAKEN", "Organization slug already taken");
});

await step("list the organizations", async () => {
  const res = await alice.organization.list();
  expectOK(res);
  expect(Array.isArray(res.data) && res.data.length === 1, "want one organization", res.data);
  expect(res.data[0].id === orgId && res.data[0].slug === slug, "want Acme", res.data[0]);
});

await step("set the organization active", async () => {
  const cleared = await alice.organization.setActive({ organizationId: null });
  expectOK(cleared);
  const none = await alice.getSession();
  expect(!none.data.session.activeOrganizationId, "want no active organization",
    none.data.session);
  const res = await alice.organization.setActive({ organizationId: orgId });
  expectOK(res);
  expect(res.data && res.data.id === orgId, "want the organization back", res.data);
  const s = await alice.getSession();
  expect(s.data.session.activeOrganizationId === orgId, "want activeOrganizationId",
    s.data.session);
});

await step("get the full organization", async () => {
  const res = await alice.organization.getFullOrganization();
  expectOK(res);
  expect(res.data.id === orgId, "want the active organization", res.data);
  expect(res.data.members[0].user.email === aliceEmail, "want members with their user",
    res.data.members);
  expect(Array.isArray(res.data.invitations), "want invitations", res.data);
});

await step("invite a member", async () => {
  const res = await alice.organization.inviteMember({ email: bobEmail, role: "member" });
  expectOK(res);
  expect(res.data.email === bobEmail && res.data.role === "member", "want bob as member",
    res.data);
  expect(res.data.status === "pending" && res.data.organizationId === orgId,
    "want a pending invitation to Acme", res.data);
  expect(res.data.inviterId === aliceId, "want alice as inviter", res.data);
  invitationId = res.data.id;
});

await step("inviting the same email again is refused", async () => {
  const res = await alice.organization.inviteMember({ email: bobEmail, role: "member" });
  expectError(res, 400, "USER_IS_ALREADY_INVITED_TO_THIS_ORGANIZATION",
    "User is already invited to this organization");
});

await step("the invitee sees the invitation", async () => {
  const res = await bob.organization.getInvitation({ query: { id: invitationId } });
  expectOK(res);
  expect(res.data.organizationName === "Acme" && res.data.organizationSlug === slug,
    "want the organization's name and slug", res.data);
  expect(res.data.inviterEmail === aliceEmail, "want the inviter's email", res.data);
  const list = await bob.organization.listUserInvitations();
  expectOK(list);
  expect(list.data.length === 1 && list.data[0].id === invitationId, "want one invitation",
    list.data);
});

await step("accept the invitation as the invitee", async () => {
  const res = await bob.organization.acceptInvitation({ invitationId });
  expectOK(res);
  expect(res.data.invitation.status === "accepted", "want the invitation accepted",
    res.data.invitation);
  expect(res.data.member.userId === bobId && res.data.member.role === "member",
    "want bob as member", res.data.member);
  const s = await bob.getSession();
  expect(s.data.session.activeOrganizationId === orgId, "want Acme active for bob",
    s.data.session);
});

await step("list the members", async () => {
  const res = await alice.organization.listMembers();
  expectOK(res);
  expect(res.data.total === 2 && res.data.members.length === 2, "want two members", res.data);
  const emails = res.data.members.map((m) => m.user.email).sort();
  expect(emails.join() === [aliceEmail, bobEmail].sort().join(), "want alice and bob", emails);
});

await step("the member's role and permissions", async () => {
  const active = await bob.organization.getActiveMember();
  expectOK(active);
  expect(active.data.role === "member" && active.data.user.email === bobEmail,
    "want bob as member", active.data);
  const perm = await bob.organization.hasPermission({ permissions: { invitation: ["create"] } });
  expectOK(perm);
  expect(perm.data.success === false && perm.data.error === null, "want success false",
    perm.data);
});

await step("a plain member may not invite", async () => {
  const res = await bob.organization.inviteMember({ email: `carol-${run}@example.com`,
    role: "member" });
  expectError(res, 403, "YOU_ARE_NOT_ALLOWED_TO_INVITE_USERS_TO_THIS_ORGANIZATION",
    "You are not allowed to invite users to this organization");
});

await step("a plain member may not delete the organization", async () => {
  const res = await bob.organization.delete({ organizationId: orgId });
  expectError(res, 403, "YOU_ARE_NOT_ALLOWED_TO_DELETE_THIS_ORGANIZATION",
    "You are not allowed to delete this organization");
});

finish(serverURL);
