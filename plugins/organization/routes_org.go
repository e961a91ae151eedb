package organization

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/storage"
)

func strParam(name string, required bool) core.Param {
	return core.Param{Name: name, Type: core.ParamString, Required: required}
}

func nonEmpty(name string, required bool) core.Param {
	return core.Param{Name: name, Type: core.ParamString, Required: required, NonEmpty: true}
}

func (p *Plugin) orgRoutes() []core.Route {
	post, get := http.MethodPost, http.MethodGet
	return []core.Route{
		{Method: post, Path: "/organization/create", Summary: "Create an organization",
			Body: []core.Param{nonEmpty("name", true), nonEmpty("slug", true),
				strParam("logo", false),
				{Name: "keepCurrentActiveOrganization", Type: core.ParamBool}},
			Handler: p.createOrganization},
		{Method: post, Path: "/organization/update", Summary: "Update an organization",
			Body: []core.Param{strParam("organizationId", false)}, BodyRequired: true,
			Handler: p.updateOrganization},
		{Method: post, Path: "/organization/delete", Summary: "Delete an organization",
			Body: []core.Param{strParam("organizationId", true)}, Handler: p.deleteOrganization},
		{Method: post, Path: "/organization/set-active",
			Summary: "Set the active organization of the session", Session: core.SessionRequired,
			Body: []core.Param{{Name: "organizationId", Type: core.ParamNullableString},
				strParam("organizationSlug", false)},
			Handler: p.setActiveOrganization},
		{Method: get, Path: "/organization/get-full-organization",
			Summary: "Get an organization with its members and invitations",
			Session: core.SessionRequired, Handler: p.getFullOrganization},
		{Method: get, Path: "/organization/list",
			Summary: "List the organizations of the user", Session: core.SessionRequired,
			Handler: p.listOrganizations},
		{Method: post, Path: "/organization/check-slug", Summary: "Check that a slug is free",
			Session: core.SessionRequired, Body: []core.Param{strParam("slug", true)},
			Handler: p.checkSlug},
		{Method: post, Path: "/organization/has-permission",
			Summary: "Check the permissions of the active member",
			Body:    []core.Param{strParam("organizationId", false)}, BodyRequired: true,
			Handler: p.hasPermission},
	}
}

// createOrganization creates the organization, its creator's membership,
// the default team when teams are on, and makes it active.
func (p *Plugin) createOrganization(c *core.Context) (any, error) {
	s, err := c.GetSession()
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, core.StatusError(http.StatusUnauthorized, "")
	}
	if err := p.checkCanCreate(c, s.User); err != nil {
		return nil, err
	}
	slug := bodyString(c, "slug")
	if existing, err := findOne(c, "organization", eq("slug", slug)); err != nil {
		return nil, err
	} else if existing != nil {
		return nil, ErrOrganizationAlreadyExists
	}
	data, err := p.orgInput(c.Body, "body")
	if err != nil {
		return nil, err
	}
	data["createdAt"] = time.Now()
	ev := &Event{Organization: data, User: s.User}
	if err := call(c, p.Hooks.BeforeCreateOrganization, ev); err != nil {
		return nil, err
	}
	org, member, teamID, err := p.storeOrganization(c, ev.Organization, s.User)
	if err != nil {
		return nil, err
	}
	ev = &Event{Organization: org, Member: member, User: s.User}
	if err := call(c, p.Hooks.AfterCreateOrganization, ev); err != nil {
		return nil, err
	}
	if keep, _ := c.Body["keepCurrentActiveOrganization"].(bool); !keep {
		if _, err := setActive(c, "activeOrganizationId", org["id"]); err != nil {
			return nil, err
		}
		if teamID != "" {
			if _, err := setActive(c, "activeTeamId", teamID); err != nil {
				return nil, err
			}
		}
	}
	out := orgJSON(org)
	out["members"] = []any{toJSON(member)}
	return out, nil
}

// storeOrganization stores the organization, its creator's membership
// and the default team together or not at all.
func (p *Plugin) storeOrganization(c *core.Context, data storage.Record,
	u *core.User) (org, member storage.Record, teamID string, err error) {
	err = c.Transaction(func() error {
		var err error
		if org, err = c.Create("organization", data); err != nil || org == nil {
			return orFailed(err)
		}
		if member, err = p.addMember(c, org, u, p.creatorRole(), nil); err != nil {
			return err
		}
		teamID, err = p.createDefaultTeam(c, org, u)
		return err
	})
	if errors.Is(err, storage.ErrDuplicate) {
		err = ErrOrganizationAlreadyExists // another request took the slug meanwhile
	}
	return org, member, teamID, err
}

func orFailed(err error) error {
	if err != nil {
		return err
	}
	return core.StatusError(http.StatusBadRequest, "")
}

func (p *Plugin) checkCanCreate(c *core.Context, u *core.User) error {
	if p.AllowUserToCreateOrganization != nil {
		ok, err := p.AllowUserToCreateOrganization(c.Context(), u)
		if err != nil {
			return err
		}
		if !ok {
			return ErrYouAreNotAllowedToCreateANewOrganization
		}
	}
	if p.OrganizationLimit > 0 {
		n, err := c.DB().Count(c.Context(), "member", []storage.Where{eq("userId", u.ID)})
		if err != nil {
			return err
		}
		if n >= int64(p.OrganizationLimit) {
			return ErrYouHaveReachedTheMaximumNumberOfOrganizations
		}
	}
	return nil
}

// orgInput picks the organization fields of a create or update body and
// checks the types the route's parameters could not.
func (p *Plugin) orgInput(body map[string]any, where string) (storage.Record, error) {
	out := storage.Record{}
	for _, k := range []string{"name", "slug", "logo"} {
		v, ok := body[k]
		if !ok {
			continue
		}
		s, isStr := v.(string)
		if !isStr {
			return nil, validation(where, k, "string", kind(v))
		}
		if s == "" && k != "logo" {
			return nil, core.NewAPIError(400, "VALIDATION_ERROR",
				"["+where+"."+k+"] Too small: expected string to have >=1 characters")
		}
		out[k] = s
	}
	if v, ok := body["metadata"]; ok {
		if _, isObj := v.(map[string]any); !isObj {
			return nil, validation(where, "metadata", "record", kind(v))
		}
		m, err := encodeMetadata(v)
		if err != nil {
			return nil, err
		}
		out["metadata"] = m
	}
	return out, nil
}

// addMember stores a membership through the member hooks.
func (p *Plugin) addMember(c *core.Context, org storage.Record, u *core.User, role string,
	extra storage.Record) (storage.Record, error) {
	data := storage.Record{"organizationId": org["id"], "userId": u.ID, "role": role,
		"createdAt": time.Now()}
	for k, v := range extra {
		data[k] = v
	}
	ev := &Event{Organization: org, Member: data, User: u}
	if err := call(c, p.Hooks.BeforeAddMember, ev); err != nil {
		return nil, err
	}
	member, err := c.Create("member", ev.Member)
	if err != nil || member == nil {
		return nil, orFailed(err)
	}
	ev = &Event{Organization: org, Member: member, User: u}
	return member, call(c, p.Hooks.AfterAddMember, ev)
}

func (p *Plugin) updateOrganization(c *core.Context) (any, error) {
	data, ok := c.Body["data"].(map[string]any)
	if !ok {
		return nil, validation("body", "data", "object", kindOf(c.Body, "data"))
	}
	update, err := p.orgInput(data, "body.data")
	if err != nil {
		return nil, err
	}
	s, err := c.GetSession()
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, core.StatusError(http.StatusUnauthorized, "User not found")
	}
	orgID := bodyString(c, "organizationId")
	if orgID == "" {
		orgID = activeOrg(c)
	}
	if orgID == "" {
		return nil, ErrOrganizationNotFound
	}
	member, err := p.requirePermission(c, orgID, Statements{"organization": {"update"}},
		ErrUserIsNotAMemberOfTheOrganization, ErrYouAreNotAllowedToUpdateThisOrganization)
	if err != nil {
		return nil, err
	}
	if slug, ok := update["slug"].(string); ok {
		existing, err := findOne(c, "organization", eq("slug", slug))
		if err != nil {
			return nil, err
		}
		if existing != nil && existing["id"] != orgID {
			return nil, ErrOrganizationSlugAlreadyTaken
		}
	}
	ev := &Event{Organization: update, Member: member, User: s.User}
	if err := call(c, p.Hooks.BeforeUpdateOrganization, ev); err != nil {
		return nil, err
	}
	org, err := c.Update("organization", []storage.Where{eq("id", orgID)}, ev.Organization)
	if err != nil {
		return nil, err
	}
	if org == nil {
		return nil, nil
	}
	ev = &Event{Organization: org, Member: member, User: s.User}
	if err := call(c, p.Hooks.AfterUpdateOrganization, ev); err != nil {
		return nil, err
	}
	return orgJSON(org), nil
}

// requirePermission finds the session user's membership in the
// organization and checks that its role allows the request.
func (p *Plugin) requirePermission(c *core.Context, orgID string, req Statements,
	notMember, denied error) (storage.Record, error) {
	member, err := memberOf(c, c.Session.User.ID, orgID)
	if err != nil {
		return nil, err
	}
	if member == nil {
		return nil, notMember
	}
	ok, err := p.allowed(c, orgID, str(member, "role"), req, false)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, denied
	}
	return member, nil
}

// allowed checks a member's role against the roles of the organization.
func (p *Plugin) allowed(c *core.Context, orgID, role string, req Statements,
	allowCreator bool) (bool, error) {
	roles, err := p.rolesFor(c, orgID)
	if err != nil {
		return false, err
	}
	return p.authorize(roles, role, req, allowCreator), nil
}

func (p *Plugin) deleteOrganization(c *core.Context) (any, error) {
	if p.DisableOrganizationDeletion {
		return nil, core.NewAPIError(http.StatusNotFound, "ORGANIZATION_DELETION_DISABLED",
			"Organization deletion is disabled")
	}
	s, err := c.GetSession()
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, core.StatusError(http.StatusUnauthorized, "")
	}
	orgID := bodyString(c, "organizationId")
	if orgID == "" {
		return nil, ErrOrganizationNotFound
	}
	_, err = p.requirePermission(c, orgID, Statements{"organization": {"delete"}},
		ErrUserIsNotAMemberOfTheOrganization, ErrYouAreNotAllowedToDeleteThisOrganization)
	if err != nil {
		return nil, err
	}
	if orgID == activeOrg(c) {
		if _, err := setActive(c, "activeOrganizationId", nil); err != nil {
			return nil, err
		}
	}
	org, err := findOne(c, "organization", eq("id", orgID))
	if err != nil {
		return nil, err
	}
	if org == nil {
		return nil, core.StatusError(http.StatusBadRequest, "")
	}
	ev := &Event{Organization: org, User: s.User}
	if err := call(c, p.Hooks.BeforeDeleteOrganization, ev); err != nil {
		return nil, err
	}
	if err := c.Transaction(func() error { return p.removeOrganization(c, orgID) }); err != nil {
		return nil, err
	}
	if err := call(c, p.Hooks.AfterDeleteOrganization, ev); err != nil {
		return nil, err
	}
	return toJSON(org), nil
}

// removeOrganization deletes the organization and what belongs to it.
func (p *Plugin) removeOrganization(c *core.Context, orgID string) error {
	by := []storage.Where{eq("organizationId", orgID)}
	if p.Teams.Enabled {
		teams, err := findMany(c, storage.FindQuery{Model: "team", Where: by, Limit: 10000})
		if err != nil {
			return err
		}
		for _, t := range teams {
			if err := c.Delete("teamMember", []storage.Where{eq("teamId", t["id"])}); err != nil {
				return err
			}
		}
		if err := c.Delete("team", by); err != nil {
			return err
		}
	}
	for _, model := range []string{"member", "invitation"} {
		if err := c.Delete(model, by); err != nil {
			return err
		}
	}
	return c.Delete("organization", []storage.Where{eq("id", orgID)})
}

func (p *Plugin) getFullOrganization(c *core.Context) (any, error) {
	slug := c.Query.Get("organizationSlug")
	key := queryOr(c, "organizationSlug", queryOr(c, "organizationId", activeOrg(c)))
	if key == "" {
		return nil, nil
	}
	field := "id"
	if slug != "" {
		field = "slug"
	}
	org, err := findOne(c, "organization", eq(field, key))
	if err != nil {
		return nil, err
	}
	if org == nil {
		return nil, ErrOrganizationNotFound
	}
	id := str(org, "id")
	if m, err := memberOf(c, c.Session.User.ID, id); err != nil {
		return nil, err
	} else if m == nil {
		if _, err := setActive(c, "activeOrganizationId", nil); err != nil {
			return nil, err
		}
		return nil, ErrUserIsNotAMemberOfTheOrganization.WithStatus(http.StatusForbidden)
	}
	return p.fullOrganization(c, org, c.Query.Get("membersLimit"))
}

// fullOrganization renders an organization with its members (and their
// users), invitations and, with teams on, teams.
func (p *Plugin) fullOrganization(c *core.Context, org storage.Record, limit string) (any, error) {
	by := []storage.Where{eq("organizationId", org["id"])}
	n := p.membershipLimit()
	if l, err := strconv.Atoi(limit); err == nil && l > 0 {
		n = l
	}
	members, err := findMany(c, storage.FindQuery{Model: "member", Where: by, Limit: n})
	if err != nil {
		return nil, err
	}
	withUsers, err := membersWithUsers(c, members)
	if err != nil {
		return nil, err
	}
	invitations, err := findMany(c, storage.FindQuery{Model: "invitation", Where: by})
	if err != nil {
		return nil, err
	}
	out := toJSON(org)
	out["members"] = withUsers
	out["invitations"] = listJSON(invitations)
	if p.Teams.Enabled {
		teams, err := findMany(c, storage.FindQuery{Model: "team", Where: by})
		if err != nil {
			return nil, err
		}
		out["teams"] = listJSON(teams)
	}
	return out, nil
}

func (p *Plugin) setActiveOrganization(c *core.Context) (any, error) {
	raw, given := c.Body["organizationId"]
	orgID, _ := raw.(string)
	slug := bodyString(c, "organizationSlug")
	if given && raw == nil {
		if activeOrg(c) == "" {
			return nil, nil
		}
		return nil, setActiveWithCookie(c, "activeOrganizationId", nil)
	}
	if orgID == "" && slug == "" {
		if orgID = activeOrg(c); orgID == "" {
			return nil, nil
		}
	}
	if slug != "" && orgID == "" {
		org, err := findOne(c, "organization", eq("slug", slug))
		if err != nil {
			return nil, err
		}
		if org == nil {
			return nil, ErrOrganizationNotFound
		}
		orgID = str(org, "id")
	}
	if m, err := memberOf(c, c.Session.User.ID, orgID); err != nil {
		return nil, err
	} else if m == nil {
		if _, err := setActive(c, "activeOrganizationId", nil); err != nil {
			return nil, err
		}
		return nil, ErrUserIsNotAMemberOfTheOrganization.WithStatus(http.StatusForbidden)
	}
	org, err := requireOrg(c, orgID)
	if err != nil {
		return nil, err
	}
	if err := setActiveWithCookie(c, "activeOrganizationId", orgID); err != nil {
		return nil, err
	}
	return toJSON(org), nil
}

func (p *Plugin) listOrganizations(c *core.Context) (any, error) {
	members, err := findMany(c, storage.FindQuery{Model: "member",
		Where: []storage.Where{eq("userId", c.Session.User.ID)}, Limit: 10000})
	if err != nil {
		return nil, err
	}
	out := []map[string]any{}
	if len(members) == 0 {
		return out, nil
	}
	ids := make([]any, 0, len(members))
	for _, m := range members {
		ids = append(ids, m["organizationId"])
	}
	orgs, err := findMany(c, storage.FindQuery{Model: "organization", Limit: len(ids),
		Where: []storage.Where{{Field: "id", Operator: storage.OpIn, Value: ids}}})
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		out = append(out, toJSON(o))
	}
	return out, nil
}

func (p *Plugin) checkSlug(c *core.Context) (any, error) {
	org, err := findOne(c, "organization", eq("slug", bodyString(c, "slug")))
	if err != nil {
		return nil, err
	}
	if org != nil {
		return nil, ErrOrganizationSlugAlreadyTaken
	}
	return map[string]any{"status": true}, nil
}

func (p *Plugin) hasPermission(c *core.Context) (any, error) {
	req, err := permissionsParam(c)
	if err != nil {
		return nil, err
	}
	if err := needSession(c); err != nil {
		return nil, err
	}
	orgID := bodyString(c, "organizationId")
	if orgID == "" {
		orgID = activeOrg(c)
	}
	if orgID == "" {
		return nil, ErrNoActiveOrganization
	}
	member, err := memberOf(c, c.Session.User.ID, orgID)
	if err != nil {
		return nil, err
	}
	if member == nil {
		return nil, ErrUserIsNotAMemberOfTheOrganization.WithStatus(http.StatusUnauthorized)
	}
	ok, err := p.allowed(c, orgID, str(member, "role"), req, false)
	if err != nil {
		return nil, err
	}
	return map[string]any{"error": nil, "success": ok}, nil
}

// permissionsParam reads "permissions" or the deprecated "permission":
// exactly one of them, a record of string arrays. Upstream checks only
// "permissions", so a request with the deprecated key alone is refused
// (nil, nil) rather than checked.
func permissionsParam(c *core.Context) (Statements, error) {
	_, hasOld := c.Body["permission"]
	_, hasNew := c.Body["permissions"]
	if hasOld && hasNew {
		return nil, core.NewAPIError(400, "VALIDATION_ERROR",
			"[body] Invalid input: more than one option matched")
	}
	name := "permissions"
	if hasOld {
		name = "permission"
	}
	perms, err := statementsParam(c.Body, name, "body")
	if err != nil {
		return nil, core.NewAPIError(400, "VALIDATION_ERROR", "[body] Invalid input")
	}
	if hasOld {
		return nil, nil
	}
	return perms, nil
}
