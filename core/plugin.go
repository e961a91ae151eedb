package core

import (
	"fmt"
	"sort"

	"github.com/kernia-go/kernia/core/storage"
)

// Plugin extends an [Auth]. A plugin is one value in [Options.Plugins];
// its own options are plain fields on that value. Every plugin names
// itself, declares routes (mounted under the base path and run through
// the same pipeline as core routes: body parsing, origin check, hooks,
// validation, session requirement) and the models it stores.
//
// Schema may return new models and also models named like a core model
// ("user", "session", ...) that carry only extra fields: they are merged
// into that model. Extra session fields are stored on every session and
// appear in its JSON (get-session, the cookie cache) through
// [Session.Extra].
//
// A plugin may implement any of the optional interfaces [Initializer],
// [ErrorCoder], [RequestHooker], [DatabaseHooker] and [RateLimiter]; core
// finds them by type assertion, in the manner of database/sql/driver.
// Plugin methods are called once, by [New] and [SchemaFor]; the values they
// return must not change afterwards.
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
// application did not override, in a stable order.
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
