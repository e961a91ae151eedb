package organization

import (
	"fmt"
	"testing"
)

// TestAnonymous pins what every route answers without a session, as
// upstream does (checked against Better Auth 1.6.11).
func TestAnonymous(t *testing.T) {
	e := newEnv(t, backends[0], &Plugin{Teams: TeamOptions{Enabled: true},
		AccessControl:        DefaultStatements(),
		DynamicAccessControl: DynamicAccessControl{Enabled: true}})
	const unauthorized = `401 {"message":"Unauthorized","code":"UNAUTHORIZED"}`
	tests := []struct{ method, path, body, want string }{
		{"POST", "/organization/create", `{"name":"a","slug":"a"}`, `401 `},
		{"POST", "/organization/update", `{"data":{"name":"x"}}`,
			`401 {"message":"User not found"}`},
		{"POST", "/organization/delete", `{"organizationId":"x"}`, `401 `},
		{"POST", "/organization/set-active", `{"organizationId":"x"}`, unauthorized},
		{"GET", "/organization/get-full-organization", ``, unauthorized},
		{"GET", "/organization/list", ``, unauthorized},
		{"POST", "/organization/invite-member", `{"email":"a@example.com","role":"member"}`,
			unauthorized},
		{"POST", "/organization/cancel-invitation", `{"invitationId":"x"}`, unauthorized},
		{"POST", "/organization/accept-invitation", `{"invitationId":"x"}`, unauthorized},
		{"GET", "/organization/get-invitation?id=x", ``, `401 {"message":"Not authenticated"}`},
		{"POST", "/organization/reject-invitation", `{"invitationId":"x"}`, unauthorized},
		{"GET", "/organization/list-invitations", ``, unauthorized},
		{"GET", "/organization/get-active-member", ``, unauthorized},
		{"POST", "/organization/check-slug", `{"slug":"x"}`, unauthorized},
		{"POST", "/organization/remove-member", `{"memberIdOrEmail":"x"}`, unauthorized},
		{"POST", "/organization/update-member-role", `{"memberId":"x","role":"member"}`,
			unauthorized},
		{"POST", "/organization/leave", `{"organizationId":"x"}`, unauthorized},
		{"GET", "/organization/list-user-invitations", ``,
			`400 {"message":"Missing session headers, or email query parameter."}`},
		{"GET", "/organization/list-members", ``, unauthorized},
		{"GET", "/organization/get-active-member-role", ``, unauthorized},
		{"POST", "/organization/create-team", `{"name":"x"}`, `401 `},
		{"GET", "/organization/list-teams", ``, unauthorized},
		{"POST", "/organization/remove-team", `{"teamId":"x"}`,
			`400 {"message":"No active organization","code":"NO_ACTIVE_ORGANIZATION"}`},
		{"POST", "/organization/update-team", `{"teamId":"x","data":{"name":"y"}}`,
			unauthorized},
		{"POST", "/organization/set-active-team", `{"teamId":"x"}`, unauthorized},
		{"GET", "/organization/list-user-teams", ``, unauthorized},
		{"GET", "/organization/list-team-members", ``, unauthorized},
		{"POST", "/organization/add-team-member", `{"teamId":"x","userId":"y"}`, unauthorized},
		{"POST", "/organization/remove-team-member", `{"teamId":"x","userId":"y"}`,
			unauthorized},
		{"POST", "/organization/create-role", `{"role":"x","permission":{"member":["create"]}}`,
			unauthorized},
		{"POST", "/organization/delete-role", `{"roleName":"x"}`, unauthorized},
		{"GET", "/organization/list-roles", ``, unauthorized},
		{"GET", "/organization/get-role?roleName=x", ``, unauthorized},
		{"POST", "/organization/update-role", `{"roleName":"x","data":{}}`, unauthorized},
		{"POST", "/organization/has-permission", `{"permissions":{"member":["create"]}}`,
			unauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			r := e.do(tt.method, tt.path, tt.body, "")
			if got := fmt.Sprintf("%d %s", r.status, r.body); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
