package core

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

func TestUpdateUser(t *testing.T) {
	a := newAuth(t, func(o *Options) {
		o.User.AdditionalFields = []storage.Field{
			{Name: "nickname", Type: storage.TypeString},
			{Name: "role", Type: storage.TypeString, NoInput: true},
		}
	})
	_, cookie := signUp(t, a)
	tests := []struct {
		name, body    string
		status        int
		code, message string
	}{
		{"email", `{"email":"x@example.com"}`, 400, "EMAIL_CAN_NOT_BE_UPDATED",
			"Email can not be updated"},
		{"nothing", `{"unknown":1}`, 400, "", "No fields to update"},
		{"empty", `{}`, 400, "", "No fields to update"},
		{"not an object", `[1]`, 400, "VALIDATION_ERROR",
			"[body] Invalid input: expected record, received array"},
		{"no input field", `{"role":"admin"}`, 400, "FIELD_NOT_ALLOWED",
			"role is not allowed to be set"},
		{"wrong type", `{"nickname":5}`, 400, "VALIDATION_ERROR",
			"[body.nickname] Invalid input: expected string, received number"},
		{"name not a string", `{"name":null}`, 400, "VALIDATION_ERROR",
			"[body.name] Invalid input: expected string, received null"},
		{"image not a string", `{"image":5}`, 400, "VALIDATION_ERROR",
			"[body.image] Invalid input: expected string, received number"},
		{"core field", `{"emailVerified":true,"createdAt":"2020-01-01T00:00:00.000Z"}`, 400, "",
			"No fields to update"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := post(t, a, "/update-user", tt.body, withCookie(cookie))
			wantError(t, r, tt.status, tt.code, tt.message)
		})
	}
	t.Run("unauthenticated", func(t *testing.T) {
		wantError(t, post(t, a, "/update-user", `{"name":"X"}`, nil), 401, "UNAUTHORIZED",
			"Unauthorized")
	})
	t.Run("updates and re-sets the cookie", func(t *testing.T) {
		r := post(t, a, "/update-user", `{"name":"Alice B","image":null,"nickname":"al"}`,
			withCookie(cookie))
		wantStatusBody(t, r, 200, `{"status":true}`)
		line := r.cookie("better-auth.session_token")
		if !strings.HasPrefix(line, cookie+";") || !strings.Contains(line, "Max-Age=604800") {
			t.Errorf("got cookie %q, want the same session re-set for 7 days", line)
		}
		s := get(t, a, "/get-session", withCookie(cookie)).json(t)
		u := s["user"].(map[string]any)
		if u["name"] != "Alice B" || u["image"] != nil || u["nickname"] != "al" {
			t.Errorf("got user %v, want the new name, no image and the nickname", u)
		}
	})
}

func changeEmailAuth(t *testing.T, mod func(*Options)) (*Auth, *mailbox) {
	t.Helper()
	mb := &mailbox{}
	a := newAuth(t, func(o *Options) {
		o.User.ChangeEmail.Enabled = true
		if mod != nil {
			mod(o)
		}
	})
	return a, mb
}

func TestChangeEmailErrors(t *testing.T) {
	t.Run("disabled", func(t *testing.T) {
		a := newAuth(t, nil)
		_, cookie := signUp(t, a)
		r := post(t, a, "/change-email", `{"newEmail":"new@example.com"}`, withCookie(cookie))
		wantError(t, r, 400, "CHANGE_EMAIL_DISABLED", "Change email is disabled")
	})
	a, _ := changeEmailAuth(t, nil)
	_, cookie := signUp(t, a)
	tests := []struct {
		name, body    string
		status        int
		code, message string
	}{
		{"same", `{"newEmail":"ALICE@example.com"}`, 400, "", "Email is the same"},
		{"no flow", `{"newEmail":"new@example.com"}`, 400, "", "Verification email isn't enabled"},
		{"invalid", `{"newEmail":"nope"}`, 400, "VALIDATION_ERROR",
			"[body.newEmail] Invalid email address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := post(t, a, "/change-email", tt.body, withCookie(cookie))
			wantError(t, r, tt.status, tt.code, tt.message)
		})
	}
}

func TestChangeEmailWithoutVerification(t *testing.T) {
	mb := &mailbox{}
	a, _ := changeEmailAuth(t, func(o *Options) {
		o.User.ChangeEmail.UpdateEmailWithoutVerification = true
		o.EmailVerification.SendVerificationEmail = mb.send
	})
	_, cookie := signUp(t, a)
	r := post(t, a, "/change-email", `{"newEmail":"New@Example.com","callbackURL":"/x"}`,
		withCookie(cookie))
	wantStatusBody(t, r, 200, `{"status":true}`)
	if r.cookie("better-auth.session_token") == "" {
		t.Errorf("got cookies %v, want the session cookie re-set", r.cookies)
	}
	s := get(t, a, "/get-session", withCookie(cookie))
	if !strings.Contains(s.body, `"email":"new@example.com"`) {
		t.Errorf("got %s, want the new email", s.body)
	}
	// This link's callback is not encoded, as upstream.
	e := mb.last(t)
	if e.User.Email != "new@example.com" || !strings.HasSuffix(e.URL, "&callbackURL=/x") {
		t.Errorf("got email to %s link %s, want new@example.com and callbackURL=/x",
			e.User.Email, e.URL)
	}
	verify(t, a, e.Token)
}

func TestChangeEmailTakenAddress(t *testing.T) {
	mb := &mailbox{}
	a, _ := changeEmailAuth(t, func(o *Options) {
		o.EmailVerification.SendVerificationEmail = mb.send
	})
	_, cookie := signUp(t, a)
	post(t, a, "/sign-up/email", `{"name":"Bob","email":"bob@example.com","password":"password123"}`,
		nil)
	r := post(t, a, "/change-email", `{"newEmail":"bob@example.com"}`, withCookie(cookie))
	wantStatusBody(t, r, 200, `{"status":true}`)
	if mb.count() != 0 {
		t.Errorf("got %d emails for a taken address, want none", mb.count())
	}
}

// markVerified sets alice's emailVerified in storage.
func markAliceVerified(t *testing.T, a *Auth) {
	t.Helper()
	_, err := a.DB().Update(context.Background(), "user",
		[]storage.Where{storage.Eq("email", "alice@example.com")},
		storage.Record{"emailVerified": true})
	if err != nil {
		t.Fatal(err)
	}
}

func TestChangeEmailVerificationOfNewAddress(t *testing.T) {
	mb := &mailbox{}
	a, _ := changeEmailAuth(t, func(o *Options) {
		o.EmailVerification.SendVerificationEmail = mb.send
	})
	_, cookie := signUp(t, a)
	markAliceVerified(t, a)
	r := post(t, a, "/change-email", `{"newEmail":"new@example.com"}`, withCookie(cookie))
	wantStatusBody(t, r, 200, `{"status":true}`)
	e := mb.last(t)
	if e.User.Email != "new@example.com" || !strings.HasSuffix(e.URL, "&callbackURL=/") {
		t.Fatalf("got email to %s link %s, want new@example.com", e.User.Email, e.URL)
	}
	// Opened while signed in as someone else: refused.
	post(t, a, "/sign-up/email", `{"name":"Bob","email":"bob@example.com","password":"password123"}`,
		nil)
	bob := post(t, a, "/sign-in/email", `{"email":"bob@example.com","password":"password123"}`, nil)
	r = get(t, a, "/verify-email?token="+e.Token,
		withCookie(bob.cookieValue("better-auth.session_token")))
	wantError(t, r, 401, "INVALID_USER", "Invalid user")
	// Opened without a session: the change applies and signs in.
	r = get(t, a, "/verify-email?token="+e.Token, nil)
	m := r.json(t)
	u, _ := m["user"].(map[string]any)
	if r.status != 200 || m["status"] != true || u["email"] != "new@example.com" ||
		u["emailVerified"] != true {
		t.Fatalf("got %d %s, want status and the updated user", r.status, r.body)
	}
	if r.cookie("better-auth.session_token") == "" {
		t.Errorf("got cookies %v, want a new session", r.cookies)
	}
}

func TestChangeEmailConfirmation(t *testing.T) {
	mb := &mailbox{}
	a, _ := changeEmailAuth(t, func(o *Options) {
		o.EmailVerification.SendVerificationEmail = mb.send
		o.User.ChangeEmail.SendChangeEmailConfirmation = mb.send
	})
	_, cookie := signUp(t, a)
	markAliceVerified(t, a)
	post(t, a, "/change-email", `{"newEmail":"new@example.com","callbackURL":"/changed"}`,
		withCookie(cookie))
	confirm := mb.last(t)
	if confirm.Kind != "change-email-confirmation" || confirm.User.Email != "alice@example.com" ||
		confirm.NewEmail != "new@example.com" {
		t.Fatalf("got %+v, want a confirmation to the current address", confirm)
	}
	r := getURI(t, a, linkPath(t, confirm.URL), withCookie(cookie))
	wantRedirect(t, r, "/changed")
	verifyMail := mb.last(t)
	if verifyMail.Kind != "verify-email" || verifyMail.User.Email != "new@example.com" {
		t.Fatalf("got %+v, want a verification to the new address", verifyMail)
	}
	r = getURI(t, a, linkPath(t, verifyMail.URL), withCookie(cookie))
	wantRedirect(t, r, "/changed")
	s := get(t, a, "/get-session", withCookie(cookie))
	if !strings.Contains(s.body, `"email":"new@example.com","emailVerified":true`) {
		t.Errorf("got %s, want the new verified email", s.body)
	}
}

func deleteAuth(t *testing.T, mod func(*Options)) *Auth {
	t.Helper()
	return newAuth(t, func(o *Options) {
		o.User.DeleteUser.Enabled = true
		if mod != nil {
			mod(o)
		}
	})
}

func TestDeleteUser(t *testing.T) {
	t.Run("disabled", func(t *testing.T) {
		a := newAuth(t, nil)
		_, cookie := signUp(t, a)
		r := post(t, a, "/delete-user", `{}`, withCookie(cookie))
		if r.status != 404 || r.body != "" {
			t.Errorf("got %d %q, want 404 with an empty body", r.status, r.body)
		}
		r = get(t, a, "/delete-user/callback?token=x", withCookie(cookie))
		wantError(t, r, 404, "NOT_FOUND", "Not found")
	})
	t.Run("wrong password", func(t *testing.T) {
		a := deleteAuth(t, nil)
		_, cookie := signUp(t, a)
		r := post(t, a, "/delete-user", `{"password":"wrong-password"}`, withCookie(cookie))
		wantError(t, r, 400, "INVALID_PASSWORD", "Invalid password")
	})
	t.Run("stale session", func(t *testing.T) {
		a := deleteAuth(t, func(o *Options) { o.Session.FreshAge = time.Millisecond })
		_, cookie := signUp(t, a)
		time.Sleep(5 * time.Millisecond)
		r := post(t, a, "/delete-user", `{}`, withCookie(cookie))
		wantError(t, r, 400, "SESSION_EXPIRED",
			"Session expired. Re-authenticate to perform this action.")
	})
	for _, body := range []string{`{}`, `{"password":"password123"}`} {
		t.Run("deletes with "+body, func(t *testing.T) {
			var order []string
			a := deleteAuth(t, func(o *Options) {
				o.User.DeleteUser.BeforeDelete = func(context.Context, *User) error {
					order = append(order, "before")
					return nil
				}
				o.User.DeleteUser.AfterDelete = func(context.Context, *User) error {
					order = append(order, "after")
					return nil
				}
			})
			_, cookie := signUp(t, a)
			r := post(t, a, "/delete-user", body, withCookie(cookie))
			wantStatusBody(t, r, 200, `{"success":true,"message":"User deleted"}`)
			wantCleared(t, r)
			wantGone(t, a)
			if strings.Join(order, ",") != "before,after" {
				t.Errorf("got hooks %v, want before,after", order)
			}
		})
	}
}

// wantGone checks that alice, her sessions and accounts are gone.
func wantGone(t *testing.T, a *Auth) {
	t.Helper()
	ctx := context.Background()
	for _, model := range []string{"user", "session", "account"} {
		n, err := a.DB().Count(ctx, model, nil)
		if err != nil || n != 0 {
			t.Errorf("got %d %s rows (%v), want 0", n, model, err)
		}
	}
}

func TestDeleteUserByEmail(t *testing.T) {
	mb := &mailbox{}
	a := deleteAuth(t, func(o *Options) {
		o.User.DeleteUser.SendDeleteAccountVerification = mb.send
	})
	_, cookie := signUp(t, a)
	r := post(t, a, "/delete-user", `{"callbackURL":"/bye"}`, withCookie(cookie))
	wantStatusBody(t, r, 200, `{"success":true,"message":"Verification email sent"}`)
	e := mb.last(t)
	want := testOrigin + "/api/auth/delete-user/callback?token=" + e.Token + "&callbackURL=%2Fbye"
	if e.Kind != "delete-account" || e.URL != want || len(e.Token) != 32 ||
		strings.ToLower(e.Token) != e.Token {
		t.Fatalf("got %+v, want kind delete-account and URL %s", e, want)
	}
	t.Run("no session", func(t *testing.T) {
		r := getURI(t, a, linkPath(t, e.URL), nil)
		wantError(t, r, 404, "FAILED_TO_GET_USER_INFO", "Failed to get user info")
	})
	t.Run("bad token", func(t *testing.T) {
		r := get(t, a, "/delete-user/callback?token=bogus", withCookie(cookie))
		wantError(t, r, 404, "INVALID_TOKEN", "Invalid token")
	})
	t.Run("deletes", func(t *testing.T) {
		r := getURI(t, a, linkPath(t, e.URL), withCookie(cookie))
		wantRedirect(t, r, "/bye")
		wantCleared(t, r)
		wantGone(t, a)
		n, _ := a.DB().Count(context.Background(), "verification", nil)
		if n != 0 {
			t.Errorf("got %d verification rows, want the token deleted", n)
		}
	})
}

func TestDeleteUserWithTokenInBody(t *testing.T) {
	mb := &mailbox{}
	a := deleteAuth(t, func(o *Options) {
		o.User.DeleteUser.SendDeleteAccountVerification = mb.send
	})
	_, cookie := signUp(t, a)
	post(t, a, "/delete-user", `{}`, withCookie(cookie))
	r := post(t, a, "/delete-user", `{"token":"`+mb.last(t).Token+`"}`, withCookie(cookie))
	wantStatusBody(t, r, 200, `{"success":true,"message":"User deleted"}`)
	wantGone(t, a)
}
