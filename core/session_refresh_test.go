package core

import (
	"context"
	"errors"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

// refreshRequest calls RefreshSession on a request to an application
// route that carries cookie, and returns what it answered and the
// Set-Cookie lines it added.
func refreshRequest(t *testing.T, a *Auth, cookie string) (*SessionData, []string) {
	t.Helper()
	r := httptest.NewRequest("GET", "/app/dashboard?disableRefresh=true", nil)
	if cookie != "" {
		r.Header.Set("Cookie", cookie)
	}
	w := httptest.NewRecorder()
	w.Header().Set("X-App", "kept")
	s, err := a.RefreshSession(w, r)
	if err != nil {
		t.Fatalf("RefreshSession: got error %v, want none", err)
	}
	if w.Header().Get("X-App") != "kept" {
		t.Error("RefreshSession dropped a header the application had set")
	}
	return s, w.Header().Values("Set-Cookie")
}

// cookieNames returns the names of the cookies that lines set.
func cookieNames(lines []string) []string {
	var names []string
	for _, l := range lines {
		name, _, _ := strings.Cut(l, "=")
		names = append(names, name)
	}
	return names
}

func TestRefreshSession(t *testing.T) {
	const (
		token = "better-auth.session_token"
		data  = "better-auth.session_data"
		dont  = "better-auth.dont_remember"
	)
	week := 7 * 24 * time.Hour
	tests := []struct {
		name         string
		mod          func(*Options)
		dontRemember bool
		left         time.Duration // the session's remaining life, set in the database
		wantCookies  []string
		wantSlid     bool
	}{
		{name: "not due", left: week - time.Hour},
		{name: "due", left: 6 * 24 * time.Hour, wantCookies: []string{token}, wantSlid: true},
		{name: "due with the cookie cache",
			mod:         func(o *Options) { o.Session.CookieCache.Enabled = true },
			left:        6 * 24 * time.Hour,
			wantCookies: []string{token, data}, wantSlid: true},
		{name: "not due with the cookie cache",
			mod:  func(o *Options) { o.Session.CookieCache.Enabled = true },
			left: week - time.Hour, wantCookies: []string{data}},
		{name: "due with refresh disabled",
			mod:  func(o *Options) { o.Session.DisableRefresh = true },
			left: 6 * 24 * time.Hour},
		{name: "due with deferred refresh",
			mod:  func(o *Options) { o.Session.DeferSessionRefresh = true },
			left: 6 * 24 * time.Hour},
		{name: "due without remember me", dontRemember: true, left: 6 * 24 * time.Hour},
		{name: "expired", left: -time.Minute, wantCookies: []string{token, data, dont}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAuth(t, tt.mod)
			r, cookie := signUp(t, a)
			if tt.dontRemember {
				r = post(t, a, "/sign-in/email", `{"email":"alice@example.com",`+
					`"password":"password123","rememberMe":false}`, nil)
				cookie = r.cookieValue(token) + "; " + r.cookieValue(dont)
			}
			tok := tokenOf(t, r)
			at := time.Now().Add(tt.left).Truncate(time.Millisecond)
			setExpiry(t, a, tok, at)

			s, lines := refreshRequest(t, a, cookie)
			if got := cookieNames(lines); !slices.Equal(got, tt.wantCookies) {
				t.Errorf("got cookies %q, want %v", lines, tt.wantCookies)
			}
			if tt.left < 0 {
				if s != nil || sessionRow(t, a, tok) != nil {
					t.Errorf("got session %v, want none and the row deleted", s)
				}
				return
			}
			if s == nil || s.Session.Token != tok {
				t.Fatalf("got session %+v, want the one with token %s", s, tok)
			}
			exp := timeOf(sessionRow(t, a, tok)["expiresAt"])
			slid := time.Until(exp) > week-time.Minute
			if slid != tt.wantSlid || !s.Session.ExpiresAt.Equal(exp) {
				t.Errorf("got expiry %v in the database and %v returned, want slid %v",
					exp, s.Session.ExpiresAt, tt.wantSlid)
			}
			if !slid && !exp.Equal(at) {
				t.Errorf("got expiry %v, want it unchanged at %v", exp, at)
			}
		})
	}
}

// TestRefreshSessionAsGetSession checks that RefreshSession renews a due
// session with the very cookie get-session sends.
func TestRefreshSessionAsGetSession(t *testing.T) {
	a := newAuth(t, nil)
	r, cookie := signUp(t, a)
	tok := tokenOf(t, r)
	setExpiry(t, a, tok, time.Now().Add(6*24*time.Hour))
	want := get(t, a, "/get-session", map[string]string{"Cookie": cookie}).cookies
	setExpiry(t, a, tok, time.Now().Add(6*24*time.Hour))
	_, got := refreshRequest(t, a, cookie)
	// A millisecond boundary may cost one second of Max-Age.
	norm := strings.NewReplacer("Max-Age=604799;", "Max-Age=604800;")
	if len(want) != 1 || len(got) != 1 || norm.Replace(got[0]) != norm.Replace(want[0]) {
		t.Errorf("got %q, want get-session's %q", got, want)
	}
}

func TestRefreshSessionWithoutSession(t *testing.T) {
	a := newAuth(t, nil)
	for _, cookie := range []string{"", "better-auth.session_token=forged.token"} {
		s, lines := refreshRequest(t, a, cookie)
		if s != nil || len(lines) != 0 {
			t.Errorf("cookie %q: got %v and cookies %q, want nil and none", cookie, s, lines)
		}
	}
}

// failingReads is a database whose reads fail.
type failingReads struct{ storage.Adapter }

var errReadsDown = errors.New("reads down")

func (failingReads) FindOne(context.Context, storage.Query) (storage.Record, error) {
	return nil, errReadsDown
}

func TestRefreshSessionStorageError(t *testing.T) {
	a := newAuth(t, nil)
	_, cookie := signUp(t, a)
	db, err := storage.New(failingReads{a.db.Adapter()},
		storage.Options{Schema: SchemaFor(a.opts)})
	if err != nil {
		t.Fatal(err)
	}
	broken := newAuth(t, func(o *Options) { o.DB = db })
	r := httptest.NewRequest("GET", "/app", nil)
	r.Header.Set("Cookie", cookie)
	w := httptest.NewRecorder()
	s, err := broken.RefreshSession(w, r)
	if !errors.Is(err, errReadsDown) || s != nil || len(w.Header()) != 0 {
		t.Errorf("got %v, %v, header %v, want the storage error and no header",
			s, err, w.Header())
	}
}
