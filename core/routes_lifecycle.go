package core

import "net/http"

// lifecycleRoutes returns the account lifecycle routes: password reset,
// email verification, profile and email changes, deletion and accounts.
func (a *Auth) lifecycleRoutes() []*Route {
	str := strParam
	email := Param{Name: "email", Type: ParamEmail, Required: true}
	post, get := http.MethodPost, http.MethodGet
	return []*Route{
		{Method: post, Path: "/request-password-reset", Summary: "Mail a password reset link",
			Body: []Param{email, str("redirectTo", false)}, Handler: a.requestPasswordReset},
		{Method: get, Path: "/reset-password/:token", Summary: "Open a password reset link",
			Query: []Param{str("callbackURL", true)}, Handler: a.resetPasswordCallback},
		{Method: post, Path: "/reset-password", Summary: "Set a new password with a reset token",
			Body:  []Param{str("newPassword", true), str("token", false)},
			Query: []Param{str("token", false)}, Handler: a.resetPassword},
		{Method: post, Path: "/verify-password", Summary: "Check the user's password",
			Session: SessionSensitive, Body: []Param{str("password", true)},
			Handler: a.verifyPassword},
		{Method: get, Path: "/verify-email", Summary: "Open an email verification link",
			Query:   []Param{str("token", true), str("callbackURL", false)},
			Handler: a.verifyEmail},
		{Method: post, Path: "/send-verification-email", Summary: "Mail a verification link",
			Body: []Param{email, str("callbackURL", false)}, Handler: a.sendVerificationEmail},
		{Method: post, Path: "/change-email", Summary: "Change the user's email",
			Session: SessionSensitive, Body: []Param{{Name: "newEmail", Type: ParamEmail,
				Required: true}, str("callbackURL", false)}, Handler: a.changeEmail},
		{Method: post, Path: "/change-password", Summary: "Change the user's password",
			Session: SessionSensitive, Body: []Param{str("newPassword", true),
				str("currentPassword", true), {Name: "revokeOtherSessions", Type: ParamBool}},
			Handler: a.changePassword},
		{Method: post, Path: "/update-user", Summary: "Update the user's profile",
			Session: SessionRequired, BodyRequired: true, Handler: a.updateUser},
		{Method: post, Path: "/delete-user", Summary: "Delete the user",
			Session: SessionSensitive, Body: []Param{str("callbackURL", false),
				str("password", false), str("token", false)}, Handler: a.deleteUser},
		{Method: get, Path: "/delete-user/callback", Summary: "Open an account deletion link",
			Query:   []Param{str("token", true), str("callbackURL", false)},
			Handler: a.deleteUserCallback},
		{Method: get, Path: "/list-accounts", Summary: "List the user's accounts",
			Session: SessionRequired, Handler: a.listAccounts},
		{Method: post, Path: "/unlink-account", Summary: "Unlink one of the user's accounts",
			Session: SessionFresh, Body: []Param{str("providerId", true), str("accountId", false)},
			Handler: a.unlinkAccount},
	}
}

// setPasswordRoute is the server-only set-password endpoint: it runs
// through the pipeline for [API.SetPassword] but is never mounted.
func (a *Auth) setPasswordRoute() *Route {
	return &Route{Method: http.MethodPost, Path: "/set-password",
		Summary: "Give a password to a user without one", Session: SessionSensitive,
		Body:    []Param{strParam("newPassword", true)},
		Handler: a.setPassword}
}
