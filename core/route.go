package core

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/kernia-go/kernia/core/storage"
)

// SessionRequirement says what session a route needs before its handler
// runs.
type SessionRequirement int

// The session requirements, as upstream's route middlewares.
const (
	// SessionNone does no session lookup.
	SessionNone SessionRequirement = iota
	// SessionRequired answers 401 UNAUTHORIZED without a valid session.
	// The cookie cache may serve the session.
	SessionRequired
	// SessionSensitive is SessionRequired that always reads the database,
	// so that a revoked session cannot act through a cached copy.
	SessionSensitive
	// SessionFresh is SessionRequired that also answers 403
	// SESSION_NOT_FRESH when the session is older than FreshAge.
	SessionFresh
)

// ParamType is the type a body or query parameter must have.
type ParamType int

// The parameter types a route can declare.
const (
	// ParamString accepts a JSON string.
	ParamString ParamType = iota
	// ParamEmail accepts a string that is a valid email address.
	ParamEmail
	// ParamBool accepts a JSON boolean.
	ParamBool
	// ParamFlag accepts any query value; a non-empty one is true (zod's
	// coerce.boolean, under which "false" is true as well).
	ParamFlag
	// ParamNullableString accepts a string or null.
	ParamNullableString
)

// Param declares a body or query parameter that a route validates before
// its handler runs. Parameters the route does not declare pass through.
type Param struct {
	Name     string
	Type     ParamType
	Required bool
	// NonEmpty rejects the empty string.
	NonEmpty bool
}

// Route is one endpoint. Handler returns the value to send as JSON (nil
// sends null) or an error; an *APIError is answered as it is, any other
// error as a 500 that is logged.
type Route struct {
	Method  string
	Path    string // under the base path, such as "/sign-in/email"
	Summary string
	Session SessionRequirement
	// Body lists the body parameters; with BodyRequired the body must be a
	// JSON object.
	Body         []Param
	BodyRequired bool
	Query        []Param
	// AllowForm accepts application/x-www-form-urlencoded bodies besides
	// JSON.
	AllowForm bool
	Handler   func(c *Context) (any, error)

	formCSRF bool
	openBody bool // the body schema also accepts any other keys
	plugin   string
}

// RouteInfo describes a mounted route for tools and documentation.
type RouteInfo struct {
	Method  string
	Path    string // full path, base path included
	Plugin  string // empty for core routes
	Summary string
}

// Context is one request on its way through the pipeline. Route handlers
// and hooks receive it; it is not safe for use by several goroutines.
type Context struct {
	// Request is the incoming request; its body has already been read.
	Request *http.Request
	// Path is the route path under the base path, such as "/ok".
	Path string
	// Body is the parsed body when it is an object, nil otherwise. Before
	// hooks may change it; validation runs after them.
	Body map[string]any
	// Query is the parsed query string; hooks may change it.
	Query url.Values
	// Params holds the values of ":name" segments of the route path.
	Params map[string]string
	// Session is set once the route's session requirement has run.
	Session *SessionData
	// Returned is, in an after hook, the handler's result or its error
	// (an *APIError).
	Returned any
	// NewSession is set when the request signed a user in.
	NewSession *SessionData

	auth     *Auth
	route    *Route
	header   http.Header
	status   int
	bodyKind string // JSON kind of the body for validation messages
	db       *storage.DB
	after    []func()
	// cookies caches the parsed request cookies; cookieSrc is the Cookie
	// header they were parsed from (see requestCookies).
	cookies   map[string]string
	cookieSrc []string
}

// Auth returns the Auth serving the request.
func (c *Context) Auth() *Auth { return c.auth }

// Context returns the request's context.
func (c *Context) Context() context.Context { return c.Request.Context() }

// Header returns the response headers; Set-Cookie lines added here are
// sent with the response.
func (c *Context) Header() http.Header { return c.header }

// SetStatus sets the status of a successful response (200 by default).
func (c *Context) SetStatus(code int) { c.status = code }

// DB returns the storage the request should use: inside a transaction
// when the route runs in one.
func (c *Context) DB() *storage.DB { return c.db }

// logPath is the path to log: the route's pattern, so that tokens carried
// in path parameters (a reset link's) stay out of logs.
func (c *Context) logPath() string {
	if c.route != nil {
		return c.route.Path
	}
	return c.Path
}

// afterCommit queues fn to run once the request's writes are committed.
func (c *Context) afterCommit(fn func()) { c.after = append(c.after, fn) }

// matchPath matches a request path against a route pattern with ":name"
// segments and returns the parameters.
func matchPath(pattern, path string) (map[string]string, bool) {
	if !strings.Contains(pattern, ":") {
		return nil, pattern == path
	}
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return nil, false
	}
	params := map[string]string{}
	for i, p := range ps {
		if strings.HasPrefix(p, ":") {
			if xs[i] == "" {
				return nil, false
			}
			params[p[1:]] = xs[i]
			continue
		}
		if p != xs[i] {
			return nil, false
		}
	}
	return params, true
}
