// Command example serves Kernia's auth routes with echo, on an in-memory
// database, and one application route that needs a session:
//
//	go run ./example
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
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/storage"
	kecho "github.com/kernia-go/kernia/frameworks/echo"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "example:", err)
		os.Exit(1)
	}
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func run() error {
	addr := flag.String("addr", envOr("KERNIA_ADDR", "127.0.0.1:3000"),
		"listen address; port 0 picks a free port")
	baseURL := flag.String("base-url", os.Getenv("KERNIA_BASE_URL"),
		"public URL of the server; empty means http://<listen address>")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))

	secret := os.Getenv("KERNIA_SECRET")
	if secret == "" {
		secret = devSecret()
		log.Warn("KERNIA_SECRET is not set: using a random secret")
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	url := *baseURL
	if url == "" {
		url = "http://" + ln.Addr().String()
	}
	a, err := newAuth(url, secret, log)
	if err != nil {
		ln.Close()
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, ln, newRouter(a), url, log)
}

// newAuth returns an Auth with email and password sign-in on a new
// in-memory database.
func newAuth(baseURL, secret string, log *slog.Logger) (*core.Auth, error) {
	opts := core.Options{
		Secret:           secret,
		BaseURL:          baseURL,
		EmailAndPassword: core.EmailAndPasswordOptions{Enabled: true},
		Logger:           log,
	}
	db, err := memory.NewDB(storage.Options{Schema: core.SchemaFor(opts), Logger: log})
	if err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	opts.DB = db
	return core.New(opts)
}

// newRouter serves the auth routes and GET /api/me.
func newRouter(a *core.Auth) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	kecho.Mount(e, a)
	e.GET("/api/me", serveMe, kecho.RequireSession(a))
	return e
}

// serveMe is an application route behind [kecho.RequireSession]: it
// greets the signed-in user.
func serveMe(c echo.Context) error {
	u := kecho.UserFrom(c)
	return c.JSON(http.StatusOK, map[string]any{"greeting": "Hello, " + u.Name + "!", "user": u})
}

func serve(
	ctx context.Context, ln net.Listener, h http.Handler, url string, log *slog.Logger,
) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Printf("Kernia echo example running at %s\n", url)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func devSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}
