package organization

import (
	"testing"
)

var teamKeys = []string{"id", "name", "organizationId", "createdAt", "updatedAt"}

// joinOrg invites u into the organization of owner and accepts.
func (e *env) joinOrg(owner, u user, role string) map[string]any {
	e.t.Helper()
	inv := e.invite(owner, u.email, role)
	want(e.t, inv, 200, "", "")
	r := e.post(u, "/organization/accept-invitation",
		`{"invitationId":"`+str2(inv.object(e.t), "id")+`"}`)
	want(e.t, r, 200, "", "")
	return r.object(e.t)["member"].(map[string]any)
}

func TestTeams(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b, &Plugin{AllowUnverifiedInvitees: true,
			Teams: TeamOptions{Enabled: true, MaximumTeams: 3}})
		alice, bob := e.signUp("Alice"), e.signUp("Bob")
		orgID := str2(e.createOrg(alice, "Acme", "acme"), "id")
		e.joinOrg(alice, bob, "member")

		sess := e.get(alice, "/get-session").object(t)["session"].(map[string]any)
		defaultTeam, _ := sess["activeTeamId"].(string)
		if defaultTeam == "" {
			t.Fatalf("get-session: got %v, want the default team active", sess)
		}
		teams := e.get(alice, "/organization/list-teams").list(t)
		if len(teams) != 1 || teams[0].(map[string]any)["name"] != "Acme" {
			t.Fatalf("list-teams: got %v, want the default team Acme", teams)
		}
		wantKeys(t, "team", teams[0].(map[string]any), teamKeys...)
		full := e.get(alice, "/organization/get-full-organization").object(t)
		if ts, _ := full["teams"].([]any); len(ts) != 1 {
			t.Errorf("get-full-organization: got teams %v, want one", full["teams"])
		}

		r := e.post(alice, "/organization/create-team", `{"name":"Red"}`)
		want(t, r, 200, "", "")
		red := r.object(t)
		wantKeys(t, "create-team", red, teamKeys...)
		redID := str2(red, "id")
		wantErr(t, e.post(bob, "/organization/create-team",
			`{"name":"Blue","organizationId":"`+orgID+`"}`),
			ErrYouAreNotAllowedToCreateTeamsInThisOrganization, 403)
		want(t, e.do("POST", "/organization/create-team", `{"name":"X"}`, ""), 401, "", "")

		r = e.post(alice, "/organization/update-team", `{"teamId":"`+redID+`","data":{"name":"Crimson"}}`)
		if want(t, r, 200, "", ""); r.object(t)["name"] != "Crimson" {
			t.Errorf("update-team: got %s, want name Crimson", r.body)
		}
		wantErr(t, e.post(bob, "/organization/set-active-team", `{"teamId":"`+redID+`"}`),
			ErrUserIsNotAMemberOfTheTeam, 403)

		r = e.post(alice, "/organization/add-team-member",
			`{"teamId":"`+redID+`","userId":"`+bob.id+`"}`)
		want(t, r, 200, "", "")
		wantKeys(t, "add-team-member", r.object(t), "id", "teamId", "userId", "createdAt")
		r = e.post(bob, "/organization/set-active-team", `{"teamId":"`+redID+`"}`)
		if want(t, r, 200, "", ""); str2(r.object(t), "id") != redID {
			t.Errorf("set-active-team: got %s, want team %s", r.body, redID)
		}
		if l := e.get(bob, "/organization/list-team-members").list(t); len(l) != 1 {
			t.Errorf("list-team-members: got %v, want bob only", l)
		}
		if l := e.get(bob, "/organization/list-user-teams").list(t); len(l) != 1 {
			t.Errorf("list-user-teams: got %v, want one team", l)
		}
		wantErr(t, e.post(bob, "/organization/remove-team-member",
			`{"teamId":"`+redID+`","userId":"`+bob.id+`"}`),
			ErrYouAreNotAllowedToRemoveATeamMember, 403)
		r = e.post(alice, "/organization/remove-team-member",
			`{"teamId":"`+redID+`","userId":"`+bob.id+`"}`)
		if want(t, r, 200, "", ""); r.body != `{"message":"Team member removed successfully."}` {
			t.Errorf("remove-team-member: got %s", r.body)
		}
		wantErr(t, e.post(alice, "/organization/remove-team-member",
			`{"teamId":"`+redID+`","userId":"`+bob.id+`"}`), ErrUserIsNotAMemberOfTheTeam, 400)

		wantErr(t, e.post(alice, "/organization/remove-team", `{"teamId":"`+defaultTeam+`"}`),
			ErrYouAreNotAllowedToDeleteThisTeam, 403)
		r = e.post(alice, "/organization/remove-team", `{"teamId":"`+redID+`"}`)
		if want(t, r, 200, "", ""); r.body != `{"message":"Team removed successfully."}` {
			t.Errorf("remove-team: got %s", r.body)
		}
		want(t, e.post(alice, "/organization/set-active-team", `{"teamId":null}`), 200, "", "")
		wantErr(t, e.post(alice, "/organization/remove-team", `{"teamId":"`+defaultTeam+`"}`),
			ErrUnableToRemoveLastTeam, 400)
	})
}

func TestTeamInvitation(t *testing.T) {
	e := newEnv(t, backends[0], &Plugin{AllowUnverifiedInvitees: true,
		Teams: TeamOptions{Enabled: true, NoDefaultTeam: true}})
	alice, bob := e.signUp("Alice"), e.signUp("Bob")
	e.createOrg(alice, "Acme", "acme")
	team := e.post(alice, "/organization/create-team", `{"name":"Red"}`).object(t)
	inv := e.post(alice, "/organization/invite-member",
		`{"email":"bob@example.com","role":"member","teamId":"`+str2(team, "id")+`"}`)
	want(t, inv, 200, "", "")
	wantKeys(t, "team invitation", inv.object(t), append(invitationKeys, "teamId")...)
	want(t, e.post(bob, "/organization/accept-invitation",
		`{"invitationId":"`+str2(inv.object(t), "id")+`"}`), 200, "", "")
	sess := e.get(bob, "/get-session").object(t)["session"].(map[string]any)
	if sess["activeTeamId"] != team["id"] {
		t.Errorf("after accepting: got session %v, want the invited team active", sess)
	}
}

func TestDynamicRoles(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		st := DefaultStatements()
		st["invoice"] = []string{"read", "pay"}
		owner := DefaultRoles()["owner"]
		owner.Statements["invoice"] = []string{"read", "pay"}
		roles := DefaultRoles()
		roles["owner"] = owner
		e := newEnv(t, b, &Plugin{AllowUnverifiedInvitees: true, AccessControl: st,
			Roles: roles, DynamicAccessControl: DynamicAccessControl{Enabled: true}})
		alice, bob := e.signUp("Alice"), e.signUp("Bob")
		e.createOrg(alice, "Acme", "acme")

		r := e.post(alice, "/organization/create-role",
			`{"role":"Accountant","permission":{"invoice":["read"]}}`)
		want(t, r, 200, "", "")
		cr := r.object(t)
		wantKeys(t, "create-role", cr, "success", "roleData", "statements")
		rd := cr["roleData"].(map[string]any)
		wantKeys(t, "roleData", rd, "id", "organizationId", "role", "permission", "createdAt",
			"updatedAt")
		if rd["role"] != "accountant" {
			t.Errorf("create-role: got role %v, want the lower-cased name", rd["role"])
		}
		wantErr(t, e.post(alice, "/organization/create-role",
			`{"role":"accountant","permission":{"invoice":["read"]}}`),
			ErrRoleNameIsAlreadyTaken, 400)
		wantErr(t, e.post(alice, "/organization/create-role",
			`{"role":"x","permission":{"ghost":["read"]}}`), ErrInvalidResource, 400)
		wantErr(t, e.post(alice, "/organization/create-role",
			`{"role":"admin","permission":{"invoice":["read"]}}`), ErrRoleNameIsAlreadyTaken, 400)

		e.joinOrg(alice, bob, "accountant")
		r = e.post(bob, "/organization/has-permission", `{"permissions":{"invoice":["read"]}}`)
		if r.object(t)["success"] != true {
			t.Errorf("has-permission with a stored role: got %s, want success", r.body)
		}
		wantErr(t, e.post(bob, "/organization/create-role",
			`{"role":"y","permission":{"invoice":["read"]}}`),
			ErrYouAreNotAllowedToCreateARole, 403)

		if l := e.get(alice, "/organization/list-roles").list(t); len(l) != 1 {
			t.Errorf("list-roles: got %v, want one", l)
		}
		r = e.get(alice, "/organization/get-role?roleName=accountant")
		if want(t, r, 200, "", ""); r.object(t)["permission"] == nil {
			t.Errorf("get-role: got %s, want the parsed permission", r.body)
		}
		r = e.post(alice, "/organization/update-role",
			`{"roleName":"accountant","data":{"permission":{"invoice":["read","pay"]}}}`)
		if want(t, r, 200, "", ""); r.object(t)["success"] != true {
			t.Errorf("update-role: got %s", r.body)
		}
		r = e.post(bob, "/organization/has-permission", `{"permissions":{"invoice":["pay"]}}`)
		if r.object(t)["success"] != true {
			t.Errorf("has-permission after update: got %s, want success", r.body)
		}
		wantErr(t, e.post(alice, "/organization/delete-role", `{"roleName":"accountant"}`),
			ErrRoleIsAssignedToMembers, 400)
		wantErr(t, e.post(alice, "/organization/delete-role", `{"roleName":"owner"}`),
			ErrCannotDeleteAPreDefinedRole, 400)
		wantErr(t, e.get(alice, "/organization/get-role?roleName=nope"), ErrRoleNotFound, 400)
	})
}

func TestDynamicRolesNeedAccessControl(t *testing.T) {
	e := newEnv(t, backends[0], &Plugin{DynamicAccessControl: DynamicAccessControl{Enabled: true}})
	alice := e.signUp("Alice")
	e.createOrg(alice, "Acme", "acme")
	wantErr(t, e.post(alice, "/organization/create-role",
		`{"role":"x","permission":{"member":["create"]}}`), ErrMissingAcInstance, 501)
}

// TestValidationMessages pins upstream's validation answers for input the
// route checks itself, and that validation comes before the session check.
func TestValidationMessages(t *testing.T) {
	e := newEnv(t, backends[0], &Plugin{AllowUnverifiedInvitees: true,
		AccessControl: DefaultStatements(), Teams: TeamOptions{Enabled: true},
		DynamicAccessControl: DynamicAccessControl{Enabled: true}})
	alice := e.signUp("Alice")
	e.createOrg(alice, "Acme", "acme")
	anon := user{}
	tests := []struct {
		who           user
		method, path  string
		body          string
		status        int
		code, message string
	}{
		{alice, "POST", "/organization/update", `{}`, 400, "VALIDATION_ERROR",
			"[body.data] Invalid input: expected object, received undefined"},
		{alice, "POST", "/organization/update", `{"data":{"name":""}}`, 400, "VALIDATION_ERROR",
			"[body.data.name] Too small: expected string to have >=1 characters"},
		{alice, "POST", "/organization/update", `{"data":{"name":5}}`, 400, "VALIDATION_ERROR",
			"[body.data.name] Invalid input: expected string, received number"},
		{alice, "POST", "/organization/has-permission",
			`{"permission":{"member":["create"]},"permissions":{"member":["create"]}}`, 400,
			"VALIDATION_ERROR", "[body] Invalid input: more than one option matched"},
		{alice, "POST", "/organization/has-permission", `{"permissions":{"member":"x"}}`, 400,
			"VALIDATION_ERROR", "[body] Invalid input"},
		{anon, "POST", "/organization/has-permission", `{"permissions":{"member":["create"]}}`,
			401, "UNAUTHORIZED", "Unauthorized"},
		{alice, "GET", "/organization/get-role", "", 400, "VALIDATION_ERROR",
			"[query] Invalid input"},
		{alice, "POST", "/organization/delete-role", `{}`, 400, "VALIDATION_ERROR",
			"[body] Invalid input"},
		{anon, "POST", "/organization/delete-role", `{}`, 400, "VALIDATION_ERROR",
			"[body] Invalid input"},
		{alice, "POST", "/organization/update-role", `{"roleName":"x"}`, 400, "VALIDATION_ERROR",
			"[body.data] Invalid input: expected object, received undefined"},
		{alice, "POST", "/organization/update-team", `{"teamId":"x","data":{"name":""}}`, 400,
			"VALIDATION_ERROR", "[body.data.name] Too small: expected string to have >=1 characters"},
		{alice, "POST", "/organization/invite-member", `{"email":"x@example.com","role":5}`, 400,
			"VALIDATION_ERROR", "[body.role] Invalid input"},
		{alice, "POST", "/organization/invite-member",
			`{"email":"x@example.com","role":"member","teamId":5}`, 400, "VALIDATION_ERROR",
			"[body.teamId] Invalid input"},
		{alice, "POST", "/organization/create", `{"name":"M","slug":"m","metadata":"x"}`, 400,
			"VALIDATION_ERROR", "[body.metadata] Invalid input: expected record, received string"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path+" "+tt.body, func(t *testing.T) {
			want(t, e.do(tt.method, tt.path, tt.body, tt.who.cookie), tt.status, tt.code, tt.message)
		})
	}
}

// TestMetadataAsStored pins that, as upstream, only create and update parse
// the stored metadata; the other routes send the stored string.
func TestMetadataAsStored(t *testing.T) {
	e := newEnv(t, backends[0], &Plugin{})
	alice := e.signUp("Alice")
	r := e.post(alice, "/organization/create", `{"name":"Acme","slug":"acme","metadata":{"a":1}}`)
	if md, ok := r.object(t)["metadata"].(map[string]any); !ok || md["a"] != float64(1) {
		t.Errorf("create: got metadata %v, want the object", r.object(t)["metadata"])
	}
	l := e.get(alice, "/organization/list").list(t)
	if md := l[0].(map[string]any)["metadata"]; md != `{"a":1}` {
		t.Errorf("list: got metadata %#v, want the stored string", md)
	}
}

func TestListMembersQuery(t *testing.T) {
	e := newEnv(t, backends[0], &Plugin{AllowUnverifiedInvitees: true})
	alice, bob := e.signUp("Alice"), e.signUp("Bob")
	e.createOrg(alice, "Acme", "acme")
	e.joinOrg(alice, bob, "member")
	tests := []struct {
		query      string
		status     int
		total      float64
		members    int
		firstRole  string
		errMessage string
	}{
		{"", 200, 2, 2, "owner", ""},
		{"?limit=1", 200, 2, 1, "owner", ""},
		{"?limit=1&offset=1", 200, 2, 1, "member", ""},
		{"?sortBy=role&sortDirection=asc", 200, 2, 2, "member", ""},
		{"?sortBy=bogus", 200, 2, 2, "owner", ""},
		{"?filterField=role&filterValue=owner", 200, 1, 1, "owner", ""},
		{"?filterField=role&filterValue=owner&filterOperator=ne", 200, 1, 1, "member", ""},
		{"?sortDirection=up", 400, 0, 0, "",
			`[query.sortDirection] Invalid option: expected one of "asc"|"desc"`},
		{"?filterField=role&filterValue=x&filterOperator=like", 400, 0, 0, "",
			`[query.filterOperator] Invalid option: expected one of "eq"|"ne"|"lt"|"lte"|` +
				`"gt"|"gte"|"in"|"not_in"|"contains"|"starts_with"|"ends_with"`},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := e.get(alice, "/organization/list-members"+tt.query)
			if tt.status != 200 {
				want(t, r, tt.status, "VALIDATION_ERROR", tt.errMessage)
				return
			}
			want(t, r, 200, "", "")
			m := r.object(t)
			members, _ := m["members"].([]any)
			if m["total"] != tt.total || len(members) != tt.members {
				t.Fatalf("got total %v and %d members, want %v and %d", m["total"],
					len(members), tt.total, tt.members)
			}
			if role := members[0].(map[string]any)["role"]; role != tt.firstRole {
				t.Errorf("got first role %v, want %s", role, tt.firstRole)
			}
		})
	}
}

// TestAcceptIsAtomic shows that a refused accept (upstream counts the
// team after adding the invitee, so a team reaching its cap refuses) leaves
// the invitation pending and the invitee outside, on every backend.
func TestAcceptIsAtomic(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b, &Plugin{AllowUnverifiedInvitees: true,
			Teams: TeamOptions{Enabled: true, MaximumMembersPerTeam: 1, NoDefaultTeam: true}})
		alice, bob := e.signUp("Alice"), e.signUp("Bob")
		e.createOrg(alice, "Acme", "acme")
		red := str2(e.post(alice, "/organization/create-team", `{"name":"Red"}`).object(t), "id")
		inv := e.post(alice, "/organization/invite-member",
			`{"email":"bob@example.com","role":"member","teamId":"`+red+`"}`)
		want(t, inv, 200, "", "")
		wantErr(t, e.post(bob, "/organization/accept-invitation",
			`{"invitationId":"`+str2(inv.object(t), "id")+`"}`), ErrTeamMemberLimitReached, 403)
		l := e.get(alice, "/organization/list-invitations").list(t)
		if st := l[0].(map[string]any)["status"]; st != "pending" {
			t.Errorf("invitation after a refused accept: got status %v, want pending", st)
		}
		if got := e.get(bob, "/organization/list").body; got != "[]" {
			t.Errorf("bob's organizations: got %s, want []", got)
		}
	})
}
