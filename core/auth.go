package core

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/kernia-go/kernia/core/password"
	"github.com/kernia-go/kernia/core/storage"
)

// Errors returned by [New] for unusable options.
var (
	// ErrNoSecret reports that neither Secret nor Secrets is set.
	ErrNoSecret = errors.New("core: a secret is required (Options.Secret or Options.Secrets)")
	// ErrShortSecret reports a secret shorter than MinSecretLength.
	ErrShortSecret = errors.New("core: secret is too short")
	// ErrNoDB reports that Options.DB is nil.
	ErrNoDB = errors.New("core: Options.DB is required")
	// ErrBadOptions reports another invalid option.
	ErrBadOptions = errors.New("core: invalid options")
)

// MinSecretLength is the shortest secret New accepts, in bytes.
const MinSecretLength = 32

// DefaultBasePath is where routes live unless Options.BasePath says
// otherwise.
const DefaultBasePath = "/api/auth"

// Auth is a configured authentication server. Create it with [New]; it is
// safe for concurrent use.
type Auth struct {
	opts     Options
	db       *storage.DB
	secrets  [][]byte
	basePath string
	baseURL  *url.URL // nil when taken from each request
	cookies  cookieJar
	routes   []*Route
	hasher   PasswordHasher
	limiter  *rateLimiter
	log      *slog.Logger
	disabled map[string]bool
	// reqHooks and modelHookSet gather the plugins' hooks (see plugin.go).
	reqHooks     []RequestHook
	modelHookSet map[string]*ModelHooks
	// fieldOrders holds each model's field names in schema order.
	fieldOrders map[string][]string
	// jwe holds the cookie cache's encryption keys, one per secret, under
	// the jwe strategy.
	jwe []jweKey
}

// SchemaFor returns the storage schema that an Auth built with opts needs:
// the base models with the configured additional fields, the rateLimit
// model when rate limits are stored in the database, and the plugins'
// models. Build the storage.DB with it.
func SchemaFor(opts Options) *storage.Schema {
	s := storage.BaseSchema()
	s.Add(storage.Model{Name: "user", Fields: opts.User.AdditionalFields},
		storage.Model{Name: "session", Fields: opts.Session.AdditionalFields})
	if opts.RateLimit.Storage == RateLimitDatabase {
		s.Add(storage.RateLimitModel())
	}
	for _, p := range opts.Plugins {
		s.Add(p.Schema()...)
	}
	return s
}

// New checks opts, fills in defaults and returns an Auth.
func New(opts Options) (*Auth, error) {
	a := &Auth{opts: opts, db: opts.DB, log: opts.Logger}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	if err := a.initSecrets(); err != nil {
		return nil, err
	}
	if opts.DB == nil {
		return nil, ErrNoDB
	}
	if err := a.initURLs(); err != nil {
		return nil, err
	}
	if err := a.applyDefaults(); err != nil {
		return nil, err
	}
	if err := a.checkSchema(); err != nil {
		return nil, err
	}
	a.fieldOrders = schemaOrders(a.db.Schema())
	a.limiter = newRateLimiter(a)
	a.disabled = map[string]bool{}
	for _, p := range opts.Advanced.DisabledPaths {
		a.disabled[p] = true
	}
	if err := a.initRoutes(); err != nil {
		return nil, err
	}
	if err := a.initPlugins(); err != nil {
		return nil, err
	}
	a.logStart()
	return a, nil
}

// secretBits estimates a secret's entropy as upstream does: its length
// times log2 of the number of distinct bytes in it.
func secretBits(s []byte) float64 {
	seen := map[byte]bool{}
	for _, b := range s {
		seen[b] = true
	}
	return float64(len(s)) * math.Log2(float64(max(len(seen), 1)))
}

// logStart records the settings an operator may need to check.
func (a *Auth) logStart() {
	ctx := context.Background()
	for i, s := range a.secrets {
		if secretBits(s) < 120 {
			a.log.WarnContext(ctx, "core: secret looks low-entropy; use 32 or more random bytes",
				"secret", i)
		}
	}
	if len(a.secrets) > 1 {
		a.log.InfoContext(ctx, "core: secret rotation active",
			"secrets", len(a.secrets), "note", "the first secret signs; all verify")
	}
	if a.baseURL == nil {
		a.log.WarnContext(ctx, "core: BaseURL not set; trusting each request's own host "+
			"and issuing cookies without Secure unless Advanced.UseSecureCookies is set")
	}
	if !a.limiter.enabled() {
		a.log.WarnContext(ctx, "core: rate limiting is off")
	}
}

// applyDefaults fills in the zero values of the option groups.
func (a *Auth) applyDefaults() error {
	a.opts.Session = a.opts.Session.withDefaults()
	if err := a.initCookieCache(); err != nil {
		return err
	}
	a.opts.EmailAndPassword = a.opts.EmailAndPassword.withDefaults()
	a.lifecycleDefaults()
	a.opts.RateLimit = a.opts.RateLimit.withDefaults()
	a.hasher = a.opts.Password
	if a.hasher == nil {
		a.hasher = &password.Hasher{}
	}
	return nil
}

// initCookieCache checks the cache strategy and, for jwe, derives the
// encryption keys once rather than on every cookie.
func (a *Auth) initCookieCache() error {
	switch st := a.opts.Session.CookieCache.Strategy; st {
	case CacheCompact, CacheJWT:
		return nil
	case CacheJWE:
		keys, err := jweKeys(a.secrets)
		a.jwe = keys
		return err
	default:
		return fmt.Errorf("%w: cookie cache strategy %q (want %q, %q or %q)",
			ErrBadOptions, st, CacheCompact, CacheJWT, CacheJWE)
	}
}

func (a *Auth) initSecrets() error {
	list := append([]string(nil), a.opts.Secrets...)
	if a.opts.Secret != "" && !slices.Contains(list, a.opts.Secret) {
		list = append(list, a.opts.Secret)
	}
	if len(list) == 0 {
		return ErrNoSecret
	}
	for i, s := range list {
		if len(s) < MinSecretLength {
			return fmt.Errorf("%w: secret %d has %d bytes, want at least %d",
				ErrShortSecret, i, len(s), MinSecretLength)
		}
		a.secrets = append(a.secrets, []byte(s))
	}
	return nil
}

// initURLs settles the base path, the base URL and the cookie settings
// that follow from them.
func (a *Auth) initURLs() error {
	bp := strings.TrimRight(a.opts.BasePath, "/")
	if a.opts.BaseURL != "" {
		u, err := url.Parse(a.opts.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%w: BaseURL %q is not an absolute http(s) URL",
				ErrBadOptions, a.opts.BaseURL)
		}
		if p := strings.TrimRight(u.Path, "/"); p != "" && bp == "" {
			bp = p
		}
		a.baseURL = &url.URL{Scheme: u.Scheme, Host: u.Host}
	}
	if bp == "" {
		bp = DefaultBasePath
	}
	if !strings.HasPrefix(bp, "/") {
		bp = "/" + bp
	}
	a.basePath = bp
	a.cookies = a.newCookieJar()
	return nil
}

func (a *Auth) newCookieJar() cookieJar {
	adv := a.opts.Advanced
	j := cookieJar{base: adv.CookiePrefix}
	if j.base == "" {
		j.base = "better-auth"
	}
	if adv.UseSecureCookies != nil {
		j.secure = *adv.UseSecureCookies
	} else {
		j.secure = a.baseURL != nil && a.baseURL.Scheme == "https"
	}
	if j.secure {
		j.prefix = "__Secure-"
	}
	if adv.CrossSubDomainCookies.Enabled {
		j.domain = adv.CrossSubDomainCookies.Domain
		if j.domain == "" && a.baseURL != nil {
			j.domain = a.baseURL.Hostname()
		}
	}
	return j
}

func (a *Auth) checkSchema() error {
	s := a.db.Schema()
	if s == nil {
		return nil
	}
	need := SchemaFor(a.opts)
	for _, m := range need.Models {
		have := s.Model(m.Name)
		if have == nil {
			return fmt.Errorf("%w: the DB schema lacks model %q (build it with core.SchemaFor)",
				ErrBadOptions, m.Name)
		}
		for _, f := range m.Fields {
			if have.Field(f.Name) == nil {
				return fmt.Errorf("%w: the DB schema lacks field %s.%s "+
					"(build it with core.SchemaFor)", ErrBadOptions, m.Name, f.Name)
			}
		}
	}
	return nil
}

// initRoutes mounts the core routes and the plugins' routes.
func (a *Auth) initRoutes() error {
	a.routes = append(a.coreRoutes(), a.lifecycleRoutes()...)
	for _, p := range a.opts.Plugins {
		for _, r := range p.Routes() {
			r.plugin = p.ID()
			if r.Handler == nil || !strings.HasPrefix(r.Path, "/") {
				return fmt.Errorf("%w: plugin %s: route %s %q needs a handler and a path",
					ErrBadOptions, p.ID(), r.Method, r.Path)
			}
			a.routes = append(a.routes, &r)
		}
	}
	seen := map[string]bool{}
	for _, r := range a.routes {
		k := r.Method + " " + r.Path
		if seen[k] {
			return fmt.Errorf("%w: route %s declared twice", ErrBadOptions, k)
		}
		seen[k] = true
	}
	return nil
}

// Routes returns the mounted routes with their full paths.
func (a *Auth) Routes() []RouteInfo {
	out := make([]RouteInfo, 0, len(a.routes))
	for _, r := range a.routes {
		out = append(out, RouteInfo{Method: r.Method, Path: a.basePath + r.Path,
			Plugin: r.plugin, Summary: r.Summary})
	}
	return out
}

// BasePath returns the path under which the routes are served.
func (a *Auth) BasePath() string { return a.basePath }

// DB returns the storage the Auth uses.
func (a *Auth) DB() *storage.DB { return a.db }

// Handler returns the http.Handler that serves every route. It expects the
// full request path, base path included.
func (a *Auth) Handler() http.Handler { return http.HandlerFunc(a.serve) }

// findRoute returns the route for a method and path, and its parameters.
func (a *Auth) findRoute(method, path string) (*Route, map[string]string) {
	for _, r := range a.routes {
		if r.Method != method {
			continue
		}
		if params, ok := matchPath(r.Path, path); ok {
			return r, params
		}
	}
	return nil, nil
}

// origin returns the base URL's origin, from the options or the request.
func (a *Auth) origin(r *http.Request) string {
	if a.baseURL != nil {
		return a.baseURL.String()
	}
	scheme, host := "http", r.Host
	if r.TLS != nil {
		scheme = "https"
	}
	if a.opts.Advanced.TrustedProxyHeaders {
		if p := r.Header.Get("X-Forwarded-Proto"); p == "http" || p == "https" {
			scheme = p
		}
		if h := r.Header.Get("X-Forwarded-Host"); h != "" {
			host = h
		}
	}
	return scheme + "://" + host
}

// baseURLFor returns the full URL of the base path for links in emails.
func (a *Auth) baseURLFor(r *http.Request) string { return a.origin(r) + a.basePath }
