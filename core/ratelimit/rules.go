package ratelimit

import (
	"strings"
	"time"
)

// DefaultRule is the rule for paths that no [PathRule] matches: 100
// requests per 10 seconds.
func DefaultRule() Rule { return Rule{Window: 10 * time.Second, Max: 100} }

// PathRule applies Rule to the paths Match accepts. Paths are relative to
// the base path, without a trailing slash ("/sign-in/email").
type PathRule struct {
	Match func(path string) bool
	Rule  Rule
}

// DefaultRules returns the built-in rules for sensitive paths, in the
// order they are tried:
//
//   - 3 per 10 s for paths starting with /sign-in, /sign-up,
//     /change-password or /change-email;
//   - 3 per 60 s for /request-password-reset, /send-verification-email,
//     /email-otp/send-verification-otp, /email-otp/request-password-reset
//     and paths starting with /forget-password.
//
// Each call returns a fresh slice that the caller may extend.
func DefaultRules() []PathRule {
	return []PathRule{
		{Match: hasAnyPrefix("/sign-in", "/sign-up", "/change-password", "/change-email"),
			Rule: Rule{Window: 10 * time.Second, Max: 3}},
		{Match: resetPaths, Rule: Rule{Window: 60 * time.Second, Max: 3}},
	}
}

func hasAnyPrefix(prefixes ...string) func(string) bool {
	return func(path string) bool {
		for _, p := range prefixes {
			if strings.HasPrefix(path, p) {
				return true
			}
		}
		return false
	}
}

func resetPaths(path string) bool {
	switch path {
	case "/request-password-reset", "/send-verification-email",
		"/email-otp/send-verification-otp", "/email-otp/request-password-reset":
		return true
	}
	return strings.HasPrefix(path, "/forget-password")
}

// RuleFor returns the Rule of the first of rules that matches path, or def
// when none does.
func RuleFor(path string, rules []PathRule, def Rule) Rule {
	for _, r := range rules {
		if r.Match != nil && r.Match(path) {
			return r.Rule
		}
	}
	return def
}
