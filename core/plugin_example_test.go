package core_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/storage"
)

// greeter is a small plugin: an option, a session field, a route that
// needs a session and writes that field, and an error code.
type greeter struct {
	// Greeting is the plugin's option; "" means "Hello".
	Greeting string
}

var errNoName = core.NewAPIError(http.StatusBadRequest, "NAME_REQUIRED", "Name is required")

func (g *greeter) ID() string { return "greeter" }

func (g *greeter) Schema() []storage.Model {
	return []storage.Model{{Name: "session", Fields: []storage.Field{
		{Name: "greetedAs", Type: storage.TypeString}}}}
}

func (g *greeter) ErrorCodes() []core.APIError { return []core.APIError{*errNoName} }

func (g *greeter) Routes() []core.Route {
	return []core.Route{{
		Method: http.MethodPost, Path: "/greeter/greet", Session: core.SessionRequired,
		Body:    []core.Param{{Name: "name", Type: core.ParamString}},
		Handler: g.greet,
	}}
}

func (g *greeter) greet(c *core.Context) (any, error) {
	name, _ := c.Body["name"].(string)
	if name == "" {
		return nil, errNoName
	}
	s, err := c.UpdateSession(c.Session.Session.Token, storage.Record{"greetedAs": name})
	if err != nil {
		return nil, err
	}
	greeting := g.Greeting
	if greeting == "" {
		greeting = "Hello"
	}
	return map[string]any{"message": greeting + ", " + name, "greetedAs": s.Extra["greetedAs"]},
		nil
}

// ExamplePlugin writes a plugin and calls its route with a session.
func ExamplePlugin() {
	opts := core.Options{
		Secret:           "an-example-secret-of-at-least-32-bytes",
		BaseURL:          "http://localhost:3000",
		EmailAndPassword: core.EmailAndPasswordOptions{Enabled: true},
		Plugins:          []core.Plugin{&greeter{Greeting: "Welcome"}},
	}
	opts.DB, _ = memory.NewDB(storage.Options{Schema: core.SchemaFor(opts)})
	auth, err := core.New(opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	send := func(path, body, cookie string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("POST", "/api/auth"+path, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Origin", "http://localhost:3000")
		r.Header.Set("Cookie", cookie)
		w := httptest.NewRecorder()
		auth.Handler().ServeHTTP(w, r)
		return w
	}
	w := send("/sign-up/email", `{"name":"Ada","email":"ada@example.com","password":"s3cret-pass"}`,
		"")
	cookie, _, _ := strings.Cut(w.Header().Get("Set-Cookie"), ";")
	fmt.Println(send("/greeter/greet", `{"name":"Ada"}`, cookie).Body)
	fmt.Println(send("/greeter/greet", `{}`, cookie).Body)
	// Output:
	// {"greetedAs":"Ada","message":"Welcome, Ada"}
	// {"message":"Name is required","code":"NAME_REQUIRED"}
}
