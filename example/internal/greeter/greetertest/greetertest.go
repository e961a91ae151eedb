// Package greetertest checks a framework example's app: the one test that
// example/gin and example/echo share.
package greetertest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kernia-go/kernia/example/internal/devserver"
	"github.com/kernia-go/kernia/example/internal/greeter"
)

// Check serves what build makes over real HTTP and checks that
// GET [greeter.MePath] answers Better Auth's 401 without a session, and
// greets the user that signed up with one.
func Check(t *testing.T, build devserver.Build) {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	defer srv.Close()
	env := devserver.Env{
		BaseURL: "http://" + srv.Listener.Addr().String(),
		Secret:  "example-test-secret-0123456789abcdefghij",
	}
	h, err := build(t.Context(), env)
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = h
	srv.Start()

	res, body := get(t, srv.URL+greeter.MePath, nil)
	want := `{"message":"Unauthorized","code":"UNAUTHORIZED"}`
	if res.StatusCode != 401 || strings.TrimSpace(body) != want {
		t.Errorf("%s without a session: got %d %s, want 401 %s",
			greeter.MePath, res.StatusCode, body, want)
	}

	res, err = http.Post(srv.URL+"/api/auth/sign-up/email", "application/json",
		strings.NewReader(`{"name":"Ada","email":"ada@example.com","password":"password123"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("sign-up: got %d, want 200", res.StatusCode)
	}
	res, body = get(t, srv.URL+greeter.MePath, res.Cookies())
	var me struct {
		Greeting string
		User     struct{ Email string }
	}
	if err := json.Unmarshal([]byte(body), &me); err != nil || res.StatusCode != 200 ||
		me.Greeting != "Hello, Ada!" || me.User.Email != "ada@example.com" {
		t.Errorf("%s with a session: got %d %s, want Ada's greeting",
			greeter.MePath, res.StatusCode, body)
	}
}

// get fetches url with cookies and returns the response and its body.
func get(t *testing.T, url string, cookies []*http.Cookie) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}
