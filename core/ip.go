package core

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// clientIP returns the normalized client address: from the configured
// headers when there are any (the first valid address in the first header
// that has one), otherwise from the connection. Headers are never trusted
// unless configured, because any client can send them; a request that
// lacks them falls back to the connection, so that reaching the server
// around the proxy does not escape rate limiting.
func (a *Auth) clientIP(r *http.Request) string {
	for _, h := range a.opts.Advanced.IPAddressHeaders {
		for _, part := range strings.Split(r.Header.Get(h), ",") {
			if ip := normalizeIP(strings.TrimSpace(part)); ip != "" {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return normalizeIP(host)
}

// normalizeIP mirrors upstream: IPv4-mapped IPv6 becomes IPv4, and IPv6 is
// masked to its /64 and written out in full, so that one client cannot
// dodge a rate limit by rotating addresses within its own prefix.
func normalizeIP(s string) string {
	addr, err := netip.ParseAddr(s)
	if err != nil {
		return ""
	}
	addr = addr.WithZone("").Unmap()
	if addr.Is4() {
		return addr.String()
	}
	p, _ := addr.Prefix(64)
	return p.Addr().StringExpanded()
}
