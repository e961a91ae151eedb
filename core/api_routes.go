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

// SignOut deletes the session of the headers' cookie, as POST /sign-out.
func (x *API) SignOut(ctx context.Context, headers http.Header) (*SuccessResult, error) {
	res, err := x.run(ctx, http.MethodPost, "/sign-out", apiCall{headers: headers})
	if err != nil {
		return nil, err
	}
	out := &SuccessResult{Header: res.header}
	return out, decode(res, out)
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
func (x *API) ListSessions(ctx context.Context, headers http.Header) (*ListSessionsResult, error) {
	out := &ListSessionsResult{}
	res, err := x.get(ctx, "/list-sessions", headers, nil, nil, &out.Sessions)
	if err != nil {
		return nil, err
	}
	out.Header = res.header
	return out, nil
}

// RevokeSession deletes one of the user's sessions by token, as POST
// /revoke-session.
func (x *API) RevokeSession(ctx context.Context, headers http.Header,
	token string) (*StatusResult, error) {
	return x.status(ctx, "/revoke-session", headers, body{"token": token})
}

// RevokeSessions deletes every session of the user, as POST
// /revoke-sessions.
func (x *API) RevokeSessions(ctx context.Context, headers http.Header) (*StatusResult, error) {
	return x.status(ctx, "/revoke-sessions", headers, nil)
}

// RevokeOtherSessions deletes the user's other sessions, as POST
// /revoke-other-sessions.
func (x *API) RevokeOtherSessions(ctx context.Context,
	headers http.Header) (*StatusResult, error) {
	return x.status(ctx, "/revoke-other-sessions", headers, nil)
}

// UpdateSessionResult is update-session's answer.
type UpdateSessionResult struct {
	Session *Session `json:"session"`
	Header  http.Header
}

// UpdateSession sets additional session fields, as POST /update-session.
func (x *API) UpdateSession(ctx context.Context, headers http.Header,
	fields map[string]any) (*UpdateSessionResult, error) {
	out := &UpdateSessionResult{}
	h, err := x.post(ctx, "/update-session", headers, body{}.fields(fields), out)
	return withHeader(out, &out.Header, h, err)
}

// RequestPasswordReset mails a reset link, as POST
// /request-password-reset. It answers the same for unknown emails.
func (x *API) RequestPasswordReset(ctx context.Context, email,
	redirectTo string) (*StatusResult, error) {
	return x.status(ctx, "/request-password-reset", nil,
		body{"email": email}.str("redirectTo", redirectTo))
}

// RedirectResult is the answer of an email link route.
type RedirectResult struct {
	Location string
	Header   http.Header
}

// ResetPasswordCallback resolves a reset link, as GET
// /reset-password/:token: Location carries the token or the error.
func (x *API) ResetPasswordCallback(ctx context.Context, token,
	callbackURL string) (*RedirectResult, error) {
	res, err := x.get(ctx, "/reset-password/:token", nil,
		url.Values{"callbackURL": {callbackURL}}, map[string]string{"token": token}, nil)
	if err != nil {
		return nil, err
	}
	return &RedirectResult{Location: res.location, Header: res.header}, nil
}

// ResetPassword sets a new password with a reset token, as POST
// /reset-password.
func (x *API) ResetPassword(ctx context.Context, token,
	newPassword string) (*StatusResult, error) {
	return x.status(ctx, "/reset-password", nil,
		body{"newPassword": newPassword}.str("token", token))
}

// VerifyPassword checks the signed-in user's password, as POST
// /verify-password.
func (x *API) VerifyPassword(ctx context.Context, headers http.Header,
	password string) (*StatusResult, error) {
	return x.status(ctx, "/verify-password", headers, body{"password": password})
}

// SetPassword gives a password to a signed-in user who has none (signed
// up through another provider). It exists only as a Go call: the route
// is not mounted, as upstream's server-only endpoint.
func (x *API) SetPassword(ctx context.Context, headers http.Header,
	newPassword string) (*StatusResult, error) {
	out := &StatusResult{}
	res, err := x.run(ctx, http.MethodPost, "/set-password", apiCall{
		route: x.a.setPasswordRoute(), headers: headers,
		body: body{"newPassword": newPassword}})
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

// SendVerificationEmail mails a verification link, as POST
// /send-verification-email; headers may carry a session.
func (x *API) SendVerificationEmail(ctx context.Context, headers http.Header, email,
	callbackURL string) (*StatusResult, error) {
	return x.status(ctx, "/send-verification-email", headers,
		body{"email": email}.str("callbackURL", callbackURL))
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
func (x *API) VerifyEmail(ctx context.Context, headers http.Header, token,
	callbackURL string) (*VerifyEmailResult, error) {
	q := url.Values{"token": {token}}
	if callbackURL != "" {
		q.Set("callbackURL", callbackURL)
	}
	out := &VerifyEmailResult{}
	res, err := x.get(ctx, "/verify-email", headers, q, nil, out)
	if err != nil {
		return nil, err
	}
	out.Location, out.Header = res.location, res.header
	return out, nil
}

// ChangeEmail starts an email change, as POST /change-email.
func (x *API) ChangeEmail(ctx context.Context, headers http.Header, newEmail,
	callbackURL string) (*StatusResult, error) {
	return x.status(ctx, "/change-email", headers,
		body{"newEmail": newEmail}.str("callbackURL", callbackURL))
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
func (x *API) DeleteUserCallback(ctx context.Context, headers http.Header, token,
	callbackURL string) (*SuccessResult, error) {
	q := url.Values{"token": {token}}
	if callbackURL != "" {
		q.Set("callbackURL", callbackURL)
	}
	out := &SuccessResult{}
	res, err := x.get(ctx, "/delete-user/callback", headers, q, nil, out)
	if err != nil {
		return nil, err
	}
	out.Location, out.Header = res.location, res.header
	return out, nil
}

// ListAccountsResult is list-accounts' answer.
type ListAccountsResult struct {
	Accounts []*Account
	Header   http.Header
}

// ListAccounts lists the user's linked accounts, as GET /list-accounts.
func (x *API) ListAccounts(ctx context.Context, headers http.Header) (*ListAccountsResult, error) {
	out := &ListAccountsResult{}
	res, err := x.get(ctx, "/list-accounts", headers, nil, nil, &out.Accounts)
	if err != nil {
		return nil, err
	}
	out.Header = res.header
	return out, nil
}

// UnlinkAccount removes one of the user's accounts, as POST
// /unlink-account; accountID may be empty.
func (x *API) UnlinkAccount(ctx context.Context, headers http.Header, providerID,
	accountID string) (*StatusResult, error) {
	return x.status(ctx, "/unlink-account", headers,
		body{"providerId": providerID}.str("accountId", accountID))
}
