package organization

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/storage"
)

// Reads and writes shared by the routes. Writes go through the Context so
// that database hooks run; reads use the request's DB directly.

func eq(field string, v any) storage.Where { return storage.Eq(field, v) }

func findOne(c *core.Context, model string, where ...storage.Where) (storage.Record, error) {
	return c.DB().FindOne(c.Context(), storage.FindQuery{Model: model, Where: where})
}

func findMany(c *core.Context, q storage.FindQuery) ([]storage.Record, error) {
	return c.DB().FindMany(c.Context(), q)
}

func str(r storage.Record, k string) string {
	s, _ := r[k].(string)
	return s
}

// requireOrg returns the organization with the id, or
// ORGANIZATION_NOT_FOUND.
func requireOrg(c *core.Context, id any) (storage.Record, error) {
	org, err := findOne(c, "organization", eq("id", id))
	if err != nil {
		return nil, err
	}
	if org == nil {
		return nil, ErrOrganizationNotFound
	}
	return org, nil
}

// memberOf returns the user's member record in the organization, or nil.
func memberOf(c *core.Context, userID, orgID string) (storage.Record, error) {
	return findOne(c, "member", eq("userId", userID), eq("organizationId", orgID))
}

// userBrief is the user as upstream embeds it in a member.
func userBrief(u storage.Record) map[string]any {
	return map[string]any{"id": u["id"], "name": u["name"], "email": u["email"],
		"image": u["image"]}
}

// memberWithUser returns the member's JSON with its user embedded, or nil
// when the user is gone.
func memberWithUser(c *core.Context, m storage.Record) (map[string]any, error) {
	if m == nil {
		return nil, nil
	}
	u, err := findOne(c, "user", eq("id", m["userId"]))
	if err != nil || u == nil {
		return nil, err
	}
	out := toJSON(m)
	out["user"] = toJSON(userBrief(u))
	return out, nil
}

// membersWithUsers embeds the users of members, read in one query.
func membersWithUsers(c *core.Context, members []storage.Record) ([]map[string]any, error) {
	ids := make([]any, 0, len(members))
	for _, m := range members {
		ids = append(ids, m["userId"])
	}
	users := map[any]storage.Record{}
	if len(ids) > 0 {
		rows, err := findMany(c, storage.FindQuery{Model: "user", Limit: len(ids),
			Where: []storage.Where{{Field: "id", Operator: storage.OpIn, Value: ids}}})
		if err != nil {
			return nil, err
		}
		for _, u := range rows {
			users[u["id"]] = u
		}
	}
	out := make([]map[string]any, 0, len(members))
	for _, m := range members {
		j := toJSON(m)
		if u := users[m["userId"]]; u != nil {
			j["user"] = toJSON(userBrief(u))
		}
		out = append(out, j)
	}
	return out, nil
}

// toJSON copies a record, rendering times as Better Auth does.
func toJSON(r map[string]any) map[string]any {
	if r == nil {
		return nil
	}
	out := make(map[string]any, len(r))
	for k, v := range r {
		if t, ok := v.(time.Time); ok {
			out[k] = core.FormatTime(t)
			continue
		}
		out[k] = v
	}
	return out
}

func listJSON(rs []storage.Record) []map[string]any {
	out := make([]map[string]any, 0, len(rs))
	for _, r := range rs {
		out = append(out, toJSON(r))
	}
	return out
}

// orgJSON renders an organization with its metadata parsed back from the
// stored string.
func orgJSON(r storage.Record) map[string]any {
	out := toJSON(r)
	if out == nil {
		return nil
	}
	if s, ok := r["metadata"].(string); ok && s != "" {
		var v any
		if json.Unmarshal([]byte(s), &v) == nil {
			out["metadata"] = v
		}
	}
	return out
}

// encodeMetadata stores an object as a JSON string.
func encodeMetadata(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// setActive changes the session's active organization (or team) field.
func setActive(c *core.Context, field string, id any) (*core.Session, error) {
	return c.UpdateSession(c.Session.Session.Token, storage.Record{field: id})
}

// setActiveWithCookie changes the field and re-sends the session cookies,
// so that a cached session follows.
func setActiveWithCookie(c *core.Context, field string, id any) error {
	s, err := setActive(c, field, id)
	if err != nil || s == nil {
		return err
	}
	c.SetSessionCookie(&core.SessionData{Session: s, User: c.Session.User}, false)
	return nil
}

// activeOrg returns the session's active organization id.
func activeOrg(c *core.Context) string {
	if c.Session == nil {
		return ""
	}
	s, _ := c.Session.Session.Extra["activeOrganizationId"].(string)
	return s
}

func activeTeam(c *core.Context) string {
	if c.Session == nil {
		return ""
	}
	s, _ := c.Session.Session.Extra["activeTeamId"].(string)
	return s
}

// needSession loads the caller's session for routes that validate their
// input in the handler: upstream validates before its session middleware
// runs, so these routes declare no session requirement and ask here.
func needSession(c *core.Context) error {
	s, err := c.GetSession()
	if err != nil {
		return err
	}
	if s == nil {
		return core.ErrUnauthorized
	}
	return nil
}

// bodyString returns a string body field.
func bodyString(c *core.Context, k string) string {
	s, _ := c.Body[k].(string)
	return s
}

// queryOr returns the query parameter, or def when it is empty.
func queryOr(c *core.Context, k, def string) string {
	if v := c.Query.Get(k); v != "" {
		return v
	}
	return def
}

// parseRoles accepts a role string or a list of roles, joined by commas
// as upstream stores them.
func parseRoles(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case []any:
		parts := make([]string, 0, len(t))
		for _, x := range t {
			s, ok := x.(string)
			if !ok {
				return "", false
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, ","), true
	}
	return "", false
}

// validation answers upstream's VALIDATION_ERROR for one field.
func validation(where, field, want, got string) *core.APIError {
	return core.NewAPIError(400, "VALIDATION_ERROR",
		"["+where+"."+field+"] Invalid input: expected "+want+", received "+got)
}

// kindOf names in[k] as zod's messages do: "undefined" when absent.
func kindOf(in map[string]any, k string) string {
	v, ok := in[k]
	if !ok {
		return "undefined"
	}
	return kind(v)
}

// kind names a decoded JSON value as zod's messages do.
func kind(v any) string { return core.JSONKind(v) }

// roleParam checks a role body field: a string or an array of strings.
func roleParam(c *core.Context, name string, required bool) (string, error) {
	v, ok := c.Body[name]
	if !ok {
		if required {
			return "", core.NewAPIError(400, "VALIDATION_ERROR",
				"[body."+name+"] Invalid input")
		}
		return "", nil
	}
	s, ok := parseRoles(v)
	if !ok {
		return "", core.NewAPIError(400, "VALIDATION_ERROR", "[body."+name+"] Invalid input")
	}
	return s, nil
}
