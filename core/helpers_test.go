package core

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/core/password"
	"github.com/kernia-go/kernia/core/storage"
)

const (
	testSecret = "test-secret-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFG"
	testOrigin = "http://localhost:3000"
)

func off() *bool { b := false; return &b }
func on() *bool  { b := true; return &b }

// fastHasher keeps tests quick; one test uses the defaults.
func fastHasher() *password.Hasher { return &password.Hasher{Memory: 1024, Time: 1, Threads: 1} }

// newAuth returns an Auth on a fresh memory DB with email and password on
// and rate limiting off; mod adjusts the options.
func newAuth(t testing.TB, mod func(*Options)) *Auth {
	t.Helper()
	opts := Options{
		Secret:           testSecret,
		BaseURL:          testOrigin,
		EmailAndPassword: EmailAndPasswordOptions{Enabled: true},
		Password:         fastHasher(),
		RateLimit:        RateLimitOptions{Enabled: off()},
	}
	if mod != nil {
		mod(&opts)
	}
	if opts.DB == nil {
		db, err := memory.NewDB(storage.Options{Schema: SchemaFor(opts)})
		if err != nil {
			t.Fatalf("memory db: %v", err)
		}
		opts.DB = db
	}
	a, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a
}

// resp is a recorded response.
type resp struct {
	status  int
	header  http.Header
	body    string
	cookies []string
}

func (r resp) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.body), &m); err != nil {
		t.Fatalf("body %q is not a JSON object: %v", r.body, err)
	}
	return m
}

// cookie returns the Set-Cookie line for name, or "".
func (r resp) cookie(name string) string {
	for _, c := range r.cookies {
		if strings.HasPrefix(c, name+"=") {
			return c
		}
	}
	return ""
}

// withCache returns the session and cache cookies of r for a Cookie header.
func (r resp) withCache() string {
	return r.cookieValue("better-auth.session_token") + "; " +
		r.cookieValue("better-auth.session_data")
}

// cacheValue returns the value of the session_data cookie r sets.
func (r resp) cacheValue() string {
	const prefix = "better-auth.session_data="
	return strings.TrimPrefix(r.cookieValue("better-auth.session_data"), prefix)
}

// cookieValue returns name=value of a Set-Cookie line, for a Cookie header.
func (r resp) cookieValue(name string) string {
	line := r.cookie(name)
	v, _, _ := strings.Cut(line, ";")
	return v
}

type req struct {
	method, path, body, ctype string
	headers                   map[string]string
}

func do(t testing.TB, a *Auth, q req) resp {
	t.Helper()
	var body io.Reader
	if q.body != "" {
		body = strings.NewReader(q.body)
	}
	r := httptest.NewRequest(q.method, q.path, body)
	if q.body != "" {
		ct := q.ctype
		if ct == "" {
			ct = "application/json"
		}
		r.Header.Set("Content-Type", ct)
	}
	for k, v := range q.headers {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	a.Handler().ServeHTTP(w, r)
	res := w.Result()
	b, _ := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, header: res.Header, body: string(b),
		cookies: res.Header.Values("Set-Cookie")}
}

func post(t testing.TB, a *Auth, path, body string, headers map[string]string) resp {
	t.Helper()
	return do(t, a, req{method: "POST", path: "/api/auth" + path, body: body, headers: headers})
}

func get(t testing.TB, a *Auth, path string, headers map[string]string) resp {
	t.Helper()
	return do(t, a, req{method: "GET", path: "/api/auth" + path, headers: headers})
}

// withCookie returns headers that send cookie with a trusted Origin.
func withCookie(cookie string) map[string]string {
	return map[string]string{"Cookie": cookie, "Origin": testOrigin}
}

// aliceCreds signs alice in.
const aliceCreds = `{"email":"alice@example.com","password":"password123"}`

const aliceSignUp = `{"name":"Alice","email":"Alice@Example.com","password":"password123",` +
	`"image":"http://img"}`

// signUp creates alice and returns the session cookie pair.
func signUp(t testing.TB, a *Auth) (resp, string) {
	t.Helper()
	r := post(t, a, "/sign-up/email", aliceSignUp, nil)
	if r.status != 200 {
		t.Fatalf("sign-up: got %d %s, want 200", r.status, r.body)
	}
	return r, r.cookieValue("better-auth.session_token")
}

func wantError(t testing.TB, r resp, status int, code, message string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("got status %d (body %s), want %d", r.status, r.body, status)
	}
	m := r.json(t)
	if code != "" && m["code"] != code {
		t.Errorf("got code %v, want %s", m["code"], code)
	}
	if m["message"] != message {
		t.Errorf("got message %q, want %q", m["message"], message)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("got Content-Type %q, want application/json", ct)
	}
}

func httptestRequest() *http.Request { return httptest.NewRequest("GET", "/", nil) }
