package organization

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/storage"
)

// DynamicAccessControl configures roles that organizations create at run
// time, stored in the organizationRole model.
type DynamicAccessControl struct {
	// Enabled adds the role routes and the organizationRole model; stored
	// roles then count in every permission check of their organization.
	Enabled bool
	// MaximumRolesPerOrganization caps the stored roles of an
	// organization; zero means no cap.
	MaximumRolesPerOrganization int
}

func roleModel() storage.Model {
	return storage.Model{Name: "organizationRole", Fields: []storage.Field{
		{Name: "organizationId", Type: storage.TypeString, Required: true, Index: true,
			References: &storage.Reference{Model: "organization", Field: "id",
				OnDelete: storage.Cascade}},
		{Name: "role", Type: storage.TypeString, Required: true, Index: true},
		{Name: "permission", Type: storage.TypeString, Required: true},
		{Name: "createdAt", Type: storage.TypeDate, Required: true, Default: storage.Now},
		{Name: "updatedAt", Type: storage.TypeDate, OnUpdate: storage.Now},
	}}
}

func (p *Plugin) roleRoutes() []core.Route {
	post, get := http.MethodPost, http.MethodGet
	org := strParam("organizationId", false)
	return []core.Route{
		{Method: post, Path: "/organization/create-role", Summary: "Create a role",
			Body:    []core.Param{org, strParam("role", true)},
			Handler: p.createRole},
		{Method: post, Path: "/organization/delete-role", Summary: "Delete a stored role",
			Body: []core.Param{org}, BodyRequired: true,
			Handler: p.deleteRole},
		{Method: get, Path: "/organization/list-roles",
			Summary: "List the stored roles of an organization", Session: core.SessionRequired,
			Query: []core.Param{org}, Handler: p.listRoles},
		{Method: get, Path: "/organization/get-role", Summary: "Get a stored role",
			Query: []core.Param{org}, Handler: p.getRole},
		{Method: post, Path: "/organization/update-role", Summary: "Update a stored role",
			Body: []core.Param{org}, BodyRequired: true,
			Handler: p.updateRole},
	}
}

// rolesFor returns the roles that apply in an organization: the static
// ones, merged with the stored ones when dynamic access control is on.
func (p *Plugin) rolesFor(c *core.Context, orgID string) (map[string]Role, error) {
	roles := p.roles()
	if !p.DynamicAccessControl.Enabled || p.AccessControl == nil || orgID == "" {
		return roles, nil
	}
	rows, err := findMany(c, storage.FindQuery{Model: "organizationRole", Limit: 100000,
		Where: []storage.Where{eq("organizationId", orgID)}})
	if err != nil {
		return nil, err
	}
	merged := make(map[string]Role, len(roles)+len(rows))
	for k, v := range roles {
		merged[k] = v
	}
	for _, r := range rows {
		var perms Statements
		if err := json.Unmarshal([]byte(str(r, "permission")), &perms); err != nil {
			return nil, fmt.Errorf("organization: role %s has invalid permissions: %w",
				str(r, "role"), err)
		}
		st := Statements{}
		for res, acts := range merged[str(r, "role")].Statements {
			st[res] = append([]string(nil), acts...)
		}
		for res, acts := range perms {
			for _, a := range acts {
				if !slices.Contains(st[res], a) {
					st[res] = append(st[res], a)
				}
			}
		}
		merged[str(r, "role")] = Role{Statements: st}
	}
	return merged, nil
}

// roleContext is what every role route checks first: the access-control
// statements exist, the organization is known, and the user is a member
// whose role allows the action on "ac".
func (p *Plugin) roleContext(c *core.Context, orgID, action string, noOrg,
	denied error) (storage.Record, error) {
	if orgID == "" {
		return nil, noOrg
	}
	member, err := memberOf(c, c.Session.User.ID, orgID)
	if err != nil {
		return nil, err
	}
	if member == nil {
		return nil, ErrYouAreNotAMemberOfThisOrganization
	}
	ok, err := p.allowed(c, orgID, str(member, "role"), Statements{"ac": {action}}, false)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, denied
	}
	return member, nil
}

// checkGrant refuses resources the access control does not know, and
// permissions the member does not hold itself.
func (p *Plugin) checkGrant(c *core.Context, orgID string, member storage.Record,
	perms Statements, denied *core.APIError) error {
	for res := range perms {
		if _, ok := p.AccessControl[res]; !ok {
			return ErrInvalidResource
		}
	}
	for res, acts := range perms {
		for _, a := range acts {
			ok, err := p.allowed(c, orgID, str(member, "role"), Statements{res: {a}}, false)
			if err != nil {
				return err
			}
			if !ok {
				return denied.WithStatus(http.StatusForbidden)
			}
		}
	}
	return nil
}

// checkRoleName refuses a name taken by a static or a stored role.
func (p *Plugin) checkRoleName(c *core.Context, orgID, name string) error {
	if _, ok := p.roles()[name]; ok {
		return ErrRoleNameIsAlreadyTaken
	}
	taken, err := findOne(c, "organizationRole", eq("organizationId", orgID), eq("role", name))
	if err != nil {
		return err
	}
	if taken != nil {
		return ErrRoleNameIsAlreadyTaken
	}
	return nil
}

func (p *Plugin) createRole(c *core.Context) (any, error) {
	perms, err := statementsParam(c.Body, "permission", "body")
	if err != nil {
		return nil, err
	}
	if err := needSession(c); err != nil {
		return nil, err
	}
	if p.AccessControl == nil {
		return nil, ErrMissingAcInstance
	}
	orgID := orgFromBody(c)
	if orgID == "" {
		return nil, ErrYouMustBeInAnOrganizationToCreateARole
	}
	name := strings.ToLower(bodyString(c, "role"))
	if _, ok := p.roles()[name]; ok {
		return nil, ErrRoleNameIsAlreadyTaken
	}
	member, err := p.roleContext(c, orgID, "create", ErrYouMustBeInAnOrganizationToCreateARole,
		ErrYouAreNotAllowedToCreateARole)
	if err != nil {
		return nil, err
	}
	if max := p.DynamicAccessControl.MaximumRolesPerOrganization; max > 0 {
		n, err := c.DB().Count(c.Context(), "organizationRole",
			[]storage.Where{eq("organizationId", orgID)})
		if err != nil {
			return nil, err
		}
		if n >= int64(max) {
			return nil, ErrTooManyRoles
		}
	}
	if err := p.checkGrant(c, orgID, member, perms, ErrYouAreNotAllowedToCreateARole); err != nil {
		return nil, err
	}
	if err := p.checkRoleName(c, orgID, name); err != nil {
		return nil, err
	}
	encoded, _ := json.Marshal(perms) // a map of string slices always encodes
	rec, err := c.Create("organizationRole", storage.Record{"createdAt": time.Now(),
		"organizationId": orgID, "permission": string(encoded), "role": name})
	if err != nil || rec == nil {
		return nil, orFailed(err)
	}
	data := toJSON(rec)
	data["permission"] = perms
	return map[string]any{"success": true, "roleData": data, "statements": perms}, nil
}

// invalidInput is zod's answer when no option of a union matches.
func invalidInput(where string) *core.APIError {
	return core.NewAPIError(400, "VALIDATION_ERROR", "["+where+"] Invalid input")
}

// roleWhere picks the stored role by roleName or roleId.
func roleWhere(in map[string]any) (storage.Where, bool) {
	if s, _ := in["roleName"].(string); s != "" {
		return eq("role", s), true
	}
	if s, _ := in["roleId"].(string); s != "" {
		return eq("id", s), true
	}
	return storage.Where{}, false
}

func (p *Plugin) deleteRole(c *core.Context) (any, error) {
	cond, ok := roleWhere(c.Body)
	if !ok {
		return nil, invalidInput("body")
	}
	if err := needSession(c); err != nil {
		return nil, err
	}
	orgID := orgFromBody(c)
	if _, err := p.roleContext(c, orgID, "delete", ErrNoActiveOrganization,
		ErrYouAreNotAllowedToDeleteARole); err != nil {
		return nil, err
	}
	if name := bodyString(c, "roleName"); name != "" {
		if _, ok := p.roles()[name]; ok {
			return nil, ErrCannotDeleteAPreDefinedRole
		}
	}
	where := []storage.Where{eq("organizationId", orgID), cond}
	role, err := findOne(c, "organizationRole", where...)
	if err != nil {
		return nil, err
	}
	if role == nil {
		return nil, ErrRoleNotFound
	}
	n, err := countRole(c, orgID, str(role, "role"))
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, ErrRoleIsAssignedToMembers
	}
	if err := c.Delete("organizationRole", where); err != nil {
		return nil, err
	}
	return map[string]any{"success": true}, nil
}

// roleJSON renders a stored role with its permission parsed.
func roleJSON(r storage.Record) map[string]any {
	out := toJSON(r)
	var perms any
	if json.Unmarshal([]byte(str(r, "permission")), &perms) == nil {
		out["permission"] = perms
	}
	return out
}

func (p *Plugin) listRoles(c *core.Context) (any, error) {
	orgID := queryOr(c, "organizationId", activeOrg(c))
	if _, err := p.roleContext(c, orgID, "read", ErrNoActiveOrganization,
		ErrYouAreNotAllowedToListARole); err != nil {
		return nil, err
	}
	rows, err := findMany(c, storage.FindQuery{Model: "organizationRole", Limit: 100000,
		Where: []storage.Where{eq("organizationId", orgID)}})
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, len(rows))
	for _, r := range rows {
		out = append(out, roleJSON(r))
	}
	return out, nil
}

func (p *Plugin) getRole(c *core.Context) (any, error) {
	cond, ok := roleWhere(map[string]any{"roleName": c.Query.Get("roleName"),
		"roleId": c.Query.Get("roleId")})
	if !ok {
		return nil, invalidInput("query")
	}
	if err := needSession(c); err != nil {
		return nil, err
	}
	orgID := queryOr(c, "organizationId", activeOrg(c))
	if _, err := p.roleContext(c, orgID, "read", ErrNoActiveOrganization,
		ErrYouAreNotAllowedToReadARole); err != nil {
		return nil, err
	}
	role, err := findOne(c, "organizationRole", eq("organizationId", orgID), cond)
	if err != nil {
		return nil, err
	}
	if role == nil {
		return nil, ErrRoleNotFound
	}
	return roleJSON(role), nil
}

func (p *Plugin) updateRole(c *core.Context) (any, error) {
	data, ok := c.Body["data"].(map[string]any)
	if !ok {
		return nil, validation("body", "data", "object", kindOf(c.Body, "data"))
	}
	cond, ok := roleWhere(c.Body)
	if !ok {
		return nil, invalidInput("body")
	}
	if err := needSession(c); err != nil {
		return nil, err
	}
	if p.AccessControl == nil {
		return nil, ErrMissingAcInstance
	}
	orgID := orgFromBody(c)
	member, err := p.roleContext(c, orgID, "update", ErrNoActiveOrganization,
		ErrYouAreNotAllowedToUpdateARole)
	if err != nil {
		return nil, err
	}
	where := []storage.Where{eq("organizationId", orgID), cond}
	role, err := findOne(c, "organizationRole", where...)
	if err != nil {
		return nil, err
	}
	if role == nil {
		return nil, ErrRoleNotFound
	}
	update, perms, err := p.roleUpdate(c, orgID, member, data)
	if err != nil {
		return nil, err
	}
	if len(update) > 0 {
		if _, err := c.Update("organizationRole", where, update); err != nil {
			return nil, err
		}
	}
	out := roleJSON(role)
	for k, v := range toJSON(update) {
		out[k] = v
	}
	if perms != nil {
		out["permission"] = perms
	}
	return map[string]any{"success": true, "roleData": out}, nil
}

// roleUpdate checks and encodes the data of update-role.
func (p *Plugin) roleUpdate(c *core.Context, orgID string, member storage.Record,
	data map[string]any) (storage.Record, Statements, error) {
	update := storage.Record{}
	var perms Statements
	if _, ok := data["permission"]; ok {
		var err error
		if perms, err = statementsParam(data, "permission", "body.data"); err != nil {
			return nil, nil, err
		}
		if err := p.checkGrant(c, orgID, member, perms,
			ErrYouAreNotAllowedToUpdateARole); err != nil {
			return nil, nil, err
		}
		encoded, _ := json.Marshal(perms) // a map of string slices always encodes
		update["permission"] = string(encoded)
	}
	if name, _ := data["roleName"].(string); name != "" {
		name = strings.ToLower(name)
		if err := p.checkRoleName(c, orgID, name); err != nil {
			return nil, nil, err
		}
		update["role"] = name
	}
	return update, perms, nil
}

// statementsParam reads a record of string arrays from in[name].
func statementsParam(in map[string]any, name, where string) (Statements, error) {
	v, ok := in[name]
	if !ok {
		return nil, validation(where, name, "record", "undefined")
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, validation(where, name, "record", kind(v))
	}
	out := Statements{}
	for res, acts := range m {
		list, ok := acts.([]any)
		if !ok {
			return nil, validation(where, name+"."+res, "array", kind(acts))
		}
		out[res] = []string{}
		for _, a := range list {
			s, ok := a.(string)
			if !ok {
				return nil, validation(where, name+"."+res, "string", kind(a))
			}
			out[res] = append(out[res], s)
		}
	}
	return out, nil
}
