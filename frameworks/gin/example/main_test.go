package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	gingonic "github.com/gin-gonic/gin"
)

func TestMe(t *testing.T) {
	gingonic.SetMode(gingonic.TestMode)
	srv := httptest.NewUnstartedServer(nil)
	defer srv.Close()
	url := "http://" + srv.Listener.Addr().String()
	a, err := newAuth(url, "example-test-secret-0123456789abcdefghij", nil)
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = newRouter(a)
	srv.Start()

	res, body := get(t, srv.URL+"/api/me", nil)
	want := `{"message":"Unauthorized","code":"UNAUTHORIZED"}`
	if res.StatusCode != 401 || body != want {
		t.Errorf("/api/me without a session: got %d %s, want 401 %s", res.StatusCode, body, want)
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
	res, body = get(t, srv.URL+"/api/me", res.Cookies())
	var me struct {
		Greeting string
		User     struct{ Email string }
	}
	if err := json.Unmarshal([]byte(body), &me); err != nil || res.StatusCode != 200 ||
		me.Greeting != "Hello, Ada!" || me.User.Email != "ada@example.com" {
		t.Errorf("/api/me with a session: got %d %s, want Ada's greeting", res.StatusCode, body)
	}
}

func get(t *testing.T, url string, cookies []*http.Cookie) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}
