// Package gin binds a Kernia [core.Auth] to the gin web framework: it
// mounts the auth routes on an engine and provides middleware that loads
// the caller's session into the gin context.
//
// The package is named after the framework, so import gin itself under
// another name:
//
//	import (
//		gingonic "github.com/gin-gonic/gin"
//		kgin "github.com/kernia-go/kernia/frameworks/gin"
//	)
package gin

import (
	gingonic "github.com/gin-gonic/gin"

	"github.com/kernia-go/kernia/core"
)

// Mount registers the auth routes on r under the Auth's base path (such
// as "/api/auth/*path"), for every method. r must not add a path prefix
// of its own: pass the engine, or a group made at "/" for its middleware,
// since the Auth matches routes on the full request path.
func Mount(r gingonic.IRoutes, a *core.Auth) {
	r.Any(a.BasePath()+"/*path", gingonic.WrapH(a.Handler()))
}

// sessionKey is the gin context key of the session; a private type, so
// that no other key can collide with it.
type sessionKey struct{}

// SessionFrom returns the session that [LoadSession] or [RequireSession]
// stored in c, and whether there is one.
func SessionFrom(c *gingonic.Context) (*core.SessionData, bool) {
	v, _ := c.Get(sessionKey{})
	s, ok := v.(*core.SessionData)
	return s, ok && s != nil
}

// UserFrom returns the signed-in user stored in c, or nil.
func UserFrom(c *gingonic.Context) *core.User {
	if s, ok := SessionFrom(c); ok {
		return s.User
	}
	return nil
}

// LoadSession returns middleware that stores the caller's session, when
// there is a valid one, in the gin context for [SessionFrom]. A request
// without one goes through unchanged. When the session cannot be read
// (a storage failure), it aborts with 500 and Better Auth's JSON error,
// since the handler cannot know whether the caller is signed in; the
// cause is added to c.Errors for the application's logging middleware.
// Like [RequireSession], it keeps the session alive through
// [core.Auth.RefreshSession]: a session due for a refresh gets a later
// expiry and a renewed cookie.
func LoadSession(a *core.Auth) gingonic.HandlerFunc {
	return func(c *gingonic.Context) {
		s, err := a.RefreshSession(c.Writer, c.Request)
		if err != nil {
			abort(c, core.ErrInternal, err)
			return
		}
		if s != nil {
			c.Set(sessionKey{}, s)
		}
	}
}

// RequireSession returns middleware that aborts with 401 and Better
// Auth's {"message":"Unauthorized","code":"UNAUTHORIZED"} unless the
// request carries a valid session, which it stores in the gin context.
// A storage failure aborts with 500 as in [LoadSession].
func RequireSession(a *core.Auth) gingonic.HandlerFunc {
	return func(c *gingonic.Context) {
		s, err := a.RefreshSession(c.Writer, c.Request)
		switch {
		case err != nil:
			abort(c, core.ErrInternal, err)
		case s == nil:
			abort(c, core.ErrUnauthorized, nil)
		default:
			c.Set(sessionKey{}, s)
		}
	}
}

// abort stops the chain with e as the JSON body, and records cause, if
// any, on the context.
func abort(c *gingonic.Context, e *core.APIError, cause error) {
	if cause != nil {
		_ = c.Error(cause)
	}
	c.AbortWithStatusJSON(e.Status, e)
}
