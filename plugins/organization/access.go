package organization

import (
	"slices"
	"strings"
)

// Statements map a resource (such as "member") to the actions allowed on
// it (such as "create" and "delete").
type Statements map[string][]string

// Role is a named set of allowed actions per resource.
type Role struct {
	Statements Statements
}

// Authorize reports whether the role allows every requested action on
// every requested resource. An empty request is refused.
func (r Role) Authorize(request Statements) bool {
	if len(request) == 0 {
		return false
	}
	for resource, actions := range request {
		allowed, ok := r.Statements[resource]
		if !ok {
			return false
		}
		for _, a := range actions {
			if !slices.Contains(allowed, a) {
				return false
			}
		}
	}
	return true
}

// DefaultStatements are the resources and actions the plugin checks.
func DefaultStatements() Statements {
	return Statements{
		"organization": {"update", "delete"},
		"member":       {"create", "update", "delete"},
		"invitation":   {"create", "cancel"},
		"team":         {"create", "update", "delete"},
		"ac":           {"create", "read", "update", "delete"},
	}
}

// DefaultRoles returns the built-in roles: owner may do everything, admin
// everything but delete the organization, member only read roles.
func DefaultRoles() map[string]Role {
	full := DefaultStatements()
	admin := DefaultStatements()
	admin["organization"] = []string{"update"}
	return map[string]Role{
		"owner": {Statements: full},
		"admin": {Statements: admin},
		"member": {Statements: Statements{"organization": {}, "member": {}, "invitation": {},
			"team": {}, "ac": {"read"}}},
	}
}

// splitRoles splits a stored role list ("admin,member").
func splitRoles(role string) []string {
	parts := strings.Split(role, ",")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// hasRole reports whether a stored role list holds role.
func hasRole(list, role string) bool { return slices.Contains(splitRoles(list), role) }

// authorize reports whether any of the member's roles allows the request.
// With allowCreator the creator role is allowed everything.
func (p *Plugin) authorize(roles map[string]Role, memberRole string, request Statements,
	allowCreator bool) bool {
	if allowCreator && hasRole(memberRole, p.creatorRole()) {
		return true
	}
	for _, name := range strings.Split(memberRole, ",") {
		if r, ok := roles[name]; ok && r.Authorize(request) {
			return true
		}
	}
	return false
}
