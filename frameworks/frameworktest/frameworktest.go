// Package frameworktest is the behavioural test that every framework
// binding of Kernia passes. A binding's test builds an app through the
// binding and hands it to [Run], which drives it over real HTTP:
//
//	func TestBinding(t *testing.T) {
//		frameworktest.Run(t, func(a *core.Auth) http.Handler {
//			// mount a's routes, serve ProtectedPath and OptionalPath
//		})
//	}
//
// The app must serve the auth routes under a.BasePath() for every method,
// and two routes of its own:
//
//   - GET [ProtectedPath] behind the binding's RequireSession middleware,
//     answering 200 with [Describe] of what the binding's session accessor
//     returns;
//   - GET [OptionalPath] behind the binding's LoadSession middleware,
//     answering 200 with [Greet] of what the binding's user accessor
//     returns.
package frameworktest

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/password"
	"github.com/kernia-go/kernia/core/storage"
)

// The app routes that [Run] expects besides the auth routes.
const (
	// ProtectedPath is served behind RequireSession.
	ProtectedPath = "/protected"
	// OptionalPath is served behind LoadSession.
	OptionalPath = "/optional"
)

// NewApp builds the app under test on a: see the package documentation
// for the routes it must serve.
type NewApp func(a *core.Auth) http.Handler

// Describe returns the body of the protected route: the user's email and
// the session's id, or "no session" when ok is false.
func Describe(s *core.SessionData, ok bool) string {
	if !ok || s == nil || s.User == nil || s.Session == nil {
		return "no session"
	}
	return s.User.Email + " " + s.Session.ID
}

// Greet returns the body of the optional route: "hello " and the user's
// name, or "hello guest" for nil.
func Greet(u *core.User) string {
	if u == nil {
		return "hello guest"
	}
	return "hello " + u.Name
}

// Run checks the app that newApp builds, once with the default base path
// and once with a custom one, each time on a fresh in-memory database.
func Run(t *testing.T, newApp NewApp) {
	t.Helper()
	for _, basePath := range []string{"", "/v1/identity"} {
		name := basePath
		if name == "" {
			name = core.DefaultBasePath
		}
		t.Run("base path "+name, func(t *testing.T) {
			h := newHarness(t, newApp, basePath)
			t.Run("auth routes", h.authRoutes)
			t.Run("without a session", h.withoutSession)
			t.Run("session lifecycle", h.lifecycle)
			t.Run("storage failure", h.storageFailure)
		})
	}
}

// errStoreDown is what the database answers while a test makes it fail.
var errStoreDown = errors.New("frameworktest: store is down")

// faultyStore is the memory adapter with reads that fail on demand: there
// is no other way to make a real database fail in the middle of a test.
type faultyStore struct {
	*memory.Adapter
	down *atomic.Bool
}

// FindOne fails while the store is down.
func (f faultyStore) FindOne(ctx context.Context, q storage.Query) (storage.Record, error) {
	if f.down.Load() {
		return nil, errStoreDown
	}
	return f.Adapter.FindOne(ctx, q)
}

// FindMany fails while the store is down.
func (f faultyStore) FindMany(ctx context.Context, q storage.Query) ([]storage.Record, error) {
	if f.down.Load() {
		return nil, errStoreDown
	}
	return f.Adapter.FindMany(ctx, q)
}

// newAuth returns an Auth with email and password on, a fast hasher and
// no rate limit, on a store that fails while down is set. BaseURL stays
// empty, so the trusted origin is the test server's own.
func newAuth(t *testing.T, basePath string, down *atomic.Bool) *core.Auth {
	t.Helper()
	off := false
	opts := core.Options{
		Secret:           "frameworktest-secret-0123456789abcdefghijkl",
		BasePath:         basePath,
		EmailAndPassword: core.EmailAndPasswordOptions{Enabled: true},
		Password:         &password.Hasher{Memory: 1024, Time: 1, Threads: 1},
		RateLimit:        core.RateLimitOptions{Enabled: &off},
	}
	db, err := storage.New(faultyStore{memory.New(), down},
		storage.Options{Schema: core.SchemaFor(opts)})
	if err != nil {
		t.Fatalf("frameworktest: storage: %v", err)
	}
	if err := db.Migrate(t.Context()); err != nil {
		t.Fatalf("frameworktest: migrate: %v", err)
	}
	opts.DB = db
	a, err := core.New(opts)
	if err != nil {
		t.Fatalf("frameworktest: auth: %v", err)
	}
	return a
}
