// Package stdlib binds a Kernia [core.Auth] to net/http: it mounts the
// auth routes on a mux and provides middleware that loads the caller's
// session into the request context. It works with any router built on
// net/http handlers.
package stdlib

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/kernia-go/kernia/core"
)

// Mount registers the auth routes on mux under the Auth's base path
// (such as "/api/auth/"), for every method.
func Mount(mux *http.ServeMux, a *core.Auth) {
	mux.Handle(a.BasePath()+"/", a.Handler())
}

type sessionKey struct{}

// WithSession returns a copy of ctx that carries s.
func WithSession(ctx context.Context, s *core.SessionData) context.Context {
	return context.WithValue(ctx, sessionKey{}, s)
}

// SessionFrom returns the session that [LoadSession] or [RequireSession]
// stored in ctx, and whether there is one.
func SessionFrom(ctx context.Context) (*core.SessionData, bool) {
	s, ok := ctx.Value(sessionKey{}).(*core.SessionData)
	return s, ok && s != nil
}

// UserFrom returns the signed-in user stored in ctx, or nil.
func UserFrom(ctx context.Context) *core.User {
	if s, ok := SessionFrom(ctx); ok {
		return s.User
	}
	return nil
}

// LoadSession returns middleware that puts the caller's session, when
// there is a valid one, in the request context for [SessionFrom]. A
// request without one goes through unchanged. A storage failure answers
// 500, since the handler cannot know whether the caller is signed in.
// Like [RequireSession], it keeps the session alive through
// [core.Auth.RefreshSession]: a session due for a refresh gets a later
// expiry and a renewed cookie.
func LoadSession(a *core.Auth) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s, err := a.RefreshSession(w, r)
			if err != nil {
				writeError(w, core.ErrInternal)
				return
			}
			if s != nil {
				r = r.WithContext(WithSession(r.Context(), s))
			}
			next.ServeHTTP(w, r)
		})
	}
}

// RequireSession returns middleware that answers 401 with Better Auth's
// {"message":"Unauthorized","code":"UNAUTHORIZED"} unless the request
// carries a valid session, which it stores in the context.
func RequireSession(a *core.Auth) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s, err := a.RefreshSession(w, r)
			switch {
			case err != nil:
				writeError(w, core.ErrInternal)
			case s == nil:
				writeError(w, core.ErrUnauthorized)
			default:
				next.ServeHTTP(w, r.WithContext(WithSession(r.Context(), s)))
			}
		})
	}
}

func writeError(w http.ResponseWriter, e *core.APIError) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.Status)
	_ = json.NewEncoder(w).Encode(e)
}
