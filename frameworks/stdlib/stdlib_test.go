package stdlib

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/frameworks/frameworktest"
)

const secret = "stdlib-test-secret-0123456789abcdefghijklmnop"

func newAuth(t testing.TB) *core.Auth {
	t.Helper()
	off := false
	return frameworktest.NewAuth(t, core.Options{
		Secret:    secret,
		BaseURL:   "http://localhost:3000",
		RateLimit: core.RateLimitOptions{Enabled: &off},
	})
}

// newServer mounts the auth routes and two app routes, one behind each
// middleware.
func newServer(t *testing.T) *httptest.Server {
	a := newAuth(t)
	mux := http.NewServeMux()
	Mount(mux, a)
	mux.Handle("GET /me", RequireSession(a)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, ok := SessionFrom(r.Context())
		if !ok {
			t.Error("RequireSession let a request through without a session")
			return
		}
		_, _ = io.WriteString(w, s.User.Email)
	})))
	mux.Handle("GET /hello", LoadSession(a)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u := UserFrom(r.Context()); u != nil {
			_, _ = io.WriteString(w, "hello "+u.Name)
			return
		}
		_, _ = io.WriteString(w, "hello guest")
	})))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func send(t *testing.T, method, url, body, cookie string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestMiddleware(t *testing.T) {
	srv := newServer(t)
	res, body := send(t, "GET", srv.URL+"/me", "", "")
	if res.StatusCode != 401 || strings.TrimSpace(body) != `{"message":"Unauthorized","code":"UNAUTHORIZED"}` {
		t.Errorf("/me without session: got %d %s", res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("got Content-Type %q", ct)
	}
	if _, body := send(t, "GET", srv.URL+"/hello", "", ""); body != "hello guest" {
		t.Errorf("/hello without session: got %q", body)
	}

	res, body = send(t, "POST", srv.URL+"/api/auth/sign-up/email",
		`{"name":"Ann","email":"ann@example.com","password":"password123"}`, "")
	if res.StatusCode != 200 {
		t.Fatalf("sign-up: got %d %s", res.StatusCode, body)
	}
	cookie := ""
	for _, c := range res.Cookies() {
		if c.Name == "better-auth.session_token" {
			cookie = c.Name + "=" + c.Value
		}
	}
	if _, body := send(t, "GET", srv.URL+"/me", "", cookie); body != "ann@example.com" {
		t.Errorf("/me with session: got %q", body)
	}
	if _, body := send(t, "GET", srv.URL+"/hello", "", cookie); body != "hello Ann" {
		t.Errorf("/hello with session: got %q", body)
	}
	if _, body := send(t, "GET", srv.URL+"/me", "", cookie+"x"); !strings.Contains(body, "UNAUTHORIZED") {
		t.Errorf("/me with a forged cookie: got %q", body)
	}
	res, body = send(t, "GET", srv.URL+"/api/auth/get-session", "", cookie)
	var got core.SessionData
	if err := json.Unmarshal([]byte(body), &got); err != nil || got.User.Email != "ann@example.com" {
		t.Errorf("get-session through the mux: got %d %s (%v)", res.StatusCode, body, err)
	}
}

func TestSessionFromEmpty(t *testing.T) {
	frameworktest.CheckAccessors(t, "an empty context", frameworktest.Accessors{
		Session: func() (*core.SessionData, bool) { return SessionFrom(t.Context()) },
		User:    func() *core.User { return UserFrom(t.Context()) },
	})
}
