package core

import (
	"net/http"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

type statusResponse struct {
	Status bool `json:"status"`
}

// deferredSession is get-session's body under deferred refresh.
type deferredSession struct {
	Session      *Session `json:"session"`
	User         *User    `json:"user"`
	NeedsRefresh bool     `json:"needsRefresh"`
}

// getSession answers the current session or null.
func (a *Auth) getSession(c *Context) (any, error) {
	deferred := a.opts.Session.DeferSessionRefresh
	post := c.Request.Method == http.MethodPost
	if post && !deferred {
		return nil, ErrMethodNotAllowedDeferSessionRequired
	}
	res, err := c.clientSession(lookup{noCache: c.flag("disableCookieCache"),
		noRefresh: c.flag("disableRefresh"), readOnly: deferred && !post})
	if err != nil {
		if ae, ok := AsAPIError(err); ok {
			return nil, ae
		}
		a.log.ErrorContext(c.Context(), "core: get session", "error", err)
		return nil, ErrFailedToGetSession.WithStatus(http.StatusInternalServerError)
	}
	if res.data == nil {
		return nil, nil
	}
	if deferred && !post && !res.asIs {
		return &deferredSession{res.data.Session, res.data.User, res.needsRefresh}, nil
	}
	return res.data, nil
}

// signOut deletes the current session, if any, and clears the cookies.
func (a *Auth) signOut(c *Context) (any, error) {
	if token, ok := c.sessionToken(); ok {
		err := c.deleteRecords("session", []storage.Where{storage.Eq("token", token)})
		if err != nil {
			// As upstream, a failed delete does not stop the sign-out: the
			// cookies are cleared and the session expires on its own.
			a.log.ErrorContext(c.Context(), "core: sign-out delete", "error", err)
		}
	}
	c.clearSessionCookies()
	return struct {
		Success bool `json:"success"`
	}{true}, nil
}

// listSessions answers the user's unexpired sessions.
func (a *Auth) listSessions(c *Context) (any, error) {
	rows, err := c.db.FindMany(c.Context(), storage.FindQuery{Model: "session",
		Where: []storage.Where{storage.Eq("userId", c.Session.User.ID)}, Limit: 1000})
	if err != nil {
		a.log.ErrorContext(c.Context(), "core: list sessions", "error", err)
		return nil, StatusError(http.StatusInternalServerError, "")
	}
	out := make([]*Session, 0, len(rows))
	now := time.Now()
	for _, r := range rows {
		if s := a.toSession(r); s.ExpiresAt.After(now) {
			out = append(out, s)
		}
	}
	return out, nil
}

// revokeSession deletes one session of the caller's. A token that is
// unknown or someone else's answers the same, so that tokens cannot be
// probed.
func (a *Auth) revokeSession(c *Context) (any, error) {
	// One delete scoped to the caller, rather than a read then a delete.
	err := c.deleteRecords("session", []storage.Where{
		storage.Eq("token", c.bodyString("token")), storage.Eq("userId", c.Session.User.ID)})
	if err != nil {
		return nil, err
	}
	return statusResponse{true}, nil
}

// revokeSessions deletes every session of the user, the current one too.
// The cookies stay; the next read finds no session and clears them.
func (a *Auth) revokeSessions(c *Context) (any, error) {
	err := c.deleteRecords("session", []storage.Where{storage.Eq("userId", c.Session.User.ID)})
	if err != nil {
		return nil, err
	}
	return statusResponse{true}, nil
}

// revokeOtherSessions deletes every session of the user but the current.
func (a *Auth) revokeOtherSessions(c *Context) (any, error) {
	err := c.deleteRecords("session", []storage.Where{
		storage.Eq("userId", c.Session.User.ID),
		{Field: "token", Operator: storage.OpNe, Value: c.Session.Session.Token},
	})
	if err != nil {
		return nil, err
	}
	return statusResponse{true}, nil
}

// updateSession changes the session fields that clients may set: those
// that plugins or the application added, unless marked NoInput.
func (a *Auth) updateSession(c *Context) (any, error) {
	data, err := parseInput(a.inputFields("session", sessionKeys), c.Body, false)
	if err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, StatusError(http.StatusBadRequest, "No fields to update")
	}
	rec, err := c.updateRecord("session", []storage.Where{
		storage.Eq("token", c.Session.Session.Token)}, data)
	if err != nil {
		return nil, err
	}
	if rec == nil {
		return nil, ErrFailedToGetSession
	}
	s := a.toSession(rec)
	c.setSessionCookie(&SessionData{Session: s, User: c.Session.User}, c.dontRemember(), -1)
	return struct {
		Session *Session `json:"session"`
	}{s}, nil
}
