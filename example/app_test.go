package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kernia-go/kernia/core"
)

const testSecret = "example-test-secret-0123456789abcdef"

// testClient talks to a running example app like a browser on its
// origin: it keeps cookies and sends Origin.
type testClient struct {
	t    *testing.T
	url  string
	http *http.Client
	app  *app
}

func startApp(t *testing.T) *testClient {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	url := "http://" + srv.Listener.Addr().String()
	dsn := "file:" + filepath.Join(t.TempDir(), "example.db")
	a, err := newApp(context.Background(), config{BaseURL: url, DSN: dsn, Secret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = a
	srv.Start()
	t.Cleanup(func() {
		srv.Close()
		a.Close()
	})
	jar, _ := cookiejar.New(nil)
	return &testClient{t: t, url: url, http: &http.Client{Jar: jar}, app: a}
}

// do sends a request and decodes a JSON answer into out when non-nil.
func (c *testClient) do(method, path, body string, out any) *http.Response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.url+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Origin", c.url)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			c.t.Fatalf("%s %s: decode %q: %v", method, path, raw, err)
		}
	}
	return res
}

func (c *testClient) hasCookie(name string) bool {
	req, _ := http.NewRequest("GET", c.url, nil)
	for _, ck := range c.http.Jar.Cookies(req.URL) {
		if ck.Name == name {
			return true
		}
	}
	return false
}

type userJSON struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

type sessionJSON struct {
	Session struct {
		UserID string `json:"userId"`
	} `json:"session"`
	User userJSON `json:"user"`
}

type errorJSON struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func TestSignUpSignInFlow(t *testing.T) {
	c := startApp(t)
	const cookie = "better-auth.session_token"
	signUp := `{"name":"Ada","email":"Ada@Example.com","password":"correct-horse"}`

	var up struct {
		Token string   `json:"token"`
		User  userJSON `json:"user"`
	}
	if res := c.do("POST", "/api/auth/sign-up/email", signUp, &up); res.StatusCode != 200 {
		t.Fatalf("sign-up: got status %d, want 200", res.StatusCode)
	}
	if up.User.Email != "ada@example.com" || up.Token == "" || !c.hasCookie(cookie) {
		t.Fatalf("sign-up: got %+v, cookie %v; want lowercased email, token, cookie",
			up, c.hasCookie(cookie))
	}

	var s *sessionJSON
	c.do("GET", "/api/auth/get-session", "", &s)
	if s == nil || s.User.ID != up.User.ID || s.Session.UserID != up.User.ID {
		t.Fatalf("get-session: got %+v, want user %s", s, up.User.ID)
	}

	var out struct{ Success bool }
	if c.do("POST", "/api/auth/sign-out", "{}", &out); !out.Success || c.hasCookie(cookie) {
		t.Fatalf("sign-out: got success %v, cookie %v; want true, cleared", out.Success,
			c.hasCookie(cookie))
	}
	s = nil
	if c.do("GET", "/api/auth/get-session", "", &s); s != nil {
		t.Fatalf("get-session after sign-out: got %+v, want null", s)
	}

	var in struct {
		Redirect bool     `json:"redirect"`
		User     userJSON `json:"user"`
	}
	signIn := `{"email":"ada@example.com","password":"correct-horse"}`
	if res := c.do("POST", "/api/auth/sign-in/email", signIn, &in); res.StatusCode != 200 {
		t.Fatalf("sign-in: got status %d, want 200", res.StatusCode)
	}
	if in.User.ID != up.User.ID || in.Redirect || !c.hasCookie(cookie) {
		t.Fatalf("sign-in: got %+v, cookie %v; want user %s, no redirect, cookie",
			in, c.hasCookie(cookie), up.User.ID)
	}

	var me struct {
		Greeting string   `json:"greeting"`
		User     userJSON `json:"user"`
	}
	if res := c.do("GET", "/api/me", "", &me); res.StatusCode != 200 || me.User.ID != up.User.ID {
		t.Fatalf("/api/me signed in: got %d %+v, want 200 and the user", res.StatusCode, me)
	}
	if me.Greeting != "Hello, Ada!" {
		t.Errorf("/api/me: got greeting %q, want %q", me.Greeting, "Hello, Ada!")
	}

	for _, tc := range []struct {
		name, path, body string
		status           int
		code             string
	}{
		{"wrong password", "/api/auth/sign-in/email",
			`{"email":"ada@example.com","password":"wrong-horse"}`, 401, "INVALID_EMAIL_OR_PASSWORD"},
		{"duplicate sign-up", "/api/auth/sign-up/email", signUp, 422,
			"USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL"},
	} {
		var e errorJSON
		if res := c.do("POST", tc.path, tc.body, &e); res.StatusCode != tc.status ||
			e.Code != tc.code {
			t.Errorf("%s: got %d %+v, want %d %s", tc.name, res.StatusCode, e, tc.status, tc.code)
		}
	}
}

func TestPages(t *testing.T) {
	c := startApp(t)
	c.app.outbox.Send(context.Background(), core.Message{
		To: "ada@example.com", Subject: "Verify <your> email", Kind: "verify-email",
		URL: "http://example.test/verify?token=abc",
	})
	for _, tc := range []struct {
		path, ctype, want string
	}{
		{"/", "text/html", `id="sign-up"`},
		{"/style.css", "text/css", "font"},
		{"/dev/outbox", "text/html", "Verify &lt;your&gt; email"},
		{"/dev/outbox.json", "application/json", `"subject":"Verify \u003cyour\u003e email"`},
		{"/api/auth/ok", "application/json", `{"ok":true}`},
	} {
		t.Run(tc.path, func(t *testing.T) {
			res, err := c.http.Get(c.url + tc.path)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			ct := res.Header.Get("Content-Type")
			if res.StatusCode != 200 || !strings.HasPrefix(ct, tc.ctype) {
				t.Errorf("got %d %q, want 200 %q", res.StatusCode, ct, tc.ctype)
			}
			if !strings.Contains(string(body), tc.want) {
				t.Errorf("got body %.300q, want it to contain %q", body, tc.want)
			}
		})
	}
	res, _ := c.http.Get(c.url + "/nope")
	if res.StatusCode != 404 {
		t.Errorf("GET /nope: got %d, want 404", res.StatusCode)
	}
	var e errorJSON
	if res := c.do("GET", "/api/me", "", &e); res.StatusCode != 401 || e.Code != "UNAUTHORIZED" {
		t.Errorf("/api/me signed out: got %d %+v, want 401 UNAUTHORIZED", res.StatusCode, e)
	}
}
