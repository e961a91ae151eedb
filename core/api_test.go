package core

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/kernia-go/kernia/core/storage"
)

func TestAPISessionFlow(t *testing.T) {
	ctx := context.Background()
	var paths []string
	a := newAuth(t, func(o *Options) {
		o.Hooks.Before = func(c *Context) (any, error) {
			paths = append(paths, c.Path)
			return nil, nil
		}
	})
	api := a.API()
	up, err := api.SignUpEmail(ctx, SignUpEmailInput{Name: "Alice", Email: "Alice@Example.com",
		Password: "password123"})
	if err != nil || up.Token == "" || up.User.Email != "alice@example.com" {
		t.Fatalf("SignUpEmail: got %+v, %v, want a token and alice", up, err)
	}
	h := CookieHeader(up.Header)
	if !strings.HasPrefix(h.Get("Cookie"), "better-auth.session_token="+up.Token+".") {
		t.Fatalf("got Cookie %q, want the signed session token", h.Get("Cookie"))
	}
	s, err := api.GetSession(ctx, GetSessionInput{Headers: h})
	if err != nil || s.Session == nil || s.Session.Session.Token != up.Token {
		t.Fatalf("GetSession: got %+v, %v, want the sign-up session", s, err)
	}
	in, err := api.SignInEmail(ctx, SignInEmailInput{Email: "alice@example.com",
		Password: "password123", CallbackURL: "/home"})
	if err != nil || in.Token == "" || !in.Redirect || in.URL != "/home" {
		t.Fatalf("SignInEmail: got %+v, %v", in, err)
	}
	list, err := api.ListSessions(ctx, SessionInput{Headers: h})
	if err != nil || len(list.Sessions) != 2 {
		t.Fatalf("ListSessions: got %+v, %v, want 2 sessions", list, err)
	}
	if _, err := api.RevokeOtherSessions(ctx, SessionInput{Headers: h}); err != nil {
		t.Fatal(err)
	}
	out, err := api.SignOut(ctx, SessionInput{Headers: h})
	if err != nil || !out.Success || len(out.Header.Values("Set-Cookie")) == 0 {
		t.Fatalf("SignOut: got %+v, %v", out, err)
	}
	s, err = api.GetSession(ctx, GetSessionInput{Headers: h})
	if err != nil || s.Session != nil {
		t.Fatalf("GetSession after sign-out: got %+v, %v, want none", s, err)
	}
	want := "/sign-up/email,/get-session,/sign-in/email,/list-sessions," +
		"/revoke-other-sessions,/sign-out,/get-session"
	if got := strings.Join(paths, ","); got != want {
		t.Errorf("got hook paths %s, want %s", got, want)
	}
}

func TestAPIErrors(t *testing.T) {
	ctx := context.Background()
	api := newAuth(t, nil).API()
	tests := []struct {
		name string
		call func() error
		want *APIError
	}{
		{"wrong password", func() error {
			_, err := api.SignInEmail(ctx, SignInEmailInput{Email: "x@example.com",
				Password: "password123"})
			return err
		}, ErrInvalidEmailOrPassword},
		{"no session", func() error {
			_, err := api.ChangePassword(ctx, ChangePasswordInput{NewPassword: "abcdefgh1",
				CurrentPassword: "abcdefgh2"})
			return err
		}, ErrUnauthorized},
		{"validation", func() error {
			_, err := api.SignUpEmail(ctx, SignUpEmailInput{Name: "A", Email: "nope",
				Password: "password123"})
			return err
		}, ErrValidation},
		{"short password", func() error {
			_, err := api.SignUpEmail(ctx, SignUpEmailInput{Name: "A", Email: "a@example.com",
				Password: "short"})
			return err
		}, ErrPasswordTooShort},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			ae, ok := AsAPIError(err)
			if !ok || !errors.Is(err, tt.want) || ae.Status != tt.want.Status {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}

func TestAPILifecycle(t *testing.T) {
	ctx := context.Background()
	mb := &mailbox{}
	a := newAuth(t, func(o *Options) {
		o.EmailAndPassword.SendResetPassword = mb.send
		o.EmailVerification.SendVerificationEmail = mb.send
		o.User.ChangeEmail.Enabled = true
		o.User.DeleteUser.Enabled = true
		o.User.AdditionalFields = []storage.Field{{Name: "nickname", Type: storage.TypeString}}
	})
	api := a.API()
	up, err := api.SignUpEmail(ctx, SignUpEmailInput{Name: "Alice", Email: "alice@example.com",
		Password: "password123", Fields: map[string]any{"nickname": "al"}})
	if err != nil || up.User.Extra["nickname"] != "al" {
		t.Fatalf("SignUpEmail: got %+v, %v", up, err)
	}
	h := CookieHeader(up.Header)
	must := func(name string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	_, err = api.VerifyPassword(ctx, PasswordInput{Password: "password123", Headers: h})
	must("VerifyPassword", err)

	r, err := api.RequestPasswordReset(ctx, RequestPasswordResetInput{
		Email: "alice@example.com", RedirectTo: "/reset"})
	must("RequestPasswordReset", err)
	if !r.Status || r.Message != resetMessage {
		t.Errorf("RequestPasswordReset: got %+v", r)
	}
	token := mb.last(t).Token
	cb, err := api.ResetPasswordCallback(ctx, LinkInput{Token: token, CallbackURL: "/reset"})
	must("ResetPasswordCallback", err)
	if cb.Location != testOrigin+"/reset?token="+token {
		t.Errorf("got Location %q, want the reset page with the token", cb.Location)
	}
	_, err = api.ResetPassword(ctx, ResetPasswordInput{Token: token, NewPassword: "newpassword1"})
	must("ResetPassword", err)
	if _, err := api.ResetPassword(ctx, ResetPasswordInput{Token: token,
		NewPassword: "newpassword2"}); !errors.Is(err, ErrInvalidToken) {
		t.Errorf("reused token: got %v, want INVALID_TOKEN", err)
	}

	_, err = api.SendVerificationEmail(ctx, EmailInput{Email: "alice@example.com",
		CallbackURL: "/ok", Headers: h})
	must("SendVerificationEmail", err)
	v, err := api.VerifyEmail(ctx, LinkInput{Token: mb.last(t).Token, CallbackURL: "/verified"})
	must("VerifyEmail", err)
	if v.Location != "/verified" {
		t.Errorf("VerifyEmail: got Location %q, want /verified", v.Location)
	}

	cp, err := api.ChangePassword(ctx, ChangePasswordInput{NewPassword: "newpassword3",
		CurrentPassword: "newpassword1", RevokeOtherSessions: true, Headers: h})
	must("ChangePassword", err)
	h = CookieHeader(cp.Header)
	if cp.Token == "" || !strings.Contains(h.Get("Cookie"), cp.Token) {
		t.Fatalf("ChangePassword: got token %q and cookie %q", cp.Token, h.Get("Cookie"))
	}
	name := "Alice B"
	_, err = api.UpdateUser(ctx, UpdateUserInput{Name: &name, Headers: h})
	must("UpdateUser", err)
	_, err = api.ChangeEmail(ctx, EmailInput{Email: "alice2@example.com", Headers: h})
	must("ChangeEmail", err)

	accts, err := api.ListAccounts(ctx, SessionInput{Headers: h})
	must("ListAccounts", err)
	if len(accts.Accounts) != 1 || accts.Accounts[0].ProviderID != "credential" {
		t.Errorf("ListAccounts: got %+v", accts.Accounts)
	}
	if _, err := api.UnlinkAccount(ctx, UnlinkAccountInput{ProviderID: "credential",
		Headers: h}); !errors.Is(err,
		ErrFailedToUnlinkLastAccount) {
		t.Errorf("UnlinkAccount: got %v, want FAILED_TO_UNLINK_LAST_ACCOUNT", err)
	}
	del, err := api.DeleteUser(ctx, DeleteUserInput{Password: "newpassword3", Headers: h})
	must("DeleteUser", err)
	if !del.Success || del.Message != "User deleted" {
		t.Errorf("DeleteUser: got %+v", del)
	}
}

func TestAPISetPassword(t *testing.T) {
	ctx := context.Background()
	a := newAuth(t, nil)
	api := a.API()
	h := apiSignUp(t, api)
	set := PasswordInput{Password: "another-pass", Headers: h}
	if _, err := api.SetPassword(ctx, set); !errors.Is(err, ErrPasswordAlreadySet) {
		t.Fatalf("got %v, want PASSWORD_ALREADY_SET", err)
	}
	// A user who signed up elsewhere has no credential account.
	err := a.DB().Transaction(ctx, func(tx *storage.DB) error {
		_, err := tx.DeleteMany(ctx, "account", nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.SetPassword(ctx, set); err != nil {
		t.Fatalf("SetPassword: %v", err)
	}
	if _, err := api.SignInEmail(ctx, SignInEmailInput{Email: "alice@example.com",
		Password: "another-pass"}); err != nil {
		t.Errorf("sign-in with the set password: %v", err)
	}
	r := post(t, a, "/set-password", `{"newPassword":"another-pass"}`,
		withCookie(h.Get("Cookie")))
	if r.status != http.StatusNotFound {
		t.Errorf("got %d over HTTP, want 404 (server-only)", r.status)
	}
}

// apiSignUp signs Alice up through api and returns headers with her
// session cookie.
func apiSignUp(t *testing.T, api *API) http.Header {
	t.Helper()
	up, err := api.SignUpEmail(context.Background(), SignUpEmailInput{Name: "Alice",
		Email: "alice@example.com", Password: "password123"})
	if err != nil {
		t.Fatal(err)
	}
	return CookieHeader(up.Header)
}

func TestCookieHeaderDropsDeleted(t *testing.T) {
	h := http.Header{}
	h.Add("Set-Cookie", "a=1; Path=/")
	h.Add("Set-Cookie", "b=2; Path=/")
	h.Add("Set-Cookie", `b=""; Max-Age=0; Path=/`)
	if got := CookieHeader(h).Get("Cookie"); got != "a=1" {
		t.Errorf("got %q, want a=1", got)
	}
}

func TestAPISessionsAndDeletionLink(t *testing.T) {
	ctx := context.Background()
	mb := &mailbox{}
	a := newAuth(t, func(o *Options) {
		o.User.DeleteUser = DeleteUserOptions{Enabled: true,
			SendDeleteAccountVerification: mb.send}
		o.Session.AdditionalFields = []storage.Field{{Name: "note", Type: storage.TypeString}}
	})
	api := a.API()
	h := apiSignUp(t, api)
	us, err := api.UpdateSession(ctx, UpdateSessionInput{Fields: map[string]any{"note": "n"},
		Headers: h})
	if err != nil || us.Session.Extra["note"] != "n" {
		t.Fatalf("UpdateSession: got %+v, %v", us, err)
	}
	in, err := api.SignInEmail(ctx, SignInEmailInput{Email: "alice@example.com",
		Password: "password123"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.RevokeSession(ctx, RevokeSessionInput{Token: in.Token, Headers: h}); err != nil {
		t.Fatalf("RevokeSession: %v", err)
	}
	list, err := api.ListSessions(ctx, SessionInput{Headers: h})
	if err != nil || len(list.Sessions) != 1 {
		t.Fatalf("ListSessions: got %+v, %v, want only the first session", list, err)
	}
	del, err := api.DeleteUser(ctx, DeleteUserInput{Headers: h})
	if err != nil || del.Message != "Verification email sent" {
		t.Fatalf("DeleteUser: got %+v, %v", del, err)
	}
	cb, err := api.DeleteUserCallback(ctx, LinkInput{Token: mb.last(t).Token,
		CallbackURL: "/bye", Headers: h})
	if err != nil || cb.Location != "/bye" {
		t.Fatalf("DeleteUserCallback: got %+v, %v, want a redirect to /bye", cb, err)
	}
	if _, err := api.RevokeSessions(ctx, SessionInput{Headers: h}); !errors.Is(err,
		ErrUnauthorized) {
		t.Errorf("RevokeSessions after deletion: got %v, want UNAUTHORIZED", err)
	}
}

func TestAPIIgnoresDisabledPaths(t *testing.T) {
	a := newAuth(t, func(o *Options) { o.Advanced.DisabledPaths = []string{"/sign-up/email"} })
	if r := post(t, a, "/sign-up/email", aliceSignUp, nil); r.status != http.StatusNotFound {
		t.Fatalf("got %d over HTTP, want 404", r.status)
	}
	_, err := a.API().SignUpEmail(context.Background(), SignUpEmailInput{Name: "Alice",
		Email: "alice@example.com", Password: "password123"})
	if err != nil {
		t.Errorf("got %v from Go, want the user created", err)
	}
}

func TestAPIHookSeesFilledPath(t *testing.T) {
	var got string
	a := newAuth(t, func(o *Options) {
		o.Hooks.Before = func(c *Context) (any, error) {
			got = c.Path
			return nil, nil
		}
	})
	_, err := a.API().ResetPasswordCallback(context.Background(),
		LinkInput{Token: "abc", CallbackURL: "/r"})
	if err != nil || got != "/reset-password/abc" {
		t.Errorf("got path %q, %v, want /reset-password/abc", got, err)
	}
}

func TestAPICall(t *testing.T) {
	ctx := context.Background()
	a := newAuth(t, func(o *Options) { o.Plugins = []Plugin{notesPlugin{}} })
	api := a.API()
	up, err := api.Call(ctx, CallInput{Method: "POST", Path: "/sign-up/email",
		Body: map[string]any{"name": "Alice", "email": "alice@example.com",
			"password": "password123"}})
	if err != nil || !strings.HasPrefix(string(up.Body), `{"token":"`) {
		t.Fatalf("sign-up: got %+v, %v", up, err)
	}
	ok, err := api.Call(ctx, CallInput{Method: "GET", Path: "/ok"})
	if err != nil || string(ok.Body) != `{"ok":true}` {
		t.Errorf("ok: got %s, %v, want {\"ok\":true}", ok.Body, err)
	}
	if _, err := api.Call(ctx, CallInput{Method: "GET", Path: "/notes/42"}); !errors.Is(err,
		ErrUnauthorized) {
		t.Errorf("plugin route without a session: got %v, want UNAUTHORIZED", err)
	}
	note, err := api.Call(ctx, CallInput{Method: "GET", Path: "/notes/42",
		Headers: CookieHeader(up.Header)})
	if err != nil || string(note.Body) != `{"id":"42","user":"alice@example.com"}` {
		t.Errorf("plugin route: got %+v, %v, want the note 42", note, err)
	}
	if _, err := api.Call(ctx, CallInput{Method: "GET", Path: "/nowhere"}); !errors.Is(err,
		ErrNotFound) {
		t.Errorf("unknown route: got %v, want NOT_FOUND", err)
	}
	_, err = api.Call(ctx, CallInput{Method: "POST", Path: "/sign-in/email", Body: []int{1}})
	if !errors.Is(err, ErrValidation) {
		t.Errorf("array body: got %v, want VALIDATION_ERROR", err)
	}
}
