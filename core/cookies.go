package core

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Logical cookie names; the wire name is <prefix>.<name>, with __Secure-
// in front when cookies are secure.
const (
	cookieSessionToken = "session_token"
	cookieSessionData  = "session_data"
	cookieDontRemember = "dont_remember"
)

// maxCookieAge is the longest Max-Age browsers honour (400 days).
const maxCookieAge = 400 * 24 * 60 * 60

// cookieJar describes the auth cookies of one Auth: their names and the
// attributes they share.
type cookieJar struct {
	prefix string // "__Secure-" or ""
	base   string // "better-auth" or the configured prefix
	domain string
	secure bool
}

// name returns the wire name of a logical cookie.
func (j cookieJar) name(logical string) string {
	return j.prefix + j.base + "." + logical
}

// line serializes a Set-Cookie value in upstream's attribute order.
// maxAge < 0 leaves Max-Age out (a browser-session cookie).
func (j cookieJar) line(name, value string, maxAge int) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('=')
	b.WriteString(value)
	if maxAge >= 0 {
		b.WriteString("; Max-Age=")
		b.WriteString(strconv.Itoa(min(maxAge, maxCookieAge)))
	}
	if j.domain != "" {
		b.WriteString("; Domain=")
		b.WriteString(j.domain)
	}
	b.WriteString("; Path=/; HttpOnly")
	if j.secure {
		b.WriteString("; Secure")
	}
	b.WriteString("; SameSite=Lax")
	return b.String()
}

// expire returns the line that deletes a cookie.
func (j cookieJar) expire(name string) string { return j.line(name, "", 0) }

// signature returns base64(HMAC-SHA256(secret, value)), padded, 44 chars.
func signature(secret []byte, value string) string {
	return base64.StdEncoding.EncodeToString(hmacSum(secret, value))
}

// hmacSum returns HMAC-SHA256(secret, msg).
func hmacSum(secret []byte, msg string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// signedByAny reports whether sig is the HMAC-SHA256 of msg under one of
// the secrets, compared in constant time.
func signedByAny(secrets [][]byte, msg string, sig []byte) bool {
	for _, s := range secrets {
		if hmac.Equal(sig, hmacSum(s, msg)) {
			return true
		}
	}
	return false
}

// signCookieValue returns the URL-encoded "value.signature" that upstream
// stores in signed cookies.
func signCookieValue(secret []byte, value string) string {
	return encodeURIComponent(value + "." + signature(secret, value))
}

// verifySigned checks a decoded "value.signature" against every secret and
// returns the value when one matches. The comparison is constant-time.
func verifySigned(secrets [][]byte, raw string) (string, bool) {
	i := strings.LastIndexByte(raw, '.')
	if i < 1 {
		return "", false
	}
	value, sig := raw[:i], raw[i+1:]
	if len(sig) != 44 || !strings.HasSuffix(sig, "=") {
		return "", false
	}
	got, err := base64.StdEncoding.DecodeString(sig)
	if err != nil {
		return "", false
	}
	if !signedByAny(secrets, value, got) {
		return "", false
	}
	return value, true
}

// parseCookies reads Cookie headers the way upstream does: the first
// occurrence of a name wins, values holding "%" are URL-decoded and
// surrounding double quotes are dropped.
func parseCookies(h http.Header) map[string]string {
	out := map[string]string{}
	for _, line := range h.Values("Cookie") {
		for _, part := range strings.Split(line, ";") {
			name, value, ok := strings.Cut(strings.TrimSpace(part), "=")
			name = strings.TrimSpace(name)
			if !ok || name == "" {
				continue
			}
			if _, seen := out[name]; seen {
				continue
			}
			value = strings.TrimSpace(value)
			if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
				value = value[1 : len(value)-1]
			}
			if strings.Contains(value, "%") {
				if d, err := url.PathUnescape(value); err == nil {
					value = d
				}
			}
			out[name] = value
		}
	}
	return out
}

// encodeURIComponent escapes like JavaScript's function of that name.
func encodeURIComponent(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isURIUnreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func isURIUnreserved(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-_.!~*'()", c) >= 0
}

// seconds converts a duration to whole seconds, rounding down as
// upstream's Max-Age does.
func seconds(d time.Duration) int { return int(d / time.Second) }
