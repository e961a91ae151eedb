package core

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

// The request types an email change token carries.
const (
	changeEmailConfirmation = "change-email-confirmation"
	changeEmailVerification = "change-email-verification"
)

// verifyLink returns the verify-email link for a token; upstream encodes
// the callback URL in some flows and not in others.
func (a *Auth) verifyLink(c *Context, token, callbackURL string, encode bool) string {
	if callbackURL == "" {
		callbackURL = "/"
	}
	if encode {
		callbackURL = encodeURIComponent(callbackURL)
	}
	return a.baseURLFor(c.Request) + "/verify-email?token=" + token + "&callbackURL=" + callbackURL
}

// sendVerification mails a verification link for u's address, with the
// body's callbackURL.
func (a *Auth) sendVerification(c *Context, u *User) error {
	send := a.opts.EmailVerification.SendVerificationEmail
	if send == nil {
		a.log.ErrorContext(c.Context(), "core: verification email is not enabled")
		return ErrVerificationEmailNotEnabled
	}
	token, err := a.emailToken(u.Email, "", "")
	if err != nil {
		return err
	}
	link := a.verifyLink(c, token, c.bodyString("callbackURL"), true)
	return c.sendEmail(send, Email{Kind: "verify-email", User: u, URL: link, Token: token})
}

// afterSignUp sends the verification email when sign-up should.
func (a *Auth) afterSignUp(c *Context, u *User) error {
	if !a.sendOnSignUp() || a.opts.EmailVerification.SendVerificationEmail == nil {
		return nil
	}
	return a.sendVerification(c, u)
}

// refuseUnverified answers a sign-in of an unverified user, sending the
// verification email again first when configured.
func (a *Auth) refuseUnverified(c *Context, u *User) error {
	ev := a.opts.EmailVerification
	if ev.SendOnSignIn && ev.SendVerificationEmail != nil {
		if err := a.sendVerification(c, u); err != nil {
			return err
		}
	}
	return ErrEmailNotVerified
}

// sendVerificationEmail mails a verification link. Without a session an
// unknown or verified email answers as a sent one does.
func (a *Auth) sendVerificationEmail(c *Context) (any, error) {
	if a.opts.EmailVerification.SendVerificationEmail == nil {
		a.log.ErrorContext(c.Context(), "core: verification email is not enabled")
		return nil, ErrVerificationEmailNotEnabled
	}
	email := c.bodyString("email")
	sess, err := c.GetSession()
	if err != nil {
		return nil, err
	}
	if sess == nil {
		if err := a.sendVerificationByEmail(c, email); err != nil {
			return nil, err
		}
		return statusResponse{true}, nil
	}
	switch {
	case !strings.EqualFold(sess.User.Email, email):
		return nil, ErrEmailMismatch
	case sess.User.EmailVerified:
		return nil, ErrEmailAlreadyVerified
	}
	if err := a.sendVerification(c, sess.User); err != nil {
		return nil, err
	}
	return statusResponse{true}, nil
}

// sendVerificationByEmail mails a verification link to an unverified
// user found by email; for an unknown or verified one it does the same
// signing work, so that timing does not tell the cases apart.
func (a *Auth) sendVerificationByEmail(c *Context, email string) error {
	rec, err := c.findUserByEmail(strings.ToLower(email))
	if err != nil {
		return err
	}
	if rec != nil {
		if u := a.toUser(rec); !u.EmailVerified {
			return a.sendVerification(c, u)
		}
	}
	_, err = a.emailToken(email, "", "")
	return err
}

// verifyResponse is verify-email's body; user is null for a plain
// verification, as upstream.
type verifyResponse struct {
	Status bool  `json:"status"`
	User   *User `json:"user"`
}

// verifyFail redirects to the callback URL with the error code, or
// answers it as a 401 without one.
func (c *Context) verifyFail(e *APIError) (any, error) {
	cb := c.Query.Get("callbackURL")
	if cb == "" {
		return nil, e.WithStatus(http.StatusUnauthorized)
	}
	sep := "?"
	if strings.Contains(cb, "?") {
		sep = "&"
	}
	return c.redirect(cb + sep + "error=" + e.Code)
}

// done redirects to the callback URL when there is one, or answers body.
func (c *Context) done(body any) (any, error) {
	if cb := c.Query.Get("callbackURL"); cb != "" {
		return c.redirect(cb)
	}
	return body, nil
}

// verifyEmail is the link of the verification and email change emails.
func (a *Auth) verifyEmail(c *Context) (any, error) {
	if err := c.checkCallback(c.Query.Get("callbackURL")); err != nil {
		return nil, err
	}
	var claims emailClaims
	err := verifyHS256(a.secrets, c.Query.Get("token"), time.Now(), &claims)
	switch {
	case errors.Is(err, errTokenExpired):
		return c.verifyFail(ErrTokenExpired)
	case err != nil:
		return c.verifyFail(ErrInvalidToken)
	case !ValidEmail(claims.Email):
		// Upstream's payload schema throws outside its error handling.
		return nil, StatusError(http.StatusInternalServerError, "")
	}
	user, err := c.findUserByEmail(claims.Email)
	if err != nil {
		return nil, err
	}
	if user == nil {
		return c.verifyFail(ErrUserNotFound)
	}
	u := a.toUser(user)
	if claims.UpdateTo != "" {
		return a.verifyEmailChange(c, claims, u)
	}
	if u.EmailVerified {
		return c.done(verifyResponse{Status: true})
	}
	return a.markVerified(c, claims.Email, u)
}

// markVerified sets emailVerified and, when configured, signs the user in.
func (a *Auth) markVerified(c *Context, email string, u *User) (any, error) {
	ev := a.opts.EmailVerification
	if ev.BeforeEmailVerification != nil {
		if err := ev.BeforeEmailVerification(c.Context(), u); err != nil {
			return nil, err
		}
	}
	updated, err := c.updateUserByEmail(email, storage.Record{"emailVerified": true})
	if err != nil {
		return nil, err
	}
	if ev.AfterEmailVerification != nil {
		if err := ev.AfterEmailVerification(c.Context(), updated); err != nil {
			return nil, err
		}
	}
	if ev.AutoSignInAfterVerification {
		verified := *u
		verified.EmailVerified = true
		if err := a.signInVerified(c, email, &verified); err != nil {
			return nil, err
		}
	}
	return c.done(verifyResponse{Status: true})
}

// signInVerified issues cookies after a verification: for the current
// session when it belongs to the address, or for a new one.
func (a *Auth) signInVerified(c *Context, email string, u *User) error {
	sess, err := c.GetSession()
	if err != nil {
		return err
	}
	if sess != nil && sess.User.Email == email {
		c.SetSessionCookie(&SessionData{Session: sess.Session, User: u}, false)
		return nil
	}
	s, err := c.createSession(u.ID, false)
	if err != nil {
		return ErrFailedToCreateSession.WithStatus(http.StatusInternalServerError)
	}
	c.SetSessionCookie(&SessionData{Session: s, User: u}, false)
	return nil
}

// updateUserByEmail changes the user with the email and returns it.
func (c *Context) updateUserByEmail(email string, data storage.Record) (*User, error) {
	rec, err := c.updateRecord("user", []storage.Where{storage.Eq("email", email)}, data)
	if err != nil {
		return nil, err
	}
	if rec == nil {
		return nil, ErrFailedToUpdateUser
	}
	return c.auth.toUser(rec), nil
}

// verifyEmailChange runs the email change steps a token carries.
func (a *Auth) verifyEmailChange(c *Context, claims emailClaims, u *User) (any, error) {
	sess, err := c.GetSession()
	if err != nil {
		return nil, err
	}
	if sess != nil && sess.User.Email != claims.Email {
		return c.verifyFail(ErrInvalidUser)
	}
	if claims.RequestType == changeEmailConfirmation {
		return a.confirmEmailChange(c, claims, u)
	}
	verified := claims.RequestType == changeEmailVerification
	active := sess
	if active == nil {
		s, err := c.createSession(u.ID, false)
		if err != nil {
			return nil, ErrFailedToCreateSession.WithStatus(http.StatusInternalServerError)
		}
		active = &SessionData{Session: s, User: u}
	}
	updated, err := c.updateUserByEmail(claims.Email,
		storage.Record{"email": claims.UpdateTo, "emailVerified": verified})
	if err != nil {
		return nil, err
	}
	if err := a.afterEmailChange(c, claims, updated, verified); err != nil {
		return nil, err
	}
	cookieUser := *active.User
	cookieUser.Email, cookieUser.EmailVerified = claims.UpdateTo, verified
	c.SetSessionCookie(&SessionData{Session: active.Session, User: &cookieUser}, false)
	return c.done(verifyResponse{Status: true, User: updated})
}

// afterEmailChange runs the after-verification hook of a verified change,
// or mails a verification link to the new address of a legacy one.
func (a *Auth) afterEmailChange(c *Context, claims emailClaims, updated *User,
	verified bool) error {
	ev := a.opts.EmailVerification
	if verified {
		if ev.AfterEmailVerification != nil {
			return ev.AfterEmailVerification(c.Context(), updated)
		}
		return nil
	}
	token, err := a.emailToken(claims.UpdateTo, "", "")
	if err != nil || ev.SendVerificationEmail == nil {
		return err
	}
	link := a.verifyLink(c, token, c.Query.Get("callbackURL"), true)
	return c.sendEmail(ev.SendVerificationEmail,
		Email{Kind: "verify-email", User: updated, URL: link, Token: token})
}

// confirmEmailChange turns a confirmation from the old address into a
// verification link mailed to the new one.
func (a *Auth) confirmEmailChange(c *Context, claims emailClaims, u *User) (any, error) {
	token, err := a.emailToken(claims.Email, claims.UpdateTo, changeEmailVerification)
	if err != nil {
		return nil, err
	}
	if send := a.opts.EmailVerification.SendVerificationEmail; send != nil {
		to := *u
		to.Email = claims.UpdateTo
		link := a.verifyLink(c, token, c.Query.Get("callbackURL"), true)
		err := c.sendEmail(send, Email{Kind: "verify-email", User: &to, URL: link, Token: token})
		if err != nil {
			return nil, err
		}
	}
	return c.done(statusResponse{true})
}
