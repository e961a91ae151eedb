package core

import (
	"regexp"
	"strings"
	"testing"
)

var jsDate = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

func TestSignUpSignInFlow(t *testing.T) {
	a := newAuth(t, nil)
	r, cookie := signUp(t, a)
	m := r.json(t)
	token, _ := m["token"].(string)
	if len(token) != 32 {
		t.Fatalf("got token %q, want 32 chars", token)
	}
	user := m["user"].(map[string]any)
	if user["email"] != "alice@example.com" || user["name"] != "Alice" ||
		user["emailVerified"] != false || user["image"] != "http://img" {
		t.Errorf("got user %v", user)
	}
	for _, k := range []string{"createdAt", "updatedAt"} {
		if s, _ := user[k].(string); !jsDate.MatchString(s) {
			t.Errorf("got %s %q, want a JS date", k, s)
		}
	}
	line := r.cookie("better-auth.session_token")
	want := regexp.MustCompile(`^better-auth\.session_token=` + token +
		`\.[A-Za-z0-9%]+%3D; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax$`)
	if !want.MatchString(line) {
		t.Errorf("got Set-Cookie %q", line)
	}

	g := get(t, a, "/get-session", map[string]string{"Cookie": cookie})
	if g.status != 200 {
		t.Fatalf("get-session: got %d %s", g.status, g.body)
	}
	gm := g.json(t)
	s := gm["session"].(map[string]any)
	if s["token"] != token || s["userId"] != user["id"] {
		t.Errorf("got session %v", s)
	}
	if len(g.cookies) != 0 {
		t.Errorf("get-session set cookies %v, want none", g.cookies)
	}

	out := post(t, a, "/sign-out", "{}", withCookie(cookie))
	if out.status != 200 || out.body != `{"success":true}` {
		t.Fatalf("sign-out: got %d %s", out.status, out.body)
	}
	wantCleared(t, out)

	n := get(t, a, "/get-session", nil)
	if n.status != 200 || n.body != "null" {
		t.Errorf("get-session without cookie: got %d %s, want 200 null", n.status, n.body)
	}
	stale := get(t, a, "/get-session", map[string]string{"Cookie": cookie})
	if stale.body != "null" {
		t.Errorf("stale cookie: got %s, want null", stale.body)
	}
	wantCleared(t, stale)

	in := post(t, a, "/sign-in/email", aliceCreds, nil)
	if in.status != 200 {
		t.Fatalf("sign-in: got %d %s", in.status, in.body)
	}
	im := in.json(t)
	if im["redirect"] != false || im["token"] == nil {
		t.Errorf("got %v", im)
	}
	if _, ok := im["url"]; ok {
		t.Errorf("url present without callbackURL: %v", im)
	}
	if !strings.Contains(in.body, `{"redirect":false,"token":"`) {
		t.Errorf("got key order %s", in.body)
	}
}

func wantCleared(t *testing.T, r resp) {
	t.Helper()
	want := []string{
		"better-auth.session_token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
		"better-auth.session_data=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
		"better-auth.dont_remember=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
	}
	if strings.Join(r.cookies, "\n") != strings.Join(want, "\n") {
		t.Errorf("got cookies %q, want %q", r.cookies, want)
	}
}
