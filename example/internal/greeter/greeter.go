// Package greeter is the app that the framework examples (example/gin and
// example/echo) serve, each through its binding: email and password
// sign-in on an in-memory database, and GET [MePath] behind the binding's
// RequireSession, which greets the signed-in user.
package greeter

import (
	"context"
	"fmt"
	"net/http"

	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/storage"
	"github.com/kernia-go/kernia/example/internal/devserver"
)

// MePath is the application route behind RequireSession.
const MePath = "/api/me"

// Greeting is the JSON body of GET [MePath].
type Greeting struct {
	Greeting string     `json:"greeting"`
	User     *core.User `json:"user"`
}

// Greet returns the greeting for the signed-in user u.
func Greet(u *core.User) Greeting {
	return Greeting{Greeting: "Hello, " + u.Name + "!", User: u}
}

// NewAuth returns an Auth for env with email and password sign-in on a
// new in-memory database, so users and sessions end with the process.
func NewAuth(env devserver.Env) (*core.Auth, error) {
	opts := core.Options{
		Secret:           env.Secret,
		BaseURL:          env.BaseURL,
		EmailAndPassword: core.EmailAndPasswordOptions{Enabled: true},
		Logger:           env.Logger,
	}
	db, err := memory.NewDB(storage.Options{Schema: core.SchemaFor(opts), Logger: env.Logger})
	if err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	opts.DB = db
	return core.New(opts)
}

// Build returns the [devserver.Build] of an example: an Auth from
// [NewAuth], served by the router that newRouter makes on it.
func Build(newRouter func(a *core.Auth) http.Handler) devserver.Build {
	return func(_ context.Context, env devserver.Env) (http.Handler, error) {
		a, err := NewAuth(env)
		if err != nil {
			return nil, err
		}
		return newRouter(a), nil
	}
}
