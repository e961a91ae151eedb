package frameworktest

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/storage"
)

// sessionCookie is the name of Better Auth's session cookie over http.
const sessionCookie = "better-auth.session_token"

// harness is one app under test on its own server and database.
type harness struct {
	srv      *httptest.Server
	basePath string
	down     *atomic.Bool
	db       *storage.DB
	life     time.Duration // the sessions' lifetime, Session.ExpiresIn
}

func newHarness(t *testing.T, newApp NewApp, basePath string) *harness {
	t.Helper()
	down := new(atomic.Bool)
	a := newAuth(t, basePath, down)
	h := newApp(a)
	if h == nil {
		t.Fatal("frameworktest: NewApp returned a nil handler")
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	opts := a.Options()
	return &harness{srv: srv, basePath: a.BasePath(), down: down, db: opts.DB,
		life: opts.Session.ExpiresIn}
}

// request is one request to the app under test.
type request struct {
	method, path, body string
	cookie             string // the Cookie header, if any
	origin             string // the Origin header, if any
}

// response is what the app answered.
type response struct {
	*http.Response
	body string
}

func (h *harness) do(t *testing.T, r request) response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), r.method, h.srv.URL+r.path,
		strings.NewReader(r.body))
	if err != nil {
		t.Fatalf("frameworktest: %s %s: %v", r.method, r.path, err)
	}
	if r.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.cookie != "" {
		req.Header.Set("Cookie", r.cookie)
	}
	if r.origin != "" {
		req.Header.Set("Origin", r.origin)
	}
	res, err := h.srv.Client().Do(req)
	if err != nil {
		t.Fatalf("frameworktest: %s %s: %v", r.method, r.path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("frameworktest: %s %s: read body: %v", r.method, r.path, err)
	}
	return response{res, string(b)}
}

// expect checks the status and the body, trimmed of surrounding space.
func expect(t *testing.T, what string, got response, status int, body string) {
	t.Helper()
	if got.StatusCode != status || strings.TrimSpace(got.body) != body {
		t.Errorf("%s: got %d %q, want %d %q", what, got.StatusCode, got.body, status, body)
	}
}

// expectError checks that got is e as Better Auth renders it: e's status
// and {"message":…,"code":…} as JSON.
func expectError(t *testing.T, what string, got response, e *core.APIError) {
	t.Helper()
	want, _ := json.Marshal(e)
	expect(t, what, got, e.Status, string(want))
	ct := got.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
		t.Errorf("%s: got Content-Type %q, want application/json", what, ct)
	}
}

// authRoutes checks that everything under the base path reaches the auth
// handler, whatever the method.
func (h *harness) authRoutes(t *testing.T) {
	expect(t, "GET ok", h.do(t, request{method: "GET", path: h.basePath + "/ok"}),
		200, `{"ok":true}`)
	expectError(t, "GET an unknown auth route",
		h.do(t, request{method: "GET", path: h.basePath + "/no/such/route"}), core.ErrNotFound)
	expectError(t, "DELETE an auth route",
		h.do(t, request{method: "DELETE", path: h.basePath + "/ok"}), core.ErrNotFound)
	got := h.do(t, request{method: "POST", path: h.basePath + "/sign-in/email",
		body: `{"email":"nobody@example.com","password":"password123"}`})
	expectError(t, "POST sign-in for an unknown user", got, core.ErrInvalidEmailOrPassword)
}

// withoutSession checks both app routes without a session, and with a
// cookie that names no session.
func (h *harness) withoutSession(t *testing.T) {
	for _, cookie := range []string{"", sessionCookie + "=forged.token"} {
		got := h.do(t, request{method: "GET", path: ProtectedPath, cookie: cookie})
		expectError(t, "protected route with cookie "+cookie, got, core.ErrUnauthorized)
		got = h.do(t, request{method: "GET", path: OptionalPath, cookie: cookie})
		expect(t, "optional route with cookie "+cookie, got, 200, Greet(nil))
	}
}

// lifecycle signs up, uses the session on both app routes, has a
// cross-origin sign-out refused, then signs out.
func (h *harness) lifecycle(t *testing.T) {
	cookie, data := h.signUp(t, "Ann", "ann@example.com")
	if t.Failed() {
		return
	}
	expect(t, "protected route with a session",
		h.do(t, request{method: "GET", path: ProtectedPath, cookie: cookie}),
		200, Describe(data, true))
	expect(t, "optional route with a session",
		h.do(t, request{method: "GET", path: OptionalPath, cookie: cookie}), 200, Greet(data.User))

	got := h.do(t, request{method: "POST", path: h.basePath + "/sign-out", body: "{}",
		cookie: cookie, origin: "http://evil.example"})
	expectError(t, "sign-out from another origin", got, core.ErrInvalidOrigin)
	expect(t, "protected route after the refused sign-out",
		h.do(t, request{method: "GET", path: ProtectedPath, cookie: cookie}),
		200, Describe(data, true))

	got = h.do(t, request{method: "POST", path: h.basePath + "/sign-out", body: "{}",
		cookie: cookie, origin: h.srv.URL})
	expect(t, "sign-out", got, 200, `{"success":true}`)
	if c := findCookie(got.Cookies(), sessionCookie); c == nil || c.MaxAge >= 0 {
		t.Errorf("sign-out: got session cookie %v, want one that deletes it", c)
	}
	got = h.do(t, request{method: "GET", path: ProtectedPath, cookie: cookie})
	expectError(t, "protected route after sign-out", got, core.ErrUnauthorized)
	expect(t, "optional route after sign-out",
		h.do(t, request{method: "GET", path: OptionalPath, cookie: cookie}), 200, Greet(nil))
}

// signUp creates a user and returns the Cookie header that carries the
// new session, and the session as get-session reports it.
func (h *harness) signUp(t *testing.T, name, email string) (string, *core.SessionData) {
	t.Helper()
	got := h.do(t, request{method: "POST", path: h.basePath + "/sign-up/email",
		body: `{"name":"` + name + `","email":"` + email + `","password":"password123"}`})
	if got.StatusCode != 200 {
		t.Errorf("sign-up: got %d %s, want 200", got.StatusCode, got.body)
		return "", nil
	}
	c := findCookie(got.Cookies(), sessionCookie)
	if c == nil || c.Value == "" || !c.HttpOnly || c.Path != "/" {
		t.Errorf("sign-up: got session cookie %v, want an HttpOnly one on Path=/", c)
		return "", nil
	}
	cookie := c.Name + "=" + c.Value

	got = h.do(t, request{method: "GET", path: h.basePath + "/get-session", cookie: cookie})
	var data struct {
		Session struct{ ID string }
		User    struct{ Name, Email string }
	}
	if err := json.Unmarshal([]byte(got.body), &data); err != nil || data.User.Email != email {
		t.Errorf("get-session after sign-up: got %d %s, want the user %s",
			got.StatusCode, got.body, email)
		return "", nil
	}
	return cookie, &core.SessionData{
		Session: &core.Session{ID: data.Session.ID},
		User:    &core.User{Name: data.User.Name, Email: data.User.Email},
	}
}

// refresh checks that both middlewares keep a session alive as
// get-session does: a session not yet due for a refresh gets no cookie, a
// due one gets a later expiry and a renewed cookie, and an expired one
// has its cookies cleared.
func (h *harness) refresh(t *testing.T) {
	for _, path := range []string{ProtectedPath, OptionalPath} {
		t.Run(strings.TrimPrefix(path, "/"), func(t *testing.T) {
			h.refreshOn(t, path)
		})
	}
}

func (h *harness) refreshOn(t *testing.T, path string) {
	cookie, data := h.signUp(t, "Cara", "cara"+strings.TrimPrefix(path, "/")+"@example.com")
	if t.Failed() {
		return
	}
	id := data.Session.ID
	got := h.do(t, request{method: "GET", path: path, cookie: cookie})
	if lines := got.Header.Values("Set-Cookie"); got.StatusCode != 200 || len(lines) != 0 {
		t.Errorf("fresh session: got %d with Set-Cookie %q, want 200 and none",
			got.StatusCode, lines)
	}

	// Five days left of the week: more than a day old, so due.
	h.setExpiry(t, id, time.Now().Add(h.life-2*24*time.Hour))
	got = h.do(t, request{method: "GET", path: path, cookie: cookie})
	c := findCookie(got.Cookies(), sessionCookie)
	minAge := int((h.life - time.Minute).Seconds())
	if got.StatusCode != 200 || c == nil || c.Name+"="+c.Value != cookie || c.MaxAge < minAge {
		t.Errorf("due session: got %d with session cookie %v, want 200 and the same "+
			"cookie with Max-Age of at least %d", got.StatusCode, c, minAge)
	}
	if left := time.Until(h.expiry(t, id)); left < h.life-time.Minute {
		t.Errorf("due session: got expiry in %v, want about %v", left, h.life)
	}
	got = h.do(t, request{method: "GET", path: path, cookie: cookie})
	if lines := got.Header.Values("Set-Cookie"); len(lines) != 0 {
		t.Errorf("just refreshed session: got Set-Cookie %q, want none", lines)
	}

	h.setExpiry(t, id, time.Now().Add(-time.Minute))
	got = h.do(t, request{method: "GET", path: path, cookie: cookie})
	if c := findCookie(got.Cookies(), sessionCookie); c == nil || c.MaxAge >= 0 {
		t.Errorf("expired session: got session cookie %v, want one that deletes it", c)
	}
}

// setExpiry moves the session's expiry in the database.
func (h *harness) setExpiry(t *testing.T, id string, at time.Time) {
	t.Helper()
	_, err := h.db.Update(t.Context(), "session", []storage.Where{storage.Eq("id", id)},
		storage.Record{"expiresAt": at})
	if err != nil {
		t.Fatalf("frameworktest: set session expiry: %v", err)
	}
}

// expiry returns the session's expiry as stored in the database.
func (h *harness) expiry(t *testing.T, id string) time.Time {
	t.Helper()
	r, err := h.db.FindOne(t.Context(), storage.FindQuery{Model: "session",
		Where: []storage.Where{storage.Eq("id", id)}})
	if err != nil || r == nil {
		t.Fatalf("frameworktest: read session: got %v, %v, want the row", r, err)
	}
	at, ok := r["expiresAt"].(time.Time)
	if !ok {
		t.Fatalf("frameworktest: got expiresAt %T, want time.Time", r["expiresAt"])
	}
	return at
}

// storageFailure checks that both middlewares answer 500 when the session
// cannot be read, rather than treating the caller as signed out.
func (h *harness) storageFailure(t *testing.T) {
	cookie, _ := h.signUp(t, "Bob", "bob@example.com")
	if t.Failed() {
		return
	}
	h.down.Store(true)
	defer h.down.Store(false)
	for _, path := range []string{ProtectedPath, OptionalPath} {
		got := h.do(t, request{method: "GET", path: path, cookie: cookie})
		expectError(t, path+" while the store is down", got, core.ErrInternal)
	}
}

func findCookie(cs []*http.Cookie, name string) *http.Cookie {
	for _, c := range cs {
		if c.Name == name {
			return c
		}
	}
	return nil
}
