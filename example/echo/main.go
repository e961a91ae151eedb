// Command echo serves Kernia's auth routes with echo, on an in-memory
// database, and one application route that needs a session. From the
// repository root:
//
//	go run ./example/echo
//
// It serves the auth routes under /api/auth and GET /api/me, which
// answers 401 without a session and greets the signed-in user with one.
// Flags (and the environment variables that set their defaults):
//
//	-addr      KERNIA_ADDR      listen address (default 127.0.0.1:3000; port 0 picks one)
//	-base-url  KERNIA_BASE_URL  public URL (default http://<listen address>)
//
// KERNIA_SECRET signs the cookies. Without it, the server makes a random
// secret at start. Users and sessions live in memory and end with the
// process.
package main

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/example/internal/devserver"
	"github.com/kernia-go/kernia/example/internal/greeter"
	kecho "github.com/kernia-go/kernia/frameworks/echo"
)

func main() {
	devserver.Main("echo example", greeter.Build(newRouter))
}

// newRouter serves the auth routes and GET /api/me.
func newRouter(a *core.Auth) http.Handler {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	kecho.Mount(e, a)
	e.GET(greeter.MePath, serveMe, kecho.RequireSession(a))
	return e
}

// serveMe is an application route behind [kecho.RequireSession]: it
// greets the signed-in user.
func serveMe(c echo.Context) error {
	return c.JSON(http.StatusOK, greeter.Greet(kecho.UserFrom(c)))
}
