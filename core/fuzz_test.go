package core

import (
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
// session: nothing may panic or answer 5xx, and no forged cookie may
// yield a session.
func FuzzCookie(f *testing.F) {
	a := newAuth(f, func(o *Options) { o.Session.CookieCache.Enabled = true })
	r, cookie := signUp(f, a)
	full := cookie + "; " + r.cookieValue("better-auth.session_data")
	for _, s := range []string{
		cookie, full, "", ";", "=", "better-auth.session_token=", "better-auth.session_token=.",
		`better-auth.session_token="abc.def"`, "better-auth.session_token=%zz",
		"better-auth.session_token=a." + strings.Repeat("A", 43) + "=",
		"better-auth.session_data=e30; better-auth.session_token=x",
		"better-auth.session_data.0=abc; better-auth.session_data.1=def",
		"better-auth.dont_remember=true.x; " + cookie,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		for _, method := range []string{"GET", "POST"} {
			path := "/api/auth/get-session"
			if method == "POST" {
				path = "/api/auth/list-sessions"
			}
			req := httptest.NewRequest(method, path, nil)
			req.Header.Set("Cookie", header)
			req.Header.Set("Origin", testOrigin)
			w := httptest.NewRecorder()
			a.Handler().ServeHTTP(w, req)
			if w.Code >= 500 {
				t.Fatalf("%s: got %d %s for %q", method, w.Code, w.Body.String(), header)
			}
		}
		_ = parseCookies(http.Header{"Cookie": {header}})
		v, ok := verifySigned(a.secrets, header)
		if ok && !strings.Contains(header, cookieTokenOf(cookie)) {
			t.Fatalf("forged value %q verified as %q", header, v)
		}
	})
}

// cookieTokenOf returns the token part of "name=token.sig".
func cookieTokenOf(cookie string) string {
	_, v, _ := strings.Cut(cookie, "=")
	tok, _, _ := strings.Cut(v, ".")
	return tok
}
