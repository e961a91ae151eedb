package core

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// skipOriginCheck reports whether callback URL checks are off.
func (a *Auth) skipOriginCheck() bool { return a.opts.Advanced.DisableOriginCheck }

// skipCSRFCheck reports whether the Origin and fetch-metadata checks are
// off. As upstream, turning the origin check off also turns CSRF off
// unless DisableCSRFCheck is set explicitly.
func (a *Auth) skipCSRFCheck() bool {
	if p := a.opts.Advanced.DisableCSRFCheck; p != nil {
		return *p
	}
	return a.opts.Advanced.DisableOriginCheck
}

// checkOrigin is the check every state-changing request goes through: the
// Origin (or Referer) of a request that carries cookies must be trusted,
// and callback URLs in the body or query must point at trusted origins.
func (c *Context) checkOrigin() *APIError {
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	if err := c.validateOrigin(false); err != nil {
		return err
	}
	if c.auth.skipOriginCheck() {
		return nil
	}
	cb := c.bodyString("callbackURL")
	if cb == "" {
		cb = c.Query.Get("callbackURL")
	}
	checks := []struct {
		url string
		err *APIError
	}{
		{cb, ErrInvalidCallbackURL},
		{c.bodyString("redirectTo"), ErrInvalidRedirectURL},
		{c.bodyString("errorCallbackURL"), ErrInvalidErrorCallbackURL},
		{c.bodyString("newUserCallbackURL"), ErrInvalidNewUserCallbackURL},
	}
	for _, ch := range checks {
		if ch.url != "" && !c.isTrusted(ch.url, true) {
			return c.refuseRedirect(ch.err)
		}
	}
	return nil
}

// refuseRedirect logs an untrusted redirect target and returns its error.
func (c *Context) refuseRedirect(e *APIError) *APIError {
	c.auth.log.WarnContext(c.Context(), "core: untrusted redirect target",
		"path", c.logPath(), "code", e.Code)
	return e
}

// validateOrigin requires a trusted Origin or Referer when the request
// carries cookies, or always when forced. It is part of the CSRF check:
// DisableOriginCheck turns it off only through skipCSRFCheck, so that an
// explicit DisableCSRFCheck of false keeps it.
func (c *Context) validateOrigin(force bool) *APIError {
	if c.auth.skipCSRFCheck() {
		return nil
	}
	if !force && len(c.Request.Header.Values("Cookie")) == 0 {
		return nil
	}
	origin := c.Request.Header.Get("Origin")
	if origin == "" {
		origin = c.Request.Header.Get("Referer")
	}
	if origin == "" || origin == "null" {
		return ErrMissingOrNullOrigin
	}
	if !c.isTrusted(origin, false) {
		c.auth.log.WarnContext(c.Context(), "core: untrusted origin", "path", c.logPath())
		return ErrInvalidOrigin
	}
	return nil
}

// checkFormCSRF protects sign-in and sign-up forms: a cross-site
// navigation is refused, and a browser request without cookies must still
// carry a trusted Origin. Clients that send no fetch metadata (curl,
// servers) pass.
func (c *Context) checkFormCSRF() *APIError {
	if c.auth.skipCSRFCheck() {
		return nil
	}
	h := c.Request.Header
	if len(h.Values("Cookie")) > 0 {
		return c.validateOrigin(false)
	}
	site := strings.TrimSpace(h.Get("Sec-Fetch-Site"))
	mode := strings.TrimSpace(h.Get("Sec-Fetch-Mode"))
	dest := strings.TrimSpace(h.Get("Sec-Fetch-Dest"))
	if site == "" && mode == "" && dest == "" {
		return nil
	}
	if site == "cross-site" && mode == "navigate" {
		c.auth.log.WarnContext(c.Context(), "core: cross-site navigation login blocked")
		return ErrCrossSiteNavigationLoginBlocked
	}
	return c.validateOrigin(true)
}

// trustedOrigins returns the base URL's origin and the configured ones.
// Empty entries are dropped, as upstream drops them: as a prefix, "" would
// trust every URL with a scheme other than http(s), javascript: included.
func (a *Auth) trustedOrigins(r *http.Request) []string {
	out := appendNonEmpty([]string{a.origin(r)}, a.opts.TrustedOrigins)
	if fn := a.opts.TrustedOriginsFunc; fn != nil {
		out = appendNonEmpty(out, fn(r))
	}
	return out
}

func appendNonEmpty(dst, src []string) []string {
	for _, s := range src {
		if s != "" {
			dst = append(dst, s)
		}
	}
	return dst
}

// isTrusted reports whether u matches a trusted origin. Relative paths are
// accepted for callback URLs when they cannot escape the site.
func (c *Context) isTrusted(u string, allowRelative bool) bool {
	if strings.HasPrefix(u, "/") {
		return allowRelative && safeRelative(u)
	}
	for _, p := range c.auth.trustedOrigins(c.Request) {
		if matchesOrigin(u, p) {
			return true
		}
	}
	return false
}

// safeRelative accepts "/path?query" but not "//host", "/\host" or their
// encoded forms, which browsers treat as other origins.
func safeRelative(u string) bool {
	rest := strings.ToLower(u[1:])
	if strings.HasPrefix(rest, "/") || strings.HasPrefix(rest, "\\") ||
		strings.HasPrefix(rest, "%2f") || strings.HasPrefix(rest, "%5c") {
		return false
	}
	return relativeURL.MatchString(u)
}

var relativeURL = regexp.MustCompile(`^/[\w\-.+/@]*(?:\?[\w\-.+/=&%@]*)?$`)

// matchesOrigin matches a URL against an origin or a glob pattern.
func matchesOrigin(u, pattern string) bool {
	if strings.ContainsAny(pattern, "*?") {
		if strings.Contains(pattern, "://") {
			target := originOf(u)
			if target == "" {
				target = u
			}
			return globMatch(pattern, target)
		}
		pu, err := url.Parse(u)
		if err != nil || pu.Host == "" {
			return false
		}
		return globMatch(pattern, pu.Host)
	}
	pu, err := url.Parse(u)
	if err != nil {
		return false
	}
	if pu.Scheme == "http" || pu.Scheme == "https" || pu.Scheme == "" {
		return pattern == originOf(u)
	}
	return strings.HasPrefix(u, pattern)
}

// originOf returns scheme://host of an absolute http(s) URL, or "".
func originOf(u string) string {
	pu, err := url.Parse(u)
	if err != nil || pu.Host == "" || (pu.Scheme != "http" && pu.Scheme != "https") {
		return ""
	}
	host := strings.ToLower(pu.Host)
	if (pu.Scheme == "http" && strings.HasSuffix(host, ":80")) ||
		(pu.Scheme == "https" && strings.HasSuffix(host, ":443")) {
		host = host[:strings.LastIndexByte(host, ':')]
	}
	return pu.Scheme + "://" + host
}

// globMatch matches s against a pattern where "**" matches anything, "*"
// anything but "/" and "?" one character other than "/".
func globMatch(pattern, s string) bool {
	re := globRegexp(pattern)
	return re != nil && re.MatchString(s)
}

// globRegexp compiles a [globMatch] pattern, or returns nil when it
// cannot.
func globRegexp(pattern string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(pattern); i++ {
		switch ch := pattern[i]; {
		case ch == '*' && i+1 < len(pattern) && pattern[i+1] == '*':
			b.WriteString(".*")
			i++
		case ch == '*':
			b.WriteString(`[^/]*`)
		case ch == '?':
			b.WriteString(`[^/]`)
		default:
			b.WriteString(regexp.QuoteMeta(string(ch)))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil
	}
	return re
}
