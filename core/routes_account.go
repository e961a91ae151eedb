package core

import (
	"strings"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

// Account is a linked account as list-accounts sends it: tokens and the
// password hash are never included. Extra holds the other public fields
// (createdAt, updatedAt and any added by plugins) in schema order.
type Account struct {
	ID         string
	AccountID  string
	ProviderID string
	UserID     string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Scopes     []string
	Extra      map[string]any

	order []string
}

// MarshalJSON renders the account with upstream's key order.
func (ac *Account) MarshalJSON() ([]byte, error) {
	extra := map[string]any{"createdAt": ac.CreatedAt, "updatedAt": ac.UpdatedAt}
	for k, v := range ac.Extra {
		extra[k] = v
	}
	scopes := ac.Scopes
	if scopes == nil {
		scopes = []string{}
	}
	return writeObject([]kv{{"accountId", ac.AccountID}, {"providerId", ac.ProviderID},
		{"userId", ac.UserID}}, extra, ac.order, []kv{{"id", ac.ID}, {"scopes", scopes}})
}

// UnmarshalJSON reads an account as rendered by MarshalJSON.
func (ac *Account) UnmarshalJSON(data []byte) error {
	m, keys, err := decodeObject(data)
	if err != nil {
		return err
	}
	*ac = *accountFromMap(m)
	ac.order = keys
	return nil
}

var accountKeys = map[string]bool{"id": true, "accountId": true, "providerId": true,
	"userId": true, "createdAt": true, "updatedAt": true, "scope": true, "scopes": true}

// accountFromMap builds an Account from a public record or decoded JSON.
func accountFromMap(m map[string]any) *Account {
	ac := &Account{ID: str(m["id"]), AccountID: str(m["accountId"]),
		ProviderID: str(m["providerId"]), UserID: str(m["userId"]),
		CreatedAt: timeOf(m["createdAt"]), UpdatedAt: timeOf(m["updatedAt"]),
		Extra: extras(m, accountKeys)}
	if s := str(m["scope"]); s != "" {
		ac.Scopes = strings.Split(s, ",")
	}
	if list, ok := m["scopes"].([]any); ok {
		for _, v := range list {
			ac.Scopes = append(ac.Scopes, str(v))
		}
	}
	return ac
}

// toAccount converts a stored account to its client form.
func (a *Auth) toAccount(r storage.Record) *Account {
	ac := accountFromMap(publicRecord(a.db.Schema(), "account", r))
	ac.order = a.fieldOrder("account")
	return ac
}

// userAccounts returns the user's accounts.
func (c *Context) userAccounts(uid string) ([]storage.Record, error) {
	return c.db.FindMany(c.Context(), storage.FindQuery{Model: "account",
		Where: userIs(uid), Limit: 1000})
}

// listAccounts answers the signed-in user's accounts.
func (a *Auth) listAccounts(c *Context) (any, error) {
	rows, err := c.userAccounts(c.Session.User.ID)
	if err != nil {
		return nil, err
	}
	out := make([]*Account, 0, len(rows))
	for _, r := range rows {
		out = append(out, a.toAccount(r))
	}
	return out, nil
}

// unlinkAccount removes one of the user's accounts, never the last one
// unless Account.AllowUnlinkingAll.
func (a *Auth) unlinkAccount(c *Context) (any, error) {
	rows, err := c.userAccounts(c.Session.User.ID)
	if err != nil {
		return nil, err
	}
	if len(rows) == 1 && !a.opts.Account.AllowUnlinkingAll {
		return nil, ErrFailedToUnlinkLastAccount
	}
	provider, accountID := c.bodyString("providerId"), c.bodyString("accountId")
	var found storage.Record
	for _, r := range rows {
		if r["providerId"] == provider && (accountID == "" || r["accountId"] == accountID) {
			found = r
			break
		}
	}
	if found == nil {
		return nil, ErrAccountNotFound
	}
	err = c.deleteRecords("account", []storage.Where{storage.Eq("id", str(found["id"]))})
	if err != nil {
		return nil, err
	}
	return statusResponse{true}, nil
}
