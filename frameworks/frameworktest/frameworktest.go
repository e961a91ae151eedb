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
//
// [NewAuth], [SignUp] and [CheckAccessors] serve the tests a binding has
// beside Run, for what only its own API can show.
package frameworktest

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
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
			t.Run("session refresh", h.refresh)
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

// newAuth returns the Auth that [Run] checks: [NewAuth]'s with no rate
// limit, on a store that fails while down is set. BaseURL stays empty, so
// the trusted origin is the test server's own.
func newAuth(t *testing.T, basePath string, down *atomic.Bool) *core.Auth {
	t.Helper()
	off := false
	opts := core.Options{
		Secret:    "frameworktest-secret-0123456789abcdefghijkl",
		BasePath:  basePath,
		RateLimit: core.RateLimitOptions{Enabled: &off},
	}
	return newAuthOn(t, faultyStore{memory.New(), down}, opts)
}

// NewAuth returns an Auth built from opts on a fresh in-memory database,
// for a binding's own tests beside [Run]. Email and password sign-in is
// turned on, and a nil Password gets a hasher fast enough for tests; the
// rest of opts is used as given, and opts.DB is replaced. Any error fails
// t.
func NewAuth(t testing.TB, opts core.Options) *core.Auth {
	t.Helper()
	return newAuthOn(t, memory.New(), opts)
}

// newAuthOn is [NewAuth] on the given adapter.
func newAuthOn(t testing.TB, adapter storage.Adapter, opts core.Options) *core.Auth {
	t.Helper()
	opts.EmailAndPassword.Enabled = true
	if opts.Password == nil {
		opts.Password = &password.Hasher{Memory: 1024, Time: 1, Threads: 1}
	}
	db, err := storage.New(adapter, storage.Options{Schema: core.SchemaFor(opts)})
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

// SignUp signs Ann (ann@example.com, password123) up through a's own
// handler, without a server, and returns the cookies of her new session.
// Any failure fails t.
func SignUp(t testing.TB, a *core.Auth) []*http.Cookie {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", a.BasePath()+"/sign-up/email",
		strings.NewReader(`{"name":"Ann","email":"ann@example.com","password":"password123"}`))
	req.Header.Set("Content-Type", "application/json")
	a.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("sign-up: got %d %s, want 200", rec.Code, rec.Body)
	}
	return rec.Result().Cookies()
}

// Accessors are a binding's accessors bound to one request, called as an
// application handler would call them.
type Accessors struct {
	// Session is the binding's session accessor.
	Session func() (*core.SessionData, bool)
	// User is the binding's user accessor.
	User func() *core.User
	// StoreLookAlike, when not nil, stores a session where a careless
	// binding would look for it, under the plain key "session".
	StoreLookAlike func(*core.SessionData)
}

// CheckAccessors checks accessors on a request that no middleware has
// seen: both find nothing, and still nothing once StoreLookAlike has
// stored a session that is not the binding's own.
func CheckAccessors(t testing.TB, where string, acc Accessors) {
	t.Helper()
	if s, ok := acc.Session(); ok || s != nil {
		t.Errorf("got %v, %v from %s, want nil, false", s, ok, where)
	}
	if u := acc.User(); u != nil {
		t.Errorf("got user %v from %s, want nil", u, where)
	}
	if acc.StoreLookAlike == nil {
		return
	}
	acc.StoreLookAlike(&core.SessionData{})
	if s, ok := acc.Session(); ok || s != nil {
		t.Errorf("got %v, %v with a look-alike key, want nil, false", s, ok)
	}
}
