package echo_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/password"
	"github.com/kernia-go/kernia/core/storage"
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

// TestFailureCause checks the error the middleware returns when the
// session cannot be read: a 500 rendered as core.ErrInternal, wrapping
// the cause. A cancelled request makes the database read fail.
func TestFailureCause(t *testing.T) {
	a := newAuth(t)
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/api/auth/sign-up/email",
		strings.NewReader(`{"name":"Ann","email":"ann@example.com","password":"password123"}`))
	req.Header.Set("Content-Type", "application/json")
	a.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("sign-up: got %d %s, want 200", rec.Code, rec.Body)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	for name, mw := range map[string]echo.MiddlewareFunc{
		"RequireSession": kecho.RequireSession(a),
		"LoadSession":    kecho.LoadSession(a),
	} {
		t.Run(name, func(t *testing.T) {
			req := httptest.NewRequestWithContext(ctx, "GET", "/", nil)
			for _, ck := range rec.Result().Cookies() {
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
	opts := core.Options{
		Secret:           "echo-test-secret-0123456789abcdefghijklmn",
		EmailAndPassword: core.EmailAndPasswordOptions{Enabled: true},
		Password:         &password.Hasher{Memory: 1024, Time: 1, Threads: 1},
	}
	db, err := memory.NewDB(storage.Options{Schema: core.SchemaFor(opts)})
	if err != nil {
		t.Fatal(err)
	}
	opts.DB = db
	a, err := core.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
