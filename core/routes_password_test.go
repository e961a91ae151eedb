package core

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

func resetAuth(t *testing.T, mod func(*Options)) (*Auth, *mailbox) {
	t.Helper()
	mb := &mailbox{}
	a := newAuth(t, func(o *Options) {
		o.EmailAndPassword.SendResetPassword = mb.send
		if mod != nil {
			mod(o)
		}
	})
	return a, mb
}

func TestRequestPasswordReset(t *testing.T) {
	const okBody = `{"status":true,"message":"If this email exists in our system, ` +
		`check your email for the reset link"}`
	t.Run("disabled", func(t *testing.T) {
		a := newAuth(t, nil)
		r := post(t, a, "/request-password-reset", `{"email":"alice@example.com"}`, nil)
		wantError(t, r, 400, "RESET_PASSWORD_DISABLED", "Reset password isn't enabled")
	})
	a, mb := resetAuth(t, nil)
	signUp(t, a)
	t.Run("known and unknown answer alike", func(t *testing.T) {
		for _, email := range []string{"alice@example.com", "nobody@example.com"} {
			r := post(t, a, "/request-password-reset", `{"email":"`+email+`"}`, nil)
			wantStatusBody(t, r, 200, okBody)
			if len(r.cookies) != 0 {
				t.Errorf("got cookies %v, want none", r.cookies)
			}
		}
		if n := mb.count(); n != 1 {
			t.Fatalf("got %d emails, want 1 (none for the unknown address)", n)
		}
	})
	t.Run("email", func(t *testing.T) {
		post(t, a, "/request-password-reset",
			`{"email":"alice@example.com","redirectTo":"/reset?a=b"}`, nil)
		e := mb.last(t)
		want := testOrigin + "/api/auth/reset-password/" + e.Token + "?callbackURL=%2Freset%3Fa%3Db"
		if e.Kind != "reset-password" || e.URL != want || len(e.Token) != 24 ||
			e.User.Email != "alice@example.com" {
			t.Errorf("got %+v, want kind reset-password, URL %s, a 24-char token", e, want)
		}
	})
	t.Run("validation", func(t *testing.T) {
		r := post(t, a, "/request-password-reset", `{"email":"nope"}`, nil)
		wantError(t, r, 400, "VALIDATION_ERROR", "[body.email] Invalid email address")
		r = post(t, a, "/request-password-reset",
			`{"email":"alice@example.com","redirectTo":"https://evil.example"}`, nil)
		wantError(t, r, 403, "INVALID_REDIRECT_URL", "Invalid redirectURL")
	})
}

func TestResetPasswordCallback(t *testing.T) {
	a, mb := resetAuth(t, nil)
	signUp(t, a)
	post(t, a, "/request-password-reset", `{"email":"alice@example.com"}`, nil)
	token := mb.last(t).Token
	base := "/api/auth/reset-password/"
	tests := []struct {
		name, uri, location string
	}{
		{"good token", base + token + "?callbackURL=%2Freset",
			testOrigin + "/reset?token=" + token},
		{"bad token", base + "bogus?callbackURL=%2Freset", testOrigin + "/reset?error=INVALID_TOKEN"},
		{"keeps callback query", base + "bogus?callbackURL=%2Freset%3Fx%3D1",
			testOrigin + "/reset?x=1&error=INVALID_TOKEN"},
		{"empty callback", base + token + "?callbackURL=",
			testOrigin + "/api/auth/error?error=INVALID_TOKEN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantRedirect(t, getURI(t, a, tt.uri, nil), tt.location)
		})
	}
	t.Run("missing callback", func(t *testing.T) {
		r := getURI(t, a, base+token, nil)
		wantError(t, r, 400, "VALIDATION_ERROR",
			"[query.callbackURL] Invalid input: expected string, received undefined")
	})
	t.Run("untrusted callback", func(t *testing.T) {
		r := getURI(t, a, base+token+"?callbackURL=https%3A%2F%2Fevil.example", nil)
		wantError(t, r, 403, "INVALID_CALLBACK_URL", "Invalid callbackURL")
	})
}

func TestResetPassword(t *testing.T) {
	a, mb := resetAuth(t, nil)
	_, cookie := signUp(t, a)
	request := func() string {
		post(t, a, "/request-password-reset", `{"email":"alice@example.com"}`, nil)
		return mb.last(t).Token
	}
	token := request()
	tests := []struct {
		name, body    string
		status        int
		code, message string
	}{
		{"no token", `{"newPassword":"newpassword1"}`, 400, "INVALID_TOKEN", "Invalid token"},
		{"bogus token", `{"newPassword":"newpassword1","token":"bogus"}`, 400, "INVALID_TOKEN",
			"Invalid token"},
		{"short", `{"newPassword":"short","token":"` + token + `"}`, 400, "PASSWORD_TOO_SHORT",
			"Password too short"},
		{"long", `{"newPassword":"` + strings.Repeat("x", 129) + `","token":"` + token + `"}`,
			400, "PASSWORD_TOO_LONG", "Password too long"},
		{"no password", `{"token":"x"}`, 400, "VALIDATION_ERROR",
			"[body.newPassword] Invalid input: expected string, received undefined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, post(t, a, "/reset-password", tt.body, nil), tt.status, tt.code, tt.message)
		})
	}
	t.Run("reset, reuse, sign in", func(t *testing.T) {
		r := post(t, a, "/reset-password", `{"newPassword":"newpassword1","token":"`+token+`"}`, nil)
		wantStatusBody(t, r, 200, `{"status":true}`)
		if len(r.cookies) != 0 {
			t.Errorf("got cookies %v, want none", r.cookies)
		}
		r = post(t, a, "/reset-password", `{"newPassword":"newpassword2","token":"`+token+`"}`, nil)
		wantError(t, r, 400, "INVALID_TOKEN", "Invalid token")
		r = post(t, a, "/sign-in/email", aliceCreds, nil)
		wantError(t, r, 401, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password")
		signIn(t, a, "newpassword1")
		// Without RevokeSessionsOnPasswordReset the old session lives on.
		if s := get(t, a, "/get-session", withCookie(cookie)); s.body == "null" {
			t.Errorf("got no session after reset, want the old one kept")
		}
	})
	t.Run("token in query", func(t *testing.T) {
		tok := request()
		r := post(t, a, "/reset-password?token="+tok, `{"newPassword":"newpassword3"}`, nil)
		wantStatusBody(t, r, 200, `{"status":true}`)
	})
	t.Run("expired", func(t *testing.T) {
		tok := request()
		_, err := a.DB().Update(context.Background(), "verification",
			[]storage.Where{storage.Eq("identifier", resetPrefix+tok)},
			storage.Record{"expiresAt": time.Now().Add(-time.Second)})
		if err != nil {
			t.Fatal(err)
		}
		wantRedirect(t, getURI(t, a, "/api/auth/reset-password/"+tok+"?callbackURL=%2Fr", nil),
			testOrigin+"/r?error=INVALID_TOKEN")
		r := post(t, a, "/reset-password", `{"newPassword":"newpassword4","token":"`+tok+`"}`, nil)
		wantError(t, r, 400, "INVALID_TOKEN", "Invalid token")
	})
}

func TestResetPasswordRevokesSessions(t *testing.T) {
	var hooked *User
	a, mb := resetAuth(t, func(o *Options) {
		o.EmailAndPassword.RevokeSessionsOnPasswordReset = true
		o.EmailAndPassword.OnPasswordReset = func(_ context.Context, u *User) error {
			hooked = u
			return nil
		}
	})
	_, cookie := signUp(t, a)
	post(t, a, "/request-password-reset", `{"email":"alice@example.com"}`, nil)
	r := post(t, a, "/reset-password",
		`{"newPassword":"newpassword1","token":"`+mb.last(t).Token+`"}`, nil)
	wantStatusBody(t, r, 200, `{"status":true}`)
	if s := get(t, a, "/get-session", withCookie(cookie)); s.body != "null" {
		t.Errorf("got session %s after reset, want null", s.body)
	}
	if hooked == nil || hooked.Email != "alice@example.com" {
		t.Errorf("got OnPasswordReset user %+v, want alice", hooked)
	}
}

func TestVerifyPassword(t *testing.T) {
	a := newAuth(t, nil)
	_, cookie := signUp(t, a)
	r := post(t, a, "/verify-password", `{"password":"password123"}`, withCookie(cookie))
	wantStatusBody(t, r, 200, `{"status":true}`)
	r = post(t, a, "/verify-password", `{"password":"wrong-password"}`, withCookie(cookie))
	wantError(t, r, 400, "INVALID_PASSWORD", "Invalid password")
	r = post(t, a, "/verify-password", `{"password":"password123"}`, nil)
	wantError(t, r, 401, "UNAUTHORIZED", "Unauthorized")
}

func TestChangePassword(t *testing.T) {
	a := newAuth(t, nil)
	_, cookie := signUp(t, a)
	other := signIn(t, a, "password123")
	tests := []struct {
		name, body    string
		status        int
		code, message string
	}{
		{"wrong current", `{"newPassword":"newpassword1","currentPassword":"nope-nope"}`, 400,
			"INVALID_PASSWORD", "Invalid password"},
		{"short", `{"newPassword":"short","currentPassword":"password123"}`, 400,
			"PASSWORD_TOO_SHORT", "Password too short"},
		{"missing current", `{"newPassword":"newpassword1"}`, 400, "VALIDATION_ERROR",
			"[body.currentPassword] Invalid input: expected string, received undefined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := post(t, a, "/change-password", tt.body, withCookie(cookie))
			wantError(t, r, tt.status, tt.code, tt.message)
		})
	}
	t.Run("unauthenticated", func(t *testing.T) {
		r := post(t, a, "/change-password",
			`{"newPassword":"newpassword1","currentPassword":"password123"}`, nil)
		wantError(t, r, 401, "UNAUTHORIZED", "Unauthorized")
	})
	t.Run("keep sessions", func(t *testing.T) {
		r := post(t, a, "/change-password",
			`{"newPassword":"newpassword1","currentPassword":"password123"}`, withCookie(cookie))
		m := r.json(t)
		if r.status != 200 || m["token"] != nil || len(r.cookies) != 0 {
			t.Fatalf("got %d %s cookies %v, want 200 with token null and no cookie",
				r.status, r.body, r.cookies)
		}
		if u, _ := m["user"].(map[string]any); u["email"] != "alice@example.com" {
			t.Errorf("got user %v, want alice", m["user"])
		}
	})
	t.Run("revoke other sessions", func(t *testing.T) {
		r := post(t, a, "/change-password", `{"newPassword":"newpassword2",`+
			`"currentPassword":"newpassword1","revokeOtherSessions":true}`, withCookie(cookie))
		m := r.json(t)
		tok, _ := m["token"].(string)
		if r.status != 200 || len(tok) != 32 {
			t.Fatalf("got %d %s, want 200 with a new token", r.status, r.body)
		}
		line := r.cookie("better-auth.session_token")
		if !strings.HasPrefix(line, "better-auth.session_token="+tok+".") ||
			!strings.Contains(line, "Max-Age=604800") {
			t.Errorf("got cookie %q, want the new session's", line)
		}
		for _, old := range []string{cookie, other} {
			if s := get(t, a, "/get-session", withCookie(old)); s.body != "null" {
				t.Errorf("got session %s for a revoked cookie, want null", s.body)
			}
		}
		fresh := r.cookieValue("better-auth.session_token")
		if s := get(t, a, "/get-session", withCookie(fresh)); !strings.Contains(s.body, tok) {
			t.Errorf("got %s for the new cookie, want its session", s.body)
		}
	})
}

func TestResetPasswordRunsVerificationDeleteHook(t *testing.T) {
	var deleted []string
	a, mb := resetAuth(t, func(o *Options) {
		o.DatabaseHooks.Verification.AfterDelete = func(_ context.Context, r storage.Record) {
			deleted = append(deleted, r["identifier"].(string))
		}
	})
	signUp(t, a)
	post(t, a, "/request-password-reset", `{"email":"alice@example.com"}`, nil)
	tok := mb.last(t).Token
	post(t, a, "/reset-password", `{"newPassword":"newpassword1","token":"`+tok+`"}`, nil)
	if len(deleted) != 1 || deleted[0] != resetPrefix+tok {
		t.Errorf("got deleted %v, want the reset token's row", deleted)
	}
}
