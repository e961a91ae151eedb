package core

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/kernia-go/kernia/core/storage"
)

// signUpResponse is the body of sign-up/email; a nil token is sent as null.
type signUpResponse struct {
	Token *string `json:"token"`
	User  *User   `json:"user"`
}

// signInResponse is the body of sign-in/email; url is left out when there
// is no callback URL, as upstream.
type signInResponse struct {
	Redirect bool   `json:"redirect"`
	Token    string `json:"token"`
	URL      string `json:"url,omitempty"`
	User     *User  `json:"user"`
}

// jsLength counts UTF-16 code units, the length JavaScript reports.
func jsLength(s string) int { return len(utf16.Encode([]rune(s))) }

func (a *Auth) checkPasswordLength(pw string) error {
	n := jsLength(pw)
	switch {
	case n < a.opts.EmailAndPassword.MinPasswordLength:
		return ErrPasswordTooShort
	case n > a.opts.EmailAndPassword.MaxPasswordLength:
		return ErrPasswordTooLong
	}
	return nil
}

func (a *Auth) autoSignIn() bool {
	ep := a.opts.EmailAndPassword
	return ptrTrue(ep.AutoSignIn) && !ep.RequireEmailVerification
}

// signUpEmail creates a user with a credential account and, unless
// auto sign-in is off, a session.
func (a *Auth) signUpEmail(c *Context) (any, error) {
	ep := a.opts.EmailAndPassword
	if !ep.Enabled || ep.DisableSignUp {
		return nil, ErrSignUpDisabled
	}
	pw := c.bodyString("password")
	if err := a.checkPasswordLength(pw); err != nil {
		return nil, err
	}
	extra, err := parseInput(a.inputFields("user", userKeys), c.Body, true)
	if err != nil {
		return nil, err
	}
	email := strings.ToLower(c.bodyString("email"))
	existing, err := c.findUserByEmail(email)
	if err != nil {
		return nil, err
	}
	if existing != nil {
		return a.existingSignUp(c, email, pw)
	}
	hash, err := a.hasher.Hash(c.Context(), pw)
	if err != nil {
		return nil, err
	}
	var resp signUpResponse
	err = c.Transaction(func() error { return a.signUpTx(c, email, hash, extra, &resp) })
	if err != nil {
		return nil, err
	}
	return &resp, nil
}

// existingSignUp answers a sign-up for an email that is taken. When
// sign-up does not sign in, it answers like a success so that the
// response does not reveal which emails exist.
func (a *Auth) existingSignUp(c *Context, email, pw string) (any, error) {
	if a.autoSignIn() {
		return nil, ErrUserAlreadyExistsUseAnotherEmail
	}
	if _, err := a.hasher.Hash(c.Context(), pw); err != nil {
		return nil, err
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	u := &User{ID: GenerateID(32), Name: c.bodyString("name"), Email: email,
		CreatedAt: now, UpdatedAt: now}
	if img := c.bodyString("image"); img != "" {
		u.Image = &img
	}
	return &signUpResponse{User: u}, nil
}

func (a *Auth) signUpTx(c *Context, email, hash string, extra storage.Record,
	resp *signUpResponse) error {
	data := storage.Record{"name": c.bodyString("name"), "email": email, "emailVerified": false}
	for k, v := range extra {
		data[k] = v
	}
	if img, ok := c.Body["image"].(string); ok && img != "" {
		data["image"] = img
	}
	u, err := c.createRecord("user", data)
	switch {
	case errors.Is(err, storage.ErrDuplicate):
		return ErrUserAlreadyExistsUseAnotherEmail
	case err != nil:
		a.log.ErrorContext(c.Context(), "core: create user", "error", err)
		return ErrFailedToCreateUser.WithStatus(422)
	case u == nil:
		return ErrFailedToCreateUser
	}
	uid, _ := u["id"].(string)
	acct, err := c.createRecord("account", storage.Record{"providerId": "credential",
		"accountId": uid, "userId": uid, "password": hash})
	if err != nil || acct == nil {
		if err != nil {
			a.log.ErrorContext(c.Context(), "core: create account", "error", err)
		}
		return ErrFailedToCreateUser.WithStatus(422)
	}
	resp.User = a.toUser(u)
	if err := a.afterSignUp(c, resp.User); err != nil {
		return err
	}
	if !a.autoSignIn() {
		return nil
	}
	return a.signUpSession(c, resp)
}

// signUpSession signs the new user in.
func (a *Auth) signUpSession(c *Context, resp *signUpResponse) error {
	uid := resp.User.ID
	dontRemember := c.rememberMeOff()
	s, err := c.createSession(uid, dontRemember)
	if err != nil {
		if errors.Is(err, ErrFailedToCreateSession) {
			return err
		}
		return ErrFailedToCreateSession
	}
	c.setSessionCookie(&SessionData{Session: s, User: resp.User}, dontRemember, -1)
	resp.Token = &s.Token
	return nil
}

// rememberMeOff reports a body whose rememberMe is false: the session
// then lasts a day and its cookies only the browser session.
func (c *Context) rememberMeOff() bool {
	rememberMe, given := c.bodyBool("rememberMe")
	return given && !rememberMe
}

// signInEmail checks the credentials and creates a session. Unknown
// emails and wrong passwords cost the same hashing work and get the same
// answer.
func (a *Auth) signInEmail(c *Context) (any, error) {
	if !a.opts.EmailAndPassword.Enabled {
		return nil, ErrEmailPasswordDisabled
	}
	email, pw := c.bodyString("email"), c.bodyString("password")
	if !ValidEmail(email) {
		return nil, ErrInvalidEmail
	}
	email = strings.ToLower(email)
	user, hash, err := a.checkCredentials(c, email, pw)
	if err != nil {
		return nil, err
	}
	u := a.toUser(user)
	if a.opts.EmailAndPassword.RequireEmailVerification && !u.EmailVerified {
		return nil, a.refuseUnverified(c, u)
	}
	a.rehash(c, u.ID, hash, pw)
	dontRemember := c.rememberMeOff()
	s, err := c.createSession(u.ID, dontRemember)
	if err != nil {
		a.log.ErrorContext(c.Context(), "core: sign-in session", "error", err)
		return nil, ErrFailedToCreateSession
	}
	c.setSessionCookie(&SessionData{Session: s, User: u}, dontRemember, -1)
	resp := &signInResponse{Token: s.Token, User: u}
	if cb := c.bodyString("callbackURL"); cb != "" {
		resp.Redirect, resp.URL = true, cb
		c.header.Set("Location", cb)
	}
	return resp, nil
}

// checkCredentials returns the user and the stored hash when the password
// matches, and INVALID_EMAIL_OR_PASSWORD otherwise.
func (a *Auth) checkCredentials(c *Context, email, pw string) (storage.Record, string, error) {
	ctx := c.Context()
	fail := func(reason string) (storage.Record, string, error) {
		a.log.InfoContext(ctx, "core: sign-in failed", "reason", reason,
			"ip", a.clientIP(c.Request))
		return nil, "", ErrInvalidEmailOrPassword
	}
	user, err := c.findUserByEmail(email)
	if err != nil {
		return nil, "", err
	}
	if user == nil {
		a.waste(ctx, pw)
		return fail("unknown email")
	}
	uid, _ := user["id"].(string)
	acct, err := c.credentialAccount(uid)
	if err != nil {
		return nil, "", err
	}
	hash, _ := acct["password"].(string)
	if acct == nil || hash == "" {
		a.waste(ctx, pw)
		return fail("no password")
	}
	ok, err := a.hasher.Verify(ctx, hash, pw)
	if err != nil {
		if ctx.Err() != nil {
			return nil, "", err
		}
		a.log.ErrorContext(ctx, "core: stored password hash unusable", "user", uid, "error", err)
		return fail("unusable hash")
	}
	if !ok {
		return fail("wrong password")
	}
	return user, hash, nil
}

func (a *Auth) waste(ctx context.Context, pw string) {
	if err := a.hasher.Waste(ctx, pw); err != nil && ctx.Err() == nil {
		a.log.ErrorContext(ctx, "core: password work", "error", err)
	}
}

// rehash replaces a legacy or weaker hash after a successful sign-in. A
// failure is logged: the user is signed in either way.
func (a *Auth) rehash(c *Context, uid, hash, pw string) {
	if !a.hasher.NeedsRehash(hash) {
		return
	}
	fresh, err := a.hasher.Hash(c.Context(), pw)
	if err == nil {
		err = c.setCredentialPassword(uid, fresh)
	}
	if err != nil {
		a.log.ErrorContext(c.Context(), "core: rehash password", "user", uid, "error", err)
	}
}
