package core

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

func TestOriginCheck(t *testing.T) {
	a := newAuth(t, func(o *Options) {
		o.TrustedOrigins = []string{"https://*.example.com", "myapp://"}
	})
	_, cookie := signUp(t, a)
	signIn := aliceCreds
	tests := []struct {
		name, path, body string
		headers          map[string]string
		status           int
		code, message    string
	}{
		{"cookie without origin", "/sign-out", "{}", map[string]string{"Cookie": cookie},
			403, "MISSING_OR_NULL_ORIGIN", "Missing or null Origin"},
		{"cookie with null origin", "/sign-out", "{}",
			map[string]string{"Cookie": cookie, "Origin": "null"},
			403, "MISSING_OR_NULL_ORIGIN", "Missing or null Origin"},
		{"cookie with bad origin", "/sign-out", "{}",
			map[string]string{"Cookie": cookie, "Origin": "https://evil.com"},
			403, "INVALID_ORIGIN", "Invalid origin"},
		{"any cookie counts", "/sign-in/email", signIn, map[string]string{"Cookie": "foo=bar"},
			403, "MISSING_OR_NULL_ORIGIN", "Missing or null Origin"},
		{"cross-site navigation", "/sign-in/email", signIn,
			map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"},
			403, "CROSS_SITE_NAVIGATION_LOGIN_BLOCKED",
			"Cross-site navigation login blocked. This request appears to be a CSRF attack."},
		{"fetch metadata forces origin", "/sign-in/email", signIn,
			map[string]string{"Sec-Fetch-Site": "same-origin"},
			403, "MISSING_OR_NULL_ORIGIN", "Missing or null Origin"},
		{"fetch metadata with bad origin", "/sign-up/email", aliceSignUp,
			map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.com"},
			403, "INVALID_ORIGIN", "Invalid origin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, post(t, a, tt.path, tt.body, tt.headers), tt.status, tt.code, tt.message)
		})
	}
	ok := []struct {
		name    string
		path    string
		body    string
		headers map[string]string
	}{
		{"curl-style sign-in", "/sign-in/email", signIn, nil},
		{"curl-style with bad origin", "/sign-in/email", signIn,
			map[string]string{"Origin": "https://evil.com"}},
		{"referer instead of origin", "/sign-in/email", signIn,
			map[string]string{"Cookie": cookie, "Referer": testOrigin + "/login"}},
		{"glob origin", "/sign-in/email", signIn,
			map[string]string{"Cookie": cookie, "Origin": "https://app.example.com"}},
		{"scheme prefix origin", "/sign-in/email", signIn,
			map[string]string{"Cookie": cookie, "Origin": "myapp://callback"}},
		{"browser same-origin", "/sign-in/email", signIn,
			map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": testOrigin}},
	}
	for _, tt := range ok {
		t.Run(tt.name, func(t *testing.T) {
			if r := post(t, a, tt.path, tt.body, tt.headers); r.status != 200 {
				t.Errorf("got %d %s, want 200", r.status, r.body)
			}
		})
	}
}

func TestOriginCheckDisabled(t *testing.T) {
	a := newAuth(t, func(o *Options) { o.Advanced.DisableOriginCheck = true })
	_, cookie := signUp(t, a)
	evil := func(cookie string) map[string]string {
		return map[string]string{"Cookie": cookie, "Origin": "https://evil.com"}
	}
	r := post(t, a, "/sign-out", "{}", evil(cookie))
	if r.status != 200 {
		t.Errorf("got %d %s, want 200", r.status, r.body)
	}
	// Turning CSRF off alone keeps the callback URL checks.
	b := newAuth(t, func(o *Options) { o.Advanced.DisableCSRFCheck = on() })
	_, cookie = signUp(t, b)
	r = post(t, b, "/sign-out", "{}", evil(cookie))
	if r.status != 200 {
		t.Errorf("CSRF off: got %d %s, want 200", r.status, r.body)
	}
	r = post(t, b, "/sign-in/email", `{"email":"alice@example.com","password":"password123",`+
		`"callbackURL":"https://evil.com"}`, nil)
	wantError(t, r, 403, "INVALID_CALLBACK_URL", "Invalid callbackURL")
	// Turning the origin check off with CSRF explicitly on keeps the
	// Origin check and drops only the callback URL checks.
	c := newAuth(t, func(o *Options) {
		o.Advanced.DisableOriginCheck = true
		o.Advanced.DisableCSRFCheck = off()
	})
	_, cookie = signUp(t, c)
	wantError(t, post(t, c, "/sign-out", "{}", evil(cookie)), 403, "INVALID_ORIGIN",
		"Invalid origin")
	r = post(t, c, "/sign-in/email", `{"email":"alice@example.com","password":"password123",`+
		`"callbackURL":"https://evil.com"}`, nil)
	if r.status != 200 {
		t.Errorf("origin check off, CSRF on: got %d %s for an outside callback, want 200",
			r.status, r.body)
	}
}

func TestMatchesOrigin(t *testing.T) {
	tests := []struct {
		url, pattern string
		want         bool
	}{
		{"http://localhost:3000/x", "http://localhost:3000", true},
		{"http://localhost:3001", "http://localhost:3000", false},
		{"https://a.example.com", "https://*.example.com", true},
		{"https://a.b.example.com", "https://*.example.com", true},
		{"https://example.com", "https://*.example.com", false},
		{"https://a.example.com", "*.example.com", true},
		{"https://example.com:443/", "https://example.com", true},
		{"myapp://cb", "myapp://", true},
		{"javascript:alert(1)", "http://localhost:3000", false},
	}
	for _, tt := range tests {
		if got := matchesOrigin(tt.url, tt.pattern); got != tt.want {
			t.Errorf("matchesOrigin(%q, %q): got %v, want %v", tt.url, tt.pattern, got, tt.want)
		}
	}
	rel := map[string]bool{"/dash": true, "/a/b?x=1&y=%20": true, "//evil.com": false,
		"/\\evil.com": false, "/%2fevil.com": false, "/%5Cevil": false, "/a b": false}
	for u, want := range rel {
		if got := safeRelative(u); got != want {
			t.Errorf("safeRelative(%q): got %v, want %v", u, got, want)
		}
	}
}

func TestRateLimit(t *testing.T) {
	var logs bytes.Buffer
	a := newAuth(t, func(o *Options) {
		o.RateLimit.Enabled = nil // on by default
		o.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	})
	signUp(t, a)
	body := aliceCreds
	for i := 1; i <= 3; i++ {
		if r := post(t, a, "/sign-in/email", body, nil); r.status != 200 {
			t.Fatalf("sign-in %d: got %d %s", i, r.status, r.body)
		}
	}
	r := post(t, a, "/sign-in/email", body, nil)
	if r.status != 429 || r.body != `{"message":"Too many requests. Please try again later."}` {
		t.Fatalf("got %d %s, want 429", r.status, r.body)
	}
	if got := r.header.Get("X-Retry-After"); got != "10" {
		t.Errorf("got X-Retry-After %q, want 10", got)
	}
	if got := r.header.Get("Content-Type"); got != "text/plain;charset=UTF-8" {
		t.Errorf("got Content-Type %q", got)
	}
	if !strings.Contains(logs.String(), "rate limit exceeded") {
		t.Errorf("rate-limit trip not logged: %s", logs.String())
	}
	// Another path is another bucket with the default rule.
	if g := get(t, a, "/get-session", nil); g.status != 200 {
		t.Errorf("get-session: got %d", g.status)
	}
}

func TestRateLimitClientIP(t *testing.T) {
	a := newAuth(t, func(o *Options) {
		o.RateLimit.Enabled = on()
		o.Advanced.IPAddressHeaders = []string{"X-Forwarded-For"}
	})
	signUp(t, a)
	body := aliceCreds
	hit := func(ip string) int {
		return post(t, a, "/sign-in/email", body, map[string]string{"X-Forwarded-For": ip}).status
	}
	for range 3 {
		hit("10.0.0.2")
	}
	if got := hit("10.0.0.2"); got != 429 {
		t.Errorf("4th request: got %d, want 429", got)
	}
	if got := hit("10.0.0.3"); got != 200 {
		t.Errorf("other client: got %d, want 200", got)
	}
	// IPv6 clients in one /64 share a bucket.
	for range 3 {
		hit("2001:db8::1")
	}
	if got := hit("2001:db8::2"); got != 429 {
		t.Errorf("same /64: got %d, want 429", got)
	}
}

func TestRateLimitOffAndCustom(t *testing.T) {
	a := newAuth(t, func(o *Options) { o.RateLimit.Enabled = off() })
	for i := range 5 {
		if r := get(t, a, "/ok", nil); r.status != 200 {
			t.Fatalf("request %d with limiting off: got %d", i, r.status)
		}
	}
	b := newAuth(t, func(o *Options) {
		o.RateLimit.Enabled = on()
		o.RateLimit.CustomRules = map[string]RateLimitRule{
			"/ok":           {Window: time.Minute, Max: 1},
			"/sign-in/*":    {Disabled: true},
			"/get-session":  {Max: 2},
			"/list-session": {Disabled: true},
		}
	})
	get(t, b, "/ok", nil)
	if r := get(t, b, "/ok", nil); r.status != 429 || r.header.Get("X-Retry-After") != "60" {
		t.Errorf("custom rule: got %d retry %q, want 429 60", r.status,
			r.header.Get("X-Retry-After"))
	}
	for i := range 5 {
		r := post(t, b, "/sign-in/email", `{"email":"x@example.com","password":"password123"}`, nil)
		if r.status == 429 {
			t.Fatalf("disabled rule: request %d limited", i)
		}
	}
}

func TestRateLimitDatabase(t *testing.T) {
	a := newAuth(t, func(o *Options) {
		o.RateLimit.Enabled = on()
		o.RateLimit.Storage = RateLimitDatabase
		o.RateLimit.Max = 2
	})
	get(t, a, "/ok", nil)
	get(t, a, "/ok", nil)
	if r := get(t, a, "/ok", nil); r.status != 429 {
		t.Errorf("got %d, want 429", r.status)
	}
	n, err := a.db.Count(context.Background(), "rateLimit", nil)
	if err != nil || n != 1 {
		t.Errorf("got %d rateLimit rows (err %v), want 1", n, err)
	}
}

func TestSignInFailureLogged(t *testing.T) {
	var logs bytes.Buffer
	a := newAuth(t, func(o *Options) { o.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	signUp(t, a)
	post(t, a, "/sign-in/email", `{"email":"alice@example.com","password":"secret-guess-1"}`, nil)
	out := logs.String()
	if !strings.Contains(out, "sign-in failed") || !strings.Contains(out, "wrong password") {
		t.Errorf("failure not logged: %s", out)
	}
	if strings.Contains(out, "secret-guess-1") {
		t.Error("the password reached the log")
	}
}

func TestLegacyScryptRehash(t *testing.T) {
	a := newAuth(t, nil)
	ctx := context.Background()
	u, err := a.db.Create(ctx, "user", storage.Record{"name": "Old", "email": "old@example.com",
		"emailVerified": true})
	if err != nil {
		t.Fatal(err)
	}
	uid := u["id"].(string)
	legacy := "1111a306c18fe64fb82728c42f94feb3:2f13c19c8bc5e6ee52ca9304dd7a2e657ee5cc7b4ced6ccf" +
		"6042e45b0513afeb74ce5c2b11802beb90cabb0519e41e77c56c1718f8ab1eab93f8a5a4c95ae12e"
	if _, err := a.db.Create(ctx, "account", storage.Record{"providerId": "credential",
		"accountId": uid, "userId": uid, "password": legacy}); err != nil {
		t.Fatal(err)
	}
	r := post(t, a, "/sign-in/email", `{"email":"old@example.com","password":"password123"}`, nil)
	if r.status != 200 {
		t.Fatalf("got %d %s", r.status, r.body)
	}
	c := &Context{auth: a, db: a.db, Request: httptestRequest()}
	acct, _ := c.credentialAccount(uid)
	if h, _ := acct["password"].(string); !strings.HasPrefix(h, "$argon2id$") {
		t.Errorf("got hash %q after sign-in, want Argon2id", h)
	}
	if r := post(t, a, "/sign-in/email", `{"email":"old@example.com","password":"password123"}`,
		nil); r.status != 200 {
		t.Errorf("sign-in with the new hash: got %d", r.status)
	}
}

func TestSecrets(t *testing.T) {
	db := newAuth(t, nil).db
	if _, err := New(Options{DB: db}); !errors.Is(err, ErrNoSecret) {
		t.Errorf("no secret: got %v, want ErrNoSecret", err)
	}
	if _, err := New(Options{DB: db, Secret: "short"}); !errors.Is(err, ErrShortSecret) {
		t.Errorf("short secret: got %v, want ErrShortSecret", err)
	}
	if _, err := New(Options{Secret: testSecret}); !errors.Is(err, ErrNoDB) {
		t.Errorf("no DB: got %v, want ErrNoDB", err)
	}
	_, err := New(Options{Secret: testSecret, DB: db, BaseURL: "localhost"})
	if !errors.Is(err, ErrBadOptions) {
		t.Errorf("bad base URL: got %v, want ErrBadOptions", err)
	}
	old := newAuth(t, nil)
	_, cookie := signUp(t, old)
	rotated := newAuth(t, func(o *Options) {
		o.DB = old.db
		o.Secret = ""
		o.Secrets = []string{strings.Repeat("n", 40), testSecret}
	})
	g := get(t, rotated, "/get-session", map[string]string{"Cookie": cookie})
	if g.body == "null" {
		t.Fatal("cookie signed with the previous secret no longer verifies")
	}
	in := post(t, rotated, "/sign-in/email", aliceCreds, nil)
	v := in.cookieValue("better-auth.session_token")
	tok := tokenOf(t, in)
	want := "better-auth.session_token=" + signCookieValue([]byte(strings.Repeat("n", 40)), tok)
	if v != want {
		t.Errorf("new cookie not signed with the first secret: got %q, want %q", v, want)
	}
	dropped := newAuth(t, func(o *Options) { o.DB = old.db; o.Secret = strings.Repeat("n", 40) })
	if g := get(t, dropped, "/get-session", map[string]string{"Cookie": cookie}); g.body != "null" {
		t.Error("cookie signed with a removed secret still verifies")
	}
}

func TestSignatureVectors(t *testing.T) {
	got := signCookieValue([]byte(testSecret), "EGn5tSzfGjKswHrzv17xx0FSh1PZdnnE")
	want := "EGn5tSzfGjKswHrzv17xx0FSh1PZdnnE.KOqQFwxY8jSDmayAmSjNjzhqdXw7ccxyCvi61JXcpqc%3D"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSecureCookies(t *testing.T) {
	a := newAuth(t, func(o *Options) {
		o.BaseURL = "https://app.example.com"
		o.Advanced.CookiePrefix = "myapp"
		o.Advanced.CrossSubDomainCookies = CrossSubDomainCookies{
			Enabled: true, Domain: "example.com"}
	})
	r := post(t, a, "/sign-up/email", aliceSignUp, nil)
	line := r.cookie("__Secure-myapp.session_token")
	attrs := "; Max-Age=604800; Domain=example.com; Path=/; HttpOnly; Secure; SameSite=Lax"
	if !strings.HasSuffix(line, attrs) {
		t.Fatalf("got %q", r.cookies)
	}
	// The unprefixed name is ignored under https.
	plain := strings.TrimPrefix(r.cookieValue("__Secure-myapp.session_token"), "__Secure-")
	if g := get(t, a, "/get-session", map[string]string{"Cookie": plain}); g.body != "null" {
		t.Error("cookie without the __Secure- prefix accepted")
	}
	full := r.cookieValue("__Secure-myapp.session_token")
	if g := get(t, a, "/get-session", map[string]string{"Cookie": full}); g.body == "null" {
		t.Error("secure cookie rejected")
	}
}

func TestNormalizeIP(t *testing.T) {
	tests := map[string]string{
		"203.0.113.7":     "203.0.113.7",
		"::ffff:10.0.0.1": "10.0.0.1",
		"2001:db8::1234":  "2001:0db8:0000:0000:0000:0000:0000:0000",
		"fe80::1%eth0":    "fe80:0000:0000:0000:0000:0000:0000:0000",
		"not-an-ip":       "",
		"":                "",
	}
	for in, want := range tests {
		if got := normalizeIP(in); got != want {
			t.Errorf("normalizeIP(%q): got %q, want %q", in, got, want)
		}
	}
}

func TestStartupLogs(t *testing.T) {
	var logs bytes.Buffer
	newAuth(t, func(o *Options) {
		o.Logger = slog.New(slog.NewTextHandler(&logs, nil))
		o.Secrets = []string{strings.Repeat("n", 40), testSecret}
		o.BaseURL = ""
	})
	out := logs.String()
	for _, want := range []string{"secret rotation active", "BaseURL not set",
		"rate limiting is off"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q: %s", want, out)
		}
	}
	if strings.Contains(out, testSecret) {
		t.Error("a secret reached the log")
	}
}

func TestConcurrentSignIns(t *testing.T) {
	a := newAuth(t, nil)
	signUp(t, a)
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for range 16 {
		wg.Go(func() {
			r := post(t, a, "/sign-in/email", aliceCreds, nil)
			if r.status != 200 {
				errs <- r.body
				return
			}
			cookie := r.cookieValue("better-auth.session_token")
			g := get(t, a, "/get-session", map[string]string{"Cookie": cookie})
			if g.body == "null" {
				errs <- "session not found"
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// countingHasher wraps the real hasher and counts the work it is asked
// for, so that a test can check that every failure path pays for one
// password check.
type countingHasher struct {
	PasswordHasher
	mu                       sync.Mutex
	hashes, verifies, wasted int
}

func (h *countingHasher) Hash(ctx context.Context, pw string) (string, error) {
	h.mu.Lock()
	h.hashes++
	h.mu.Unlock()
	return h.PasswordHasher.Hash(ctx, pw)
}

func (h *countingHasher) Verify(ctx context.Context, enc, pw string) (bool, error) {
	h.mu.Lock()
	h.verifies++
	h.mu.Unlock()
	return h.PasswordHasher.Verify(ctx, enc, pw)
}

func (h *countingHasher) Waste(ctx context.Context, pw string) error {
	h.mu.Lock()
	h.wasted++
	h.mu.Unlock()
	return h.PasswordHasher.Waste(ctx, pw)
}

func (h *countingHasher) work() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := h.verifies + h.wasted
	h.verifies, h.wasted, h.hashes = 0, 0, 0
	return n
}

func TestSignInFailuresCostOnePasswordCheck(t *testing.T) {
	h := &countingHasher{PasswordHasher: fastHasher()}
	a := newAuth(t, func(o *Options) { o.Password = h })
	signUp(t, a)
	ctx := context.Background()
	u, err := a.db.Create(ctx, "user", storage.Record{"name": "S", "email": "social@example.com",
		"emailVerified": true})
	if err != nil {
		t.Fatal(err)
	}
	h.work()
	for _, email := range []string{"alice@example.com", "nobody@example.com",
		u["email"].(string)} {
		r := post(t, a, "/sign-in/email", `{"email":"`+email+`","password":"wrong-password"}`, nil)
		if r.status != 401 {
			t.Fatalf("%s: got %d", email, r.status)
		}
		if n := h.work(); n != 1 {
			t.Errorf("%s: got %d password checks, want 1", email, n)
		}
	}
}

func TestTrustedOriginsFunc(t *testing.T) {
	a := newAuth(t, func(o *Options) {
		o.TrustedOriginsFunc = func(r *http.Request) []string {
			if r.Header.Get("X-Preview") == "1" {
				return []string{"https://preview.example.net", ""}
			}
			return nil
		}
	})
	_, cookie := signUp(t, a)
	h := map[string]string{"Cookie": cookie, "Origin": "https://preview.example.net"}
	wantError(t, post(t, a, "/revoke-other-sessions", "{}", h), 403, "INVALID_ORIGIN",
		"Invalid origin")
	h["X-Preview"] = "1"
	if r := post(t, a, "/revoke-other-sessions", "{}", h); r.status != 200 {
		t.Errorf("origin from the function: got %d %s, want 200", r.status, r.body)
	}
}

func TestLowEntropySecretWarned(t *testing.T) {
	var logs bytes.Buffer
	newAuth(t, func(o *Options) {
		o.Logger = slog.New(slog.NewTextHandler(&logs, nil))
		o.Secret = strings.Repeat("ab", 20)
	})
	if !strings.Contains(logs.String(), "low-entropy") {
		t.Errorf("no warning for a repetitive secret: %s", logs.String())
	}
	logs.Reset()
	newAuth(t, func(o *Options) { o.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	if strings.Contains(logs.String(), "low-entropy") {
		t.Errorf("warning for the test secret: %s", logs.String())
	}
}

// TestLogsOmitPathTokens checks that a reset link refused for its
// callback URL is logged under the route's pattern, not with its token.
func TestLogsOmitPathTokens(t *testing.T) {
	var logs bytes.Buffer
	a := newAuth(t, func(o *Options) { o.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	const token = "ResetTokenThatMustStayOutOfLogs"
	r := get(t, a, "/reset-password/"+token+"?callbackURL=https://evil.example/x", nil)
	wantError(t, r, 403, "INVALID_CALLBACK_URL", "Invalid callbackURL")
	out := logs.String()
	if !strings.Contains(out, "untrusted redirect target") ||
		!strings.Contains(out, "/reset-password/:token") {
		t.Errorf("refusal not logged under the route pattern: %s", out)
	}
	if strings.Contains(out, token) {
		t.Errorf("the reset token reached the log: %s", out)
	}
}

// TestEmptyTrustedOriginIgnored checks that an empty entry in
// TrustedOrigins (an unset environment variable split on commas, say)
// trusts nothing, javascript: URLs least of all.
func TestEmptyTrustedOriginIgnored(t *testing.T) {
	a := newAuth(t, func(o *Options) { o.TrustedOrigins = []string{""} })
	signUp(t, a)
	for _, cb := range []string{"javascript:alert(1)", "data:text/html,x", "evil.example"} {
		t.Run(cb, func(t *testing.T) {
			body := `{"email":"alice@example.com","password":"password1234","callbackURL":` +
				strconv.Quote(cb) + `}`
			wantError(t, post(t, a, "/sign-in/email", body, nil), 403, "INVALID_CALLBACK_URL",
				"Invalid callbackURL")
		})
	}
}
