package echo_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/kernia-go/kernia/core"
	kecho "github.com/kernia-go/kernia/frameworks/echo"
	"github.com/kernia-go/kernia/frameworks/frameworktest"
)

// TestShared runs the behavioural test that every binding passes.
func TestShared(t *testing.T) {
	frameworktest.Run(t, func(a *core.Auth) http.Handler {
		e := echo.New()
		kecho.Mount(e, a)
		e.GET(frameworktest.ProtectedPath, func(c echo.Context) error {
			return c.String(http.StatusOK, frameworktest.Describe(kecho.SessionFrom(c)))
		}, kecho.RequireSession(a))
		e.GET(frameworktest.OptionalPath, func(c echo.Context) error {
			return c.String(http.StatusOK, frameworktest.Greet(kecho.UserFrom(c)))
		}, kecho.LoadSession(a))
		return e
	})
}

// TestSharedGroup runs the same test with the middleware on route groups
// and the auth routes on a group made at the root.
func TestSharedGroup(t *testing.T) {
	frameworktest.Run(t, func(a *core.Auth) http.Handler {
		e := echo.New()
		kecho.Mount(e.Group(""), a)
		e.Group("", kecho.RequireSession(a)).GET(frameworktest.ProtectedPath,
			func(c echo.Context) error {
				return c.String(http.StatusOK, frameworktest.Describe(kecho.SessionFrom(c)))
			})
		e.Group("", kecho.LoadSession(a)).GET(frameworktest.OptionalPath,
			func(c echo.Context) error {
				return c.String(http.StatusOK, frameworktest.Greet(kecho.UserFrom(c)))
			})
		return e
	})
}

func TestSessionFromEmpty(t *testing.T) {
	c := echo.New().NewContext(httptest.NewRequest("GET", "/", nil), httptest.NewRecorder())
	frameworktest.CheckAccessors(t, "a fresh context", frameworktest.Accessors{
		Session:        func() (*core.SessionData, bool) { return kecho.SessionFrom(c) },
		User:           func() *core.User { return kecho.UserFrom(c) },
		StoreLookAlike: func(s *core.SessionData) { c.Set("session", s) },
	})
}

// TestRequireSessionError checks the error the middleware returns, which
// a custom echo error handler gets.
func TestRequireSessionError(t *testing.T) {
	a := newAuth(t)
	c := echo.New().NewContext(httptest.NewRequest("GET", "/", nil), httptest.NewRecorder())
	err := kecho.RequireSession(a)(func(echo.Context) error {
		t.Error("the handler ran without a session")
		return nil
	})(c)
	var he *echo.HTTPError
	if !errors.As(err, &he) || he.Code != http.StatusUnauthorized {
		t.Fatalf("got error %v, want an *echo.HTTPError with code 401", err)
	}
	if !errors.Is(err, core.ErrUnauthorized) {
		t.Errorf("got error %v, want one that matches core.ErrUnauthorized", err)
	}
	if he.Message != core.ErrUnauthorized {
		t.Errorf("got message %v, want core.ErrUnauthorized", he.Message)
	}
}

// TestFailureCause checks the error the middleware returns when the
// session cannot be read: a 500 rendered as core.ErrInternal, wrapping
// the cause. A cancelled request makes the database read fail.
func TestFailureCause(t *testing.T) {
	a := newAuth(t)
	cookies := frameworktest.SignUp(t, a)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	for name, mw := range map[string]echo.MiddlewareFunc{
		"RequireSession": kecho.RequireSession(a),
		"LoadSession":    kecho.LoadSession(a),
	} {
		t.Run(name, func(t *testing.T) {
			req := httptest.NewRequestWithContext(ctx, "GET", "/", nil)
			for _, ck := range cookies {
				req.AddCookie(ck)
			}
			c := echo.New().NewContext(req, httptest.NewRecorder())
			err := mw(func(echo.Context) error {
				t.Error("the handler ran though the session could not be read")
				return nil
			})(c)
			var he *echo.HTTPError
			if !errors.As(err, &he) || he.Code != http.StatusInternalServerError ||
				he.Message != core.ErrInternal {
				t.Errorf("got error %#v, want a 500 *echo.HTTPError with core.ErrInternal", err)
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("got error %v, want one that wraps the context's cancellation", err)
			}
		})
	}
}

func newAuth(t testing.TB) *core.Auth {
	t.Helper()
	return frameworktest.NewAuth(t, core.Options{Secret: "echo-test-secret-0123456789abcdefghijklmn"})
}
