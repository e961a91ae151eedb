package core

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzBody sends arbitrary bodies and content types to the routes that
// parse bodies: nothing may panic or answer 5xx.
func FuzzBody(f *testing.F) {
	seeds := []struct {
		route       uint8
		ctype, body string
	}{
		{0, "application/json", aliceSignUp},
		{1, "application/json", aliceCreds},
		{1, "application/x-www-form-urlencoded", "email=a%40b.co&password=x&rememberMe=false"},
		{0, "application/json", `{"name":`},
		{0, "application/json", `[1,2]`},
		{1, "application/json", `null`},
		{1, "application/json", `"str"`},
		{1, "application/json", `{"email":1e999,"password":{}}`},
		{2, "application/json", `{"token":null}`},
		{3, "text/plain", "hello"},
		{4, "", "x"},
		{1, "application/json; charset=utf-8",
			`{"email":"a@b.co","password":"p","callbackURL":"//x"}`},
		{0, "multipart/form-data; boundary=x", "--x--"},
		{1, "application/json", "{\"email\":\"\xff\",\"password\":\"\u0000\"}"},
	}
	for _, s := range seeds {
		f.Add(s.route, s.ctype, s.body)
	}
	a := newAuth(f, nil)
	_, cookie := signUp(f, a)
	paths := []string{"/sign-up/email", "/sign-in/email", "/revoke-session", "/sign-out",
		"/update-session", "/get-session"}
	f.Fuzz(func(t *testing.T, route uint8, ctype, body string) {
		r := httptest.NewRequest("POST", "/api/auth"+paths[int(route)%len(paths)],
			strings.NewReader(body))
		r.Header.Set("Content-Type", ctype)
		if route%2 == 0 {
			r.Header.Set("Cookie", cookie)
			r.Header.Set("Origin", testOrigin)
		}
		w := httptest.NewRecorder()
		a.Handler().ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("got %d %s for %q %q", w.Code, w.Body.String(), ctype, body)
		}
	})
}

// FuzzCookie sends arbitrary Cookie headers to the routes that read the
// session, under each cookie cache encoding: nothing may panic or answer
// 5xx, and no forged value may verify as signed.
func FuzzCookie(f *testing.F) {
	base := newAuth(f, nil)
	var auths []*Auth
	seeds := []string{"", ";", "=", "better-auth.session_token=", "better-auth.session_token=.",
		`better-auth.session_token="abc.def"`, "better-auth.session_token=%zz",
		"better-auth.session_token=a." + strings.Repeat("A", 43) + "=",
		"better-auth.session_data=e30; better-auth.session_token=x",
		"better-auth.session_data.0=abc; better-auth.session_data.1=def",
		"better-auth.session_data=a..b.c.d",
	}
	var cookie string
	for i, st := range []string{CacheCompact, CacheJWT, CacheJWE} {
		a := newAuth(f, func(o *Options) {
			o.DB = base.db
			o.Session.CookieCache = CookieCacheOptions{Enabled: true, Strategy: st}
		})
		auths = append(auths, a)
		r := post(f, a, "/sign-up/email", fmt.Sprintf(
			`{"name":"U","email":"u%d@example.com","password":"password123"}`, i), nil)
		cookie = r.cookieValue("better-auth.session_token")
		seeds = append(seeds, cookie, r.withCache(),
			"better-auth.dont_remember=true.x; "+cookie)
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		for _, a := range auths {
			fuzzCookieRoutes(t, a, header)
		}
		_ = parseCookies(http.Header{"Cookie": {header}})
		v, ok := verifySigned(base.secrets, header)
		if ok && !strings.Contains(header, cookieTokenOf(cookie)) {
			t.Fatalf("forged value %q verified as %q", header, v)
		}
	})
}

func fuzzCookieRoutes(t *testing.T, a *Auth, header string) {
	for _, route := range []struct{ method, path string }{
		{"GET", "/api/auth/get-session"}, {"GET", "/api/auth/list-sessions"},
		{"POST", "/api/auth/update-session"},
	} {
		req := httptest.NewRequest(route.method, route.path, nil)
		req.Header.Set("Cookie", header)
		req.Header.Set("Origin", testOrigin)
		w := httptest.NewRecorder()
		a.Handler().ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("%s %s: got %d %s for %q", route.method, route.path, w.Code,
				w.Body.String(), header)
		}
	}
}

// cookieTokenOf returns the token part of "name=token.sig".
func cookieTokenOf(cookie string) string {
	_, v, _ := strings.Cut(cookie, "=")
	tok, _, _ := strings.Cut(v, ".")
	return tok
}

// FuzzDecodeObject feeds arbitrary text to the decoder behind User and
// Session: nothing may panic, and a decoded object's keys are exactly its
// members.
func FuzzDecodeObject(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1,"b":{"c":[1,"}"]}}`, `{"q\"":"\\"}`, `null`,
		`{"a":`, ` {"x":"y"} `, `{"a":1}{}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		m, keys, err := decodeObject([]byte(in))
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				t.Fatalf("key %q is not a member of %q", k, in)
			}
			seen[k] = true
		}
		if len(seen) != len(m) {
			t.Fatalf("got keys %q for %d members of %q", keys, len(m), in)
		}
	})
}
