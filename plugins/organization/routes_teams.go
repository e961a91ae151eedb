package organization

import (
	"net/http"
	"time"

	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/storage"
)

func (p *Plugin) teamRoutes() []core.Route {
	post, get := http.MethodPost, http.MethodGet
	teamUser := []core.Param{strParam("teamId", true), strParam("userId", true),
		strParam("organizationId", false)}
	return []core.Route{
		{Method: post, Path: "/organization/create-team", Summary: "Create a team",
			Body:    []core.Param{strParam("name", true), strParam("organizationId", false)},
			Handler: p.createTeam},
		{Method: get, Path: "/organization/list-teams",
			Summary: "List the teams of an organization", Session: core.SessionRequired,
			Query: []core.Param{strParam("organizationId", false)}, Handler: p.listTeams},
		{Method: post, Path: "/organization/remove-team", Summary: "Remove a team",
			Body:    []core.Param{strParam("teamId", true), strParam("organizationId", false)},
			Handler: p.removeTeam},
		{Method: post, Path: "/organization/update-team", Summary: "Update a team",
			Body:         []core.Param{strParam("teamId", true)},
			BodyRequired: true, Handler: p.updateTeam},
		{Method: post, Path: "/organization/set-active-team",
			Summary: "Set the active team of the session", Session: core.SessionRequired,
			Body:    []core.Param{{Name: "teamId", Type: core.ParamNullableString}},
			Handler: p.setActiveTeam},
		{Method: get, Path: "/organization/list-user-teams",
			Summary: "List the teams of the user", Session: core.SessionRequired,
			Handler: p.listUserTeams},
		{Method: get, Path: "/organization/list-team-members",
			Summary: "List the members of a team", Session: core.SessionRequired,
			Query: []core.Param{strParam("teamId", false)}, Handler: p.listTeamMembers},
		{Method: post, Path: "/organization/add-team-member", Summary: "Add a user to a team",
			Session: core.SessionRequired, Body: teamUser, Handler: p.addTeamMember},
		{Method: post, Path: "/organization/remove-team-member",
			Summary: "Remove a user from a team", Session: core.SessionRequired, Body: teamUser,
			Handler: p.removeTeamMember},
	}
}

// createDefaultTeam creates the team named after a new organization, with
// its creator in it, and returns its id ("" when teams or the default
// team are off).
func (p *Plugin) createDefaultTeam(c *core.Context, org storage.Record,
	u *core.User) (string, error) {
	if !p.Teams.Enabled || p.Teams.NoDefaultTeam {
		return "", nil
	}
	data := storage.Record{"organizationId": org["id"], "name": org["name"],
		"createdAt": time.Now()}
	ev := &Event{Organization: org, Team: data, User: u}
	if err := call(c, p.Hooks.BeforeCreateTeam, ev); err != nil {
		return "", err
	}
	team, err := c.Create("team", ev.Team)
	if err != nil || team == nil {
		return "", orFailed(err)
	}
	if _, err := findOrCreateTeamMember(c, team["id"], u.ID); err != nil {
		return "", err
	}
	ev = &Event{Organization: org, Team: team, User: u}
	return str(team, "id"), call(c, p.Hooks.AfterCreateTeam, ev)
}

func findOrCreateTeamMember(c *core.Context, teamID any, userID string) (storage.Record,
	error) {
	tm, err := findOne(c, "teamMember", eq("teamId", teamID), eq("userId", userID))
	if err != nil || tm != nil {
		return tm, err
	}
	return c.Create("teamMember", storage.Record{"teamId": teamID, "userId": userID,
		"createdAt": time.Now()})
}

// sessionOrUnauthorized loads the optional session of routes that
// upstream also lets the server call without one; over HTTP it is
// required.
func sessionOrUnauthorized(c *core.Context) error {
	s, err := c.GetSession()
	if err != nil {
		return err
	}
	if s == nil {
		return core.StatusError(http.StatusUnauthorized, "")
	}
	return nil
}

func (p *Plugin) createTeam(c *core.Context) (any, error) {
	if err := sessionOrUnauthorized(c); err != nil {
		return nil, err
	}
	orgID := orgFromBody(c)
	if orgID == "" {
		return nil, ErrNoActiveOrganization
	}
	_, err := p.requirePermission(c, orgID, Statements{"team": {"create"}},
		ErrYouAreNotAllowedToInviteUsersToThisOrganization,
		ErrYouAreNotAllowedToCreateTeamsInThisOrganization)
	if err != nil {
		return nil, err
	}
	by := []storage.Where{eq("organizationId", orgID)}
	n, err := c.DB().Count(c.Context(), "team", by)
	if err != nil {
		return nil, err
	}
	if p.Teams.MaximumTeams > 0 && n >= int64(p.Teams.MaximumTeams) {
		return nil, ErrYouHaveReachedTheMaximumNumberOfTeams
	}
	org, err := requireOrg(c, orgID)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	data := storage.Record{"name": bodyString(c, "name"), "organizationId": orgID,
		"createdAt": now, "updatedAt": now}
	ev := &Event{Organization: org, Team: data, User: c.Session.User}
	if err := call(c, p.Hooks.BeforeCreateTeam, ev); err != nil {
		return nil, err
	}
	team, err := c.Create("team", ev.Team)
	if err != nil || team == nil {
		return nil, orFailed(err)
	}
	ev = &Event{Organization: org, Team: team, User: c.Session.User}
	if err := call(c, p.Hooks.AfterCreateTeam, ev); err != nil {
		return nil, err
	}
	return toJSON(team), nil
}

func (p *Plugin) listTeams(c *core.Context) (any, error) {
	orgID := queryOr(c, "organizationId", activeOrg(c))
	if orgID == "" {
		return nil, ErrNoActiveOrganization
	}
	if m, err := memberOf(c, c.Session.User.ID, orgID); err != nil {
		return nil, err
	} else if m == nil {
		return nil, ErrYouAreNotAllowedToAccessThisOrganization
	}
	teams, err := findMany(c, storage.FindQuery{Model: "team", Limit: 100000,
		Where: []storage.Where{eq("organizationId", orgID)}})
	if err != nil {
		return nil, err
	}
	return listJSON(teams), nil
}

func (p *Plugin) removeTeam(c *core.Context) (any, error) {
	if _, err := c.GetSession(); err != nil {
		return nil, err
	}
	orgID := orgFromBody(c)
	if orgID == "" {
		return nil, ErrNoActiveOrganization
	}
	if c.Session == nil {
		return nil, core.StatusError(http.StatusUnauthorized, "")
	}
	teamID := bodyString(c, "teamId")
	member, err := memberOf(c, c.Session.User.ID, orgID)
	if err != nil {
		return nil, err
	}
	if member == nil || activeTeam(c) == teamID {
		return nil, ErrYouAreNotAllowedToDeleteThisTeam
	}
	ok, err := p.allowed(c, orgID, str(member, "role"), Statements{"team": {"delete"}}, false)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrYouAreNotAllowedToDeleteTeamsInThisOrganization
	}
	team, err := findOne(c, "team", eq("id", teamID), eq("organizationId", orgID))
	if err != nil {
		return nil, err
	}
	if team == nil {
		return nil, ErrTeamNotFound
	}
	return p.finishRemoveTeam(c, orgID, team)
}

func (p *Plugin) finishRemoveTeam(c *core.Context, orgID string, team storage.Record) (any,
	error) {
	if !p.Teams.AllowRemovingAllTeams {
		n, err := c.DB().Count(c.Context(), "team",
			[]storage.Where{eq("organizationId", orgID)})
		if err != nil {
			return nil, err
		}
		if n <= 1 {
			return nil, ErrUnableToRemoveLastTeam
		}
	}
	org, err := requireOrg(c, orgID)
	if err != nil {
		return nil, err
	}
	ev := &Event{Organization: org, Team: team, User: c.Session.User}
	if err := call(c, p.Hooks.BeforeDeleteTeam, ev); err != nil {
		return nil, err
	}
	if err := c.Delete("teamMember", []storage.Where{eq("teamId", team["id"])}); err != nil {
		return nil, err
	}
	if err := c.Delete("team", []storage.Where{eq("id", team["id"])}); err != nil {
		return nil, err
	}
	if err := call(c, p.Hooks.AfterDeleteTeam, ev); err != nil {
		return nil, err
	}
	return map[string]any{"message": "Team removed successfully."}, nil
}

func (p *Plugin) updateTeam(c *core.Context) (any, error) {
	update, orgID, err := teamUpdate(c)
	if err != nil {
		return nil, err
	}
	if err := needSession(c); err != nil {
		return nil, err
	}
	if orgID == "" {
		orgID = activeOrg(c)
	}
	if orgID == "" {
		return nil, ErrNoActiveOrganization
	}
	_, err = p.requirePermission(c, orgID, Statements{"team": {"update"}},
		ErrYouAreNotAllowedToUpdateThisTeam, ErrYouAreNotAllowedToUpdateThisTeam)
	if err != nil {
		return nil, err
	}
	team, err := findOne(c, "team", eq("id", bodyString(c, "teamId")),
		eq("organizationId", orgID))
	if err != nil {
		return nil, err
	}
	if team == nil {
		return nil, ErrTeamNotFound
	}
	org, err := requireOrg(c, orgID)
	if err != nil {
		return nil, err
	}
	ev := &Event{Organization: org, Team: update, User: c.Session.User}
	if err := call(c, p.Hooks.BeforeUpdateTeam, ev); err != nil {
		return nil, err
	}
	updated, err := c.Update("team", []storage.Where{eq("id", team["id"])}, ev.Team)
	if err != nil {
		return nil, err
	}
	ev = &Event{Organization: org, Team: updated, User: c.Session.User}
	if err := call(c, p.Hooks.AfterUpdateTeam, ev); err != nil {
		return nil, err
	}
	return toJSON(updated), nil
}

// teamUpdate validates the data of update-team and returns the fields to
// change and the organizationId it names.
func teamUpdate(c *core.Context) (storage.Record, string, error) {
	data, ok := c.Body["data"].(map[string]any)
	if !ok {
		return nil, "", validation("body", "data", "object", kindOf(c.Body, "data"))
	}
	update := storage.Record{}
	if v, ok := data["name"]; ok {
		s, isStr := v.(string)
		if !isStr {
			return nil, "", validation("body.data", "name", "string", kind(v))
		}
		if s == "" {
			return nil, "", core.NewAPIError(400, "VALIDATION_ERROR",
				"[body.data.name] Too small: expected string to have >=1 characters")
		}
		update["name"] = s
	}
	orgID, _ := data["organizationId"].(string)
	return update, orgID, nil
}

func (p *Plugin) setActiveTeam(c *core.Context) (any, error) {
	raw, given := c.Body["teamId"]
	teamID, _ := raw.(string)
	if given && raw == nil {
		if activeTeam(c) == "" {
			return nil, nil
		}
		return nil, setActiveWithCookie(c, "activeTeamId", nil)
	}
	if teamID == "" {
		if teamID = activeTeam(c); teamID == "" {
			return nil, nil
		}
	}
	orgID := activeOrg(c)
	if orgID == "" {
		return nil, ErrNoActiveOrganization
	}
	team, err := findOne(c, "team", eq("id", teamID), eq("organizationId", orgID))
	if err != nil {
		return nil, err
	}
	if team == nil {
		return nil, ErrTeamNotFound
	}
	if tm, err := findOne(c, "teamMember", eq("teamId", teamID),
		eq("userId", c.Session.User.ID)); err != nil {
		return nil, err
	} else if tm == nil {
		return nil, ErrUserIsNotAMemberOfTheTeam.WithStatus(http.StatusForbidden)
	}
	if err := setActiveWithCookie(c, "activeTeamId", teamID); err != nil {
		return nil, err
	}
	return toJSON(team), nil
}

func (p *Plugin) listUserTeams(c *core.Context) (any, error) {
	tms, err := findMany(c, storage.FindQuery{Model: "teamMember", Limit: 100000,
		Where: []storage.Where{eq("userId", c.Session.User.ID)}})
	if err != nil {
		return nil, err
	}
	out := []map[string]any{}
	if len(tms) == 0 {
		return out, nil
	}
	ids := make([]any, 0, len(tms))
	for _, tm := range tms {
		ids = append(ids, tm["teamId"])
	}
	teams, err := findMany(c, storage.FindQuery{Model: "team", Limit: len(ids),
		Where: []storage.Where{{Field: "id", Operator: storage.OpIn, Value: ids}}})
	if err != nil {
		return nil, err
	}
	return listJSON(teams), nil
}

func (p *Plugin) listTeamMembers(c *core.Context) (any, error) {
	teamID := queryOr(c, "teamId", activeTeam(c))
	if teamID == "" {
		return nil, ErrYouDoNotHaveAnActiveTeam
	}
	if tm, err := findOne(c, "teamMember", eq("teamId", teamID),
		eq("userId", c.Session.User.ID)); err != nil {
		return nil, err
	} else if tm == nil {
		return nil, ErrUserIsNotAMemberOfTheTeam
	}
	rows, err := findMany(c, storage.FindQuery{Model: "teamMember", Limit: 100000,
		Where: []storage.Where{eq("teamId", teamID)}})
	if err != nil {
		return nil, err
	}
	return listJSON(rows), nil
}

// teamMemberChange checks what add-team-member and remove-team-member
// share and returns the organization, the team and the user concerned.
func (p *Plugin) teamMemberChange(c *core.Context, action string,
	denied error) (org, team, user storage.Record, err error) {
	orgID := orgFromBody(c)
	if orgID == "" {
		return nil, nil, nil, ErrNoActiveOrganization
	}
	_, err = p.requirePermission(c, orgID, Statements{"member": {action}},
		ErrUserIsNotAMemberOfTheOrganization, denied)
	if err != nil {
		return nil, nil, nil, err
	}
	uid := bodyString(c, "userId")
	if m, err := memberOf(c, uid, orgID); err != nil {
		return nil, nil, nil, err
	} else if m == nil {
		return nil, nil, nil, ErrUserIsNotAMemberOfTheOrganization
	}
	if team, err = findOne(c, "team", eq("id", bodyString(c, "teamId")),
		eq("organizationId", orgID)); err != nil {
		return nil, nil, nil, err
	}
	if team == nil {
		return nil, nil, nil, ErrTeamNotFound
	}
	if org, err = requireOrg(c, orgID); err != nil {
		return nil, nil, nil, err
	}
	if user, err = findOne(c, "user", eq("id", uid)); err != nil {
		return nil, nil, nil, err
	}
	if user == nil {
		return nil, nil, nil, core.StatusError(http.StatusBadRequest, "User not found")
	}
	return org, team, user, nil
}

func (p *Plugin) addTeamMember(c *core.Context) (any, error) {
	org, team, user, err := p.teamMemberChange(c, "update",
		ErrYouAreNotAllowedToCreateANewTeamMember.WithStatus(http.StatusForbidden))
	if err != nil {
		return nil, err
	}
	ev := &Event{Organization: org, Team: team, User: c.Auth().User(user)}
	if err := call(c, p.Hooks.BeforeAddTeamMember, ev); err != nil {
		return nil, err
	}
	tm, err := findOrCreateTeamMember(c, team["id"], str(user, "id"))
	if err != nil {
		return nil, err
	}
	if err := call(c, p.Hooks.AfterAddTeamMember, ev); err != nil {
		return nil, err
	}
	return toJSON(tm), nil
}

func (p *Plugin) removeTeamMember(c *core.Context) (any, error) {
	org, team, user, err := p.teamMemberChange(c, "delete",
		ErrYouAreNotAllowedToRemoveATeamMember.WithStatus(http.StatusForbidden))
	if err != nil {
		return nil, err
	}
	where := []storage.Where{eq("teamId", team["id"]), eq("userId", user["id"])}
	if tm, err := findOne(c, "teamMember", where...); err != nil {
		return nil, err
	} else if tm == nil {
		return nil, ErrUserIsNotAMemberOfTheTeam
	}
	ev := &Event{Organization: org, Team: team, User: c.Auth().User(user)}
	if err := call(c, p.Hooks.BeforeRemoveTeamMember, ev); err != nil {
		return nil, err
	}
	if err := c.Delete("teamMember", where); err != nil {
		return nil, err
	}
	if err := call(c, p.Hooks.AfterRemoveTeamMember, ev); err != nil {
		return nil, err
	}
	return map[string]any{"message": "Team member removed successfully."}, nil
}
