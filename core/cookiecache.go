package core

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The session_data cookie caches {session, user} so that get-session can
// answer without the database, in one of upstream's three encodings
// (the third, [CacheJWE], is in cookiecache_jwe.go):
//
//   - "compact" (the default): base64url of
//     {"session":<data>,"expiresAt":ms,"signature":sig}, where data is
//     {"session":…,"user":…,"updatedAt":ms,"version":v} and sig is the
//     base64url HMAC-SHA256 of data with ,"expiresAt":ms added inside
//     its braces;
//   - "jwt": an HS256 JWS whose claims are data plus iat and exp.
//
// Both are signed with the first secret and verified with all of them.
const (
	CacheCompact = "compact"
	CacheJWT     = "jwt"
)

// Values longer than cacheChunkLimit are split into chunks of
// cacheChunkSize, named session_data.0, .1, …, as upstream does.
const (
	cacheChunkLimit = 4093
	cacheChunkSize  = 3896
)

// jwtHeader is upstream's JWS header, without "typ".
var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256"}`))

// setCookieCache writes the session_data cookie when the cache is on.
func (c *Context) setCookieCache(data *SessionData, dontRemember bool) {
	cc := c.auth.opts.Session.CookieCache
	if !cc.Enabled {
		return
	}
	value, err := c.auth.encodeCache(data, time.Now().Add(cc.MaxAge))
	if err != nil {
		c.auth.log.ErrorContext(c.Context(), "core: encode cookie cache", "error", err)
		return
	}
	maxAge := seconds(cc.MaxAge)
	if dontRemember {
		maxAge = -1
	}
	j := c.auth.cookies
	name := j.name(cookieSessionData)
	if len(value) <= cacheChunkLimit {
		c.header.Add("Set-Cookie", j.line(name, value, maxAge))
		return
	}
	for i := 0; len(value) > 0; i++ {
		n := min(cacheChunkSize, len(value))
		c.header.Add("Set-Cookie", j.line(name+"."+strconv.Itoa(i), value[:n], maxAge))
		value = value[n:]
	}
}

// cacheData renders {"session":…,"user":…,"updatedAt":ms,"version":v}.
func (a *Auth) cacheData(data *SessionData) (string, error) {
	s, err := marshal(data.Session)
	if err != nil {
		return "", err
	}
	u, err := marshal(data.User)
	if err != nil {
		return "", err
	}
	ver, _ := marshal(a.opts.Session.CookieCache.Version)
	return fmt.Sprintf(`{"session":%s,"user":%s,"updatedAt":%d,"version":%s}`,
		s, u, time.Now().UnixMilli(), ver), nil
}

func (a *Auth) encodeCache(data *SessionData, expires time.Time) (string, error) {
	inner, err := a.cacheData(data)
	if err != nil {
		return "", err
	}
	switch a.opts.Session.CookieCache.Strategy {
	case CacheJWE:
		return a.encodeJWE(inner, expires)
	case CacheJWT:
		claims := fmt.Sprintf(`%s,"iat":%d,"exp":%d}`, inner[:len(inner)-1],
			time.Now().Unix(), expires.Unix())
		signing := jwtHeader + "." + base64.RawURLEncoding.EncodeToString([]byte(claims))
		return signing + "." + base64.RawURLEncoding.EncodeToString(
			hmacSum(a.secrets[0], signing)), nil
	}
	exp := expires.UnixMilli()
	sig := base64.RawURLEncoding.EncodeToString(hmacSum(a.secrets[0], compactSigned(inner, exp)))
	outer := fmt.Sprintf(`{"session":%s,"expiresAt":%d,"signature":%q}`, inner, exp, sig)
	return base64.RawURLEncoding.EncodeToString([]byte(outer)), nil
}

// compactSigned is the text the compact signature covers.
func compactSigned(inner string, exp int64) string {
	return inner[:len(inner)-1] + `,"expiresAt":` + strconv.FormatInt(exp, 10) + "}"
}

// cachedSession is a decoded cache cookie.
type cachedSession struct {
	Session   *Session `json:"session"`
	User      *User    `json:"user"`
	Version   string   `json:"version"`
	Exp       int64    `json:"exp"` // jwt: seconds
	expiresAt int64    // milliseconds
}

// readCookieCache returns the cached session when the cookie is present,
// signed, current and of the configured version. bad reports a cookie
// whose signature does not verify.
func (c *Context) readCookieCache() (data *SessionData, bad bool) {
	raw := c.cacheCookieValue()
	if raw == "" {
		return nil, false
	}
	decode := c.auth.decodeCompact
	switch c.auth.opts.Session.CookieCache.Strategy {
	case CacheJWT:
		decode = c.auth.decodeJWT
	case CacheJWE:
		decode = c.auth.decodeJWE
	}
	cs, bad := decode(raw)
	if cs == nil || cs.Session == nil || cs.User == nil {
		return nil, bad
	}
	now := time.Now()
	ver := cs.Version
	if ver == "" {
		ver = "1"
	}
	if ver != c.auth.opts.Session.CookieCache.Version || cs.expiresAt < now.UnixMilli() ||
		cs.Session.ExpiresAt.Before(now) {
		c.expireCache()
		return nil, false
	}
	return &SessionData{Session: cs.Session, User: cs.User}, false
}

func (a *Auth) decodeCompact(raw string) (*cachedSession, bool) {
	dec, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(raw, "="))
	if err != nil {
		return nil, false
	}
	var outer struct {
		Session   json.RawMessage `json:"session"`
		ExpiresAt int64           `json:"expiresAt"`
		Signature string          `json:"signature"`
	}
	if json.Unmarshal(dec, &outer) != nil || len(outer.Session) < 2 {
		return nil, false
	}
	sig, err := base64.RawURLEncoding.DecodeString(outer.Signature)
	signed := compactSigned(string(outer.Session), outer.ExpiresAt)
	if err != nil || !signedByAny(a.secrets, signed, sig) {
		return nil, true
	}
	var cs cachedSession
	if json.Unmarshal(outer.Session, &cs) != nil {
		return nil, false
	}
	cs.expiresAt = outer.ExpiresAt
	return &cs, false
}

func (a *Auth) decodeJWT(raw string) (*cachedSession, bool) {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 || parts[0] != jwtHeader {
		return nil, true
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !signedByAny(a.secrets, parts[0]+"."+parts[1], sig) {
		return nil, true
	}
	claims, err := base64.RawURLEncoding.DecodeString(parts[1])
	var cs cachedSession
	if err != nil || json.Unmarshal(claims, &cs) != nil {
		return nil, true
	}
	cs.expiresAt = cs.Exp * 1000
	return &cs, false
}

// cacheCookieValue returns session_data, reassembled from its chunks when
// it was split.
func (c *Context) cacheCookieValue() string {
	cookies := c.requestCookies()
	name := c.auth.cookies.name(cookieSessionData)
	if v, ok := cookies[name]; ok {
		return v
	}
	var b strings.Builder
	for i := 0; ; i++ {
		v, ok := cookies[name+"."+strconv.Itoa(i)]
		if !ok {
			break
		}
		b.WriteString(v)
	}
	return b.String()
}
