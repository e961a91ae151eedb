package echo_test

import (
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
	if s, ok := kecho.SessionFrom(c); ok || s != nil {
		t.Errorf("got %v, %v from a fresh context, want nil, false", s, ok)
	}
	if u := kecho.UserFrom(c); u != nil {
		t.Errorf("got user %v from a fresh context, want nil", u)
	}
	c.Set("session", &core.SessionData{})
	if s, ok := kecho.SessionFrom(c); ok || s != nil {
		t.Errorf("got %v, %v with a look-alike key, want nil, false", s, ok)
	}
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
