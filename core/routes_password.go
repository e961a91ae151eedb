package core

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

// resetMessage is request-password-reset's answer for every email, known
// or not, so that the route does not reveal which accounts exist.
const resetMessage = "If this email exists in our system, check your email for the reset link"

// ErrResetPasswordDisabled answers request-password-reset when no
// EmailAndPassword.SendResetPassword is configured.
var ErrResetPasswordDisabled = &APIError{bad, "RESET_PASSWORD_DISABLED",
	"Reset password isn't enabled"}

// The verification identifiers of the token flows.
const (
	resetPrefix  = "reset-password:"
	deletePrefix = "delete-account-"
)

// redirect answers a 302 to u with an empty body, labelled JSON as
// upstream's redirects are.
func (c *Context) redirect(u string) (any, error) {
	c.header.Set("Location", u)
	return &rawResponse{status: http.StatusFound, contentType: "application/json"}, nil
}

// checkCallback applies the callback URL check to a GET route's query
// parameter, which the request-wide origin check skips.
func (c *Context) checkCallback(u string) error {
	if u == "" || c.auth.skipOriginCheck() || c.isTrusted(u, true) {
		return nil
	}
	return c.refuseRedirect(ErrInvalidCallbackURL)
}

// withParam resolves ref against base and sets one query parameter,
// keeping the others in place, as URL.searchParams.set does.
func withParam(base, ref, key, value string) string {
	b, err := url.Parse(base)
	if err != nil {
		return base
	}
	r, err := url.Parse(ref)
	if err != nil {
		return base
	}
	u := b.ResolveReference(r)
	if u.Path == "" {
		u.Path = "/"
	}
	pair := url.QueryEscape(key) + "=" + url.QueryEscape(value)
	var parts []string
	set := false
	for _, p := range strings.Split(u.RawQuery, "&") {
		k, _, _ := strings.Cut(p, "=")
		switch {
		case p == "":
		case k != url.QueryEscape(key):
			parts = append(parts, p)
		case !set:
			parts, set = append(parts, pair), true
		}
	}
	if !set {
		parts = append(parts, pair)
	}
	u.RawQuery = strings.Join(parts, "&")
	return u.String()
}

// createVerification stores a token's verification row.
func (c *Context) createVerification(identifier, value string, ttl time.Duration) error {
	rec, err := c.createRecord("verification", storage.Record{"identifier": identifier,
		"value": value, "expiresAt": time.Now().Add(ttl)})
	if err != nil {
		return err
	}
	if rec == nil {
		return ErrFailedToCreateVerification
	}
	return nil
}

// findVerification returns the live verification row with the
// identifier, or nil when it is missing or expired.
func (c *Context) findVerification(identifier string) (storage.Record, error) {
	rows, err := c.db.FindMany(c.Context(), storage.FindQuery{Model: "verification",
		Where:  []storage.Where{storage.Eq("identifier", identifier)},
		SortBy: &storage.SortBy{Field: "createdAt", Desc: true}, Limit: 1})
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	if timeOf(rows[0]["expiresAt"]).Before(time.Now()) {
		return nil, nil
	}
	return rows[0], nil
}

// sendEmail runs an email callback, turning its failure into a logged 500.
func (c *Context) sendEmail(send EmailSender, e Email) error {
	e.Request = c.Request
	if err := send(c.Context(), e); err != nil {
		if _, ok := AsAPIError(err); ok {
			return err
		}
		c.auth.log.ErrorContext(c.Context(), "core: send email", "kind", e.Kind, "error", err)
		return ErrInternal
	}
	return nil
}

// requestPasswordReset mails a reset link to a known email and answers
// the same for an unknown one.
func (a *Auth) requestPasswordReset(c *Context) (any, error) {
	send := a.opts.EmailAndPassword.SendResetPassword
	if send == nil {
		a.log.ErrorContext(c.Context(), "core: reset password is not enabled; "+
			"set EmailAndPassword.SendResetPassword")
		return nil, ErrResetPasswordDisabled
	}
	answer := struct {
		Status  bool   `json:"status"`
		Message string `json:"message"`
	}{true, resetMessage}
	user, err := c.findUserByEmail(strings.ToLower(c.bodyString("email")))
	if err != nil {
		return nil, err
	}
	if user == nil {
		// The same token and lookup work as for a known email, so that
		// timing does not tell the two apart.
		GenerateID(24)
		if _, err := c.findVerification("dummy-verification-token"); err != nil {
			return nil, err
		}
		a.log.InfoContext(c.Context(), "core: password reset for unknown email")
		return answer, nil
	}
	u := a.toUser(user)
	token := GenerateID(24)
	ttl := a.opts.EmailAndPassword.ResetPasswordTokenExpiresIn
	if err := c.createVerification(resetPrefix+token, u.ID, ttl); err != nil {
		return nil, err
	}
	link := a.baseURLFor(c.Request) + "/reset-password/" + token + "?callbackURL=" +
		encodeURIComponent(c.bodyString("redirectTo"))
	err = c.sendEmail(send, Email{Kind: "reset-password", User: u, URL: link, Token: token})
	if err != nil {
		return nil, err
	}
	return answer, nil
}

// resetPasswordCallback is the link of the reset email: it sends the
// browser to the callback URL with the token, or with an error.
func (a *Auth) resetPasswordCallback(c *Context) (any, error) {
	cb := c.Query.Get("callbackURL")
	if err := c.checkCallback(cb); err != nil {
		return nil, err
	}
	base := a.baseURLFor(c.Request)
	token := c.Params["token"]
	if token == "" || cb == "" {
		return c.redirect(withParam(base+"/error", "", "error", "INVALID_TOKEN"))
	}
	v, err := c.findVerification(resetPrefix + token)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return c.redirect(withParam(base, cb, "error", "INVALID_TOKEN"))
	}
	return c.redirect(withParam(base, cb, "token", token))
}

// resetPassword sets a new password from a reset token. The token is
// consumed atomically, so that two concurrent requests cannot both use it.
func (a *Auth) resetPassword(c *Context) (any, error) {
	token := c.bodyString("token")
	if token == "" {
		token = c.Query.Get("token")
	}
	if token == "" {
		return nil, ErrInvalidToken
	}
	pw := c.bodyString("newPassword")
	if err := a.checkPasswordLength(pw); err != nil {
		return nil, err
	}
	uid, err := a.consumeResetToken(c, token)
	if err != nil {
		return nil, err
	}
	if err := a.storePassword(c, uid, pw); err != nil {
		return nil, err
	}
	a.log.InfoContext(c.Context(), "core: password reset", "user", uid)
	if err := a.afterPasswordReset(c, uid); err != nil {
		return nil, err
	}
	return statusResponse{true}, nil
}

// consumeResetToken deletes a reset token's verification row and returns
// the user it names, or INVALID_TOKEN when it is unknown or expired.
func (a *Auth) consumeResetToken(c *Context, token string) (string, error) {
	v, err := c.db.ConsumeOne(c.Context(), "verification",
		[]storage.Where{storage.Eq("identifier", resetPrefix+token)})
	if err != nil {
		return "", err
	}
	if v == nil || timeOf(v["expiresAt"]).Before(time.Now()) {
		return "", ErrInvalidToken
	}
	// TODO(hooks): a verification BeforeDelete hook cannot veto this
	// delete: the consumption is atomic. After hooks still run.
	if h := a.modelHooks("verification"); h.AfterDelete != nil {
		c.afterCommit(func() { h.AfterDelete(c.Context(), v) })
	}
	return str(v["value"]), nil
}

// afterPasswordReset runs OnPasswordReset and, when configured, signs the
// user out everywhere.
func (a *Auth) afterPasswordReset(c *Context, uid string) error {
	if hook := a.opts.EmailAndPassword.OnPasswordReset; hook != nil {
		u, err := c.findUserByID(uid)
		if err != nil {
			return err
		}
		if u != nil {
			if err := hook(c.Context(), a.toUser(u)); err != nil {
				return err
			}
		}
	}
	if a.opts.EmailAndPassword.RevokeSessionsOnPasswordReset {
		return c.deleteRecords("session", userIs(uid))
	}
	return nil
}

func userIs(uid string) []storage.Where { return []storage.Where{storage.Eq("userId", uid)} }

// findUserByID returns the user with the id, or nil.
func (c *Context) findUserByID(id string) (storage.Record, error) {
	return c.db.FindOne(c.Context(), storage.FindQuery{Model: "user",
		Where: []storage.Where{storage.Eq("id", id)}})
}

// storePassword hashes pw and stores it on the user's credential
// accounts, creating one when the user has none.
func (a *Auth) storePassword(c *Context, uid, pw string) error {
	hash, err := a.hasher.Hash(c.Context(), pw)
	if err != nil {
		return err
	}
	acct, err := c.credentialAccount(uid)
	if err != nil {
		return err
	}
	if acct == nil {
		_, err = c.createRecord("account", storage.Record{"userId": uid,
			"providerId": "credential", "accountId": uid, "password": hash})
		return err
	}
	return c.setCredentialPassword(uid, hash)
}

// setCredentialPassword stores a password hash on the user's credential
// accounts.
func (c *Context) setCredentialPassword(uid, hash string) error {
	_, err := c.updateRecord("account", []storage.Where{storage.Eq("userId", uid),
		storage.Eq("providerId", "credential")}, storage.Record{"password": hash})
	return err
}

// checkPassword reports whether pw is the user's password; a user without
// one never matches.
func (a *Auth) checkPassword(c *Context, uid, pw string) (bool, error) {
	acct, err := c.credentialAccount(uid)
	if err != nil {
		return false, err
	}
	hash := str(acct["password"])
	if hash == "" {
		return false, nil
	}
	return a.verifyHash(c.Context(), hash, pw)
}

// verifyHash reports whether pw matches an encoded hash. A hash the
// hasher cannot read never matches; only a cancelled request is an error.
func (a *Auth) verifyHash(ctx context.Context, hash, pw string) (bool, error) {
	ok, err := a.hasher.Verify(ctx, hash, pw)
	if err != nil && ctx.Err() != nil {
		return false, err
	}
	return ok && err == nil, nil
}

// newPasswordAccount reads a route's newPassword, checks its length and
// returns it with the signed-in user's credential account (nil for none).
func (a *Auth) newPasswordAccount(c *Context) (string, storage.Record, error) {
	pw := c.bodyString("newPassword")
	if err := a.checkPasswordLength(pw); err != nil {
		return "", nil, err
	}
	acct, err := c.credentialAccount(c.Session.User.ID)
	return pw, acct, err
}

// verifyPassword checks the signed-in user's password.
func (a *Auth) verifyPassword(c *Context) (any, error) {
	ok, err := a.checkPassword(c, c.Session.User.ID, c.bodyString("password"))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrInvalidPassword
	}
	return statusResponse{true}, nil
}

// changePasswordResponse is change-password's body; a nil token is null.
type changePasswordResponse struct {
	Token *string `json:"token"`
	User  *User   `json:"user"`
}

// changePassword replaces the password after checking the current one.
// With revokeOtherSessions every session goes, the current one too, and
// a new session is issued.
func (a *Auth) changePassword(c *Context) (any, error) {
	uid := c.Session.User.ID
	pw, acct, err := a.newPasswordAccount(c)
	if err != nil {
		return nil, err
	}
	hash := str(acct["password"])
	if hash == "" {
		return nil, ErrCredentialAccountNotFound
	}
	ok, err := a.verifyHash(c.Context(), hash, c.bodyString("currentPassword"))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrInvalidPassword
	}
	fresh, err := a.hasher.Hash(c.Context(), pw)
	if err != nil {
		return nil, err
	}
	_, err = c.updateRecord("account", []storage.Where{storage.Eq("id", str(acct["id"]))},
		storage.Record{"password": fresh})
	if err != nil {
		return nil, err
	}
	a.log.InfoContext(c.Context(), "core: password changed", "user", uid)
	resp := &changePasswordResponse{User: c.Session.User}
	if revoke, _ := c.bodyBool("revokeOtherSessions"); revoke {
		if err := c.deleteRecords("session", userIs(uid)); err != nil {
			return nil, err
		}
		s, err := c.createSession(uid, false)
		if err != nil {
			return nil, ErrFailedToGetSession.WithStatus(http.StatusInternalServerError)
		}
		c.SetSessionCookie(&SessionData{Session: s, User: c.Session.User}, false)
		resp.Token = &s.Token
	}
	return resp, nil
}

// setPassword gives a password to a user who signed up without one. It is
// not mounted: server code calls it through [API.SetPassword].
func (a *Auth) setPassword(c *Context) (any, error) {
	pw, acct, err := a.newPasswordAccount(c)
	if err != nil {
		return nil, err
	}
	if str(acct["password"]) != "" {
		return nil, ErrPasswordAlreadySet
	}
	if err := a.storePassword(c, c.Session.User.ID, pw); err != nil {
		return nil, err
	}
	return statusResponse{true}, nil
}
