// Package devserver starts the example servers. Each example builds its
// own handler; devserver does the rest the examples share: the -addr and
// -base-url flags with their environment defaults, a development secret
// when KERNIA_SECRET is unset, the listener, the printed URL, and serving
// until SIGINT or SIGTERM, then a graceful shutdown.
//
// It is for development servers: the random secret it makes means that
// sessions end whenever the process does.
package devserver

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// Env is what [Run] hands to a [Build] function.
type Env struct {
	// BaseURL is the public URL of the server: the -base-url flag, or
	// "http://" and the listener's address.
	BaseURL string
	// Secret signs cookies: KERNIA_SECRET, or a random secret.
	Secret string
	// Logger is [Options.Logger], never nil.
	Logger *slog.Logger
}

// Build makes an example's handler. Its ctx ends when the server is asked
// to stop. When the handler is also an [io.Closer], [Run] closes it after
// the server has shut down.
type Build func(ctx context.Context, env Env) (http.Handler, error)

// Options configure [Run]. The zero value parses no arguments, prints
// nothing and logs nothing.
type Options struct {
	// Name names the server in the line that prints its URL:
	// "Kernia <Name> running at <URL>".
	Name string
	// Flags is the set that Run adds -addr and -base-url to and parses;
	// an example registers its own flags on it first. Nil means a new set
	// that returns its errors.
	Flags *flag.FlagSet
	// Args are the arguments to parse, without the program name.
	Args []string
	// Stdout receives the line with the URL; nil discards it.
	Stdout io.Writer
	// Logger receives the warning about a missing secret and the
	// shutdown notice; nil means quiet.
	Logger *slog.Logger
}

// shutdownTimeout bounds how long a shutdown waits for open requests.
const shutdownTimeout = 5 * time.Second

// EnvOr returns the environment variable name, or def when it is unset
// or empty: the default of a flag that the environment can set.
func EnvOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// Main runs the example server named name with build, taking its flags
// from the command line, printing its URL on standard output and logging
// as text on standard error. It exits with status 1 when [Run] fails.
func Main(name string, build Build) {
	err := Run(context.Background(), Options{
		Name:   name,
		Flags:  flag.CommandLine,
		Args:   os.Args[1:],
		Stdout: os.Stdout,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, nil)),
	}, build)
	if err != nil {
		fmt.Fprintln(os.Stderr, "example:", err)
		os.Exit(1)
	}
}

// Run parses the flags, listens, builds the handler and serves it until
// ctx ends or the process gets SIGINT or SIGTERM; then it shuts the
// server down, waiting up to five seconds for open requests. It returns
// nil after a clean shutdown.
func Run(ctx context.Context, opts Options, build Build) error {
	fs := opts.Flags
	if fs == nil {
		fs = flag.NewFlagSet(opts.Name, flag.ContinueOnError)
	}
	addr := fs.String("addr", EnvOr("KERNIA_ADDR", "127.0.0.1:3000"),
		"listen address; port 0 picks a free port")
	baseURL := fs.String("base-url", os.Getenv("KERNIA_BASE_URL"),
		"public URL of the server; empty means http://<listen address>")
	if err := fs.Parse(opts.Args); err != nil {
		return err
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}

	env := Env{BaseURL: *baseURL, Secret: os.Getenv("KERNIA_SECRET"), Logger: log}
	if env.Secret == "" {
		env.Secret = randomSecret()
		log.Warn("KERNIA_SECRET is not set: using a random secret, so sessions end on restart")
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	if env.BaseURL == "" {
		env.BaseURL = "http://" + ln.Addr().String()
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	h, err := build(ctx, env)
	if err != nil {
		ln.Close()
		return err
	}
	err = serve(ctx, ln, h, opts, env)
	if c, ok := h.(io.Closer); ok {
		err = errors.Join(err, c.Close())
	}
	return err
}

// serve serves h on ln until ctx ends, then shuts the server down.
func serve(ctx context.Context, ln net.Listener, h http.Handler, opts Options, env Env) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if opts.Stdout != nil {
		fmt.Fprintf(opts.Stdout, "Kernia %s running at %s\n", opts.Name, env.BaseURL)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}

	env.Logger.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// randomSecret returns 32 random bytes in hex.
func randomSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}
