// Command gin serves Kernia's auth routes with gin, on an in-memory
// database, and one application route that needs a session. From the
// repository root:
//
//	go run ./example/gin
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

	gingonic "github.com/gin-gonic/gin"

	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/example/internal/devserver"
	"github.com/kernia-go/kernia/example/internal/greeter"
	kgin "github.com/kernia-go/kernia/frameworks/gin"
)

func main() {
	gingonic.SetMode(gingonic.ReleaseMode)
	devserver.Main("gin example", greeter.Build(newRouter))
}

// newRouter serves the auth routes and GET /api/me.
func newRouter(a *core.Auth) http.Handler {
	r := gingonic.New()
	r.Use(gingonic.Recovery())
	kgin.Mount(r, a)
	r.GET(greeter.MePath, kgin.RequireSession(a), serveMe)
	return r
}

// serveMe is an application route behind [kgin.RequireSession]: it greets
// the signed-in user.
func serveMe(c *gingonic.Context) {
	c.JSON(http.StatusOK, greeter.Greet(kgin.UserFrom(c)))
}
