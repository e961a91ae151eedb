package organization

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	bunadapter "github.com/kernia-go/kernia/adapters/bun"
	"github.com/kernia-go/kernia/adapters/bun/buntest"
	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/password"
	"github.com/kernia-go/kernia/core/storage"
)

const (
	testSecret = "organization-test-secret-0123456789abcdef"
	testOrigin = "http://localhost:3000"
)

// backend makes a fresh DB with a schema.
type backend = buntest.DB

// backends are the memory adapter, then the bun adapter on each SQL
// database.
var backends = append([]backend{{Name: "memory", Open: openMemory}}, buntest.DBs(openBun)...)

func openMemory(t testing.TB, s *storage.Schema) *storage.DB {
	db, err := memory.NewDB(storage.Options{Schema: s})
	if err != nil {
		t.Fatalf("memory: %v", err)
	}
	return db
}

func openBun(dialect, dsn string) (buntest.Adapter, error) { return bunadapter.Open(dialect, dsn) }

// env is an Auth with the plugin, and signed-up users.
type env struct {
	t    *testing.T
	auth *core.Auth
	org  *Plugin
}

func newEnv(t *testing.T, b backend, p *Plugin) *env {
	t.Helper()
	return newEnvWith(t, b, p, nil)
}

// newEnvWith is newEnv with the core options adjusted by mod.
func newEnvWith(t *testing.T, b backend, p *Plugin, mod func(*core.Options)) *env {
	t.Helper()
	off := false
	opts := core.Options{
		Secret: testSecret, BaseURL: testOrigin,
		EmailAndPassword: core.EmailAndPasswordOptions{Enabled: true},
		Password:         &password.Hasher{Memory: 1024, Time: 1, Threads: 1},
		RateLimit:        core.RateLimitOptions{Enabled: &off},
		Plugins:          []core.Plugin{p},
	}
	if mod != nil {
		mod(&opts)
	}
	opts.DB = b.Open(t, core.SchemaFor(opts))
	a, err := core.New(opts)
	if err != nil {
		t.Fatalf("core.New: %v", err)
	}
	return &env{t: t, auth: a, org: p}
}

// resp is a recorded response.
type resp struct {
	status int
	body   string
	header http.Header
}

func (r resp) object(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.body), &m); err != nil {
		t.Fatalf("body %q is not a JSON object: %v", r.body, err)
	}
	return m
}

func (r resp) list(t *testing.T) []any {
	t.Helper()
	var l []any
	if err := json.Unmarshal([]byte(r.body), &l); err != nil {
		t.Fatalf("body %q is not a JSON array: %v", r.body, err)
	}
	return l
}

// user is a signed-in test user.
type user struct {
	id, email, cookie string
}

func (e *env) do(method, path, body, cookie string) resp {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, "/api/auth"+path, rd)
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	r.Header.Set("Origin", testOrigin)
	if cookie != "" {
		r.Header.Set("Cookie", cookie)
	}
	w := httptest.NewRecorder()
	e.auth.Handler().ServeHTTP(w, r)
	return resp{status: w.Code, body: w.Body.String(), header: w.Header()}
}

func (e *env) post(u user, path, body string) resp {
	e.t.Helper()
	return e.do(http.MethodPost, path, body, u.cookie)
}

func (e *env) get(u user, path string) resp {
	e.t.Helper()
	return e.do(http.MethodGet, path, "", u.cookie)
}

// signUp creates a user and returns it signed in.
func (e *env) signUp(name string) user {
	e.t.Helper()
	email := strings.ToLower(name) + "@example.com"
	r := e.do(http.MethodPost, "/sign-up/email", `{"name":"`+name+`","email":"`+email+
		`","password":"password123"}`, "")
	if r.status != 200 {
		e.t.Fatalf("sign-up %s: got %d %s", name, r.status, r.body)
	}
	var cookie string
	for _, line := range r.header.Values("Set-Cookie") {
		if strings.HasPrefix(line, "better-auth.session_token=") {
			cookie, _, _ = strings.Cut(line, ";")
		}
	}
	m := r.object(e.t)
	u, _ := m["user"].(map[string]any)
	id, _ := u["id"].(string)
	return user{id: id, email: email, cookie: cookie}
}

// verify marks the user's email verified in the database.
func (e *env) verify(u user) {
	e.t.Helper()
	_, err := e.auth.DB().Update(context.Background(), "user",
		[]storage.Where{storage.Eq("id", u.id)}, storage.Record{"emailVerified": true})
	if err != nil {
		e.t.Fatal(err)
	}
}

// want checks a response's status and, for errors, its code and message.
func want(t *testing.T, r resp, status int, code, message string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("got status %d (body %s), want %d", r.status, r.body, status)
	}
	if code == "" && message == "" {
		return
	}
	m := r.object(t)
	if m["code"] != nilIfEmpty(code) {
		t.Errorf("got code %v, want %q", m["code"], code)
	}
	if message != "" && m["message"] != message {
		t.Errorf("got message %q, want %q", m["message"], message)
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// wantErr checks an error response against a plugin error.
func wantErr(t *testing.T, r resp, e *core.APIError, status int) {
	t.Helper()
	want(t, r, status, e.Code, e.Message)
}

// wantKeys checks that an object has exactly the keys.
func wantKeys(t *testing.T, what string, m map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("%s: got keys %v, want %q among them", what, mapKeys(m), k)
		}
	}
	if len(m) != len(keys) {
		t.Errorf("%s: got keys %v, want exactly %v", what, mapKeys(m), keys)
	}
}

func mapKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// forEachBackend runs the test against every backend.
func forEachBackend(t *testing.T, fn func(t *testing.T, b backend)) {
	for _, b := range backends {
		t.Run(b.Name, func(t *testing.T) { fn(t, b) })
	}
}
