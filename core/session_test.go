package core

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

// setExpiry moves a session's expiry in the database.
func setExpiry(t *testing.T, a *Auth, token string, at time.Time) {
	t.Helper()
	_, err := a.db.Update(context.Background(), "session",
		[]storage.Where{storage.Eq("token", token)}, storage.Record{"expiresAt": at})
	if err != nil {
		t.Fatal(err)
	}
}

func sessionRow(t *testing.T, a *Auth, token string) storage.Record {
	t.Helper()
	r, err := a.db.FindOne(context.Background(), storage.FindQuery{Model: "session",
		Where: []storage.Where{storage.Eq("token", token)}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func tokenOf(t *testing.T, r resp) string {
	t.Helper()
	return r.json(t)["token"].(string)
}

func TestGetSessionPOSTNeedsDeferredRefresh(t *testing.T) {
	a := newAuth(t, nil)
	r := post(t, a, "/get-session", "", nil)
	wantError(t, r, 405, "METHOD_NOT_ALLOWED_DEFER_SESSION_REQUIRED",
		"POST method requires deferSessionRefresh to be enabled in session config")
}

func TestGetSessionTamperedCookie(t *testing.T) {
	a := newAuth(t, nil)
	_, cookie := signUp(t, a)
	tampered := strings.Replace(cookie, "session_token=", "session_token=x", 1)
	for _, c := range []string{tampered, "better-auth.session_token=abc",
		"better-auth.session_token=a.b"} {
		r := get(t, a, "/get-session", map[string]string{"Cookie": c})
		if r.status != 200 || r.body != "null" || len(r.cookies) != 0 {
			t.Errorf("%s: got %d %s %v, want 200 null without cookies",
				c, r.status, r.body, r.cookies)
		}
	}
}

func TestGetSessionAcceptsDecodedCookie(t *testing.T) {
	a := newAuth(t, nil)
	_, cookie := signUp(t, a)
	raw := strings.NewReplacer("%2B", "+", "%2F", "/", "%3D", "=").Replace(cookie)
	r := get(t, a, "/get-session", map[string]string{"Cookie": raw})
	if r.body == "null" {
		t.Error("got null for the decoded form of a valid cookie")
	}
}

func TestGetSessionExpired(t *testing.T) {
	a := newAuth(t, nil)
	r, cookie := signUp(t, a)
	token := tokenOf(t, r)
	setExpiry(t, a, token, time.Now().Add(-time.Minute))
	g := get(t, a, "/get-session", map[string]string{"Cookie": cookie})
	if g.body != "null" {
		t.Fatalf("got %s, want null", g.body)
	}
	wantCleared(t, g)
	if sessionRow(t, a, token) != nil {
		t.Error("expired session row was not deleted")
	}
}

func TestGetSessionSlidingRefresh(t *testing.T) {
	a := newAuth(t, nil)
	r, cookie := signUp(t, a)
	token := tokenOf(t, r)
	// Six days left of seven: more than a day old, so due for a refresh.
	setExpiry(t, a, token, time.Now().Add(6*24*time.Hour))
	g := get(t, a, "/get-session", map[string]string{"Cookie": cookie})
	line := g.cookie("better-auth.session_token")
	if !refreshed(line) {
		t.Errorf("got refresh cookie %q, want Max-Age near 604800", line)
	}
	exp := timeOf(sessionRow(t, a, token)["expiresAt"])
	if time.Until(exp) < 7*24*time.Hour-time.Minute {
		t.Errorf("got expiry in %v, want about 7 days", time.Until(exp))
	}
	// Not due: no cookie, no write.
	again := get(t, a, "/get-session", map[string]string{"Cookie": cookie})
	if len(again.cookies) != 0 {
		t.Errorf("got cookies %v on a fresh session, want none", again.cookies)
	}
	// disableRefresh (any value, even "false") keeps the expiry.
	setExpiry(t, a, token, time.Now().Add(6*24*time.Hour))
	nr := get(t, a, "/get-session?disableRefresh=false", map[string]string{"Cookie": cookie})
	if len(nr.cookies) != 0 {
		t.Errorf("got cookies %v with disableRefresh, want none", nr.cookies)
	}
}

func TestGetSessionDeferredRefresh(t *testing.T) {
	a := newAuth(t, func(o *Options) { o.Session.DeferSessionRefresh = true })
	r, cookie := signUp(t, a)
	token := tokenOf(t, r)
	setExpiry(t, a, token, time.Now().Add(6*24*time.Hour))
	g := get(t, a, "/get-session", map[string]string{"Cookie": cookie})
	if m := g.json(t); m["needsRefresh"] != true || len(g.cookies) != 0 {
		t.Errorf("GET: got needsRefresh %v cookies %v, want true and none",
			m["needsRefresh"], g.cookies)
	}
	p := post(t, a, "/get-session", "", withCookie(cookie))
	if p.status != 200 || p.cookie("better-auth.session_token") == "" {
		t.Fatalf("POST: got %d %s %v, want a refreshed cookie", p.status, p.body, p.cookies)
	}
	if _, ok := p.json(t)["needsRefresh"]; ok {
		t.Error("POST answer carries needsRefresh")
	}
}

func TestCookieCache(t *testing.T) {
	a := newAuth(t, func(o *Options) { o.Session.CookieCache.Enabled = true })
	r, _ := signUp(t, a)
	data := r.cookie("better-auth.session_data")
	if !strings.Contains(data, "; Max-Age=300; Path=/") {
		t.Fatalf("got cache cookie %q", data)
	}
	cookie := r.withCache()
	// Served from the cache even once the row is gone, as upstream.
	token := tokenOf(t, r)
	if err := a.db.Delete(context.Background(), "session",
		[]storage.Where{storage.Eq("token", token)}); err != nil {
		t.Fatal(err)
	}
	g := get(t, a, "/get-session", map[string]string{"Cookie": cookie})
	if g.body == "null" {
		t.Fatal("cached session not served")
	}
	if g.json(t)["session"].(map[string]any)["token"] != token {
		t.Errorf("got %s", g.body)
	}
	// Bypassing the cache reads the database.
	n := get(t, a, "/get-session?disableCookieCache=true", map[string]string{"Cookie": cookie})
	if n.body != "null" {
		t.Errorf("disableCookieCache: got %s, want null", n.body)
	}
	// Sign-out expires the cache once more for each cache cookie sent.
	out := post(t, a, "/sign-out", "{}", withCookie(cookie))
	all := strings.Join(out.cookies, "\n")
	if n := strings.Count(all, "better-auth.session_data=; Max-Age=0"); n != 2 {
		t.Errorf("got %d session_data clears in %q, want 2", n, out.cookies)
	}
	// A forged cache cookie is expired and answers null.
	forged := r.cookieValue("better-auth.session_token") + "; better-auth.session_data=" +
		strings.Repeat("A", 40)
	f := get(t, a, "/get-session", map[string]string{"Cookie": forged})
	if f.body != "null" {
		t.Errorf("forged cache: got %s, want null", f.body)
	}
}

func TestListAndRevokeSessions(t *testing.T) {
	a := newAuth(t, nil)
	_, c1 := signUp(t, a)
	in := post(t, a, "/sign-in/email", aliceCreds, nil)
	c2 := in.cookieValue("better-auth.session_token")
	tok2 := tokenOf(t, in)

	unauth := get(t, a, "/list-sessions", nil)
	wantError(t, unauth, 401, "UNAUTHORIZED", "Unauthorized")

	l := get(t, a, "/list-sessions", map[string]string{"Cookie": c1})
	if l.status != 200 || strings.Count(l.body, `"token":`) != 2 || l.body[0] != '[' {
		t.Fatalf("list: got %d %s, want an array of 2 sessions", l.status, l.body)
	}

	// Unknown and foreign tokens answer the same as one's own.
	for _, tok := range []string{"unknown", tok2} {
		r := post(t, a, "/revoke-session", `{"token":"`+tok+`"}`, withCookie(c1))
		if r.status != 200 || r.body != `{"status":true}` || len(r.cookies) != 0 {
			t.Errorf("revoke %s: got %d %s %v", tok, r.status, r.body, r.cookies)
		}
	}
	if sessionRow(t, a, tok2) != nil {
		t.Error("own session not revoked")
	}
	miss := post(t, a, "/revoke-session", `{}`, withCookie(c1))
	wantError(t, miss, 400, "VALIDATION_ERROR",
		"[body.token] Invalid input: expected string, received undefined")

	// Someone else's token is left alone.
	bob := post(t, a, "/sign-up/email",
		`{"name":"Bob","email":"bob@example.com","password":"password123"}`, nil)
	post(t, a, "/revoke-session", `{"token":"`+tokenOf(t, bob)+`"}`, withCookie(c1))
	if sessionRow(t, a, tokenOf(t, bob)) == nil {
		t.Error("revoke-session deleted another user's session")
	}
	_ = c2
}

func TestRevokeOtherSessions(t *testing.T) {
	a := newAuth(t, nil)
	r, c1 := signUp(t, a)
	for range 2 {
		post(t, a, "/sign-in/email", aliceCreds, nil)
	}
	o := post(t, a, "/revoke-other-sessions", "{}", withCookie(c1))
	if o.status != 200 || o.body != `{"status":true}` {
		t.Fatalf("got %d %s", o.status, o.body)
	}
	l := get(t, a, "/list-sessions", map[string]string{"Cookie": c1})
	if strings.Count(l.body, `"token":`) != 1 || !strings.Contains(l.body, tokenOf(t, r)) {
		t.Errorf("got %s, want only the current session", l.body)
	}
}

func TestRevokeSessions(t *testing.T) {
	a := newAuth(t, nil)
	_, c1 := signUp(t, a)
	r := post(t, a, "/revoke-sessions", "", withCookie(c1))
	if r.status != 200 || r.body != `{"status":true}` || len(r.cookies) != 0 {
		t.Fatalf("got %d %s %v, want status true without cookies", r.status, r.body, r.cookies)
	}
	if g := get(t, a, "/get-session", map[string]string{"Cookie": c1}); g.body != "null" {
		t.Errorf("got %s after revoke-sessions, want null", g.body)
	}
	again := post(t, a, "/revoke-sessions", "", withCookie(c1))
	wantError(t, again, 401, "UNAUTHORIZED", "Unauthorized")
}

func TestUpdateSessionNoFields(t *testing.T) {
	a := newAuth(t, nil)
	_, c := signUp(t, a)
	r := post(t, a, "/update-session", `{"foo":1}`, withCookie(c))
	if r.status != 400 || r.body != `{"message":"No fields to update"}` {
		t.Errorf("got %d %s", r.status, r.body)
	}
	u := post(t, a, "/update-session", `{"foo":1}`, nil)
	wantError(t, u, 401, "UNAUTHORIZED", "Unauthorized")
}

func TestSignOutWithoutCookie(t *testing.T) {
	a := newAuth(t, nil)
	r := post(t, a, "/sign-out", "", nil)
	if r.status != 200 || r.body != `{"success":true}` {
		t.Fatalf("got %d %s", r.status, r.body)
	}
	wantCleared(t, r)
}

func TestUpdateAgeNegativeRefreshesEveryRead(t *testing.T) {
	a := newAuth(t, func(o *Options) { o.Session.UpdateAge = -1 })
	_, cookie := signUp(t, a)
	for i := range 2 {
		g := get(t, a, "/get-session", map[string]string{"Cookie": cookie})
		if line := g.cookie("better-auth.session_token"); !refreshed(line) {
			t.Errorf("read %d: got %q, want a refreshed cookie", i, line)
		}
	}
}

// refreshed reports whether a Set-Cookie line re-issues the session for
// about the full week (a millisecond boundary may cost one second).
func refreshed(line string) bool {
	return strings.Contains(line, "; Max-Age=604800;") ||
		strings.Contains(line, "; Max-Age=604799;")
}

func TestDeferredRefreshAsIs(t *testing.T) {
	a := newAuth(t, func(o *Options) { o.Session.DeferSessionRefresh = true })
	signUp(t, a)
	in := post(t, a, "/sign-in/email",
		`{"email":"alice@example.com","password":"password123","rememberMe":false}`, nil)
	cookie := in.cookieValue("better-auth.session_token") + "; " +
		in.cookieValue("better-auth.dont_remember")
	for _, path := range []string{"/get-session", "/get-session?disableRefresh=1"} {
		g := get(t, a, path, map[string]string{"Cookie": cookie})
		if _, ok := g.json(t)["needsRefresh"]; ok {
			t.Errorf("%s: got needsRefresh in %s, want the session as is", path, g.body)
		}
	}
}

func TestCookieCacheJWT(t *testing.T) {
	a := newAuth(t, func(o *Options) {
		o.Session.CookieCache = CookieCacheOptions{Enabled: true, Strategy: CacheJWT}
	})
	r, _ := signUp(t, a)
	value := r.cacheValue()
	parts := strings.Split(value, ".")
	if len(parts) != 3 || parts[0] != "eyJhbGciOiJIUzI1NiJ9" {
		t.Fatalf("got cache cookie %q, want an HS256 JWS", value)
	}
	cookie := r.withCache()
	token := tokenOf(t, r)
	if err := a.db.Delete(context.Background(), "session",
		[]storage.Where{storage.Eq("token", token)}); err != nil {
		t.Fatal(err)
	}
	if g := get(t, a, "/get-session", map[string]string{"Cookie": cookie}); g.body == "null" {
		t.Error("cached JWT session not served")
	}
	forged := r.cookieValue("better-auth.session_token") + "; better-auth.session_data=" +
		parts[0] + "." + parts[1] + ".AAAA"
	f := get(t, a, "/get-session", map[string]string{"Cookie": forged})
	expired := strings.Contains(strings.Join(f.cookies, "\n"), "session_data=; Max-Age=0")
	if f.body != "null" || !expired {
		t.Errorf("forged JWT: got %s %q, want null and the cache expired", f.body, f.cookies)
	}
	bogus := SessionOptions{CookieCache: CookieCacheOptions{Strategy: "bogus"}}
	_, err := New(Options{Secret: testSecret, DB: a.db, Session: bogus})
	if !errors.Is(err, ErrBadOptions) {
		t.Errorf("unknown strategy: got %v, want ErrBadOptions", err)
	}
}

func TestCookieCacheJWE(t *testing.T) {
	a := newAuth(t, func(o *Options) {
		o.Session.CookieCache = CookieCacheOptions{Enabled: true, Strategy: CacheJWE}
	})
	r, _ := signUp(t, a)
	value := r.cacheValue()
	if parts := strings.Split(value, "."); len(parts) != 5 || parts[1] != "" {
		t.Fatalf("got cache cookie %q, want a compact JWE with direct key agreement", value)
	}
	if strings.Contains(value, "alice") {
		t.Error("JWE cache leaks the email")
	}
	cookie := r.withCache()
	if err := a.db.Delete(context.Background(), "session",
		[]storage.Where{storage.Eq("token", tokenOf(t, r))}); err != nil {
		t.Fatal(err)
	}
	g := get(t, a, "/get-session", map[string]string{"Cookie": cookie})
	if g.body == "null" || g.json(t)["user"].(map[string]any)["email"] != "alice@example.com" {
		t.Fatalf("cached JWE session not served: %s", g.body)
	}
	// Rotation: a new first secret still opens the old cookie by its kid.
	rotated := newAuth(t, func(o *Options) {
		o.DB = a.db
		o.Secret = ""
		o.Secrets = []string{strings.Repeat("n", 40), testSecret}
		o.Session.CookieCache = CookieCacheOptions{Enabled: true, Strategy: CacheJWE}
	})
	if g := get(t, rotated, "/get-session", map[string]string{"Cookie": cookie}); g.body == "null" {
		t.Error("JWE cache sealed with the previous secret not opened")
	}
	// A flipped byte fails authentication.
	tampered := strings.Replace(cookie, value, value[:len(value)-3]+"AAA", 1)
	if g := get(t, a, "/get-session", map[string]string{"Cookie": tampered}); g.body != "null" {
		t.Errorf("tampered JWE: got %s, want null", g.body)
	}
}

func TestJWEKnownKey(t *testing.T) {
	// The kid Better Auth 1.6.11 (jose's calculateJwkThumbprint over its
	// HKDF key) computes for this secret.
	const want = "7nN0MCqDAWL46FR-WCIdNUWYNFOLwLkJbR8PxA9F8lc"
	k, err := newJWEKey([]byte(testSecret))
	if err != nil {
		t.Fatal(err)
	}
	if len(k.key) != 64 || k.kid != want {
		t.Errorf("got key of %d bytes with kid %q, want 64 and %q", len(k.key), k.kid, want)
	}
}

// TestRequestCookiesFollowHeader checks that the parsed cookies are
// reused within a request but follow a Cookie header a hook replaced.
func TestRequestCookiesFollowHeader(t *testing.T) {
	a := newAuth(t, nil)
	r := httptestRequest()
	r.Header.Set("Cookie", "a=1; b=2")
	c := a.newContext(r, nil)
	if got := c.requestCookies()["a"]; got != "1" {
		t.Fatalf("a: got %q, want %q", got, "1")
	}
	r.Header.Set("Cookie", "a=3")
	if got := c.requestCookies()["a"]; got != "3" {
		t.Errorf("a after the header changed: got %q, want %q", got, "3")
	}
	r.Header.Del("Cookie")
	if got, ok := c.requestCookies()["a"]; ok {
		t.Errorf("a after the header was removed: got %q, want none", got)
	}
}
