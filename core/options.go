package core

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

// Options configure an [Auth]. Only Secret (or Secrets) and DB are
// required; every other zero value picks Better Auth's default.
type Options struct {
	// Secret signs cookies and tokens. It must be at least 32 bytes.
	Secret string
	// Secrets supports rotation: the first signs, all of them verify. When
	// both are set, Secrets wins and Secret is appended to it.
	Secrets []string
	// BaseURL is the public origin of the server, such as
	// "https://app.example.com". When empty, it is taken from each request
	// and cookies are not marked Secure unless Advanced.UseSecureCookies.
	BaseURL string
	// BasePath is where the routes live; empty means "/api/auth".
	BasePath string
	// TrustedOrigins are origins (or glob patterns such as
	// "https://*.example.com") allowed besides the BaseURL's origin.
	TrustedOrigins []string
	// TrustedOriginsFunc, when set, adds origins per request, such as
	// those of preview deployments. It must be safe for concurrent use.
	TrustedOriginsFunc func(r *http.Request) []string
	// DB stores users, sessions, accounts and verifications. Build it with
	// the schema from [SchemaFor].
	DB *storage.DB

	User             UserOptions
	Session          SessionOptions
	EmailAndPassword EmailAndPasswordOptions
	// EmailVerification configures verification links and their emails.
	EmailVerification EmailVerificationOptions
	// Account configures linked accounts.
	Account       AccountOptions
	Advanced      AdvancedOptions
	RateLimit     RateLimitOptions
	Hooks         Hooks
	DatabaseHooks DatabaseHooks

	// Password hashes and verifies passwords; nil means Argon2id with the
	// defaults of the password package.
	Password PasswordHasher
	// Mailer sends the emails of the routes that need one.
	Mailer Mailer
	// Logger receives operational events; nil means quiet.
	Logger *slog.Logger
	// Plugins add routes and schema.
	Plugins []Plugin
}

// SessionOptions configure session lifetime and the cookie cache.
type SessionOptions struct {
	// ExpiresIn is the session lifetime; zero means 7 days.
	ExpiresIn time.Duration
	// UpdateAge is how old a session must get before a read slides its
	// expiry; zero means 1 day and a negative value slides on every read
	// (upstream's updateAge: 0). Set DisableRefresh to never slide.
	UpdateAge time.Duration
	// FreshAge is how recent a session must be for routes that need a
	// fresh one; zero means 1 day. Set NoFreshAge for "always fresh".
	FreshAge time.Duration
	// NoFreshAge treats every session as fresh (upstream's freshAge: 0).
	NoFreshAge bool
	// DisableRefresh turns sliding expiry off.
	DisableRefresh bool
	// DeferSessionRefresh makes GET /get-session read-only, reporting
	// needsRefresh, and lets POST /get-session do the refresh.
	DeferSessionRefresh bool
	CookieCache         CookieCacheOptions
	// AdditionalFields are stored on every session and may be changed
	// with update-session unless NoInput.
	AdditionalFields []storage.Field
}

// CookieCacheOptions configure the signed session_data cookie that lets
// get-session answer without reading the database. It is off by default.
type CookieCacheOptions struct {
	Enabled bool
	// MaxAge is how long a cached copy is trusted; zero means 5 minutes.
	MaxAge time.Duration
	// Version invalidates caches written with another version; empty
	// means "1".
	Version string
	// Strategy is the encoding: "compact" (the default), "jwt" (signed)
	// or "jwe" (encrypted, so that clients cannot read the user).
	Strategy string
}

// EmailAndPasswordOptions configure sign-up and sign-in with a password.
type EmailAndPasswordOptions struct {
	Enabled bool
	// DisableSignUp keeps sign-in working but refuses new accounts.
	DisableSignUp bool
	// RequireEmailVerification refuses sign-in until the email is verified.
	RequireEmailVerification bool
	// MinPasswordLength is in UTF-16 code units, as upstream; zero means 8.
	MinPasswordLength int
	// MaxPasswordLength is in UTF-16 code units; zero means 128.
	MaxPasswordLength int
	// AutoSignIn signs the user in after sign-up; nil means true.
	AutoSignIn *bool
	// SendResetPassword enables request-password-reset and mails the
	// reset link; without it the route answers RESET_PASSWORD_DISABLED.
	SendResetPassword EmailSender
	// ResetPasswordTokenExpiresIn is the reset link's lifetime; zero
	// means one hour.
	ResetPasswordTokenExpiresIn time.Duration
	// OnPasswordReset runs after a reset-password changed the password.
	OnPasswordReset UserHook
	// RevokeSessionsOnPasswordReset signs the user out everywhere after a
	// password reset.
	RevokeSessionsOnPasswordReset bool
}

// AdvancedOptions configure cookies, CSRF protection and client IPs.
type AdvancedOptions struct {
	// CookiePrefix replaces "better-auth" in cookie names.
	CookiePrefix string
	// UseSecureCookies forces the Secure attribute and the __Secure- name
	// prefix on or off; nil decides from BaseURL's scheme.
	UseSecureCookies      *bool
	CrossSubDomainCookies CrossSubDomainCookies
	// DisableOriginCheck turns off the callback URL checks and, unless
	// DisableCSRFCheck is set explicitly, the Origin check too.
	DisableOriginCheck bool
	// DisableCSRFCheck turns off the Origin and fetch-metadata checks;
	// nil follows DisableOriginCheck.
	DisableCSRFCheck *bool
	// TrustedProxyHeaders lets X-Forwarded-Host and X-Forwarded-Proto
	// decide the base URL when BaseURL is empty.
	TrustedProxyHeaders bool
	// IPAddressHeaders are request headers that carry the client IP, such
	// as "X-Forwarded-For", read in order. Empty means the connection's
	// remote address only: headers are trusted only when configured.
	IPAddressHeaders []string
	// DisableIPTracking stores no IP address on sessions.
	DisableIPTracking bool
	// SkipTrailingSlashes routes "/ok/" as "/ok".
	SkipTrailingSlashes bool
	// DisabledPaths answer 404 for these route paths (such as
	// "/sign-up/email").
	DisabledPaths []string
}

// CrossSubDomainCookies set the Domain attribute on auth cookies.
type CrossSubDomainCookies struct {
	Enabled bool
	// Domain is the cookie domain; empty means BaseURL's hostname.
	Domain string
}

// RateLimitStorage names where rate-limit counters are kept.
type RateLimitStorage string

// The rate-limit storages.
const (
	RateLimitMemory   RateLimitStorage = "memory"
	RateLimitDatabase RateLimitStorage = "database"
)

// RateLimitOptions configure request rate limiting per client IP and path.
type RateLimitOptions struct {
	// Enabled is on when nil; set it to a false value to turn limiting off.
	Enabled *bool
	// Window is the counting window; zero means 10 seconds.
	Window time.Duration
	// Max is the number of requests per window; zero means 100.
	Max int
	// CustomRules override the rule for a path ("/sign-in/email") or a glob
	// ("/two-factor/*"). A rule with Disabled set turns limiting off there.
	CustomRules map[string]RateLimitRule
	// Storage is "memory" (the default) or "database"; the latter needs the
	// rateLimit model in the DB's schema (see [SchemaFor]).
	Storage RateLimitStorage
}

// RateLimitRule is the limit for one path: at most Max requests per Window.
type RateLimitRule struct {
	Window   time.Duration
	Max      int
	Disabled bool
}

// PasswordHasher hashes and checks passwords. Implementations must be safe
// for concurrent use.
type PasswordHasher interface {
	// Hash returns an encoded hash of password.
	Hash(ctx context.Context, password string) (string, error)
	// Verify reports whether password matches the encoded hash.
	Verify(ctx context.Context, encoded, password string) (bool, error)
	// NeedsRehash reports whether encoded should be replaced by a fresh
	// hash after the next successful verification.
	NeedsRehash(encoded string) bool
	// Waste does the work of a verification and discards it, so that an
	// unknown account takes as long as a wrong password.
	Waste(ctx context.Context, password string) error
}

// Message is an email to send.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
	// Kind names the flow, such as "verify-email" or "reset-password".
	Kind string
	// URL is the link the message carries, when it has one.
	URL string
}

// Mailer sends emails. Send must be safe for concurrent use.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

func ptrTrue(p *bool) bool { return p == nil || *p }

// withDefaults returns a copy of the session options with defaults filled.
func (s SessionOptions) withDefaults() SessionOptions {
	if s.ExpiresIn <= 0 {
		s.ExpiresIn = 7 * 24 * time.Hour
	}
	switch {
	case s.UpdateAge == 0:
		s.UpdateAge = 24 * time.Hour
	case s.UpdateAge < 0:
		s.UpdateAge = 0
	}
	if s.FreshAge <= 0 {
		s.FreshAge = 24 * time.Hour
	}
	if s.CookieCache.MaxAge <= 0 {
		s.CookieCache.MaxAge = 5 * time.Minute
	}
	if s.CookieCache.Version == "" {
		s.CookieCache.Version = "1"
	}
	if s.CookieCache.Strategy == "" {
		s.CookieCache.Strategy = CacheCompact
	}
	return s
}

func (e EmailAndPasswordOptions) withDefaults() EmailAndPasswordOptions {
	if e.MinPasswordLength <= 0 {
		e.MinPasswordLength = 8
	}
	if e.MaxPasswordLength <= 0 {
		e.MaxPasswordLength = 128
	}
	return e
}

func (r RateLimitOptions) withDefaults() RateLimitOptions {
	if r.Window <= 0 {
		r.Window = 10 * time.Second
	}
	if r.Max <= 0 {
		r.Max = 100
	}
	if r.Storage == "" {
		r.Storage = RateLimitMemory
	}
	return r
}
