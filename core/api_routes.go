package core

import (
	"context"
	"net/http"
	"net/url"
)

// SignUpEmailInput is the body of sign-up/email. Fields holds additional
// user fields; RememberMe nil leaves the member out.
type SignUpEmailInput struct {
	Name, Email, Password, Image, CallbackURL string
	RememberMe                                *bool
	Fields                                    map[string]any
	Headers                                   http.Header
}

// SignUpEmailResult is sign-up's answer; Token is empty when sign-up does
// not sign in.
type SignUpEmailResult struct {
	Token  string `json:"token"`
	User   *User  `json:"user"`
	Header http.Header
}

// SignUpEmail creates a user with a password, as POST /sign-up/email.
func (x *API) SignUpEmail(ctx context.Context, in SignUpEmailInput) (*SignUpEmailResult, error) {
	b := body{"name": in.Name, "email": in.Email, "password": in.Password}.
		str("image", in.Image).str("callbackURL", in.CallbackURL).
		flag("rememberMe", in.RememberMe).fields(in.Fields)
	out := &SignUpEmailResult{}
	h, err := x.post(ctx, "/sign-up/email", in.Headers, b, out)
	return withHeader(out, &out.Header, h, err)
}

// withHeader sets a result's Header, or drops the result on error.
func withHeader[T any](out *T, dst *http.Header, h http.Header, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	*dst = h
	return out, nil
}

// SignInEmailInput is the body of sign-in/email.
type SignInEmailInput struct {
	Email, Password, CallbackURL string
	RememberMe                   *bool
	Headers                      http.Header
}

// SignInEmailResult is sign-in's answer.
type SignInEmailResult struct {
	Redirect bool   `json:"redirect"`
	Token    string `json:"token"`
	URL      string `json:"url"`
	User     *User  `json:"user"`
	Header   http.Header
}

// SignInEmail checks a password and creates a session, as POST
// /sign-in/email.
func (x *API) SignInEmail(ctx context.Context, in SignInEmailInput) (*SignInEmailResult, error) {
	b := body{"email": in.Email, "password": in.Password}.
		str("callbackURL", in.CallbackURL).flag("rememberMe", in.RememberMe)
	out := &SignInEmailResult{}
	h, err := x.post(ctx, "/sign-in/email", in.Headers, b, out)
	return withHeader(out, &out.Header, h, err)
}

// SessionInput is the input of the routes that take nothing but the
// session: the request headers with its cookie.
type SessionInput struct {
	Headers http.Header
}

// SignOut deletes the session of the headers' cookie, as POST /sign-out.
func (x *API) SignOut(ctx context.Context, in SessionInput) (*SuccessResult, error) {
	return x.success(ctx, "/sign-out", in.Headers, nil)
}

// GetSessionInput selects the session to read and how.
type GetSessionInput struct {
	Headers            http.Header
	DisableCookieCache bool
	DisableRefresh     bool
}

// GetSessionResult is get-session's answer; Session is nil when the
// headers carry no live session.
type GetSessionResult struct {
	Session *SessionData
	// NeedsRefresh is set under Session.DeferSessionRefresh.
	NeedsRefresh bool
	Header       http.Header
}

// GetSession reads the session as GET /get-session does, sliding its
// expiry when due (the new cookie is in Header).
func (x *API) GetSession(ctx context.Context, in GetSessionInput) (*GetSessionResult, error) {
	q := url.Values{}
	if in.DisableCookieCache {
		q.Set("disableCookieCache", "true")
	}
	if in.DisableRefresh {
		q.Set("disableRefresh", "true")
	}
	var raw struct {
		Session      *Session `json:"session"`
		User         *User    `json:"user"`
		NeedsRefresh bool     `json:"needsRefresh"`
	}
	res, err := x.get(ctx, "/get-session", in.Headers, q, nil, &raw)
	if err != nil {
		return nil, err
	}
	out := &GetSessionResult{NeedsRefresh: raw.NeedsRefresh, Header: res.header}
	if raw.Session != nil {
		out.Session = &SessionData{Session: raw.Session, User: raw.User}
	}
	return out, nil
}

// ListSessionsResult is list-sessions' answer.
type ListSessionsResult struct {
	Sessions []*Session
	Header   http.Header
}

// ListSessions lists the user's live sessions, as GET /list-sessions.
func (x *API) ListSessions(ctx context.Context, in SessionInput) (*ListSessionsResult, error) {
	out := &ListSessionsResult{}
	res, err := x.get(ctx, "/list-sessions", in.Headers, nil, nil, &out.Sessions)
	return withHeader(out, &out.Header, res.header, err)
}

// RevokeSessionInput names the session to revoke by its token.
type RevokeSessionInput struct {
	Token   string
	Headers http.Header
}

// RevokeSession deletes one of the user's sessions by token, as POST
// /revoke-session.
func (x *API) RevokeSession(ctx context.Context, in RevokeSessionInput) (*StatusResult, error) {
	return x.status(ctx, "/revoke-session", in.Headers, body{"token": in.Token})
}

// RevokeSessions deletes every session of the user, as POST
// /revoke-sessions.
func (x *API) RevokeSessions(ctx context.Context, in SessionInput) (*StatusResult, error) {
	return x.status(ctx, "/revoke-sessions", in.Headers, nil)
}

// RevokeOtherSessions deletes the user's other sessions, as POST
// /revoke-other-sessions.
func (x *API) RevokeOtherSessions(ctx context.Context, in SessionInput) (*StatusResult, error) {
	return x.status(ctx, "/revoke-other-sessions", in.Headers, nil)
}

// UpdateSessionResult is update-session's answer.
type UpdateSessionResult struct {
	Session *Session `json:"session"`
	Header  http.Header
}

// UpdateSessionInput holds the additional session fields to set.
type UpdateSessionInput struct {
	Fields  map[string]any
	Headers http.Header
}

// UpdateSession sets additional session fields, as POST /update-session.
func (x *API) UpdateSession(ctx context.Context,
	in UpdateSessionInput) (*UpdateSessionResult, error) {
	out := &UpdateSessionResult{}
	h, err := x.post(ctx, "/update-session", in.Headers, body{}.fields(in.Fields), out)
	return withHeader(out, &out.Header, h, err)
}

// RequestPasswordResetInput is the body of request-password-reset;
// RedirectTo is the app page the link leads to.
type RequestPasswordResetInput struct {
	Email, RedirectTo string
	Headers           http.Header
}

// RequestPasswordReset mails a reset link, as POST
// /request-password-reset. It answers the same for unknown emails.
func (x *API) RequestPasswordReset(ctx context.Context,
	in RequestPasswordResetInput) (*StatusResult, error) {
	return x.status(ctx, "/request-password-reset", in.Headers,
		body{"email": in.Email}.str("redirectTo", in.RedirectTo))
}

// RedirectResult is the answer of an email link route.
type RedirectResult struct {
	Location string
	Header   http.Header
}

// LinkInput is the query of an email link: its token and the app page
// to return to.
type LinkInput struct {
	Token, CallbackURL string
	Headers            http.Header
}

// query returns the link's query; an empty callback is left out.
func (in LinkInput) query() url.Values {
	q := url.Values{"token": {in.Token}}
	if in.CallbackURL != "" {
		q.Set("callbackURL", in.CallbackURL)
	}
	return q
}

// ResetPasswordCallback resolves a reset link, as GET
// /reset-password/:token: Location carries the token or the error.
func (x *API) ResetPasswordCallback(ctx context.Context, in LinkInput) (*RedirectResult, error) {
	q := url.Values{"callbackURL": {in.CallbackURL}}
	res, err := x.get(ctx, "/reset-password/:token", in.Headers, q,
		map[string]string{"token": in.Token}, nil)
	out := &RedirectResult{Location: res.location}
	return withHeader(out, &out.Header, res.header, err)
}

// ResetPasswordInput is the body of reset-password.
type ResetPasswordInput struct {
	Token, NewPassword string
	Headers            http.Header
}

// ResetPassword sets a new password with a reset token, as POST
// /reset-password.
func (x *API) ResetPassword(ctx context.Context, in ResetPasswordInput) (*StatusResult, error) {
	return x.status(ctx, "/reset-password", in.Headers,
		body{"newPassword": in.NewPassword}.str("token", in.Token))
}

// PasswordInput carries one password and the session.
type PasswordInput struct {
	Password string
	Headers  http.Header
}

// VerifyPassword checks the signed-in user's password, as POST
// /verify-password.
func (x *API) VerifyPassword(ctx context.Context, in PasswordInput) (*StatusResult, error) {
	return x.status(ctx, "/verify-password", in.Headers, body{"password": in.Password})
}

// SetPassword gives a password (in.Password) to a signed-in user who has
// none, having signed up through another provider. It exists only as a
// Go call: the route is not mounted, as upstream's server-only endpoint.
func (x *API) SetPassword(ctx context.Context, in PasswordInput) (*StatusResult, error) {
	out := &StatusResult{}
	res, err := x.run(ctx, http.MethodPost, "/set-password", apiCall{
		route: x.a.setPasswordRoute(), headers: in.Headers,
		body: body{"newPassword": in.Password}})
	if err != nil {
		return nil, err
	}
	out.Header = res.header
	return out, decode(res, out)
}

// ChangePasswordInput is the body of change-password.
type ChangePasswordInput struct {
	NewPassword, CurrentPassword string
	RevokeOtherSessions          bool
	Headers                      http.Header
}

// ChangePasswordResult is change-password's answer; Token is the new
// session's when other sessions were revoked, empty otherwise.
type ChangePasswordResult struct {
	Token  string `json:"token"`
	User   *User  `json:"user"`
	Header http.Header
}

// ChangePassword replaces the password, as POST /change-password.
func (x *API) ChangePassword(ctx context.Context,
	in ChangePasswordInput) (*ChangePasswordResult, error) {
	b := body{"newPassword": in.NewPassword, "currentPassword": in.CurrentPassword}
	if in.RevokeOtherSessions {
		b["revokeOtherSessions"] = true
	}
	out := &ChangePasswordResult{}
	h, err := x.post(ctx, "/change-password", in.Headers, b, out)
	return withHeader(out, &out.Header, h, err)
}

// EmailInput is the body of the routes that take an address and the app
// page its link leads to.
type EmailInput struct {
	Email, CallbackURL string
	Headers            http.Header
}

// SendVerificationEmail mails a verification link, as POST
// /send-verification-email; the headers may carry a session.
func (x *API) SendVerificationEmail(ctx context.Context, in EmailInput) (*StatusResult, error) {
	return x.status(ctx, "/send-verification-email", in.Headers,
		body{"email": in.Email}.str("callbackURL", in.CallbackURL))
}

// VerifyEmailResult is verify-email's answer. User is set by the email
// change steps, nil for a plain verification.
type VerifyEmailResult struct {
	Status   bool  `json:"status"`
	User     *User `json:"user"`
	Location string
	Header   http.Header
}

// VerifyEmail opens a verification link, as GET /verify-email. With a
// callback URL the answer is a redirect (Location), errors included.
func (x *API) VerifyEmail(ctx context.Context, in LinkInput) (*VerifyEmailResult, error) {
	out := &VerifyEmailResult{}
	res, err := x.get(ctx, "/verify-email", in.Headers, in.query(), nil, out)
	out.Location = res.location
	return withHeader(out, &out.Header, res.header, err)
}

// ChangeEmail starts an email change to in.Email, as POST /change-email.
func (x *API) ChangeEmail(ctx context.Context, in EmailInput) (*StatusResult, error) {
	return x.status(ctx, "/change-email", in.Headers,
		body{"newEmail": in.Email}.str("callbackURL", in.CallbackURL))
}

// UpdateUserInput is the body of update-user. Fields holds additional
// user fields; to clear the image, set Fields["image"] to nil.
type UpdateUserInput struct {
	Name, Image *string
	Fields      map[string]any
	Headers     http.Header
}

// UpdateUser changes the user's profile, as POST /update-user.
func (x *API) UpdateUser(ctx context.Context, in UpdateUserInput) (*StatusResult, error) {
	b := body{}
	if in.Name != nil {
		b["name"] = *in.Name
	}
	if in.Image != nil {
		b["image"] = *in.Image
	}
	return x.status(ctx, "/update-user", in.Headers, b.fields(in.Fields))
}

// DeleteUserInput is the body of delete-user.
type DeleteUserInput struct {
	Password, Token, CallbackURL string
	Headers                      http.Header
}

// DeleteUser deletes the signed-in user or mails a confirmation link, as
// POST /delete-user.
func (x *API) DeleteUser(ctx context.Context, in DeleteUserInput) (*SuccessResult, error) {
	return x.success(ctx, "/delete-user", in.Headers, body{}.str("password", in.Password).
		str("token", in.Token).str("callbackURL", in.CallbackURL))
}

// DeleteUserCallback opens a deletion link for the signed-in user, as
// GET /delete-user/callback.
func (x *API) DeleteUserCallback(ctx context.Context, in LinkInput) (*SuccessResult, error) {
	out := &SuccessResult{}
	res, err := x.get(ctx, "/delete-user/callback", in.Headers, in.query(), nil, out)
	out.Location = res.location
	return withHeader(out, &out.Header, res.header, err)
}

// ListAccountsResult is list-accounts' answer.
type ListAccountsResult struct {
	Accounts []*Account
	Header   http.Header
}

// ListAccounts lists the user's linked accounts, as GET /list-accounts.
func (x *API) ListAccounts(ctx context.Context, in SessionInput) (*ListAccountsResult, error) {
	out := &ListAccountsResult{}
	res, err := x.get(ctx, "/list-accounts", in.Headers, nil, nil, &out.Accounts)
	return withHeader(out, &out.Header, res.header, err)
}

// UnlinkAccountInput names the account to unlink; AccountID may be empty.
type UnlinkAccountInput struct {
	ProviderID, AccountID string
	Headers               http.Header
}

// UnlinkAccount removes one of the user's accounts, as POST
// /unlink-account.
func (x *API) UnlinkAccount(ctx context.Context, in UnlinkAccountInput) (*StatusResult, error) {
	return x.status(ctx, "/unlink-account", in.Headers,
		body{"providerId": in.ProviderID}.str("accountId", in.AccountID))
}
