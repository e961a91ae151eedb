package lifecycle

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/password"
	"github.com/kernia-go/kernia/core/storage"
)

const (
	secret = "lifecycle-test-secret-0123456789abcdefghijkl"
	origin = "http://localhost:3000"
)

// mailbox keeps the emails the flows send.
type mailbox struct {
	mu   sync.Mutex
	sent []core.Email
}

func (m *mailbox) send(_ context.Context, e core.Email) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, e)
	return nil
}

func (m *mailbox) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.sent)
}

func (m *mailbox) last(t *testing.T) core.Email {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.sent) == 0 {
		t.Fatal("got no email, want one")
	}
	return m.sent[len(m.sent)-1]
}

// newAuth builds an Auth on a fresh database of the backend, with every
// lifecycle email going to the returned mailbox.
func newAuth(t *testing.T, b backend, mod func(*core.Options)) (*core.Auth, *mailbox) {
	t.Helper()
	mb := &mailbox{}
	off := false
	opts := core.Options{
		Secret: secret, BaseURL: origin,
		EmailAndPassword: core.EmailAndPasswordOptions{Enabled: true,
			SendResetPassword: mb.send},
		EmailVerification: core.EmailVerificationOptions{SendVerificationEmail: mb.send},
		Password:          &password.Hasher{Memory: 1024, Time: 1, Threads: 1},
		RateLimit:         core.RateLimitOptions{Enabled: &off},
	}
	opts.User.ChangeEmail = core.ChangeEmailOptions{Enabled: true,
		SendChangeEmailConfirmation: mb.send}
	opts.User.DeleteUser = core.DeleteUserOptions{Enabled: true,
		SendDeleteAccountVerification: mb.send}
	if mod != nil {
		mod(&opts)
	}
	opts.DB = b.Open(t, core.SchemaFor(opts))
	a, err := core.New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a, mb
}

// result is a recorded response.
type result struct {
	status   int
	body     string
	location string
	cookie   string // the session cookie it set, name=value
}

// call sends one request; cookie may be empty.
func call(t *testing.T, a *core.Auth, method, uri, body, cookie string) result {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	if !strings.HasPrefix(uri, "/api/auth") {
		uri = "/api/auth" + uri
	}
	r := httptest.NewRequest(method, uri, rd)
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	if cookie != "" {
		r.Header.Set("Cookie", cookie)
		r.Header.Set("Origin", origin)
	}
	w := httptest.NewRecorder()
	a.Handler().ServeHTTP(w, r)
	res := result{status: w.Code, body: w.Body.String(), location: w.Header().Get("Location")}
	for _, line := range w.Header().Values("Set-Cookie") {
		kv, _, _ := strings.Cut(line, ";")
		if strings.HasPrefix(kv, "better-auth.session_token=") && !strings.HasSuffix(kv, "=") {
			res.cookie = kv
		}
	}
	return res
}

func want(t *testing.T, step string, r result, status int, body string) {
	t.Helper()
	if r.status != status || (body != "" && r.body != body) {
		t.Fatalf("%s: got %d %s, want %d %s", step, r.status, r.body, status, body)
	}
}

// linkURI turns an email link into a request URI.
func linkURI(t *testing.T, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatalf("link %q: %v", link, err)
	}
	return u.RequestURI()
}

const (
	aliceSignUp = `{"name":"Alice","email":"alice@example.com","password":"password123"}`
	invalidTok  = `{"message":"Invalid token","code":"INVALID_TOKEN"}`
)

func signIn(a *core.Auth, t *testing.T, pw string) result {
	return call(t, a, "POST", "/sign-in/email",
		`{"email":"alice@example.com","password":"`+pw+`"}`, "")
}

func TestPasswordResetRoundTrip(t *testing.T) {
	for _, b := range backends {
		t.Run(b.Name, func(t *testing.T) {
			a, mb := newAuth(t, b, func(o *core.Options) {
				o.EmailAndPassword.RevokeSessionsOnPasswordReset = true
			})
			up := call(t, a, "POST", "/sign-up/email", aliceSignUp, "")
			want(t, "sign-up", up, 200, "")
			r := call(t, a, "POST", "/request-password-reset",
				`{"email":"alice@example.com","redirectTo":"/reset"}`, "")
			want(t, "request", r, 200, `{"status":true,"message":"If this email exists in our `+
				`system, check your email for the reset link"}`)
			token := mb.last(t).Token
			r = call(t, a, "GET", linkURI(t, mb.last(t).URL), "", "")
			if r.status != 302 || r.location != origin+"/reset?token="+token {
				t.Fatalf("link: got %d Location %q, want the reset page", r.status, r.location)
			}
			body := `{"newPassword":"newpassword1","token":"` + token + `"}`
			want(t, "reset", call(t, a, "POST", "/reset-password", body, ""), 200,
				`{"status":true}`)
			want(t, "reuse", call(t, a, "POST", "/reset-password", body, ""), 400, invalidTok)
			want(t, "old session", call(t, a, "GET", "/get-session", "", up.cookie), 200, "null")
			want(t, "old password", signIn(a, t, "password123"), 401, "")
			want(t, "new password", signIn(a, t, "newpassword1"), 200, "")

			call(t, a, "POST", "/request-password-reset", `{"email":"alice@example.com"}`, "")
			stale := mb.last(t).Token
			_, err := a.DB().Update(context.Background(), "verification",
				[]storage.Where{storage.Eq("identifier", "reset-password:"+stale)},
				storage.Record{"expiresAt": time.Now().Add(-time.Minute)})
			if err != nil {
				t.Fatal(err)
			}
			want(t, "expired", call(t, a, "POST", "/reset-password",
				`{"newPassword":"newpassword2","token":"`+stale+`"}`, ""), 400, invalidTok)
		})
	}
}

func TestVerificationRoundTrip(t *testing.T) {
	for _, b := range backends {
		t.Run(b.Name, func(t *testing.T) {
			a, mb := newAuth(t, b, func(o *core.Options) {
				o.EmailAndPassword.RequireEmailVerification = true
				o.EmailVerification.AutoSignInAfterVerification = true
			})
			up := call(t, a, "POST", "/sign-up/email", aliceSignUp, "")
			want(t, "sign-up", up, 200, "")
			if up.cookie != "" {
				t.Fatalf("sign-up: got cookie %s, want none before verification", up.cookie)
			}
			want(t, "unverified sign-in", signIn(a, t, "password123"), 403,
				`{"message":"Email not verified","code":"EMAIL_NOT_VERIFIED"}`)
			link := mb.last(t).URL
			r := call(t, a, "GET", linkURI(t, link), "", "")
			if r.status != 302 || r.location != "/" || r.cookie == "" {
				t.Fatalf("verify: got %d Location %q cookie %q, want 302 to / signed in",
					r.status, r.location, r.cookie)
			}
			s := call(t, a, "GET", "/get-session", "", r.cookie)
			if !strings.Contains(s.body, `"emailVerified":true`) {
				t.Fatalf("session: got %s, want a verified user", s.body)
			}
			want(t, "verified sign-in", signIn(a, t, "password123"), 200, "")
			again := call(t, a, "GET", linkURI(t, link), "", "")
			if again.status != 302 || again.location != "/" || again.cookie != "" {
				t.Errorf("link again: got %d %q cookie %q, want 302 to / without a session",
					again.status, again.location, again.cookie)
			}
			n := mb.count()
			want(t, "send when verified", call(t, a, "POST", "/send-verification-email",
				`{"email":"alice@example.com"}`, ""), 200, `{"status":true}`)
			if mb.count() != n {
				t.Errorf("got an email for a verified address, want none")
			}
		})
	}
}

func TestEmailChangeRoundTrip(t *testing.T) {
	for _, b := range backends {
		t.Run(b.Name, func(t *testing.T) {
			a, mb := newAuth(t, b, nil)
			up := call(t, a, "POST", "/sign-up/email", aliceSignUp, "")
			call(t, a, "POST", "/send-verification-email", `{"email":"alice@example.com"}`, "")
			want(t, "verify", call(t, a, "GET", linkURI(t, mb.last(t).URL)+"&x=1", "", ""),
				302, "")
			want(t, "change", call(t, a, "POST", "/change-email",
				`{"newEmail":"alice.new@example.com"}`, up.cookie), 200, `{"status":true}`)
			confirm := mb.last(t)
			if confirm.Kind != "change-email-confirmation" {
				t.Fatalf("got %s email, want the confirmation", confirm.Kind)
			}
			want(t, "confirm", call(t, a, "GET", linkURI(t, confirm.URL), "", up.cookie), 302, "")
			r := call(t, a, "GET", linkURI(t, mb.last(t).URL), "", up.cookie)
			want(t, "verify new", r, 302, "")
			s := call(t, a, "GET", "/get-session", "", up.cookie)
			if !strings.Contains(s.body, `"email":"alice.new@example.com","emailVerified":true`) {
				t.Fatalf("session: got %s, want the new verified email", s.body)
			}
		})
	}
}

func TestDeleteRoundTrip(t *testing.T) {
	for _, b := range backends {
		t.Run(b.Name, func(t *testing.T) {
			a, mb := newAuth(t, b, nil)
			up := call(t, a, "POST", "/sign-up/email", aliceSignUp, "")
			want(t, "ask", call(t, a, "POST", "/delete-user", `{}`, up.cookie), 200,
				`{"success":true,"message":"Verification email sent"}`)
			r := call(t, a, "GET", linkURI(t, mb.last(t).URL), "", up.cookie)
			if r.status != 302 || r.location != "/" {
				t.Fatalf("link: got %d %q, want 302 to /", r.status, r.location)
			}
			ctx := context.Background()
			for _, m := range []string{"user", "session", "account", "verification"} {
				if n, err := a.DB().Count(ctx, m, nil); err != nil || n != 0 {
					t.Errorf("got %d %s rows (%v), want 0", n, m, err)
				}
			}
			want(t, "sign-in", signIn(a, t, "password123"), 401, "")
		})
	}
}

// TestConcurrentResetUsesTokenOnce races two resets with one token.
func TestConcurrentResetUsesTokenOnce(t *testing.T) {
	for _, b := range backends {
		t.Run(b.Name, func(t *testing.T) {
			a, mb := newAuth(t, b, nil)
			call(t, a, "POST", "/sign-up/email", aliceSignUp, "")
			call(t, a, "POST", "/request-password-reset", `{"email":"alice@example.com"}`, "")
			body := `{"newPassword":"newpassword1","token":"` + mb.last(t).Token + `"}`
			var wg sync.WaitGroup
			codes := make([]int, 4)
			for i := range codes {
				wg.Add(1)
				go func() {
					defer wg.Done()
					codes[i] = call(t, a, "POST", "/reset-password", body, "").status
				}()
			}
			wg.Wait()
			ok := 0
			for _, c := range codes {
				if c == http.StatusOK {
					ok++
				}
			}
			if ok != 1 {
				t.Errorf("got statuses %v, want exactly one 200", codes)
			}
		})
	}
}
