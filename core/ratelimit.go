package core

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/kernia-go/kernia/core/ratelimit"
)

// rateLimiter applies the configured rules to client IP and path pairs.
type rateLimiter struct {
	on    bool
	lim   *ratelimit.Limiter
	def   ratelimit.Rule
	rules []ratelimit.PathRule
	a     *Auth
}

func newRateLimiter(a *Auth) *rateLimiter {
	o := a.opts.RateLimit
	rl := &rateLimiter{on: ptrTrue(o.Enabled), lim: &ratelimit.Limiter{}, a: a,
		def: ratelimit.Rule{Window: o.Window, Max: o.Max}}
	if o.Storage == RateLimitDatabase {
		rl.lim.Store = ratelimit.NewDBStore(a.db)
	}
	// The application's rules win over the plugins', and both over the
	// built-in ones, as upstream applies them last.
	rl.rules = append(pathRules(o.CustomRules), pathRules(a.pluginRateRules())...)
	rl.rules = append(rl.rules, ratelimit.DefaultRules()...)
	return rl
}

// pathRules turns rules keyed by path or glob into path rules: exact
// paths first, then globs, each in sorted order so that overlapping globs
// resolve the same way on every start.
func pathRules(m map[string]RateLimitRule) []ratelimit.PathRule {
	var out []ratelimit.PathRule
	keys := slices.Sorted(maps.Keys(m))
	for _, exact := range []bool{true, false} {
		for _, pattern := range keys {
			if strings.ContainsAny(pattern, "*?") == exact {
				continue
			}
			out = append(out, customRule(pattern, m[pattern], exact))
		}
	}
	return out
}

func customRule(pattern string, r RateLimitRule, exact bool) ratelimit.PathRule {
	match := func(p string) bool { return p == pattern }
	if !exact {
		// Compiled once: the rule is tried on every request.
		re := globRegexp(pattern)
		match = func(p string) bool { return re != nil && re.MatchString(p) }
	}
	rule := ratelimit.Rule{Window: r.Window, Max: r.Max}
	if r.Disabled {
		rule.Max = -1 // marks "no limit" for ruleFor
	}
	return ratelimit.PathRule{Match: match, Rule: rule}
}

func (rl *rateLimiter) enabled() bool { return rl.on }

// ruleFor returns the rule for a path and false when the path is exempt.
func (rl *rateLimiter) ruleFor(path string) (ratelimit.Rule, bool) {
	r := ratelimit.RuleFor(strings.TrimRight(path, "/"), rl.rules, rl.def)
	if r.Max < 0 {
		return r, false
	}
	if r.Window <= 0 {
		r.Window = rl.def.Window
	}
	if r.Max == 0 {
		r.Max = rl.def.Max
	}
	return r, true
}

// check reports whether the request must be refused and how many seconds
// the client should wait. Storage failures let the request through: a
// broken counter store must not lock every user out.
func (rl *rateLimiter) check(ctx context.Context, ip, path string) (int, bool) {
	rule, ok := rl.ruleFor(path)
	if !ok || ip == "" {
		return 0, false
	}
	wait, limited, err := rl.lim.Check(ctx, ratelimit.Key(ip, strings.TrimRight(path, "/")), rule)
	if err != nil {
		rl.a.log.ErrorContext(ctx, "core: rate limit check failed", "error", err)
		return 0, false
	}
	if limited {
		rl.a.log.WarnContext(ctx, "core: rate limit exceeded", "ip", ip, "path", path,
			"window", rule.Window, "max", rule.Max)
	}
	return int(wait.Seconds()), limited
}

// hit counts an answered request.
func (rl *rateLimiter) hit(ctx context.Context, ip, path string) {
	rule, ok := rl.ruleFor(path)
	if !ok || ip == "" {
		return
	}
	key := ratelimit.Key(ip, strings.TrimRight(path, "/"))
	err := rl.lim.Hit(context.WithoutCancel(ctx), key, rule)
	if err != nil {
		rl.a.log.ErrorContext(ctx, "core: rate limit count failed", "error", err)
	}
}
