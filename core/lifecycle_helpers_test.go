package core

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// mailbox records the emails of the lifecycle flows.
type mailbox struct {
	mu   sync.Mutex
	sent []Email
}

func (m *mailbox) send(_ context.Context, e Email) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, e)
	return nil
}

// last returns the latest email, failing the test when there is none.
func (m *mailbox) last(t testing.TB) Email {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.sent) == 0 {
		t.Fatal("got no email, want one")
	}
	return m.sent[len(m.sent)-1]
}

func (m *mailbox) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.sent)
}

// linkPath turns an email link into the request path and query the test
// client sends.
func linkPath(t testing.TB, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatalf("link %q: %v", link, err)
	}
	return u.RequestURI()
}

// getURI sends a GET for a full request URI (base path included).
func getURI(t testing.TB, a *Auth, uri string, headers map[string]string) resp {
	t.Helper()
	return do(t, a, req{method: "GET", path: uri, headers: headers})
}

// wantStatusBody checks a response's status and exact body.
func wantStatusBody(t testing.TB, r resp, status int, body string) {
	t.Helper()
	if r.status != status || strings.TrimSpace(r.body) != body {
		t.Fatalf("got %d %s, want %d %s", r.status, r.body, status, body)
	}
}

// wantRedirect checks a 302 with an empty body to location.
func wantRedirect(t testing.TB, r resp, location string) {
	t.Helper()
	if r.status != 302 || r.header.Get("Location") != location || r.body != "" {
		t.Fatalf("got %d Location %q body %q, want 302 to %q with no body",
			r.status, r.header.Get("Location"), r.body, location)
	}
}

// signIn signs alice in with the password and returns the cookie.
func signIn(t testing.TB, a *Auth, pw string) string {
	t.Helper()
	r := post(t, a, "/sign-in/email", `{"email":"alice@example.com","password":"`+pw+`"}`, nil)
	if r.status != 200 {
		t.Fatalf("sign-in: got %d %s, want 200", r.status, r.body)
	}
	return r.cookieValue("better-auth.session_token")
}
