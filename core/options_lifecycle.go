package core

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// Email is what an [EmailSender] gets: the recipient's user record (with
// the address to write to in User.Email), the link and its token.
type Email struct {
	// Kind names the flow: "reset-password", "verify-email",
	// "change-email-confirmation" or "delete-account".
	Kind  string
	User  *User
	URL   string
	Token string
	// NewEmail is the requested address of a change-email confirmation.
	NewEmail string
	// Request is the request that caused the email; nil for Go calls
	// that pass no headers.
	Request *http.Request
}

// EmailSender sends one of the lifecycle emails. An error fails the
// request with a 500. It must be safe for concurrent use.
type EmailSender func(ctx context.Context, e Email) error

// SendWithMailer returns an EmailSender that writes a short plain-text
// message with the link and sends it through m.
func SendWithMailer(m Mailer) EmailSender {
	subjects := map[string]string{
		"reset-password":            "Reset your password",
		"verify-email":              "Verify your email address",
		"change-email-confirmation": "Confirm your email change",
		"delete-account":            "Confirm the deletion of your account",
	}
	return func(ctx context.Context, e Email) error {
		subject := subjects[e.Kind]
		if subject == "" {
			subject = "Action required"
		}
		text := fmt.Sprintf("Hello %s,\n\nOpen this link to continue:\n%s\n", e.User.Name, e.URL)
		if e.NewEmail != "" {
			text = fmt.Sprintf("Hello %s,\n\nOpen this link to change your email to %s:\n%s\n",
				e.User.Name, e.NewEmail, e.URL)
		}
		return m.Send(ctx, Message{To: e.User.Email, Subject: subject, Text: text,
			Kind: e.Kind, URL: e.URL})
	}
}

// UserHook runs on a user at a step of a flow; an error stops the flow
// and is answered as the route's error (an *APIError as it is).
type UserHook func(ctx context.Context, u *User) error

// EmailVerificationOptions configure the email verification flow.
type EmailVerificationOptions struct {
	// SendVerificationEmail enables send-verification-email and the emails
	// of the change-email flow.
	SendVerificationEmail EmailSender
	// SendOnSignUp sends the email after sign-up; nil follows
	// EmailAndPassword.RequireEmailVerification.
	SendOnSignUp *bool
	// SendOnSignIn sends the email again when sign-in is refused for an
	// unverified address.
	SendOnSignIn bool
	// AutoSignInAfterVerification signs the user in from the email link.
	AutoSignInAfterVerification bool
	// ExpiresIn is the token lifetime; zero means one hour.
	ExpiresIn time.Duration
	// BeforeEmailVerification and AfterEmailVerification run around the
	// update that marks the address verified.
	BeforeEmailVerification UserHook
	AfterEmailVerification  UserHook
}

// ChangeEmailOptions configure change-email.
type ChangeEmailOptions struct {
	Enabled bool
	// SendChangeEmailConfirmation, for a verified user, mails a link to
	// the current address that must be opened before the new address is
	// verified.
	SendChangeEmailConfirmation EmailSender
	// UpdateEmailWithoutVerification changes an unverified user's email
	// at once.
	UpdateEmailWithoutVerification bool
}

// DeleteUserOptions configure delete-user.
type DeleteUserOptions struct {
	Enabled bool
	// SendDeleteAccountVerification makes deletion wait for a link sent
	// by email.
	SendDeleteAccountVerification EmailSender
	// BeforeDelete and AfterDelete run around the deletion.
	BeforeDelete UserHook
	AfterDelete  UserHook
	// DeleteTokenExpiresIn is the link's lifetime; zero means one day.
	DeleteTokenExpiresIn time.Duration
}

// AccountOptions configure linked accounts.
type AccountOptions struct {
	// AllowUnlinkingAll lets unlink-account remove the last account.
	AllowUnlinkingAll bool
}

func (e EmailVerificationOptions) withDefaults() EmailVerificationOptions {
	if e.ExpiresIn <= 0 {
		e.ExpiresIn = time.Hour
	}
	return e
}

// sendOnSignUp reports whether sign-up mails a verification link.
func (a *Auth) sendOnSignUp() bool {
	ev := a.opts.EmailVerification
	if ev.SendOnSignUp != nil {
		return *ev.SendOnSignUp
	}
	return a.opts.EmailAndPassword.RequireEmailVerification
}

// lifecycleDefaults fills the defaults of the lifecycle options.
func (a *Auth) lifecycleDefaults() {
	a.opts.EmailVerification = a.opts.EmailVerification.withDefaults()
	if a.opts.EmailAndPassword.ResetPasswordTokenExpiresIn <= 0 {
		a.opts.EmailAndPassword.ResetPasswordTokenExpiresIn = time.Hour
	}
	if a.opts.User.DeleteUser.DeleteTokenExpiresIn <= 0 {
		a.opts.User.DeleteUser.DeleteTokenExpiresIn = 24 * time.Hour
	}
}
