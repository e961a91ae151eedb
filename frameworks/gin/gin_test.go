package gin_test

import (
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
	if s, ok := kgin.SessionFrom(c); ok || s != nil {
		t.Errorf("got %v, %v from a fresh context, want nil, false", s, ok)
	}
	if u := kgin.UserFrom(c); u != nil {
		t.Errorf("got user %v from a fresh context, want nil", u)
	}
	c.Set("session", &core.SessionData{})
	if s, ok := kgin.SessionFrom(c); ok || s != nil {
		t.Errorf("got %v, %v with a look-alike key, want nil, false", s, ok)
	}
}
