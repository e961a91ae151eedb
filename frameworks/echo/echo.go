// Package echo binds a Kernia [core.Auth] to the echo web framework (v4):
// it mounts the auth routes on an echo instance and provides middleware
// that loads the caller's session into the echo context.
//
// The package is named after the framework, so import echo itself under
// another name:
//
//	import (
//		"github.com/labstack/echo/v4"
//		kecho "github.com/kernia-go/kernia/frameworks/echo"
//	)
//
// The middleware reports a missing session or a storage failure the echo
// way, by returning an [*labstack.HTTPError]. Its Message is the
// [*core.APIError], so echo's default error handler renders Better Auth's
// {"message":…,"code":…} body, and its Internal is the cause, for
// errors.Is and for logging middleware.
package echo

import (
	labstack "github.com/labstack/echo/v4"

	"github.com/kernia-go/kernia/core"
)

// Router is what [Mount] registers routes on: an *echo.Echo, or an
// *echo.Group made at "/".
type Router interface {
	Any(path string, h labstack.HandlerFunc, m ...labstack.MiddlewareFunc) []*labstack.Route
}

// Mount registers the auth routes on r under the Auth's base path (such
// as "/api/auth/*"), for every method. r must not add a path prefix of
// its own, since the Auth matches routes on the full request path.
func Mount(r Router, a *core.Auth) {
	r.Any(a.BasePath()+"/*", labstack.WrapHandler(a.Handler()))
}

// sessionKey is the echo context key of the session. Echo keys are
// strings, so it is namespaced to keep clear of the application's keys.
const sessionKey = "github.com/kernia-go/kernia/frameworks/echo.session"

// SessionFrom returns the session that [LoadSession] or [RequireSession]
// stored in c, and whether there is one.
func SessionFrom(c labstack.Context) (*core.SessionData, bool) {
	s, ok := c.Get(sessionKey).(*core.SessionData)
	return s, ok && s != nil
}

// UserFrom returns the signed-in user stored in c, or nil.
func UserFrom(c labstack.Context) *core.User {
	if s, ok := SessionFrom(c); ok {
		return s.User
	}
	return nil
}

// LoadSession returns middleware that stores the caller's session, when
// there is a valid one, in the echo context for [SessionFrom]. A request
// without one goes through unchanged. When the session cannot be read (a
// storage failure), it returns a 500 error wrapping the cause, since the
// handler cannot know whether the caller is signed in. Like
// [RequireSession], it keeps the session alive through
// [core.Auth.RefreshSession]: a session due for a refresh gets a later
// expiry and a renewed cookie.
func LoadSession(a *core.Auth) labstack.MiddlewareFunc {
	return func(next labstack.HandlerFunc) labstack.HandlerFunc {
		return func(c labstack.Context) error {
			s, err := a.RefreshSession(c.Response(), c.Request())
			if err != nil {
				return httpError(core.ErrInternal, err)
			}
			if s != nil {
				c.Set(sessionKey, s)
			}
			return next(c)
		}
	}
}

// RequireSession returns middleware that returns a 401 error, rendered by
// echo's default error handler as Better Auth's
// {"message":"Unauthorized","code":"UNAUTHORIZED"}, unless the request
// carries a valid session, which it stores in the echo context. A storage
// failure is a 500 error as in [LoadSession].
func RequireSession(a *core.Auth) labstack.MiddlewareFunc {
	return func(next labstack.HandlerFunc) labstack.HandlerFunc {
		return func(c labstack.Context) error {
			s, err := a.RefreshSession(c.Response(), c.Request())
			switch {
			case err != nil:
				return httpError(core.ErrInternal, err)
			case s == nil:
				return httpError(core.ErrUnauthorized, core.ErrUnauthorized)
			}
			c.Set(sessionKey, s)
			return next(c)
		}
	}
}

// httpError returns e as an echo error that renders as e's JSON, with
// cause as its internal error.
func httpError(e *core.APIError, cause error) *labstack.HTTPError {
	return &labstack.HTTPError{Code: e.Status, Message: e, Internal: cause}
}
