package core

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

func verifyAuth(t *testing.T, mod func(*Options)) (*Auth, *mailbox) {
	t.Helper()
	mb := &mailbox{}
	a := newAuth(t, func(o *Options) {
		o.EmailVerification.SendVerificationEmail = mb.send
		if mod != nil {
			mod(o)
		}
	})
	return a, mb
}

func TestSendVerificationEmail(t *testing.T) {
	t.Run("disabled", func(t *testing.T) {
		a := newAuth(t, nil)
		r := post(t, a, "/send-verification-email", `{"email":"alice@example.com"}`, nil)
		wantError(t, r, 400, "VERIFICATION_EMAIL_NOT_ENABLED", "Verification email isn't enabled")
	})
	a, mb := verifyAuth(t, nil)
	_, cookie := signUp(t, a)
	if mb.count() != 0 {
		t.Fatalf("got %d emails on sign-up, want none (sendOnSignUp follows "+
			"requireEmailVerification)", mb.count())
	}
	t.Run("unknown email", func(t *testing.T) {
		r := post(t, a, "/send-verification-email", `{"email":"nobody@example.com"}`, nil)
		wantStatusBody(t, r, 200, `{"status":true}`)
		if mb.count() != 0 {
			t.Errorf("got %d emails, want none", mb.count())
		}
	})
	t.Run("known email", func(t *testing.T) {
		r := post(t, a, "/send-verification-email",
			`{"email":"alice@example.com","callbackURL":"/done?x=1"}`, nil)
		wantStatusBody(t, r, 200, `{"status":true}`)
		e := mb.last(t)
		prefix := testOrigin + "/api/auth/verify-email?token="
		if e.Kind != "verify-email" || !strings.HasPrefix(e.URL, prefix) ||
			!strings.HasSuffix(e.URL, "&callbackURL=%2Fdone%3Fx%3D1") || e.Token == "" {
			t.Errorf("got %+v, want a verify-email link with the encoded callback", e)
		}
	})
	t.Run("default callback", func(t *testing.T) {
		post(t, a, "/send-verification-email", `{"email":"alice@example.com"}`, nil)
		if e := mb.last(t); !strings.HasSuffix(e.URL, "&callbackURL=%2F") {
			t.Errorf("got %s, want callbackURL %%2F", e.URL)
		}
	})
	t.Run("session email mismatch", func(t *testing.T) {
		r := post(t, a, "/send-verification-email", `{"email":"bob@example.com"}`,
			withCookie(cookie))
		wantError(t, r, 400, "EMAIL_MISMATCH", "Email mismatch")
	})
	t.Run("session", func(t *testing.T) {
		r := post(t, a, "/send-verification-email", `{"email":"ALICE@example.com"}`,
			withCookie(cookie))
		wantStatusBody(t, r, 200, `{"status":true}`)
	})
	t.Run("already verified", func(t *testing.T) {
		verify(t, a, mb.last(t).Token)
		r := post(t, a, "/send-verification-email", `{"email":"alice@example.com"}`,
			withCookie(cookie))
		wantError(t, r, 400, "EMAIL_ALREADY_VERIFIED", "Email is already verified")
		n := mb.count()
		r = post(t, a, "/send-verification-email", `{"email":"alice@example.com"}`, nil)
		wantStatusBody(t, r, 200, `{"status":true}`)
		if mb.count() != n {
			t.Errorf("got an email for a verified address, want none")
		}
	})
}

// verify opens a verification link without a callback and wants 200.
func verify(t testing.TB, a *Auth, token string) resp {
	t.Helper()
	r := get(t, a, "/verify-email?token="+token, nil)
	wantStatusBody(t, r, 200, `{"status":true,"user":null}`)
	return r
}

func TestVerifyEmail(t *testing.T) {
	a, mb := verifyAuth(t, nil)
	signUp(t, a)
	post(t, a, "/send-verification-email", `{"email":"alice@example.com"}`, nil)
	token := mb.last(t).Token
	expired, _ := signHS256([]byte(testSecret), emailClaims{Email: "alice@example.com",
		IssuedAt: time.Now().Add(-2 * time.Hour).Unix(), Expires: time.Now().Add(-time.Hour).Unix()})
	ghost, _ := a.emailToken("ghost@example.com", "", "")
	noEmail, _ := signHS256([]byte(testSecret), map[string]any{"exp": time.Now().Unix() + 60})
	errs := []struct {
		name, query   string
		status        int
		code, message string
		location      string
	}{
		{"bad token", "token=bogus", 401, "INVALID_TOKEN", "Invalid token", ""},
		{"bad token, callback", "token=bogus&callbackURL=%2Fdone", 302, "", "",
			"/done?error=INVALID_TOKEN"},
		{"bad token, callback with query", "token=bogus&callbackURL=%2Fdone%3Fa%3D1", 302, "", "",
			"/done?a=1&error=INVALID_TOKEN"},
		{"expired", "token=" + expired, 401, "TOKEN_EXPIRED", "Token expired", ""},
		{"expired, callback", "token=" + expired + "&callbackURL=%2Fdone", 302, "", "",
			"/done?error=TOKEN_EXPIRED"},
		{"unknown user", "token=" + ghost, 401, "USER_NOT_FOUND", "User not found", ""},
		{"untrusted callback", "token=" + token + "&callbackURL=https%3A%2F%2Fevil.example", 403,
			"INVALID_CALLBACK_URL", "Invalid callbackURL", ""},
		{"missing token", "", 400, "VALIDATION_ERROR",
			"[query.token] Invalid input: expected string, received undefined", ""},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			r := get(t, a, "/verify-email?"+tt.query, nil)
			if tt.location != "" {
				wantRedirect(t, r, tt.location)
				return
			}
			wantError(t, r, tt.status, tt.code, tt.message)
		})
	}
	t.Run("payload without email", func(t *testing.T) {
		r := get(t, a, "/verify-email?token="+noEmail, nil)
		if r.status != 500 || r.body != "" {
			t.Errorf("got %d %q, want 500 with an empty body", r.status, r.body)
		}
	})
	t.Run("verifies", func(t *testing.T) {
		r := verify(t, a, token)
		if len(r.cookies) != 0 {
			t.Errorf("got cookies %v without auto sign-in, want none", r.cookies)
		}
		u, _ := a.DB().FindOne(context.Background(), storage.FindQuery{Model: "user",
			Where: []storage.Where{storage.Eq("email", "alice@example.com")}})
		if u["emailVerified"] != true {
			t.Errorf("got emailVerified %v, want true", u["emailVerified"])
		}
		verify(t, a, token) // already verified: the same answer
		wantRedirect(t, get(t, a, "/verify-email?token="+token+"&callbackURL=%2Fdone", nil),
			"/done")
	})
}

func TestVerifyEmailAutoSignIn(t *testing.T) {
	var before, after int
	a, mb := verifyAuth(t, func(o *Options) {
		o.EmailVerification.AutoSignInAfterVerification = true
		o.EmailVerification.BeforeEmailVerification = func(context.Context, *User) error {
			before++
			return nil
		}
		o.EmailVerification.AfterEmailVerification = func(_ context.Context, u *User) error {
			if u.EmailVerified {
				after++
			}
			return nil
		}
	})
	signUp(t, a)
	post(t, a, "/send-verification-email", `{"email":"alice@example.com"}`, nil)
	r := get(t, a, "/verify-email?token="+mb.last(t).Token+"&callbackURL=%2Fwelcome", nil)
	wantRedirect(t, r, "/welcome")
	cookie := r.cookieValue("better-auth.session_token")
	if cookie == "" {
		t.Fatalf("got cookies %v, want a session cookie", r.cookies)
	}
	s := get(t, a, "/get-session", withCookie(cookie))
	if !strings.Contains(s.body, `"emailVerified":true`) {
		t.Errorf("got session %s, want a verified user", s.body)
	}
	if before != 1 || after != 1 {
		t.Errorf("got hooks before=%d after=%d, want 1 and 1", before, after)
	}
}

func TestRequireEmailVerification(t *testing.T) {
	a, mb := verifyAuth(t, func(o *Options) {
		o.EmailAndPassword.RequireEmailVerification = true
		o.EmailVerification.SendOnSignIn = true
	})
	r := post(t, a, "/sign-up/email", aliceSignUp[:len(aliceSignUp)-1]+`,"callbackURL":"/hi"}`, nil)
	if r.status != 200 || r.json(t)["token"] != nil || len(r.cookies) != 0 {
		t.Fatalf("got %d %s %v, want 200 with token null and no cookie", r.status, r.body,
			r.cookies)
	}
	if e := mb.last(t); !strings.HasSuffix(e.URL, "&callbackURL=%2Fhi") {
		t.Errorf("got sign-up email %s, want a link back to /hi", e.URL)
	}
	r = post(t, a, "/sign-in/email", aliceCreds, nil)
	wantError(t, r, 403, "EMAIL_NOT_VERIFIED", "Email not verified")
	if mb.count() != 2 {
		t.Errorf("got %d emails, want 2 (sign-up and sign-in)", mb.count())
	}
	verify(t, a, mb.last(t).Token)
	signIn(t, a, "password123")
}

func TestSendOnSignUp(t *testing.T) {
	tests := []struct {
		name    string
		require bool
		send    *bool
		want    int
	}{
		{"default without require", false, nil, 0},
		{"default with require", true, nil, 1},
		{"on without require", false, on(), 1},
		{"off with require", true, off(), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, mb := verifyAuth(t, func(o *Options) {
				o.EmailAndPassword.RequireEmailVerification = tt.require
				o.EmailVerification.SendOnSignUp = tt.send
			})
			signUpNoCookie(t, a)
			if mb.count() != tt.want {
				t.Errorf("got %d emails, want %d", mb.count(), tt.want)
			}
		})
	}
}

// signUpNoCookie signs alice up whether or not sign-up signs her in.
func signUpNoCookie(t *testing.T, a *Auth) {
	t.Helper()
	if r := post(t, a, "/sign-up/email", aliceSignUp, nil); r.status != 200 {
		t.Fatalf("sign-up: got %d %s, want 200", r.status, r.body)
	}
}

// outbox is a Mailer that keeps the messages.
type outbox struct{ msgs []Message }

func (o *outbox) Send(_ context.Context, m Message) error {
	o.msgs = append(o.msgs, m)
	return nil
}

func TestSendWithMailer(t *testing.T) {
	ob := &outbox{}
	a, _ := verifyAuth(t, func(o *Options) {
		o.EmailVerification.SendVerificationEmail = SendWithMailer(ob)
	})
	signUp(t, a)
	post(t, a, "/send-verification-email", `{"email":"alice@example.com"}`, nil)
	if len(ob.msgs) != 1 {
		t.Fatalf("got %d messages, want 1", len(ob.msgs))
	}
	m := ob.msgs[0]
	if m.To != "alice@example.com" || m.Kind != "verify-email" || m.Subject == "" ||
		!strings.Contains(m.Text, m.URL) || !strings.Contains(m.URL, "/verify-email?token=") {
		t.Errorf("got %+v, want a verify-email message to alice with the link", m)
	}
}
