package core

import (
	"net/http"
	"strings"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

// successMessage is the body of delete-user and its callback.
type successMessage struct {
	Success bool   `json:"success"`
	Message string `json:"message"`
}

// Errors of the user routes that are not among the base codes.
var (
	errNoFieldsToUpdate = StatusError(http.StatusBadRequest, "No fields to update")
	errEmailIsSame      = StatusError(http.StatusBadRequest, "Email is the same")
	errNoEmailFlow      = StatusError(http.StatusBadRequest, "Verification email isn't enabled")
	errDeleteNotFound   = &APIError{http.StatusNotFound, "NOT_FOUND", "Not found"}
)

// updateUser changes the name, the image and the additional fields that
// clients may set, then re-issues the session cookies with the new user.
func (a *Auth) updateUser(c *Context) (any, error) {
	if truthy(c.Body["email"]) {
		return nil, ErrEmailCanNotBeUpdated
	}
	data, err := parseInput(a.inputFields("user", userKeys), c.Body, false)
	if err != nil {
		return nil, err
	}
	if err := profileFields(c.Body, data); err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, errNoFieldsToUpdate
	}
	sess := c.Session
	rec, err := c.updateRecord("user", []storage.Where{storage.Eq("id", sess.User.ID)}, data)
	if err != nil {
		return nil, err
	}
	u := sess.User
	if rec != nil {
		u = a.toUser(rec)
	}
	c.SetSessionCookie(&SessionData{Session: sess.Session, User: u}, false)
	return statusResponse{true}, nil
}

// profileFields copies name and image from an update-user body. Upstream
// stores whatever JSON value it gets, which its SQL adapters then reject
// or coerce; a value of the wrong type is refused here instead, with
// zod's message.
func profileFields(body map[string]any, data storage.Record) error {
	if v, ok := body["name"]; ok {
		name, isString := v.(string)
		if !isString {
			return validationError("[body.name] Invalid input: expected string, received " +
				JSONKind(v))
		}
		data["name"] = name
	}
	if v, ok := body["image"]; ok {
		img, isString := v.(string)
		switch {
		case v == nil:
			data["image"] = nil
		case isString:
			data["image"] = img
		default:
			return validationError("[body.image] Invalid input: expected string, received " +
				JSONKind(v))
		}
	}
	return nil
}

// changeEmail starts an email change: at once for an unverified user when
// allowed, through a confirmation of the current address, or through a
// verification of the new one. A taken address answers like a started
// change, so that the route does not reveal which emails exist.
func (a *Auth) changeEmail(c *Context) (any, error) {
	ce := a.opts.User.ChangeEmail
	if !ce.Enabled {
		a.log.ErrorContext(c.Context(), "core: change email is disabled")
		return nil, ErrChangeEmailDisabled
	}
	u := c.Session.User
	newEmail := strings.ToLower(c.bodyString("newEmail"))
	if newEmail == u.Email {
		return nil, errEmailIsSame
	}
	direct := !u.EmailVerified && ce.UpdateEmailWithoutVerification
	confirm := u.EmailVerified && ce.SendChangeEmailConfirmation != nil
	verify := a.opts.EmailVerification.SendVerificationEmail
	if !direct && !confirm && verify == nil {
		return nil, errNoEmailFlow
	}
	taken, err := c.findUserByEmail(newEmail)
	if err != nil {
		return nil, err
	}
	if taken != nil {
		if _, err := a.emailToken(u.Email, newEmail, ""); err != nil {
			return nil, err
		}
		a.log.InfoContext(c.Context(), "core: change email to a taken address")
		return statusResponse{true}, nil
	}
	switch {
	case direct:
		err = a.changeEmailNow(c, newEmail)
	case confirm:
		err = a.mailEmailChange(c, ce.SendChangeEmailConfirmation, u, newEmail,
			changeEmailConfirmation)
	default:
		to := *u
		to.Email = newEmail
		err = a.mailEmailChange(c, verify, &to, newEmail, changeEmailVerification)
	}
	if err != nil {
		return nil, err
	}
	return statusResponse{true}, nil
}

// changeEmailNow changes an unverified user's email and mails a
// verification link to the new address when verification is on.
func (a *Auth) changeEmailNow(c *Context, newEmail string) error {
	sess := c.Session
	if _, err := c.updateUserByEmail(sess.User.Email,
		storage.Record{"email": newEmail}); err != nil {
		return err
	}
	u := *sess.User
	u.Email = newEmail
	c.SetSessionCookie(&SessionData{Session: sess.Session, User: &u}, false)
	send := a.opts.EmailVerification.SendVerificationEmail
	if send == nil {
		return nil
	}
	token, err := a.emailToken(newEmail, "", "")
	if err != nil {
		return err
	}
	link := a.verifyLink(c, token, c.bodyString("callbackURL"), false)
	return c.sendEmail(send, Email{Kind: "verify-email", User: &u, URL: link, Token: token})
}

// mailEmailChange mails a change-email token of the request type to to.
func (a *Auth) mailEmailChange(c *Context, send EmailSender, to *User, newEmail,
	requestType string) error {
	token, err := a.emailToken(c.Session.User.Email, newEmail, requestType)
	if err != nil {
		return err
	}
	link := a.verifyLink(c, token, c.bodyString("callbackURL"), false)
	e := Email{Kind: "verify-email", User: to, URL: link, Token: token}
	if requestType == changeEmailConfirmation {
		e.Kind, e.NewEmail = changeEmailConfirmation, newEmail
	}
	return c.sendEmail(send, e)
}

// deleteUser deletes the signed-in user after a password check, a fresh
// session or an emailed confirmation.
func (a *Auth) deleteUser(c *Context) (any, error) {
	du := a.opts.User.DeleteUser
	if !du.Enabled {
		a.log.ErrorContext(c.Context(), "core: delete user is disabled")
		return nil, StatusError(http.StatusNotFound, "")
	}
	sess := c.Session
	pw := c.bodyString("password")
	if pw != "" {
		if err := a.checkDeletePassword(c, pw); err != nil {
			return nil, err
		}
	}
	if token := c.bodyString("token"); token != "" {
		if err := a.deleteWithToken(c, token); err != nil {
			return nil, err
		}
		return successMessage{true, "User deleted"}, nil
	}
	if send := du.SendDeleteAccountVerification; send != nil {
		return a.mailDeleteLink(c, send)
	}
	s := a.opts.Session
	if pw == "" && !s.NoFreshAge && time.Since(sess.Session.CreatedAt) >= s.FreshAge {
		return nil, ErrSessionExpired
	}
	if err := a.removeUser(c, sess.User, ""); err != nil {
		return nil, err
	}
	return successMessage{true, "User deleted"}, nil
}

// checkDeletePassword checks the password given to delete-user.
func (a *Auth) checkDeletePassword(c *Context, pw string) error {
	acct, err := c.credentialAccount(c.Session.User.ID)
	if err != nil {
		return err
	}
	hash := str(acct["password"])
	if hash == "" {
		return ErrCredentialAccountNotFound
	}
	ok, err := a.verifyHash(c.Context(), hash, pw)
	if err != nil {
		return err
	}
	if !ok {
		return ErrInvalidPassword
	}
	return nil
}

// mailDeleteLink stores a deletion token and mails its link.
func (a *Auth) mailDeleteLink(c *Context, send EmailSender) (any, error) {
	token := lowerAlnum(32)
	u := c.Session.User
	ttl := a.opts.User.DeleteUser.DeleteTokenExpiresIn
	if err := c.createVerification(deletePrefix+token, u.ID, ttl); err != nil {
		return nil, err
	}
	cb := c.bodyString("callbackURL")
	if cb == "" {
		cb = "/"
	}
	link := a.baseURLFor(c.Request) + "/delete-user/callback?token=" + token +
		"&callbackURL=" + encodeURIComponent(cb)
	err := c.sendEmail(send, Email{Kind: "delete-account", User: u, URL: link, Token: token})
	if err != nil {
		return nil, err
	}
	return successMessage{true, "Verification email sent"}, nil
}

// deleteUserCallback is the link of the deletion email.
func (a *Auth) deleteUserCallback(c *Context) (any, error) {
	if !a.opts.User.DeleteUser.Enabled {
		a.log.ErrorContext(c.Context(), "core: delete user is disabled")
		return nil, errDeleteNotFound
	}
	cb := c.Query.Get("callbackURL")
	if err := c.checkCallback(cb); err != nil {
		return nil, err
	}
	if err := a.deleteWithToken(c, c.Query.Get("token")); err != nil {
		return nil, err
	}
	return c.done(successMessage{true, "User deleted"})
}

// deleteWithToken deletes the signed-in user when the token is theirs.
func (a *Auth) deleteWithToken(c *Context, token string) error {
	sess, err := c.GetSession()
	if err != nil {
		return err
	}
	if sess == nil {
		return ErrFailedToGetUserInfo.WithStatus(http.StatusNotFound)
	}
	v, err := c.findVerification(deletePrefix + token)
	if err != nil {
		return err
	}
	if v == nil || str(v["value"]) != sess.User.ID {
		return ErrInvalidToken.WithStatus(http.StatusNotFound)
	}
	return a.removeUser(c, sess.User, deletePrefix+token)
}

// removeUser runs the delete hooks around the deletion of the user, their
// sessions and accounts (and the used token), then clears the cookies.
func (a *Auth) removeUser(c *Context, u *User, identifier string) error {
	du := a.opts.User.DeleteUser
	if du.BeforeDelete != nil {
		if err := du.BeforeDelete(c.Context(), u); err != nil {
			return err
		}
	}
	err := c.Transaction(func() error {
		for _, model := range []string{"session", "account"} {
			if err := c.deleteRecords(model, userIs(u.ID)); err != nil {
				return err
			}
		}
		if err := c.deleteRecords("user", []storage.Where{storage.Eq("id", u.ID)}); err != nil {
			return err
		}
		if identifier == "" {
			return nil
		}
		return c.deleteRecords("verification",
			[]storage.Where{storage.Eq("identifier", identifier)})
	})
	if err != nil {
		return err
	}
	c.clearSessionCookies()
	c.auth.log.InfoContext(c.Context(), "core: user deleted", "user", u.ID)
	if du.AfterDelete != nil {
		return du.AfterDelete(c.Context(), u)
	}
	return nil
}
