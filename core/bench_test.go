package core

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkGetSession measures a get-session that reads the database.
func BenchmarkGetSession(b *testing.B) {
	a := newAuth(b, nil)
	_, cookie := signUp(b, a)
	benchGetSession(b, a, cookie)
}

// benchGetSession measures get-session calls carrying cookie, each of
// which must answer a session.
func benchGetSession(b *testing.B, a *Auth, cookie string) {
	h := a.Handler()
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest("GET", "/api/auth/get-session", nil)
		r.Header.Set("Cookie", cookie)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 200 || w.Body.Len() < 10 {
			b.Fatalf("got %d %s", w.Code, w.Body.String())
		}
	}
}

// BenchmarkGetSessionCookieCache measures a get-session served from the
// session_data cookie.
func BenchmarkGetSessionCookieCache(b *testing.B) {
	a := newAuth(b, func(o *Options) { o.Session.CookieCache.Enabled = true })
	r0, cookie := signUp(b, a)
	cookie += "; " + r0.cookieValue("better-auth.session_data")
	benchGetSession(b, a, cookie)
}

// BenchmarkSignIn measures a sign-in with the default Argon2id parameters
// (64 MiB, 3 passes), which dominate its cost.
func BenchmarkSignIn(b *testing.B) {
	a := newAuth(b, func(o *Options) { o.Password = nil })
	signUp(b, a)
	h := a.Handler()
	body := aliceCreds
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest("POST", "/api/auth/sign-in/email", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 200 {
			b.Fatalf("got %d %s", w.Code, w.Body.String())
		}
	}
}
