package core

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/core/storage"
)

// stepPlugin exercises the plugin API the way the planned two-factor,
// admin and passkey plugins would: an after hook that stops sign-in
// half-way, a route of its own that creates a session with an extra
// field, a model of its own with database hooks, and a rate-limit rule.
type stepPlugin struct {
	created  []string // names seen by the afterCreate hook
	initErr  error
	initSeen *Auth
}

func (p *stepPlugin) ID() string { return "step" }

func (p *stepPlugin) Schema() []storage.Model {
	return []storage.Model{
		{Name: "session", Fields: []storage.Field{{Name: "impersonatedBy", Type: storage.TypeString}}},
		{Name: "note", Fields: []storage.Field{{Name: "text", Type: storage.TypeString}}},
	}
}

func (p *stepPlugin) Routes() []Route {
	return []Route{
		{Method: http.MethodPost, Path: "/step/sign-in", Body: []Param{{Name: "email",
			Type: ParamString, Required: true}}, Handler: p.signIn},
		{Method: http.MethodPost, Path: "/step/note", Session: SessionRequired,
			Handler: p.note},
	}
}

// signIn is a passkey-like sign-in: the route finds the user and creates
// the session itself, marked as an admin's impersonation would be.
func (p *stepPlugin) signIn(c *Context) (any, error) {
	rec, err := c.DB().FindOne(c.Context(), storage.FindQuery{Model: "user",
		Where: []storage.Where{storage.Eq("email", c.Body["email"])}})
	if err != nil || rec == nil {
		return nil, ErrUserNotFound
	}
	u := c.Auth().User(rec)
	s, err := c.CreateSession(u.ID, NewSessionOptions{ExpiresIn: time.Hour,
		Fields: storage.Record{"impersonatedBy": "admin-1"}})
	if err != nil {
		return nil, err
	}
	c.SetSessionCookie(&SessionData{Session: s, User: u}, false)
	return map[string]any{"token": s.Token}, nil
}

func (p *stepPlugin) note(c *Context) (any, error) {
	if _, err := c.Create("note", storage.Record{"text": "hello"}); err != nil {
		return nil, err
	}
	return map[string]any{"ok": true}, nil
}

func (p *stepPlugin) RequestHooks() []RequestHook {
	return []RequestHook{{
		Match: MatchPaths("/sign-in/email"),
		After: func(c *Context) (any, error) {
			if c.NewSession == nil {
				return nil, nil
			}
			uid := c.NewSession.User.ID
			c.ClearSessionCookies()
			c.SetSignedCookie("two_factor", uid, 600)
			return map[string]any{"twoFactorRedirect": true}, nil
		},
	}}
}

func (p *stepPlugin) DatabaseHooks() map[string]ModelHooks {
	return map[string]ModelHooks{"note": {AfterCreate: func(_ context.Context, r storage.Record) {
		p.created = append(p.created, r["text"].(string))
	}}}
}

func (p *stepPlugin) RateLimits() map[string]RateLimitRule {
	return map[string]RateLimitRule{"/step/*": {Window: time.Minute, Max: 1}}
}

func (p *stepPlugin) ErrorCodes() []APIError {
	return []APIError{{Status: 400, Code: "STEP_FAILED", Message: "Step failed"}}
}

func (p *stepPlugin) Init(a *Auth) error {
	p.initSeen = a
	return p.initErr
}

func TestPluginSecondStepAfterHook(t *testing.T) {
	p := &stepPlugin{}
	a := newAuth(t, func(o *Options) { o.Plugins = []Plugin{p} })
	if p.initSeen != a {
		t.Fatalf("Init got %p, want the Auth %p", p.initSeen, a)
	}
	signUp(t, a)
	r := post(t, a, "/sign-in/email", `{"email":"alice@example.com","password":"password123"}`,
		nil)
	if r.status != 200 || !strings.Contains(r.body, `"twoFactorRedirect":true`) {
		t.Fatalf("got %d %s, want 200 with twoFactorRedirect", r.status, r.body)
	}
	lines := r.header.Values("Set-Cookie")
	last := ""
	for _, l := range lines {
		if strings.HasPrefix(l, "better-auth.session_token=") {
			last = l
		}
	}
	if !strings.HasPrefix(last, "better-auth.session_token=;") {
		t.Errorf("got last session cookie %q, want it expired", last)
	}
	if r.cookie("better-auth.two_factor") == "" {
		t.Errorf("got cookies %v, want a two_factor cookie", lines)
	}
}

func TestPluginOwnSignInRoute(t *testing.T) {
	p := &stepPlugin{}
	a := newAuth(t, func(o *Options) { o.Plugins = []Plugin{p} })
	signUp(t, a)
	r := post(t, a, "/step/sign-in", `{"email":"alice@example.com"}`, nil)
	if r.status != 200 {
		t.Fatalf("got %d %s, want 200", r.status, r.body)
	}
	cookie := r.cookieValue("better-auth.session_token")
	s := get(t, a, "/get-session", withCookie(cookie)).json(t)
	sess, _ := s["session"].(map[string]any)
	if sess["impersonatedBy"] != "admin-1" {
		t.Errorf("got session %v, want impersonatedBy admin-1", sess)
	}
	n := post(t, a, "/step/note", `{}`, withCookie(cookie))
	if n.status != 200 || len(p.created) != 1 || p.created[0] != "hello" {
		t.Errorf("got %d %s and hook saw %v, want 200 and [hello]", n.status, n.body, p.created)
	}
}

func TestPluginRateLimitRule(t *testing.T) {
	a := newAuth(t, func(o *Options) {
		o.Plugins = []Plugin{&stepPlugin{}}
		o.RateLimit.Enabled = on()
	})
	signUp(t, a)
	for i, want := range []int{200, 429} {
		r := post(t, a, "/step/sign-in", `{"email":"alice@example.com"}`, nil)
		if r.status != want {
			t.Errorf("request %d: got %d, want %d", i, r.status, want)
		}
	}
}

func TestPluginInitError(t *testing.T) {
	boom := errors.New("boom")
	opts := Options{Secret: testSecret, Plugins: []Plugin{&stepPlugin{initErr: boom}}}
	db, err := memory.NewDB(storage.Options{Schema: SchemaFor(opts)})
	if err != nil {
		t.Fatal(err)
	}
	opts.DB = db
	if _, err := New(opts); !errors.Is(err, boom) {
		t.Errorf("got %v, want the Init error", err)
	}
}

func TestPluginSessionCookieKeepsDontRemember(t *testing.T) {
	a := newAuth(t, func(o *Options) { o.Plugins = []Plugin{&stepPlugin{}} })
	signUp(t, a)
	r := post(t, a, "/sign-in/email",
		`{"email":"alice@example.com","password":"password123","rememberMe":false}`, nil)
	dr := r.cookieValue("better-auth.dont_remember")
	if dr == "" {
		t.Fatalf("sign-in: got cookies %v, want dont_remember", r.cookies)
	}
	// The step plugin's after hook replaced the sign-in; its own route
	// signs in again and must keep the browser-session cookie.
	r = post(t, a, "/step/sign-in", `{"email":"alice@example.com"}`, withCookie(dr))
	line := r.cookie("better-auth.session_token")
	if line == "" || strings.Contains(line, "Max-Age") {
		t.Errorf("got session cookie %q, want one without Max-Age", line)
	}
}

func TestContextTransaction(t *testing.T) {
	boom := errors.New("boom")
	var inside *storage.DB
	route := Route{Method: http.MethodPost, Path: "/tx/note", Handler: func(c *Context) (any, error) {
		err := c.Transaction(func() error {
			inside = c.DB()
			if _, err := c.Create("note", storage.Record{"text": "kept?"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			return nil, err
		}
		if c.DB() != c.Auth().DB() {
			return nil, errors.New("DB not restored after the transaction")
		}
		return map[string]any{"ok": true}, nil
	}}
	p := &routePlugin{step: &stepPlugin{}, extra: route}
	a := newAuth(t, func(o *Options) { o.Plugins = []Plugin{p} })
	if r := post(t, a, "/tx/note", `{}`, nil); r.status != 200 {
		t.Fatalf("got %d %s, want 200", r.status, r.body)
	}
	if inside == nil {
		t.Fatal("the transaction function did not run")
	}
	n, err := a.DB().Count(context.Background(), "note", nil)
	if err != nil {
		t.Fatal(err)
	}
	// The memory adapter has transactions: the failed one leaves nothing.
	if n != 0 {
		t.Errorf("got %d notes after a failed transaction, want 0", n)
	}
}

// routePlugin is stepPlugin with one more route.
type routePlugin struct {
	step  *stepPlugin
	extra Route
}

func (p *routePlugin) ID() string              { return "tx" }
func (p *routePlugin) Schema() []storage.Model { return p.step.Schema() }
func (p *routePlugin) Routes() []Route         { return []Route{p.extra} }

// TestAPICallErrorOmitsPathParams checks that a failing route called by
// path wraps its error under the route's pattern, so that a token in the
// path does not reach the caller's logs through the message.
func TestAPICallErrorOmitsPathParams(t *testing.T) {
	boom := errors.New("boom")
	route := Route{Method: http.MethodGet, Path: "/tx/item/:secret",
		Handler: func(*Context) (any, error) { return nil, boom }}
	p := &routePlugin{step: &stepPlugin{}, extra: route}
	a := newAuth(t, func(o *Options) { o.Plugins = []Plugin{p} })
	_, err := a.API().Call(context.Background(), CallInput{Method: http.MethodGet,
		Path: "/tx/item/s3cr3t-value"})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want the route's error", err)
	}
	if msg := err.Error(); strings.Contains(msg, "s3cr3t-value") ||
		!strings.Contains(msg, "/tx/item/:secret") {
		t.Errorf("got message %q, want the route pattern without the parameter", msg)
	}
}
