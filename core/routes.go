package core

import (
	"html"
	"net/http"
	"regexp"
)

// coreRoutes returns the routes every Auth serves.
func (a *Auth) coreRoutes() []*Route {
	str := strParam
	boolean := func(name string) Param { return Param{Name: name, Type: ParamBool} }
	getSession := func(method, summary string) *Route {
		return &Route{Method: method, Path: "/get-session", Summary: summary,
			Query: []Param{{Name: "disableCookieCache", Type: ParamFlag},
				{Name: "disableRefresh", Type: ParamFlag}}, Handler: a.getSession}
	}
	return []*Route{
		{Method: http.MethodPost, Path: "/sign-up/email",
			Summary: "Sign up with email and password",
			Body: []Param{str("name", true), {Name: "email", Type: ParamEmail, Required: true},
				{Name: "password", Type: ParamString, Required: true, NonEmpty: true},
				str("image", false), str("callbackURL", false), boolean("rememberMe")},
			AllowForm: true, formCSRF: true, openBody: true, Handler: a.signUpEmail},
		{Method: http.MethodPost, Path: "/sign-in/email",
			Summary: "Sign in with email and password",
			Body: []Param{str("email", true), str("password", true), str("callbackURL", false),
				boolean("rememberMe")},
			AllowForm: true, formCSRF: true, Handler: a.signInEmail},
		{Method: http.MethodPost, Path: "/sign-out",
			Summary: "Sign out of the current session",
			Handler: a.signOut},
		getSession(http.MethodGet, "Get the current session"),
		getSession(http.MethodPost, "Refresh the current session (with deferred refresh)"),
		{Method: http.MethodGet, Path: "/list-sessions",
			Summary: "List the user's active sessions",
			Session: SessionRequired, Handler: a.listSessions},
		{Method: http.MethodPost, Path: "/revoke-session",
			Summary: "Revoke one of the user's sessions",
			Session: SessionSensitive, Body: []Param{str("token", true)}, Handler: a.revokeSession},
		{Method: http.MethodPost, Path: "/revoke-sessions",
			Summary: "Revoke all of the user's sessions",
			Session: SessionSensitive, Handler: a.revokeSessions},
		{Method: http.MethodPost, Path: "/revoke-other-sessions",
			Summary: "Revoke every session but the current one",
			Session: SessionSensitive, Handler: a.revokeOtherSessions},
		{Method: http.MethodPost, Path: "/update-session",
			Summary: "Update the session's additional fields",
			Session: SessionRequired, BodyRequired: true, Handler: a.updateSession},
		{Method: http.MethodGet, Path: "/ok",
			Summary: "Health check", Handler: a.ok},
		{Method: http.MethodGet, Path: "/error",
			Summary: "Error page", Handler: a.errorPage},
	}
}

// strParam declares a string parameter.
func strParam(name string, required bool) Param {
	return Param{Name: name, Type: ParamString, Required: required}
}

func (a *Auth) ok(*Context) (any, error) {
	return struct {
		OK bool `json:"ok"`
	}{true}, nil
}

var errorCodePattern = regexp.MustCompile(`^['A-Za-z0-9_-]+$`)

// errorPage renders a minimal HTML page for errors that end a browser
// flow (OAuth callbacks, email links).
func (a *Auth) errorPage(c *Context) (any, error) {
	code := c.Query.Get("error")
	if !errorCodePattern.MatchString(code) {
		code = "UNKNOWN"
	}
	desc := html.EscapeString(c.Query.Get("error_description"))
	page := "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Error</title></head>" +
		"<body><h1>Something went wrong</h1><p>Error code: <code>" + html.EscapeString(code) +
		"</code></p>"
	if desc != "" {
		page += "<p>" + desc + "</p>"
	}
	page += "</body></html>"
	return &rawResponse{status: http.StatusOK, contentType: "text/html; charset=utf-8",
		body: []byte(page)}, nil
}
