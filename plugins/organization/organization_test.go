package organization

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/storage"
)

var (
	orgKeys        = []string{"id", "name", "slug", "logo", "createdAt", "metadata"}
	memberKeys     = []string{"id", "organizationId", "userId", "role", "createdAt"}
	invitationKeys = []string{"id", "organizationId", "email", "role", "status", "expiresAt",
		"createdAt", "inviterId"}
)

func str2(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

// invite invites email with role as u.
func (e *env) invite(u user, email, role string) resp {
	e.t.Helper()
	return e.post(u, "/organization/invite-member", `{"email":"`+email+`","role":"`+role+`"}`)
}

// createOrg creates an organization as u and returns its JSON.
func (e *env) createOrg(u user, name, slug string) map[string]any {
	e.t.Helper()
	r := e.post(u, "/organization/create", `{"name":"`+name+`","slug":"`+slug+`"}`)
	want(e.t, r, 200, "", "")
	return r.object(e.t)
}

func TestOrganizationCRUD(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b, &Plugin{})
		alice, bob := e.signUp("Alice"), e.signUp("Bob")

		r := e.post(alice, "/organization/create",
			`{"name":"Acme","slug":"acme","logo":"http://logo","metadata":{"plan":"pro"}}`)
		want(t, r, 200, "", "")
		org := r.object(t)
		wantKeys(t, "create", org, append(orgKeys, "members")...)
		if md, _ := org["metadata"].(map[string]any); md["plan"] != "pro" {
			t.Errorf("got metadata %v, want {plan: pro}", org["metadata"])
		}
		members, _ := org["members"].([]any)
		if len(members) != 1 {
			t.Fatalf("got members %v, want the creator", org["members"])
		}
		m0, _ := members[0].(map[string]any)
		wantKeys(t, "create member", m0, memberKeys...)
		if m0["role"] != "owner" || m0["userId"] != alice.id {
			t.Errorf("got member %v, want alice as owner", m0)
		}
		orgID := str2(org, "id")

		s := e.get(alice, "/get-session").object(t)
		if sess, _ := s["session"].(map[string]any); sess["activeOrganizationId"] != orgID {
			t.Errorf("got session %v, want activeOrganizationId %s", sess, orgID)
		}
		wantErr(t, e.post(alice, "/organization/create", `{"name":"Acme","slug":"acme"}`),
			ErrOrganizationAlreadyExists, 400)
		wantErr(t, e.post(alice, "/organization/check-slug", `{"slug":"acme"}`),
			ErrOrganizationSlugAlreadyTaken, 400)
		r = e.post(alice, "/organization/check-slug", `{"slug":"free"}`)
		if want(t, r, 200, "", ""); r.object(t)["status"] != true {
			t.Errorf("check-slug free: got %s, want status true", r.body)
		}
		want(t, e.do("POST", "/organization/create", `{"name":"X","slug":"x"}`, ""), 401, "", "")
		want(t, e.post(alice, "/organization/create", `{"name":"","slug":"x"}`), 400,
			"VALIDATION_ERROR", "[body.name] Too small: expected string to have >=1 characters")

		l := e.get(alice, "/organization/list").list(t)
		if len(l) != 1 {
			t.Fatalf("list: got %v, want one organization", l)
		}
		wantKeys(t, "list", l[0].(map[string]any), orgKeys...)
		if got := e.get(bob, "/organization/list").body; got != "[]" {
			t.Errorf("list for bob: got %s, want []", got)
		}

		full := e.get(alice, "/organization/get-full-organization").object(t)
		wantKeys(t, "full", full, append(orgKeys, "members", "invitations")...)
		fm := full["members"].([]any)[0].(map[string]any)
		wantKeys(t, "full member", fm, append(memberKeys, "user")...)
		wantKeys(t, "member user", fm["user"].(map[string]any), "id", "name", "email", "image")
		if r := e.get(bob, "/organization/get-full-organization"); r.body != "null" {
			t.Errorf("full without active org: got %s, want null", r.body)
		}
		wantErr(t, e.get(bob, "/organization/get-full-organization?organizationId="+orgID),
			ErrUserIsNotAMemberOfTheOrganization, 403)
		r = e.get(alice, "/organization/get-full-organization?organizationSlug=acme")
		if want(t, r, 200, "", ""); str2(r.object(t), "id") != orgID {
			t.Errorf("full by slug: got %s, want org %s", r.body, orgID)
		}

		r = e.post(alice, "/organization/update", `{"data":{"name":"Acme Inc","metadata":{"a":1}}}`)
		want(t, r, 200, "", "")
		up := r.object(t)
		wantKeys(t, "update", up, orgKeys...)
		if up["name"] != "Acme Inc" {
			t.Errorf("update: got name %v, want Acme Inc", up["name"])
		}
		wantErr(t, e.post(bob, "/organization/update",
			`{"organizationId":"`+orgID+`","data":{"name":"Mine"}}`),
			ErrUserIsNotAMemberOfTheOrganization, 400)
		e.createOrg(bob, "Bobs", "bobs")
		wantErr(t, e.post(alice, "/organization/update", `{"data":{"slug":"bobs"}}`),
			ErrOrganizationSlugAlreadyTaken, 400)

		wantErr(t, e.post(bob, "/organization/set-active", `{"organizationId":"`+orgID+`"}`),
			ErrUserIsNotAMemberOfTheOrganization, 403)
		r = e.post(alice, "/organization/set-active", `{"organizationSlug":"acme"}`)
		if want(t, r, 200, "", ""); str2(r.object(t), "id") != orgID {
			t.Errorf("set-active by slug: got %s", r.body)
		}
		if r.header.Get("Set-Cookie") == "" {
			t.Errorf("set-active: got no Set-Cookie, want the session cookie re-sent")
		}
		if r := e.post(alice, "/organization/set-active", `{"organizationId":null}`); r.body != "null" {
			t.Errorf("set-active null: got %d %s, want null", r.status, r.body)
		}
		wantErr(t, e.get(alice, "/organization/get-active-member"), ErrNoActiveOrganization, 400)

		wantErr(t, e.post(bob, "/organization/delete", `{"organizationId":"`+orgID+`"}`),
			ErrUserIsNotAMemberOfTheOrganization, 400)
		r = e.post(alice, "/organization/delete", `{"organizationId":"`+orgID+`"}`)
		if want(t, r, 200, "", ""); str2(r.object(t), "id") != orgID {
			t.Errorf("delete: got %s, want the deleted organization", r.body)
		}
		if got := e.get(alice, "/organization/list").body; got != "[]" {
			t.Errorf("list after delete: got %s, want []", got)
		}
	})
}

func TestInvitationsAndMembers(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		var sent []InvitationEmail
		e := newEnv(t, b, &Plugin{SendInvitationEmail: func(_ context.Context,
			inv InvitationEmail) error {
			sent = append(sent, inv)
			return nil
		}})
		alice, bob, carol := e.signUp("Alice"), e.signUp("Bob"), e.signUp("Carol")
		orgID := str2(e.createOrg(alice, "Acme", "acme"), "id")

		r := e.invite(alice, "Bob@example.com", "member")
		want(t, r, 200, "", "")
		inv := r.object(t)
		wantKeys(t, "invite", inv, invitationKeys...)
		if inv["status"] != "pending" || inv["email"] != bob.email {
			t.Errorf("invite: got %v, want a pending invitation for %s", inv, bob.email)
		}
		if len(sent) != 1 || sent[0].Email != bob.email || sent[0].ID != str2(inv, "id") {
			t.Errorf("invitation emails: got %+v, want one to %s", sent, bob.email)
		}
		invID := str2(inv, "id")
		wantErr(t, e.invite(alice, "bob@example.com", "member"),
			ErrUserIsAlreadyInvitedToThisOrganization, 400)
		want(t, e.invite(alice, "x@example.com", "ghost"),
			400, "", "ROLE_NOT_FOUND: ghost")
		wantErr(t, e.invite(alice, "nope", "member"),
			core.ErrInvalidEmail, 400)

		wantErr(t, e.get(bob, "/organization/get-invitation?id="+invID),
			ErrEmailVerificationRequiredForInvitation, 403)
		wantErr(t, e.post(bob, "/organization/accept-invitation", `{"invitationId":"`+invID+`"}`),
			ErrEmailVerificationRequiredBeforeAcceptingOrRejectingInvitation, 403)
		e.verify(bob)
		e.verify(carol)
		r = e.get(bob, "/organization/get-invitation?id="+invID)
		want(t, r, 200, "", "")
		wantKeys(t, "get-invitation", r.object(t), append(invitationKeys, "organizationName",
			"organizationSlug", "inviterEmail")...)
		ui := e.get(bob, "/organization/list-user-invitations").list(t)
		if len(ui) != 1 || ui[0].(map[string]any)["organizationName"] != "Acme" {
			t.Errorf("list-user-invitations: got %v, want one for Acme", ui)
		}
		wantErr(t, e.get(carol, "/organization/get-invitation?id="+invID),
			ErrYouAreNotTheRecipientOfTheInvitation, 403)
		want(t, e.get(bob, "/organization/list-invitations"), 400, "",
			"Organization ID is required")
		want(t, e.get(bob, "/organization/list-invitations?organizationId="+orgID), 403, "",
			"You are not a member of this organization")
		if l := e.get(alice, "/organization/list-invitations").list(t); len(l) != 1 {
			t.Errorf("list-invitations: got %v, want one", l)
		}

		r = e.post(bob, "/organization/accept-invitation", `{"invitationId":"`+invID+`"}`)
		want(t, r, 200, "", "")
		acc := r.object(t)
		wantKeys(t, "accept", acc, "invitation", "member")
		if acc["invitation"].(map[string]any)["status"] != "accepted" {
			t.Errorf("accept: got %v, want status accepted", acc["invitation"])
		}
		bobMember := acc["member"].(map[string]any)
		wantKeys(t, "accept member", bobMember, memberKeys...)
		wantErr(t, e.post(bob, "/organization/accept-invitation", `{"invitationId":"`+invID+`"}`),
			ErrInvitationNotFound, 400)

		lm := e.get(bob, "/organization/list-members")
		want(t, lm, 200, "", "")
		lmo := lm.object(t)
		wantKeys(t, "list-members", lmo, "members", "total")
		if lmo["total"] != float64(2) {
			t.Errorf("list-members: got total %v, want 2", lmo["total"])
		}
		wantErr(t, e.get(carol, "/organization/list-members?organizationId="+orgID),
			ErrYouAreNotAMemberOfThisOrganization, 403)
		am := e.get(bob, "/organization/get-active-member").object(t)
		wantKeys(t, "active member", am, append(memberKeys, "user")...)

		r = e.post(bob, "/organization/has-permission", `{"permissions":{"invitation":["create"]}}`)
		if want(t, r, 200, "", ""); r.body != `{"error":null,"success":false}` {
			t.Errorf("has-permission as member: got %s, want success false", r.body)
		}
		r = e.post(alice, "/organization/has-permission", `{"permissions":{"invitation":["create"]}}`)
		if r.object(t)["success"] != true {
			t.Errorf("has-permission as owner: got %s, want success true", r.body)
		}
		wantErr(t, e.post(carol, "/organization/has-permission",
			`{"organizationId":"`+orgID+`","permissions":{"member":["create"]}}`),
			ErrUserIsNotAMemberOfTheOrganization, 401)
		wantErr(t, e.invite(bob, "carol@example.com", "member"),
			ErrYouAreNotAllowedToInviteUsersToThisOrganization, 403)
		aliceMember := e.get(alice, "/organization/get-active-member").object(t)
		wantErr(t, e.post(bob, "/organization/update-member-role",
			`{"memberId":"`+str2(aliceMember, "id")+`","role":"member"}`),
			ErrYouAreNotAllowedToUpdateThisMember, 403)

		r = e.post(alice, "/organization/update-member-role",
			`{"memberId":"`+str2(bobMember, "id")+`","role":["admin"]}`)
		if want(t, r, 200, "", ""); r.object(t)["role"] != "admin" {
			t.Errorf("update-member-role: got %s, want role admin", r.body)
		}
		r = e.get(alice, "/organization/get-active-member-role?userId="+bob.id)
		if r.body != `{"role":"admin"}` {
			t.Errorf("get-active-member-role: got %s, want admin", r.body)
		}
		wantErr(t, e.invite(bob, "carol@example.com", "owner"),
			ErrYouAreNotAllowedToInviteUserWithThisRole, 403)
		wantErr(t, e.invite(alice, "bob@example.com", "member"),
			ErrUserIsAlreadyAMemberOfThisOrganization, 400)

		ci := e.invite(bob, "carol@example.com", "member")
		want(t, ci, 200, "", "")
		ciID := str2(ci.object(t), "id")
		r = e.post(alice, "/organization/cancel-invitation", `{"invitationId":"`+ciID+`"}`)
		if want(t, r, 200, "", ""); r.object(t)["status"] != "canceled" {
			t.Errorf("cancel: got %s, want status canceled", r.body)
		}
		ci = e.invite(alice, "carol@example.com", "member")
		ciID = str2(ci.object(t), "id")
		r = e.post(carol, "/organization/reject-invitation", `{"invitationId":"`+ciID+`"}`)
		want(t, r, 200, "", "")
		rej := r.object(t)
		if rej["member"] != nil || rej["invitation"].(map[string]any)["status"] != "rejected" {
			t.Errorf("reject: got %s, want the rejected invitation and member null", r.body)
		}
		want(t, e.post(carol, "/organization/reject-invitation", `{"invitationId":"`+ciID+`"}`),
			400, "INVITATION_NOT_FOUND", "Invitation not found!")

		wantErr(t, e.post(alice, "/organization/leave", `{"organizationId":"`+orgID+`"}`),
			ErrYouCannotLeaveTheOrganizationAsTheOnlyOwner, 400)
		wantErr(t, e.post(bob, "/organization/remove-member", `{"memberIdOrEmail":"alice@example.com"}`),
			ErrYouCannotLeaveTheOrganizationAsTheOnlyOwner, 400)
		r = e.post(bob, "/organization/leave", `{"organizationId":"`+orgID+`"}`)
		if want(t, r, 200, "", ""); r.object(t)["userId"] != bob.id {
			t.Errorf("leave: got %s, want bob's member record", r.body)
		}
		wantErr(t, e.post(alice, "/organization/remove-member", `{"memberIdOrEmail":"bob@example.com"}`),
			ErrMemberNotFound, 400)
	})
}

func TestRemoveMember(t *testing.T) {
	e := newEnv(t, backends[0], &Plugin{AllowUnverifiedInvitees: true})
	alice, bob := e.signUp("Alice"), e.signUp("Bob")
	orgID := str2(e.createOrg(alice, "Acme", "acme"), "id")
	inv := e.invite(alice, "bob@example.com", "member")
	want(t, e.post(bob, "/organization/accept-invitation",
		`{"invitationId":"`+str2(inv.object(t), "id")+`"}`), 200, "", "")
	wantErr(t, e.post(bob, "/organization/remove-member",
		`{"memberIdOrEmail":"bob@example.com","organizationId":"`+orgID+`"}`),
		ErrYouAreNotAllowedToDeleteThisMember, 401)
	r := e.post(alice, "/organization/remove-member", `{"memberIdOrEmail":"bob@example.com"}`)
	want(t, r, 200, "", "")
	wantKeys(t, "remove-member", r.object(t), "member")
	if got := e.get(bob, "/organization/list").body; got != "[]" {
		t.Errorf("bob's organizations after removal: got %s, want []", got)
	}
}

func TestLimitsAndHooks(t *testing.T) {
	var events []string
	deny := errors.New("denied by hook")
	p := &Plugin{
		OrganizationLimit: 1, MembershipLimit: 1, AllowUnverifiedInvitees: true,
		Hooks: Hooks{
			BeforeCreateOrganization: func(_ context.Context, ev *Event) error {
				if ev.Organization["slug"] == "blocked" {
					return core.NewAPIError(http.StatusForbidden, "BLOCKED", "Blocked")
				}
				ev.Organization["name"] = ev.Organization["name"].(string) + " (checked)"
				events = append(events, "before-create:"+ev.User.Email)
				return nil
			},
			AfterAddMember: func(_ context.Context, ev *Event) error {
				events = append(events, "member:"+ev.Member["role"].(string))
				return nil
			},
			BeforeCreateInvitation: func(context.Context, *Event) error { return deny },
		},
	}
	e := newEnv(t, backends[0], p)
	alice, bob := e.signUp("Alice"), e.signUp("Bob")
	want(t, e.post(bob, "/organization/create", `{"name":"B","slug":"blocked"}`), 403, "BLOCKED",
		"Blocked")
	org := e.createOrg(alice, "Acme", "acme")
	if org["name"] != "Acme (checked)" {
		t.Errorf("before hook: got name %v, want the hook's change", org["name"])
	}
	wantErr(t, e.post(alice, "/organization/create", `{"name":"Two","slug":"two"}`),
		ErrYouHaveReachedTheMaximumNumberOfOrganizations, 403)
	if len(events) != 2 || events[1] != "member:owner" {
		t.Errorf("hook events: got %v, want before-create then member:owner", events)
	}
	want(t, e.invite(alice, "bob@example.com", "member"),
		500, "INTERNAL_SERVER_ERROR", "")
}

func TestMembershipLimit(t *testing.T) {
	e := newEnv(t, backends[0], &Plugin{MembershipLimit: 1, AllowUnverifiedInvitees: true})
	alice, bob := e.signUp("Alice"), e.signUp("Bob")
	e.createOrg(alice, "Acme", "acme")
	inv := e.invite(alice, "bob@example.com", "member")
	wantErr(t, e.post(bob, "/organization/accept-invitation",
		`{"invitationId":"`+str2(inv.object(t), "id")+`"}`),
		ErrOrganizationMembershipLimitReached, 403)
}

func TestCustomRoles(t *testing.T) {
	roles := DefaultRoles()
	roles["billing"] = Role{Statements: Statements{"invoice": {"read", "pay"}}}
	e := newEnv(t, backends[0], &Plugin{Roles: roles, AllowUnverifiedInvitees: true})
	alice, bob := e.signUp("Alice"), e.signUp("Bob")
	e.createOrg(alice, "Acme", "acme")
	inv := e.invite(alice, "bob@example.com", "billing")
	want(t, inv, 200, "", "")
	want(t, e.post(bob, "/organization/accept-invitation",
		`{"invitationId":"`+str2(inv.object(t), "id")+`"}`), 200, "", "")
	tests := []struct {
		body string
		want bool
	}{
		{`{"permissions":{"invoice":["pay"]}}`, true},
		{`{"permissions":{"invoice":["read","pay"]}}`, true},
		// Upstream checks only "permissions": the deprecated key is refused.
		{`{"permission":{"invoice":["read"]}}`, false},
		{`{"permissions":{"invoice":["refund"]}}`, false},
		{`{"permissions":{"member":["create"]}}`, false},
	}
	for _, tt := range tests {
		r := e.post(bob, "/organization/has-permission", tt.body)
		if got := r.object(t)["success"]; got != tt.want {
			t.Errorf("has-permission %s: got %v (%s), want %v", tt.body, got, r.body, tt.want)
		}
	}
	want(t, e.post(bob, "/organization/has-permission", `{}`), 400, "VALIDATION_ERROR", "")
}

func TestDeletionDisabled(t *testing.T) {
	e := newEnv(t, backends[0], &Plugin{DisableOrganizationDeletion: true})
	alice := e.signUp("Alice")
	orgID := str2(e.createOrg(alice, "Acme", "acme"), "id")
	want(t, e.post(alice, "/organization/delete", `{"organizationId":"`+orgID+`"}`), 404,
		"ORGANIZATION_DELETION_DISABLED", "Organization deletion is disabled")
}

func TestErrorCodes(t *testing.T) {
	codes := (&Plugin{}).ErrorCodes()
	if len(codes) != 58 {
		t.Fatalf("got %d error codes, want upstream's 58", len(codes))
	}
	seen := map[string]bool{}
	for _, c := range codes {
		if seen[c.Code] || c.Message == "" || c.Status == 0 {
			t.Errorf("error code %+v: duplicate or incomplete", c)
		}
		seen[c.Code] = true
	}
}

func TestInvitationOptions(t *testing.T) {
	tests := []struct {
		name   string
		plugin *Plugin
		second string // body of the second invitation to bob
		want   int
		code   string
		status string // the first invitation's status afterwards
	}{
		{"refused by default", &Plugin{}, `{"email":"bob@example.com","role":"member"}`, 400,
			"USER_IS_ALREADY_INVITED_TO_THIS_ORGANIZATION", "pending"},
		{"resend renews", &Plugin{}, `{"email":"bob@example.com","role":"member","resend":true}`,
			200, "", "pending"},
		{"cancel on re-invite", &Plugin{CancelPendingInvitationsOnReInvite: true},
			`{"email":"bob@example.com","role":"member"}`, 200, "", "canceled"},
		{"invitation limit", &Plugin{InvitationLimit: 1},
			`{"email":"carol@example.com","role":"member"}`, 403, "INVITATION_LIMIT_REACHED",
			"pending"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, backends[0], tt.plugin)
			alice := e.signUp("Alice")
			e.createOrg(alice, "Acme", "acme")
			first := e.invite(alice, "bob@example.com", "member").object(t)
			r := e.post(alice, "/organization/invite-member", tt.second)
			want(t, r, tt.want, tt.code, "")
			rows := e.get(alice, "/organization/list-invitations").list(t)
			for _, row := range rows {
				m := row.(map[string]any)
				if m["id"] == first["id"] && m["status"] != tt.status {
					t.Errorf("first invitation: got status %v, want %s", m["status"], tt.status)
				}
			}
		})
	}
}

func TestCreationNotAllowed(t *testing.T) {
	e := newEnv(t, backends[0], &Plugin{AllowUserToCreateOrganization: func(_ context.Context,
		u *core.User) (bool, error) {
		return u.Name == "Alice", nil
	}})
	alice, bob := e.signUp("Alice"), e.signUp("Bob")
	e.createOrg(alice, "Acme", "acme")
	wantErr(t, e.post(bob, "/organization/create", `{"name":"B","slug":"b"}`),
		ErrYouAreNotAllowedToCreateANewOrganization, 403)
}

// TestCookieCacheFollowsActiveOrganization shows that set-active re-sends
// the cached session, so that get-session served from the cookie cache
// sees the new active organization.
func TestCookieCacheFollowsActiveOrganization(t *testing.T) {
	e := newEnvWith(t, backends[0], &Plugin{}, func(o *core.Options) {
		o.Session.CookieCache.Enabled = true
	})
	alice := e.signUp("Alice")
	orgID := str2(e.createOrg(alice, "Acme", "acme"), "id")
	r := e.post(alice, "/organization/set-active", `{"organizationId":"`+orgID+`"}`)
	want(t, r, 200, "", "")
	cookies := alice.cookie
	for _, line := range r.header.Values("Set-Cookie") {
		if pair, _, _ := strings.Cut(line, ";"); strings.HasPrefix(pair, "better-auth.") {
			cookies += "; " + pair
		}
	}
	if !strings.Contains(cookies, "better-auth.session_data=") {
		t.Fatalf("set-active: got cookies %q, want session_data re-sent", cookies)
	}
	// Clear the field in the database: only the cached copy still has it,
	// so the answer below comes from the cookie that set-active sent.
	_, err := e.auth.DB().UpdateMany(context.Background(), "session", nil,
		storage.Record{"activeOrganizationId": nil})
	if err != nil {
		t.Fatal(err)
	}
	s := e.do("GET", "/get-session", "", cookies).object(t)["session"].(map[string]any)
	if s["activeOrganizationId"] != orgID {
		t.Errorf("cached get-session: got %v, want activeOrganizationId %s", s, orgID)
	}
	s = e.do("GET", "/get-session", "", alice.cookie).object(t)["session"].(map[string]any)
	if s["activeOrganizationId"] != nil {
		t.Errorf("uncached get-session: got %v, want the cleared field", s)
	}
}
