package core

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

// This file holds what plugin routes and hooks may do with a request and
// with the Auth, so that plugins never reach into core's internals.

// Logger returns the Auth's logger; it is never nil.
func (a *Auth) Logger() *slog.Logger { return a.log }

// Options returns a copy of the options the Auth runs with, defaults
// filled in.
func (a *Auth) Options() Options { return a.opts }

// GetSession returns the request's session, or nil without an error when
// it has none or a dead one, as upstream's getSessionFromCtx. It reuses
// the session the route's requirement already loaded, and like that
// requirement it sends no cookies.
func (c *Context) GetSession() (*SessionData, error) {
	if c.Session != nil {
		return c.Session, nil
	}
	res, err := c.loadQuietly(false)
	if err != nil {
		if _, ok := AsAPIError(err); ok {
			return nil, nil
		}
		return nil, err
	}
	c.Session = res.data
	return res.data, nil
}

// NewSessionOptions configure [Context.CreateSession].
type NewSessionOptions struct {
	// DontRemember makes a one-day session, as sign-in with rememberMe
	// false.
	DontRemember bool
	// ExpiresIn overrides the session lifetime when positive (an
	// impersonation session lasts an hour, for example).
	ExpiresIn time.Duration
	// Fields are stored on the session besides the core ones, such as an
	// admin plugin's impersonatedBy.
	Fields storage.Record
}

// CreateSession stores a new session for the user through the session
// model's hooks. It sets no cookie: call [Context.SetSessionCookie] to
// sign the client in with it.
func (c *Context) CreateSession(userID string, o NewSessionOptions) (*Session, error) {
	life := c.auth.opts.Session.ExpiresIn
	switch {
	case o.ExpiresIn > 0:
		life = o.ExpiresIn
	case o.DontRemember:
		life = rememberMeOffAge
	}
	now := time.Now()
	ip := ""
	if !c.auth.opts.Advanced.DisableIPTracking {
		ip = c.auth.clientIP(c.Request)
	}
	data := storage.Record{"token": GenerateID(32), "userId": userID,
		"expiresAt": now.Add(life), "createdAt": now, "updatedAt": now, "ipAddress": ip,
		"userAgent": c.Request.Header.Get("User-Agent")}
	for k, v := range o.Fields {
		if _, core := data[k]; !core { // the core fields win
			data[k] = v
		}
	}
	rec, err := c.createRecord("session", data)
	if err != nil {
		return nil, fmt.Errorf("core: create session: %w", err)
	}
	if rec == nil {
		return nil, ErrFailedToCreateSession
	}
	return c.auth.toSession(rec), nil
}

// UpdateSession changes fields of the session with the token (through
// the session model's hooks) and returns it, or nil when there is no such
// session. When it is the request's own session, c.Session follows.
func (c *Context) UpdateSession(token string, fields storage.Record) (*Session, error) {
	data := storage.Record{"updatedAt": time.Now()}
	for k, v := range fields {
		data[k] = v
	}
	rec, err := c.updateRecord("session", []storage.Where{storage.Eq("token", token)}, data)
	if err != nil || rec == nil {
		return nil, err
	}
	s := c.auth.toSession(rec)
	if c.Session != nil && c.Session.Session.Token == token {
		c.Session = &SessionData{Session: s, User: c.Session.User}
	}
	return s, nil
}

// SetSessionCookie signs the client in with the session: it sets the
// session cookie (and the cookie cache when enabled) and records the
// session in c.NewSession. dontRemember, or a dont_remember cookie on the
// request (a sign-in with rememberMe false), makes browser-session
// cookies, as upstream's setSessionCookie.
func (c *Context) SetSessionCookie(data *SessionData, dontRemember bool) {
	c.setSessionCookie(data, dontRemember || c.dontRemember(), -1)
}

// ClearSessionCookies expires every session cookie of the response, as
// sign-out does. An after hook that stops a sign-in half-way (a second
// factor is due) uses it, since the route has already set them.
func (c *Context) ClearSessionCookies() {
	c.clearSessionCookies()
	c.NewSession = nil
}

// CookieName returns the wire name of an auth cookie, prefix included:
// CookieName("two_factor") is "better-auth.two_factor" by default.
func (c *Context) CookieName(logical string) string { return c.auth.cookies.name(logical) }

// SetSignedCookie sets an auth cookie (same attributes as the session
// cookie) holding value signed with the current secret. maxAge is in
// seconds; a negative one makes a browser-session cookie.
func (c *Context) SetSignedCookie(logical, value string, maxAge int) {
	j := c.auth.cookies
	c.header.Add("Set-Cookie", j.line(j.name(logical), signCookieValue(c.auth.secrets[0], value),
		maxAge))
}

// SignedCookie returns the value of a signed auth cookie of the request
// when its signature verifies against one of the secrets.
func (c *Context) SignedCookie(logical string) (string, bool) {
	raw, ok := c.requestCookies()[c.auth.cookies.name(logical)]
	if !ok {
		return "", false
	}
	return verifySigned(c.auth.secrets, raw)
}

// ExpireCookie deletes an auth cookie on the client.
func (c *Context) ExpireCookie(logical string) {
	c.header.Add("Set-Cookie", c.auth.cookies.expire(c.auth.cookies.name(logical)))
}

// Create stores a record through the model's database hooks (the
// application's and the plugins'). It returns nil and no error when a
// before hook vetoed the write. After hooks run once the route succeeds.
func (c *Context) Create(model string, data storage.Record) (storage.Record, error) {
	return c.createRecord(model, data)
}

// Update changes the records matching where through the model's database
// hooks and returns one of them, or nil when none matched or a hook
// vetoed the write.
func (c *Context) Update(model string, where []storage.Where,
	data storage.Record) (storage.Record, error) {
	return c.updateRecord(model, where, data)
}

// Delete removes the records matching where through the model's database
// hooks.
func (c *Context) Delete(model string, where []storage.Where) error {
	return c.deleteRecords(model, where)
}

// Transaction runs fn with the request's storage bound to one
// transaction: [Context.DB], Create, Update, Delete and the session
// helpers all use it until fn returns. An error from fn rolls the writes
// back (on adapters with transactions) and is returned. After hooks of
// the writes still wait for the route to succeed.
func (c *Context) Transaction(fn func() error) error {
	outer := c.db
	return outer.Transaction(c.Context(), func(tx *storage.DB) error {
		c.db = tx
		defer func() { c.db = outer }()
		return fn()
	})
}

// User converts a stored user record to its client form, hidden fields
// dropped.
func (a *Auth) User(r storage.Record) *User { return a.toUser(r) }
