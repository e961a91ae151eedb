package organization

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/storage"
)

func (p *Plugin) invitationRoutes() []core.Route {
	post, get := http.MethodPost, http.MethodGet
	idBody := []core.Param{strParam("invitationId", true)}
	return []core.Route{
		{Method: post, Path: "/organization/invite-member",
			Summary: "Invite a user to an organization",
			Body: []core.Param{strParam("email", true), strParam("organizationId", false),
				{Name: "resend", Type: core.ParamBool}},
			Handler: p.inviteMember},
		{Method: post, Path: "/organization/cancel-invitation", Summary: "Cancel an invitation",
			Session: core.SessionRequired, Body: idBody, Handler: p.cancelInvitation},
		{Method: post, Path: "/organization/accept-invitation", Summary: "Accept an invitation",
			Session: core.SessionRequired, Body: idBody, Handler: p.acceptInvitation},
		{Method: get, Path: "/organization/get-invitation", Summary: "Get an invitation",
			Query: []core.Param{strParam("id", true)}, Handler: p.getInvitation},
		{Method: post, Path: "/organization/reject-invitation", Summary: "Reject an invitation",
			Session: core.SessionRequired, Body: idBody, Handler: p.rejectInvitation},
		{Method: get, Path: "/organization/list-invitations",
			Summary: "List the invitations of an organization", Session: core.SessionRequired,
			Query: []core.Param{strParam("organizationId", false)}, Handler: p.listInvitations},
		{Method: get, Path: "/organization/list-user-invitations",
			Summary: "List the pending invitations of the user",
			Query:   []core.Param{strParam("email", false)}, Handler: p.listUserInvitations},
	}
}

// teamIDs reads the teamId body field: a string or a list of strings.
func teamIDs(c *core.Context) ([]string, error) {
	v, ok := c.Body["teamId"]
	if !ok || v == nil {
		return nil, nil
	}
	s, ok := parseRoles(v)
	if !ok {
		return nil, core.NewAPIError(400, "VALIDATION_ERROR", "[body.teamId] Invalid input")
	}
	if s == "" {
		return nil, nil
	}
	return strings.Split(s, ","), nil
}

func (p *Plugin) inviteMember(c *core.Context) (any, error) {
	role, err := roleParam(c, "role", true)
	if err != nil {
		return nil, err
	}
	teams, err := teamIDs(c)
	if err != nil {
		return nil, err
	}
	if err := needSession(c); err != nil {
		return nil, err
	}
	orgID := orgFromBody(c)
	if orgID == "" {
		return nil, ErrOrganizationNotFound
	}
	email := strings.ToLower(bodyString(c, "email"))
	if !core.ValidEmail(email) {
		return nil, core.ErrInvalidEmail
	}
	inviter, err := p.requirePermission(c, orgID, Statements{"invitation": {"create"}},
		ErrMemberNotFound, ErrYouAreNotAllowedToInviteUsersToThisOrganization)
	if err != nil {
		return nil, err
	}
	if err := p.checkInvitedRoles(c, orgID, inviter, role); err != nil {
		return nil, err
	}
	if m, err := findTarget(c, email, orgID); err != nil {
		return nil, err
	} else if m != nil {
		return nil, ErrUserIsAlreadyAMemberOfThisOrganization
	}
	pending, err := pendingInvitations(c, eq("organizationId", orgID), eq("email", email))
	if err != nil {
		return nil, err
	}
	resend, _ := c.Body["resend"].(bool)
	if len(pending) > 0 && !resend && !p.CancelPendingInvitationsOnReInvite {
		return nil, ErrUserIsAlreadyInvitedToThisOrganization
	}
	org, err := requireOrg(c, orgID)
	if err != nil {
		return nil, err
	}
	if len(pending) > 0 && resend {
		return p.resendInvitation(c, pending[0], org, inviter)
	}
	if len(pending) > 0 {
		_, err := c.Update("invitation", []storage.Where{eq("id", pending[0]["id"])},
			storage.Record{"status": "canceled"})
		if err != nil {
			return nil, err
		}
	}
	if err := p.checkInvitationLimits(c, orgID, teams); err != nil {
		return nil, err
	}
	return p.createInvitation(c, org, inviter, email, role, teams)
}

// checkInvitedRoles refuses unknown roles, and the creator role from an
// inviter who does not hold it. Stored roles count when dynamic access
// control is on.
func (p *Plugin) checkInvitedRoles(c *core.Context, orgID string, inviter storage.Record,
	role string) error {
	var unknown []string
	for _, r := range splitRoles(role) {
		_, builtIn := DefaultRoles()[r]
		if _, custom := p.Roles[r]; !builtIn && !custom {
			unknown = append(unknown, r)
		}
	}
	if len(unknown) > 0 && p.DynamicAccessControl.Enabled {
		var err error
		if unknown, err = notStored(c, orgID, unknown); err != nil {
			return err
		}
	}
	if len(unknown) > 0 {
		return core.StatusError(http.StatusBadRequest,
			"ROLE_NOT_FOUND: "+strings.Join(unknown, ", "))
	}
	creator := p.creatorRole()
	if !hasRole(str(inviter, "role"), creator) && slices.Contains(strings.Split(role, ","),
		creator) {
		return ErrYouAreNotAllowedToInviteUserWithThisRole
	}
	return nil
}

// notStored returns the role names the organization has not stored.
func notStored(c *core.Context, orgID string, names []string) ([]string, error) {
	in := make([]any, len(names))
	for i, n := range names {
		in[i] = n
	}
	rows, err := findMany(c, storage.FindQuery{Model: "organizationRole", Limit: len(in),
		Where: []storage.Where{eq("organizationId", orgID),
			{Field: "role", Operator: storage.OpIn, Value: in}}})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, n := range names {
		if !slices.ContainsFunc(rows, func(r storage.Record) bool { return str(r, "role") == n }) {
			out = append(out, n)
		}
	}
	return out, nil
}

// pendingInvitations returns the pending invitations matching where that
// have not expired.
func pendingInvitations(c *core.Context, where ...storage.Where) ([]storage.Record, error) {
	rows, err := findMany(c, storage.FindQuery{Model: "invitation", Limit: 100000,
		Where: append(where, eq("status", "pending"))})
	if err != nil {
		return nil, err
	}
	now := time.Now()
	out := rows[:0]
	for _, r := range rows {
		if t, ok := r["expiresAt"].(time.Time); ok && t.After(now) {
			out = append(out, r)
		}
	}
	return out, nil
}

func (p *Plugin) checkInvitationLimits(c *core.Context, orgID string, teams []string) error {
	pending, err := pendingInvitations(c, eq("organizationId", orgID))
	if err != nil {
		return err
	}
	if len(pending) >= p.invitationLimit() {
		return ErrInvitationLimitReached
	}
	if !p.Teams.Enabled || p.Teams.MaximumMembersPerTeam <= 0 {
		return nil
	}
	for _, id := range teams {
		team, err := findOne(c, "team", eq("id", id), eq("organizationId", orgID))
		if err != nil {
			return err
		}
		if team == nil {
			return ErrTeamNotFound
		}
		n, err := c.DB().Count(c.Context(), "teamMember", []storage.Where{eq("teamId", id)})
		if err != nil {
			return err
		}
		if n >= int64(p.Teams.MaximumMembersPerTeam) {
			return ErrTeamMemberLimitReached
		}
	}
	return nil
}

func (p *Plugin) resendInvitation(c *core.Context, inv, org, inviter storage.Record) (any,
	error) {
	expires := time.Now().Add(p.invitationTTL())
	_, err := c.Update("invitation", []storage.Where{eq("id", inv["id"])},
		storage.Record{"expiresAt": expires})
	if err != nil {
		return nil, err
	}
	inv["expiresAt"] = expires
	if err := p.sendInvitation(c, inv, org, inviter); err != nil {
		return nil, err
	}
	return toJSON(inv), nil
}

func (p *Plugin) createInvitation(c *core.Context, org, inviter storage.Record, email,
	role string, teams []string) (any, error) {
	now := time.Now()
	data := storage.Record{"status": "pending", "expiresAt": now.Add(p.invitationTTL()),
		"createdAt": now, "inviterId": c.Session.User.ID, "role": role, "email": email,
		"organizationId": org["id"]}
	if p.Teams.Enabled {
		data["teamId"] = nil
		if len(teams) > 0 {
			data["teamId"] = strings.Join(teams, ",")
		}
	}
	ev := &Event{Organization: org, Invitation: data, User: c.Session.User}
	if err := call(c, p.Hooks.BeforeCreateInvitation, ev); err != nil {
		return nil, err
	}
	inv, err := c.Create("invitation", ev.Invitation)
	if err != nil || inv == nil {
		return nil, orFailed(err)
	}
	if err := p.sendInvitation(c, inv, org, inviter); err != nil {
		return nil, err
	}
	ev = &Event{Organization: org, Invitation: inv, User: c.Session.User}
	if err := call(c, p.Hooks.AfterCreateInvitation, ev); err != nil {
		return nil, err
	}
	return toJSON(inv), nil
}

func (p *Plugin) sendInvitation(c *core.Context, inv, org, inviter storage.Record) error {
	if p.SendInvitationEmail == nil {
		return nil
	}
	return p.SendInvitationEmail(c.Context(), InvitationEmail{
		ID: str(inv, "id"), Email: strings.ToLower(str(inv, "email")), Role: str(inv, "role"),
		Organization: org, Inviter: c.Session.User, InviterMember: inviter, Invitation: inv,
		Request: c.Request,
	})
}

// invitationFor finds the invitation and checks that the session user
// may act on it.
func (p *Plugin) invitationFor(c *core.Context, id string, notFound, unverified error,
	needLive bool) (storage.Record, error) {
	inv, err := findOne(c, "invitation", eq("id", id))
	if err != nil {
		return nil, err
	}
	expired := false
	if t, ok := inv["expiresAt"].(time.Time); ok && needLive {
		expired = t.Before(time.Now())
	}
	if inv == nil || expired || str(inv, "status") != "pending" {
		return nil, notFound
	}
	if !strings.EqualFold(str(inv, "email"), c.Session.User.Email) {
		return nil, ErrYouAreNotTheRecipientOfTheInvitation
	}
	if !p.AllowUnverifiedInvitees && !c.Session.User.EmailVerified {
		return nil, unverified
	}
	return inv, nil
}

func (p *Plugin) acceptInvitation(c *core.Context) (any, error) {
	id := bodyString(c, "invitationId")
	inv, err := p.invitationFor(c, id, ErrInvitationNotFound,
		ErrEmailVerificationRequiredBeforeAcceptingOrRejectingInvitation, true)
	if err != nil {
		return nil, err
	}
	orgID := str(inv, "organizationId")
	n, err := c.DB().Count(c.Context(), "member", []storage.Where{eq("organizationId", orgID)})
	if err != nil {
		return nil, err
	}
	org, err := requireOrg(c, orgID)
	if err != nil {
		return nil, err
	}
	if n >= int64(p.membershipLimit()) {
		return nil, ErrOrganizationMembershipLimitReached
	}
	ev := &Event{Organization: org, Invitation: inv, User: c.Session.User}
	if err := call(c, p.Hooks.BeforeAcceptInvitation, ev); err != nil {
		return nil, err
	}
	var accepted, member storage.Record
	// Accepting, joining the teams and becoming a member happen together:
	// a full team leaves the invitation pending.
	err = c.Transaction(func() error {
		var err error
		accepted, err = c.Update("invitation", []storage.Where{eq("id", id)},
			storage.Record{"status": "accepted"})
		if err != nil {
			return err
		}
		if accepted == nil {
			return ErrFailedToRetrieveInvitation
		}
		if err := p.joinInvitedTeams(c, accepted); err != nil {
			return err
		}
		member, err = p.addMember(c, org, c.Session.User, str(inv, "role"), nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	if _, err := setActive(c, "activeOrganizationId", orgID); err != nil {
		return nil, err
	}
	ev = &Event{Organization: org, Invitation: accepted, Member: member, User: c.Session.User}
	if err := call(c, p.Hooks.AfterAcceptInvitation, ev); err != nil {
		return nil, err
	}
	return map[string]any{"invitation": toJSON(accepted), "member": toJSON(member)}, nil
}

// joinInvitedTeams adds the invitee to the invitation's teams and, when
// there is one, makes it the active team.
func (p *Plugin) joinInvitedTeams(c *core.Context, inv storage.Record) error {
	ids := str(inv, "teamId")
	if !p.Teams.Enabled || ids == "" {
		return nil
	}
	teams := strings.Split(ids, ",")
	for _, id := range teams {
		if _, err := findOrCreateTeamMember(c, id, c.Session.User.ID); err != nil {
			return err
		}
		if p.Teams.MaximumMembersPerTeam > 0 {
			n, err := c.DB().Count(c.Context(), "teamMember", []storage.Where{eq("teamId", id)})
			if err != nil {
				return err
			}
			if n >= int64(p.Teams.MaximumMembersPerTeam) {
				return ErrTeamMemberLimitReached
			}
		}
	}
	if len(teams) == 1 {
		return setActiveWithCookie(c, "activeTeamId", teams[0])
	}
	return nil
}

func (p *Plugin) rejectInvitation(c *core.Context) (any, error) {
	id := bodyString(c, "invitationId")
	notFound := core.NewAPIError(http.StatusBadRequest, "INVITATION_NOT_FOUND",
		"Invitation not found!")
	inv, err := p.invitationFor(c, id, notFound,
		ErrEmailVerificationRequiredBeforeAcceptingOrRejectingInvitation, false)
	if err != nil {
		return nil, err
	}
	org, err := requireOrg(c, inv["organizationId"])
	if err != nil {
		return nil, err
	}
	ev := &Event{Organization: org, Invitation: inv, User: c.Session.User}
	if err := call(c, p.Hooks.BeforeRejectInvitation, ev); err != nil {
		return nil, err
	}
	rejected, err := c.Update("invitation", []storage.Where{eq("id", id)},
		storage.Record{"status": "rejected"})
	if err != nil {
		return nil, err
	}
	if rejected != nil {
		ev.Invitation = rejected
	}
	if err := call(c, p.Hooks.AfterRejectInvitation, ev); err != nil {
		return nil, err
	}
	return map[string]any{"invitation": toJSON(rejected), "member": nil}, nil
}

func (p *Plugin) cancelInvitation(c *core.Context) (any, error) {
	id := bodyString(c, "invitationId")
	inv, err := findOne(c, "invitation", eq("id", id))
	if err != nil {
		return nil, err
	}
	if inv == nil {
		return nil, ErrInvitationNotFound
	}
	orgID := str(inv, "organizationId")
	_, err = p.requirePermission(c, orgID, Statements{"invitation": {"cancel"}},
		ErrMemberNotFound, ErrYouAreNotAllowedToCancelThisInvitation)
	if err != nil {
		return nil, err
	}
	org, err := requireOrg(c, orgID)
	if err != nil {
		return nil, err
	}
	ev := &Event{Organization: org, Invitation: inv, User: c.Session.User}
	if err := call(c, p.Hooks.BeforeCancelInvitation, ev); err != nil {
		return nil, err
	}
	canceled, err := c.Update("invitation", []storage.Where{eq("id", id)},
		storage.Record{"status": "canceled"})
	if err != nil {
		return nil, err
	}
	if canceled != nil {
		ev.Invitation = canceled
	}
	if err := call(c, p.Hooks.AfterCancelInvitation, ev); err != nil {
		return nil, err
	}
	return toJSON(canceled), nil
}

func (p *Plugin) getInvitation(c *core.Context) (any, error) {
	s, err := c.GetSession()
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, core.StatusError(http.StatusUnauthorized, "Not authenticated")
	}
	inv, err := p.invitationFor(c, c.Query.Get("id"),
		core.StatusError(http.StatusBadRequest, "Invitation not found!"),
		ErrEmailVerificationRequiredForInvitation, true)
	if err != nil {
		return nil, err
	}
	org, err := requireOrg(c, inv["organizationId"])
	if err != nil {
		return nil, err
	}
	inviter, err := memberOf(c, str(inv, "inviterId"), str(org, "id"))
	if err != nil {
		return nil, err
	}
	var inviterUser storage.Record
	if inviter != nil {
		if inviterUser, err = findOne(c, "user", eq("id", inviter["userId"])); err != nil {
			return nil, err
		}
	}
	if inviterUser == nil {
		return nil, ErrInviterIsNoLongerAMemberOfTheOrganization
	}
	out := toJSON(inv)
	out["organizationName"] = org["name"]
	out["organizationSlug"] = org["slug"]
	out["inviterEmail"] = inviterUser["email"]
	return out, nil
}

func (p *Plugin) listInvitations(c *core.Context) (any, error) {
	orgID := queryOr(c, "organizationId", activeOrg(c))
	if orgID == "" {
		return nil, core.StatusError(http.StatusBadRequest, "Organization ID is required")
	}
	if m, err := memberOf(c, c.Session.User.ID, orgID); err != nil {
		return nil, err
	} else if m == nil {
		return nil, core.StatusError(http.StatusForbidden,
			"You are not a member of this organization")
	}
	rows, err := findMany(c, storage.FindQuery{Model: "invitation", Limit: 100000,
		Where: []storage.Where{eq("organizationId", orgID)}})
	if err != nil {
		return nil, err
	}
	return listJSON(rows), nil
}

func (p *Plugin) listUserInvitations(c *core.Context) (any, error) {
	s, err := c.GetSession()
	if err != nil {
		return nil, err
	}
	if c.Query.Get("email") != "" {
		return nil, core.StatusError(http.StatusBadRequest,
			"User email cannot be passed for client side API calls.")
	}
	if s == nil {
		return nil, core.StatusError(http.StatusBadRequest,
			"Missing session headers, or email query parameter.")
	}
	if !p.AllowUnverifiedInvitees && !s.User.EmailVerified {
		return nil, ErrEmailVerificationRequiredForInvitation
	}
	rows, err := findMany(c, storage.FindQuery{Model: "invitation", Limit: 100000,
		Where: []storage.Where{eq("email", strings.ToLower(s.User.Email))}})
	if err != nil {
		return nil, err
	}
	out := []map[string]any{}
	names := map[any]any{}
	for _, r := range rows {
		if str(r, "status") != "pending" {
			continue
		}
		j := toJSON(r)
		name, ok := names[r["organizationId"]]
		if !ok {
			org, err := findOne(c, "organization", eq("id", r["organizationId"]))
			if err != nil {
				return nil, err
			}
			if org != nil {
				name = org["name"]
			}
			names[r["organizationId"]] = name
		}
		j["organizationName"] = name
		out = append(out, j)
	}
	return out, nil
}
