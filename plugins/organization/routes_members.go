package organization

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/storage"
)

func (p *Plugin) memberRoutes() []core.Route {
	post, get := http.MethodPost, http.MethodGet
	orgQuery := []core.Param{strParam("organizationId", false),
		strParam("organizationSlug", false)}
	return []core.Route{
		{Method: get, Path: "/organization/get-active-member",
			Summary: "Get the session user's member record in the active organization",
			Session: core.SessionRequired, Handler: p.getActiveMember},
		{Method: post, Path: "/organization/remove-member",
			Summary: "Remove a member from an organization", Session: core.SessionRequired,
			Body: []core.Param{strParam("memberIdOrEmail", true),
				strParam("organizationId", false)},
			Handler: p.removeMember},
		{Method: post, Path: "/organization/update-member-role",
			Summary: "Change the role of a member",
			Body:    []core.Param{strParam("memberId", true), strParam("organizationId", false)},
			Handler: p.updateMemberRole},
		{Method: post, Path: "/organization/leave", Summary: "Leave an organization",
			Session: core.SessionRequired, Body: []core.Param{strParam("organizationId", true)},
			Handler: p.leaveOrganization},
		{Method: get, Path: "/organization/list-members",
			Summary: "List the members of an organization", Session: core.SessionRequired,
			Query:   append([]core.Param{strParam("sortBy", false)}, orgQuery...),
			Handler: p.listMembers},
		{Method: get, Path: "/organization/get-active-member-role",
			Summary: "Get the role of a member of the active organization",
			Session: core.SessionRequired,
			Query:   append([]core.Param{strParam("userId", false)}, orgQuery...),
			Handler: p.getActiveMemberRole},
	}
}

func (p *Plugin) getActiveMember(c *core.Context) (any, error) {
	orgID := activeOrg(c)
	if orgID == "" {
		return nil, ErrNoActiveOrganization
	}
	m, err := memberOf(c, c.Session.User.ID, orgID)
	if err != nil {
		return nil, err
	}
	out, err := memberWithUser(c, m)
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, ErrMemberNotFound
	}
	return out, nil
}

// orgFromBody returns the organizationId of the body, or the active one.
func orgFromBody(c *core.Context) string {
	if id := bodyString(c, "organizationId"); id != "" {
		return id
	}
	return activeOrg(c)
}

// findTarget finds a member by id, or by its user's email when the value
// holds an "@".
func findTarget(c *core.Context, idOrEmail, orgID string) (storage.Record, error) {
	if !strings.Contains(idOrEmail, "@") {
		return findOne(c, "member", eq("id", idOrEmail))
	}
	u, err := findOne(c, "user", eq("email", strings.ToLower(idOrEmail)))
	if err != nil || u == nil {
		return nil, err
	}
	return memberOf(c, str(u, "id"), orgID)
}

// countRole counts the organization's members holding role.
func countRole(c *core.Context, orgID, role string) (int, error) {
	members, err := findMany(c, storage.FindQuery{Model: "member", Limit: 100000,
		Where: []storage.Where{eq("organizationId", orgID)}})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, m := range members {
		if hasRole(str(m, "role"), role) {
			n++
		}
	}
	return n, nil
}

func (p *Plugin) removeMember(c *core.Context) (any, error) {
	orgID := orgFromBody(c)
	if orgID == "" {
		return nil, ErrNoActiveOrganization
	}
	member, err := memberOf(c, c.Session.User.ID, orgID)
	if err != nil {
		return nil, err
	}
	if member == nil {
		return nil, ErrMemberNotFound
	}
	target, err := findTarget(c, bodyString(c, "memberIdOrEmail"), orgID)
	if err != nil {
		return nil, err
	}
	if target == nil {
		return nil, ErrMemberNotFound
	}
	creator := p.creatorRole()
	if hasRole(str(target, "role"), creator) {
		if !hasRole(str(member, "role"), creator) {
			return nil, ErrYouCannotLeaveTheOrganizationAsTheOnlyOwner
		}
		n, err := countRole(c, orgID, creator)
		if err != nil {
			return nil, err
		}
		if n <= 1 {
			return nil, ErrYouCannotLeaveTheOrganizationAsTheOnlyOwner
		}
	}
	ok, err := p.allowed(c, orgID, str(member, "role"), Statements{"member": {"delete"}}, false)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrYouAreNotAllowedToDeleteThisMember
	}
	if str(target, "organizationId") != orgID {
		return nil, ErrMemberNotFound
	}
	return p.finishRemove(c, orgID, target)
}

func (p *Plugin) finishRemove(c *core.Context, orgID string, target storage.Record) (any, error) {
	org, err := requireOrg(c, orgID)
	if err != nil {
		return nil, err
	}
	u, err := memberUser(c, target)
	if err != nil {
		return nil, err
	}
	ev := &Event{Organization: org, Member: target, User: c.Auth().User(u)}
	if err := call(c, p.Hooks.BeforeRemoveMember, ev); err != nil {
		return nil, err
	}
	if err := p.deleteMember(c, target); err != nil {
		return nil, err
	}
	if str(target, "userId") == c.Session.User.ID && activeOrg(c) == orgID {
		if _, err := setActive(c, "activeOrganizationId", nil); err != nil {
			return nil, err
		}
	}
	if err := call(c, p.Hooks.AfterRemoveMember, ev); err != nil {
		return nil, err
	}
	return map[string]any{"member": toJSON(target)}, nil
}

// deleteMember removes a membership and, with teams on, the user's team
// memberships in that organization.
func (p *Plugin) deleteMember(c *core.Context, m storage.Record) error {
	if err := c.Delete("member", []storage.Where{eq("id", m["id"])}); err != nil {
		return err
	}
	if !p.Teams.Enabled {
		return nil
	}
	teams, err := findMany(c, storage.FindQuery{Model: "team", Limit: 10000,
		Where: []storage.Where{eq("organizationId", m["organizationId"])}})
	if err != nil {
		return err
	}
	for _, t := range teams {
		err := c.Delete("teamMember", []storage.Where{eq("teamId", t["id"]),
			eq("userId", m["userId"])})
		if err != nil {
			return err
		}
	}
	return nil
}

func (p *Plugin) updateMemberRole(c *core.Context) (any, error) {
	role, err := roleParam(c, "role", true)
	if err != nil {
		return nil, err
	}
	if err := needSession(c); err != nil {
		return nil, err
	}
	if role == "" {
		return nil, core.StatusError(http.StatusBadRequest, "")
	}
	orgID := orgFromBody(c)
	if orgID == "" {
		return nil, ErrNoActiveOrganization
	}
	member, target, err := p.updateTargets(c, orgID)
	if err != nil {
		return nil, err
	}
	if err := p.checkRoleChange(c, orgID, member, target, role); err != nil {
		return nil, err
	}
	org, err := requireOrg(c, orgID)
	if err != nil {
		return nil, err
	}
	u, err := memberUser(c, target)
	if err != nil {
		return nil, err
	}
	ev := &Event{Organization: org, Member: storage.Record{"role": role}, User: c.Auth().User(u)}
	if err := call(c, p.Hooks.BeforeUpdateMemberRole, ev); err != nil {
		return nil, err
	}
	if r, ok := ev.Member["role"].(string); ok && r != "" {
		role = r
	}
	updated, err := c.Update("member", []storage.Where{eq("id", target["id"])},
		storage.Record{"role": role})
	if err != nil {
		return nil, err
	}
	if updated == nil {
		return nil, ErrMemberNotFound
	}
	ev = &Event{Organization: org, Member: updated, User: ev.User}
	if err := call(c, p.Hooks.AfterUpdateMemberRole, ev); err != nil {
		return nil, err
	}
	return toJSON(updated), nil
}

// updateTargets returns the session user's member record and the one
// to update.
func (p *Plugin) updateTargets(c *core.Context, orgID string) (member, target storage.Record,
	err error) {
	member, err = memberOf(c, c.Session.User.ID, orgID)
	if err != nil {
		return nil, nil, err
	}
	if member == nil {
		return nil, nil, ErrMemberNotFound
	}
	target = member
	if id := bodyString(c, "memberId"); id != str(member, "id") {
		if target, err = findOne(c, "member", eq("id", id)); err != nil {
			return nil, nil, err
		}
	}
	if target == nil {
		return nil, nil, ErrMemberNotFound
	}
	if str(target, "organizationId") != orgID {
		return nil, nil, ErrYouAreNotAllowedToUpdateThisMember
	}
	return member, target, nil
}

// checkRoleChange applies upstream's rules: only the creator role may
// touch the creator role, an organization keeps a creator, and the
// updater needs member:update.
func (p *Plugin) checkRoleChange(c *core.Context, orgID string, member, target storage.Record,
	role string) error {
	creator := p.creatorRole()
	updaterIsCreator := hasRole(str(member, "role"), creator)
	settingCreator := hasRole(role, creator)
	if !updaterIsCreator && (hasRole(str(target, "role"), creator) || settingCreator) {
		return ErrYouAreNotAllowedToUpdateThisMember
	}
	if updaterIsCreator && str(member, "id") == str(target, "id") {
		n, err := countRole(c, orgID, creator)
		if err != nil {
			return err
		}
		if n <= 1 && !settingCreator {
			return ErrYouCannotLeaveTheOrganizationWithoutAnOwner
		}
	}
	ok, err := p.allowed(c, orgID, str(member, "role"), Statements{"member": {"update"}}, true)
	if err != nil {
		return err
	}
	if !ok {
		return ErrYouAreNotAllowedToUpdateThisMember
	}
	return nil
}

func (p *Plugin) leaveOrganization(c *core.Context) (any, error) {
	orgID := bodyString(c, "organizationId")
	member, err := memberOf(c, c.Session.User.ID, orgID)
	if err != nil {
		return nil, err
	}
	if member == nil {
		return nil, ErrMemberNotFound
	}
	if creator := p.creatorRole(); hasRole(str(member, "role"), creator) {
		n, err := countRole(c, orgID, creator)
		if err != nil {
			return nil, err
		}
		if n <= 1 {
			return nil, ErrYouCannotLeaveTheOrganizationAsTheOnlyOwner
		}
	}
	if err := p.deleteMember(c, member); err != nil {
		return nil, err
	}
	if activeOrg(c) == orgID {
		if _, err := setActive(c, "activeOrganizationId", nil); err != nil {
			return nil, err
		}
	}
	return memberWithUser(c, member)
}

// orgFromQuery resolves organizationSlug, organizationId or the active
// organization.
func orgFromQuery(c *core.Context) (string, error) {
	orgID := queryOr(c, "organizationId", activeOrg(c))
	if slug := c.Query.Get("organizationSlug"); slug != "" {
		org, err := findOne(c, "organization", eq("slug", slug))
		if err != nil {
			return "", err
		}
		if org == nil {
			return "", ErrOrganizationNotFound
		}
		orgID = str(org, "id")
	}
	if orgID == "" {
		return "", ErrNoActiveOrganization
	}
	return orgID, nil
}

// whereOperators are the filterOperator values list-members accepts.
var whereOperators = []string{"eq", "ne", "lt", "lte", "gt", "gte", "in", "not_in", "contains",
	"starts_with", "ends_with"}

// checkEnum answers zod's message for a query value outside its options.
func checkEnum(c *core.Context, name string, options []string) error {
	v, ok := c.Query[name]
	if !ok || slices.Contains(options, v[0]) {
		return nil
	}
	return core.NewAPIError(http.StatusBadRequest, "VALIDATION_ERROR",
		"[query."+name+"] Invalid option: expected one of \""+
			strings.Join(options, "\"|\"")+"\"")
}

func (p *Plugin) listMembers(c *core.Context) (any, error) {
	if err := checkEnum(c, "sortDirection", []string{"asc", "desc"}); err != nil {
		return nil, err
	}
	if err := checkEnum(c, "filterOperator", whereOperators); err != nil {
		return nil, err
	}
	orgID, err := orgFromQuery(c)
	if err != nil {
		return nil, err
	}
	if m, err := memberOf(c, c.Session.User.ID, orgID); err != nil {
		return nil, err
	} else if m == nil {
		return nil, ErrYouAreNotAMemberOfThisOrganization
	}
	where := []storage.Where{eq("organizationId", orgID)}
	if f := c.Query.Get("filterField"); f != "" {
		op := storage.Operator(queryOr(c, "filterOperator", string(storage.OpEq)))
		where = append(where, storage.Where{Field: f, Operator: op,
			Value: c.Query.Get("filterValue")})
	}
	q := storage.FindQuery{Model: "member", Where: where, Limit: p.membershipLimit()}
	if n, err := strconv.Atoi(c.Query.Get("limit")); err == nil && n > 0 {
		q.Limit = n
	}
	if n, err := strconv.Atoi(c.Query.Get("offset")); err == nil && n > 0 {
		q.Offset = n
	}
	// Upstream ignores a sort on a field members lack; so does Kernia.
	if s := c.Query.Get("sortBy"); s != "" && hasField(c, "member", s) {
		q.SortBy = &storage.SortBy{Field: s, Desc: c.Query.Get("sortDirection") == "desc"}
	}
	members, err := findMany(c, q)
	if err != nil {
		return nil, badQuery(err)
	}
	total, err := c.DB().Count(c.Context(), "member", where)
	if err != nil {
		return nil, badQuery(err)
	}
	withUsers, err := membersWithUsers(c, members)
	if err != nil {
		return nil, err
	}
	return map[string]any{"members": withUsers, "total": total}, nil
}

// hasField reports whether the model has the field.
func hasField(c *core.Context, model, field string) bool {
	m := c.DB().Schema().Model(model)
	return m != nil && (field == "id" || m.Field(field) != nil)
}

// badQuery answers a filter on an unknown field as a bad request rather
// than a server error (upstream answers an empty 500).
func badQuery(err error) error {
	if errors.Is(err, storage.ErrInvalidQuery) {
		return core.StatusError(http.StatusBadRequest, "Invalid query")
	}
	return err
}

func (p *Plugin) getActiveMemberRole(c *core.Context) (any, error) {
	orgID, err := orgFromQuery(c)
	if err != nil {
		return nil, err
	}
	self, err := memberOf(c, c.Session.User.ID, orgID)
	if err != nil {
		return nil, err
	}
	if self == nil {
		return nil, ErrYouAreNotAMemberOfThisOrganization
	}
	uid := c.Query.Get("userId")
	if uid == "" {
		return map[string]any{"role": self["role"]}, nil
	}
	m, err := memberOf(c, uid, orgID)
	if err != nil {
		return nil, err
	}
	if m == nil {
		return nil, ErrYouAreNotAMemberOfThisOrganization
	}
	return map[string]any{"role": m["role"]}, nil
}

// memberUser returns the user record of a member, answering 400 "User not
// found" as upstream does when the member's user is gone.
func memberUser(c *core.Context, member storage.Record) (storage.Record, error) {
	u, err := findOne(c, "user", eq("id", member["userId"]))
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, core.StatusError(http.StatusBadRequest, "User not found")
	}
	return u, nil
}
