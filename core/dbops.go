package core

import (
	"github.com/kernia-go/kernia/core/storage"
)

// createRecord stores a record through the model's hooks. It returns nil
// and no error when a before hook vetoed the write.
func (c *Context) createRecord(model string, data storage.Record) (storage.Record, error) {
	h := c.auth.modelHooks(model)
	if h.BeforeCreate != nil {
		ok, err := h.BeforeCreate(c.Context(), data)
		if err != nil || !ok {
			return nil, err
		}
	}
	rec, err := c.db.Create(c.Context(), model, data)
	if err != nil || rec == nil {
		return rec, err
	}
	if h.AfterCreate != nil {
		c.afterCommit(func() { h.AfterCreate(c.Context(), rec) })
	}
	return rec, nil
}

// updateRecord changes the records matching where through the model's
// hooks and returns one of them, or nil when none matched or a hook
// vetoed the write.
func (c *Context) updateRecord(model string, where []storage.Where,
	data storage.Record) (storage.Record, error) {
	h := c.auth.modelHooks(model)
	if h.BeforeUpdate != nil {
		ok, err := h.BeforeUpdate(c.Context(), data)
		if err != nil || !ok {
			return nil, err
		}
	}
	rec, err := c.db.Update(c.Context(), model, where, data)
	if err != nil || rec == nil {
		return rec, err
	}
	if h.AfterUpdate != nil {
		c.afterCommit(func() { h.AfterUpdate(c.Context(), rec) })
	}
	return rec, nil
}

// deleteRecords removes the records matching where. With delete hooks it
// reads them first and runs the hooks for each row.
func (c *Context) deleteRecords(model string, where []storage.Where) error {
	h := c.auth.modelHooks(model)
	if h.BeforeDelete == nil && h.AfterDelete == nil {
		_, err := c.db.DeleteMany(c.Context(), model, where)
		return err
	}
	rows, err := c.db.FindMany(c.Context(), storage.FindQuery{Model: model, Where: where,
		Limit: 10000})
	if err != nil {
		return err
	}
	for _, row := range rows {
		if h.BeforeDelete != nil {
			ok, err := h.BeforeDelete(c.Context(), row)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
		}
		id, _ := row["id"].(string)
		err := c.db.Delete(c.Context(), model, []storage.Where{storage.Eq("id", id)})
		if err != nil {
			return err
		}
		if h.AfterDelete != nil {
			c.afterCommit(func() { h.AfterDelete(c.Context(), row) })
		}
	}
	return nil
}

// findUserByEmail returns the user with that (lowercased) email, or nil.
func (c *Context) findUserByEmail(email string) (storage.Record, error) {
	return c.db.FindOne(c.Context(), storage.FindQuery{Model: "user",
		Where: []storage.Where{storage.Eq("email", email)}})
}

// credentialAccount returns the user's "credential" account, or nil.
func (c *Context) credentialAccount(userID string) (storage.Record, error) {
	return c.db.FindOne(c.Context(), storage.FindQuery{Model: "account", Where: []storage.Where{
		storage.Eq("userId", userID), storage.Eq("providerId", "credential")}})
}

// toUser converts a stored user to its client form.
func (a *Auth) toUser(r storage.Record) *User {
	u := userFromMap(publicRecord(a.db.Schema(), "user", r))
	u.extraOrder = a.fieldOrder("user")
	return u
}

// toSession converts a stored session to its client form.
func (a *Auth) toSession(r storage.Record) *Session {
	s := sessionFromMap(publicRecord(a.db.Schema(), "session", r))
	s.extraOrder = a.fieldOrder("session")
	return s
}

// fieldOrder returns a model's field names in schema order. The result
// is shared: callers must not change it.
func (a *Auth) fieldOrder(model string) []string { return a.fieldOrders[model] }

// schemaOrders returns the field names of every model of s in schema
// order, computed once so that each record conversion need not.
func schemaOrders(s *storage.Schema) map[string][]string {
	out := map[string][]string{}
	if s == nil {
		return out
	}
	for _, m := range s.Models {
		names := make([]string, len(m.Fields))
		for i, f := range m.Fields {
			names[i] = f.Name
		}
		out[m.Name] = names
	}
	return out
}
