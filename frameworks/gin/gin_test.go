package gin_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	gingonic "github.com/gin-gonic/gin"

	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/frameworks/frameworktest"
	kgin "github.com/kernia-go/kernia/frameworks/gin"
)

func TestMain(m *testing.M) {
	// Debug mode prints every route; the tests have no use for it.
	gingonic.SetMode(gingonic.TestMode)
	os.Exit(m.Run())
}

// TestShared runs the behavioural test that every binding passes.
func TestShared(t *testing.T) {
	frameworktest.Run(t, func(a *core.Auth) http.Handler {
		r := gingonic.New()
		kgin.Mount(r, a)
		r.GET(frameworktest.ProtectedPath, kgin.RequireSession(a), func(c *gingonic.Context) {
			c.String(http.StatusOK, frameworktest.Describe(kgin.SessionFrom(c)))
		})
		r.GET(frameworktest.OptionalPath, kgin.LoadSession(a), func(c *gingonic.Context) {
			c.String(http.StatusOK, frameworktest.Greet(kgin.UserFrom(c)))
		})
		return r
	})
}

// TestSharedGroup runs the same test with the middleware on a route group,
// the other way gin applications attach middleware.
func TestSharedGroup(t *testing.T) {
	frameworktest.Run(t, func(a *core.Auth) http.Handler {
		r := gingonic.New()
		kgin.Mount(r.Group("/"), a)
		r.Group("/", kgin.RequireSession(a)).GET(frameworktest.ProtectedPath,
			func(c *gingonic.Context) {
				c.String(http.StatusOK, frameworktest.Describe(kgin.SessionFrom(c)))
			})
		r.Group("/", kgin.LoadSession(a)).GET(frameworktest.OptionalPath,
			func(c *gingonic.Context) {
				c.String(http.StatusOK, frameworktest.Greet(kgin.UserFrom(c)))
			})
		return r
	})
}

func TestSessionFromEmpty(t *testing.T) {
	c, _ := gingonic.CreateTestContext(httptest.NewRecorder())
	frameworktest.CheckAccessors(t, "a fresh context", frameworktest.Accessors{
		Session:        func() (*core.SessionData, bool) { return kgin.SessionFrom(c) },
		User:           func() *core.User { return kgin.UserFrom(c) },
		StoreLookAlike: func(s *core.SessionData) { c.Set("session", s) },
	})
}

// TestFailureCause checks that a session that cannot be read is a 500
// whose cause is on c.Errors, where logging middleware finds it. A
// cancelled request makes the database read fail.
func TestFailureCause(t *testing.T) {
	a := newAuth(t)
	cookies := frameworktest.SignUp(t, a)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	for name, mw := range map[string]gingonic.HandlerFunc{
		"RequireSession": kgin.RequireSession(a),
		"LoadSession":    kgin.LoadSession(a),
	} {
		t.Run(name, func(t *testing.T) {
			w := httptest.NewRecorder()
			c, _ := gingonic.CreateTestContext(w)
			c.Request = httptest.NewRequestWithContext(ctx, "GET", "/", nil)
			for _, ck := range cookies {
				c.Request.AddCookie(ck)
			}
			mw(c)
			if !c.IsAborted() || w.Code != http.StatusInternalServerError {
				t.Errorf("got aborted %v, status %d, want an abort with 500", c.IsAborted(), w.Code)
			}
			if len(c.Errors) != 1 || !errors.Is(c.Errors[0].Err, context.Canceled) {
				t.Errorf("got c.Errors %v, want the context's cancellation", c.Errors)
			}
		})
	}
}

func newAuth(t *testing.T) *core.Auth {
	t.Helper()
	return frameworktest.NewAuth(t, core.Options{Secret: "gin-test-secret-0123456789abcdefghijklmnop"})
}
