package core

import (
	"fmt"
	"sort"

	"github.com/kernia-go/kernia/core/storage"
)

// Plugin extends an [Auth]. A plugin is one value in [Options.Plugins];
// its own options are plain fields on that value, with a working zero
// value, and core never imports a plugin. Every plugin names itself,
// declares routes and declares the models it stores; the rest is
// optional, through the small interfaces [Initializer], [ErrorCoder],
// [RequestHooker], [DatabaseHooker] and [RateLimiter], found by type
// assertion in the manner of database/sql/driver. Plugin methods are
// called once, by [New] and [SchemaFor]; what they return must not change
// afterwards.
//
// Routes are mounted under the base path and run through the same
// pipeline as core routes: rate limit (with the plugin's rules), body
// parsing, origin check, request hooks, validation of the declared
// [Param] values, the [SessionRequirement], then the handler. A handler
// gets a [Context] and returns the value to send as JSON or an error; an
// *[APIError] is answered with its status, code and message.
//
// Schema returns new models, and models named like a core one ("user",
// "session", ...) that carry only extra fields: those are merged into the
// core model. Extra session fields are stored on every session and sent in
// its JSON (get-session, the cookie cache) through [Session.Extra]; a
// plugin changes them with [Context.UpdateSession].
//
// Within a handler or a hook a plugin uses the Context, never core's
// internals: [Context.GetSession] for the caller's session (or the
// route's SessionRequired), [Context.CreateSession] and
// [Context.SetSessionCookie] to sign someone in, [Context.UpdateSession],
// [Context.ClearSessionCookies], signed cookies of its own
// ([Context.SetSignedCookie], [Context.SignedCookie]), and
// [Context.Create], [Context.Update] and [Context.Delete] so that its
// writes run the database hooks; reads go to [Context.DB], and
// [Context.Transaction] groups writes that must land together.
// [Auth.Logger], [Auth.Options] and [Auth.Plugin] serve Init. Handlers
// that check their own parameters word VALIDATION_ERROR messages as core
// does with [ValidEmail] and [JSONKind].
//
// The organization plugin (plugins/organization) is the worked example:
// a struct of options (limits, roles, an invitation-email callback,
// teams); Schema returns the organization, member and invitation models
// and adds activeOrganizationId (and activeTeamId) to the session; Routes
// returns its 35 routes, most with SessionRequired, whose handlers read
// c.Session, write through c.Create and c.Update, switch the active
// organization with c.UpdateSession and re-send the session cookie with
// c.SetSessionCookie; ErrorCodes lists its 58 codes; Init keeps the Auth.
//
// The plugins still to come fit the same shape:
//
//   - Two-factor stops a sign-in half-way. A [RequestHook] matching
//     "/sign-in/email" runs after the route: when c.NewSession belongs to
//     a user with a second factor, it deletes that session (c.Delete),
//     calls c.ClearSessionCookies, sets a short signed cookie naming the
//     user (c.SetSignedCookie) and returns {"twoFactorRedirect":true},
//     which replaces the response. Its verify routes read that cookie
//     with c.SignedCookie, then c.CreateSession and c.SetSessionCookie.
//     It adds user.twoFactorEnabled and a twoFactor model in Schema.
//   - Admin impersonates: its route checks the caller's role, then
//     c.CreateSession(target, NewSessionOptions{ExpiresIn: time.Hour,
//     Fields: {"impersonatedBy": adminID}}) and c.SetSessionCookie,
//     keeping the admin's session in a signed cookie to return to. Schema
//     adds session.impersonatedBy and user.role/banned fields; a
//     [DatabaseHooker] BeforeCreate on "session" refuses banned users.
//   - Passkey has its own sign-in route: it checks the WebAuthn assertion
//     against its passkey model, then c.CreateSession and
//     c.SetSessionCookie, exactly as sign-in/email ends; a [RateLimiter]
//     gives "/passkey/*" a tighter rule.
type Plugin interface {
	// ID is a short unique name, such as "two-factor".
	ID() string
	// Routes returns the plugin's endpoints.
	Routes() []Route
	// Schema returns the models (or the fields added to core models) the
	// plugin stores.
	Schema() []storage.Model
}

// Initializer is a plugin that needs the built [Auth]: to check its
// options against the Auth's, to keep a logger, or to find another plugin
// with [Auth.Plugin]. Init runs at the end of [New], in plugin order; an
// error fails New.
type Initializer interface {
	Init(a *Auth) error
}

// ErrorCoder is a plugin that declares its wire error codes, as upstream's
// $ERROR_CODES. Tools (the parity audit, generated client types) read
// them; routes answer them as *APIError values.
type ErrorCoder interface {
	ErrorCodes() []APIError
}

// RequestHooker is a plugin with request hooks. They run after the
// hooks of [Options.Hooks], in plugin order, on the requests their Match
// accepts.
type RequestHooker interface {
	RequestHooks() []RequestHook
}

// DatabaseHooker is a plugin with hooks around writes, keyed by logical
// model name; core models and plugin models alike. They run after the
// hooks of [Options.DatabaseHooks] for the same model, for writes made by
// core routes and by plugin routes through [Context.Create],
// [Context.Update] and [Context.Delete].
type DatabaseHooker interface {
	DatabaseHooks() map[string]ModelHooks
}

// RateLimiter is a plugin with rate-limit rules for its paths, keyed by
// path or glob as [RateLimitOptions.CustomRules]. The application's custom
// rules win over a plugin's.
type RateLimiter interface {
	RateLimits() map[string]RateLimitRule
}

// RequestHook is a request hook with the requests it applies to. Match
// nil means every request. Before and After follow the contract of
// [Hook]; either may be nil.
type RequestHook struct {
	Match  func(c *Context) bool
	Before Hook
	After  Hook
}

func (h RequestHook) matches(c *Context) bool { return h.Match == nil || h.Match(c) }

// MatchPaths returns a RequestHook matcher that accepts the given route
// paths (under the base path, such as "/sign-in/email").
func MatchPaths(paths ...string) func(c *Context) bool {
	set := make(map[string]bool, len(paths))
	for _, p := range paths {
		set[p] = true
	}
	return func(c *Context) bool { return set[c.Path] }
}

// Plugin returns the plugin with the given ID, or nil. Plugins use it to
// find the plugins they cooperate with.
func (a *Auth) Plugin(id string) Plugin {
	for _, p := range a.opts.Plugins {
		if p.ID() == id {
			return p
		}
	}
	return nil
}

// initPlugins gathers what the plugins contribute besides routes and
// schema, then lets each initialise. It runs after routes are mounted.
func (a *Auth) initPlugins() error {
	seen := map[string]bool{}
	for _, p := range a.opts.Plugins {
		if seen[p.ID()] {
			return fmt.Errorf("%w: plugin %q added twice", ErrBadOptions, p.ID())
		}
		seen[p.ID()] = true
		if h, ok := p.(RequestHooker); ok {
			a.reqHooks = append(a.reqHooks, h.RequestHooks()...)
		}
	}
	a.initModelHooks()
	for _, p := range a.opts.Plugins {
		if in, ok := p.(Initializer); ok {
			if err := in.Init(a); err != nil {
				return fmt.Errorf("core: plugin %s: %w", p.ID(), err)
			}
		}
	}
	return nil
}

// pluginRateRules returns the plugins' rate-limit rules that the
// application did not override, keyed by path or glob.
func (a *Auth) pluginRateRules() map[string]RateLimitRule {
	out := map[string]RateLimitRule{}
	for _, p := range a.opts.Plugins {
		rl, ok := p.(RateLimiter)
		if !ok {
			continue
		}
		for k, r := range rl.RateLimits() {
			if _, user := a.opts.RateLimit.CustomRules[k]; !user {
				out[k] = r
			}
		}
	}
	return out
}

// initModelHooks merges the application's database hooks with the
// plugins', per model.
func (a *Auth) initModelHooks() {
	h := a.opts.DatabaseHooks
	a.modelHookSet = map[string]*ModelHooks{
		"user": &h.User, "session": &h.Session, "account": &h.Account,
		"verification": &h.Verification,
	}
	for _, p := range a.opts.Plugins {
		dh, ok := p.(DatabaseHooker)
		if !ok {
			continue
		}
		hooks := dh.DatabaseHooks()
		models := make([]string, 0, len(hooks))
		for m := range hooks {
			models = append(models, m)
		}
		sort.Strings(models)
		for _, m := range models {
			prev := a.modelHookSet[m]
			if prev == nil {
				prev = &ModelHooks{}
			}
			merged := chainModelHooks(*prev, hooks[m])
			a.modelHookSet[m] = &merged
		}
	}
}
