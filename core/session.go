package core

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

// rememberMeOffAge is the fixed lifetime of a session created with
// rememberMe false, whatever ExpiresIn says.
const rememberMeOffAge = 24 * time.Hour

// lookup configures a session read.
type lookup struct {
	noCache   bool // ignore the session_data cookie
	noRefresh bool // never slide the expiry
	// readOnly skips every write (the deferred-refresh GET and reads on
	// behalf of middleware).
	readOnly bool
}

// sessionResult is a session read and whether it is due for a refresh.
type sessionResult struct {
	data         *SessionData
	needsRefresh bool
	// asIs marks a session answered without the refresh logic: from the
	// cookie cache, or with dont_remember or disableRefresh. get-session
	// then adds neither needsRefresh nor a cache cookie, as upstream.
	asIs bool
}

// sessionToken returns the verified token of the request's session cookie.
func (c *Context) sessionToken() (string, bool) { return c.SignedCookie(cookieSessionToken) }

// dontRemember reports whether the request carries a valid dont_remember
// cookie.
func (c *Context) dontRemember() bool {
	_, ok := c.SignedCookie(cookieDontRemember)
	return ok
}

// requestCookies returns the request's cookies as [parseCookies] reads
// them, parsed once per Cookie header: a session read consults them
// several times.
func (c *Context) requestCookies() map[string]string {
	src := c.Request.Header.Values("Cookie")
	if c.cookies == nil || !slices.Equal(src, c.cookieSrc) {
		c.cookies, c.cookieSrc = parseCookies(c.Request.Header), src
	}
	return c.cookies
}

// loadSession reads the request's session as get-session does: a missing
// or forged cookie gives nil; a session that is gone or expired clears
// the cookies and gives nil; a live one may slide its expiry.
func (c *Context) loadSession(o lookup) (sessionResult, error) {
	token, ok := c.sessionToken()
	if !ok {
		return sessionResult{}, nil
	}
	if c.auth.opts.Session.CookieCache.Enabled && !o.noCache {
		data, bad := c.readCookieCache()
		if bad {
			c.expireCache()
			return sessionResult{}, nil
		}
		if data != nil && subtle.ConstantTimeCompare([]byte(data.Session.Token),
			[]byte(token)) == 1 {
			return sessionResult{data: data, asIs: true}, nil
		}
	}
	data, err := c.findSession(token)
	if err != nil {
		return sessionResult{}, err
	}
	now := time.Now()
	if data == nil || data.Session.ExpiresAt.Before(now) {
		c.clearSessionCookies()
		if data != nil && !o.readOnly {
			err := c.deleteRecords("session", []storage.Where{storage.Eq("token", token)})
			if err != nil {
				return sessionResult{}, err
			}
		}
		return sessionResult{}, nil
	}
	if c.dontRemember() || o.noRefresh {
		return sessionResult{data: data, asIs: true}, nil
	}
	return c.maybeRefresh(data, o)
}

// clientSession reads the session as get-session answers a client: as
// [Context.loadSession], and a read-only read still re-issues the cache
// cookie of a session it did not answer as is.
func (c *Context) clientSession(o lookup) (sessionResult, error) {
	res, err := c.loadSession(o)
	if err == nil && res.data != nil && o.readOnly && !res.asIs {
		c.setCookieCache(res.data, c.dontRemember())
	}
	return res, err
}

// maybeRefresh slides the session's expiry once UpdateAge has passed; a
// session that needs none gets its cache cookie re-issued.
func (c *Context) maybeRefresh(data *SessionData, o lookup) (sessionResult, error) {
	so := c.auth.opts.Session
	due := !data.Session.ExpiresAt.Add(-so.ExpiresIn).Add(so.UpdateAge).After(time.Now())
	needs := due && !so.DisableRefresh
	if !needs || o.readOnly {
		if !o.readOnly {
			c.setCookieCache(data, false)
		}
		return sessionResult{data: data, needsRefresh: needs}, nil
	}
	now := time.Now()
	rec, err := c.updateRecord("session", []storage.Where{storage.Eq("token", data.Session.Token)},
		storage.Record{"expiresAt": now.Add(so.ExpiresIn), "updatedAt": now})
	if err != nil {
		return sessionResult{}, err
	}
	if rec == nil {
		c.clearSessionCookies()
		return sessionResult{}, ErrFailedToGetSession
	}
	fresh := &SessionData{Session: c.auth.toSession(rec), User: data.User}
	// Milliseconds, as upstream's clock, measured from the instant the
	// expiry was computed from, so that a refresh always gives the full
	// lifetime rather than one second less when a millisecond ticks
	// between two readings of the clock.
	maxAge := int((fresh.Session.ExpiresAt.UnixMilli() - now.UnixMilli()) / 1000)
	c.setSessionCookie(fresh, false, maxAge)
	return sessionResult{data: fresh}, nil
}

// findSession returns the session with the token and its user, or nil.
func (c *Context) findSession(token string) (*SessionData, error) {
	s, err := c.db.FindOne(c.Context(), storage.FindQuery{Model: "session",
		Where: []storage.Where{storage.Eq("token", token)}})
	if err != nil || s == nil {
		return nil, err
	}
	u, err := c.findUserByID(str(s["userId"]))
	if err != nil || u == nil {
		return nil, err
	}
	return &SessionData{Session: c.auth.toSession(s), User: c.auth.toUser(u)}, nil
}

// createSession stores a new session for the user. With dontRemember the
// session lasts a day, as upstream.
func (c *Context) createSession(userID string, dontRemember bool) (*Session, error) {
	return c.CreateSession(userID, NewSessionOptions{DontRemember: dontRemember})
}

// setSessionCookie issues the session cookies. maxAge < 0 means the
// configured lifetime; dontRemember makes browser-session cookies.
func (c *Context) setSessionCookie(data *SessionData, dontRemember bool, maxAge int) {
	if maxAge < 0 {
		maxAge = seconds(c.auth.opts.Session.ExpiresIn)
	}
	if dontRemember {
		maxAge = -1
	}
	c.SetSignedCookie(cookieSessionToken, data.Session.Token, maxAge)
	if dontRemember {
		c.SetSignedCookie(cookieDontRemember, "true", -1)
	}
	c.setCookieCache(data, dontRemember)
	c.NewSession = data
}

// expireCache expires the session_data cookie.
func (c *Context) expireCache() { c.ExpireCookie(cookieSessionData) }

// clearSessionCookies expires every session cookie, cache chunks included.
func (c *Context) clearSessionCookies() {
	j := c.auth.cookies
	dataName := j.name(cookieSessionData)
	c.header.Add("Set-Cookie", j.expire(j.name(cookieSessionToken)))
	c.header.Add("Set-Cookie", j.expire(dataName))
	// As upstream, every request cookie under the cache's name (the cache
	// itself and its chunks) is expired once more.
	var extra []string
	for name := range c.requestCookies() {
		if strings.HasPrefix(name, dataName) {
			extra = append(extra, name)
		}
	}
	sort.Strings(extra)
	for _, name := range extra {
		c.header.Add("Set-Cookie", j.expire(name))
	}
	c.header.Add("Set-Cookie", j.expire(j.name(cookieDontRemember)))
}

// requireSession runs a route's session requirement.
func (c *Context) requireSession(req SessionRequirement) error {
	if req == SessionNone {
		return nil
	}
	res, err := c.loadQuietly(req == SessionSensitive)
	if err != nil {
		if _, ok := AsAPIError(err); !ok {
			return err
		}
		return ErrUnauthorized
	}
	if res.data == nil {
		return ErrUnauthorized
	}
	if req == SessionFresh && !c.auth.opts.Session.NoFreshAge &&
		time.Since(res.data.Session.CreatedAt) >= c.auth.opts.Session.FreshAge {
		return ErrSessionNotFresh
	}
	c.Session = res.data
	return nil
}

// loadQuietly reads the session as a route's requirement does. Upstream
// reads it through a nested call whose cookies are dropped: a refresh is
// written to the database but not re-sent, and a dead session clears no
// cookies.
func (c *Context) loadQuietly(noCache bool) (sessionResult, error) {
	saved := c.header
	c.header = http.Header{}
	defer func() { c.header = saved }()
	return c.loadSession(lookup{noCache: noCache,
		readOnly: c.auth.opts.Session.DeferSessionRefresh})
}

// GetSession returns the session of a request, or nil and no error when
// it has none or an invalid one. It never writes: the expiry does not
// slide and no cookies are set, so it suits code that only needs to know
// who is calling; middleware in front of an application's routes calls
// [Auth.RefreshSession] instead, to keep the session alive.
func (a *Auth) GetSession(ctx context.Context, r *http.Request) (*SessionData, error) {
	c := a.newContext(r.WithContext(ctx), nil)
	res, err := c.loadSession(lookup{readOnly: true})
	if err != nil {
		return nil, fmt.Errorf("core: get session: %w", err)
	}
	return res.data, nil
}

// RefreshSession returns the session of r as [Auth.GetSession] does, and
// keeps it alive as a get-session request would: once Session.UpdateAge
// has passed it slides the expiry in the database and adds the renewed
// session cookie (and the cache cookie, when enabled) to w's header; for
// a session that is gone or expired it deletes the row and adds cookies
// that clear the client's. Session.DisableRefresh and a rememberMe-false
// sign-in keep the expiry; under Session.DeferSessionRefresh it writes
// nothing to the database. Middleware calls it before the handler writes
// the response, so that the cookies reach the client. Route hooks do not
// run, as the request is not one of the auth routes.
func (a *Auth) RefreshSession(w http.ResponseWriter, r *http.Request) (*SessionData, error) {
	c := a.newContext(r, nil)
	res, err := c.clientSession(lookup{readOnly: a.opts.Session.DeferSessionRefresh})
	if _, ok := AsAPIError(err); ok {
		// The session vanished while being refreshed: the client's cookies
		// are cleared, as get-session does, and the caller has no session.
		res, err = sessionResult{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("core: refresh session: %w", err)
	}
	h := w.Header()
	for _, line := range c.header.Values("Set-Cookie") {
		h.Add("Set-Cookie", line)
	}
	return res.data, nil
}
