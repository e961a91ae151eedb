// Command example is a small web app that signs users up and in with
// Kernia, on an embedded SQLite database:
//
//	go run ./example
//
// then open the printed URL. Flags (and the environment variables that
// set their defaults):
//
//	-addr      KERNIA_ADDR      listen address (default 127.0.0.1:3000; port 0 picks one)
//	-db        KERNIA_DB        SQLite file (default kernia-example.db)
//	-base-url  KERNIA_BASE_URL  public URL (default http://<listen address>)
//
// KERNIA_SECRET signs the cookies. Without it, the server makes a random
// secret at start, so sessions end when it restarts.
//
// Emails are not sent: they are logged and shown at /dev/outbox (and as
// JSON at /dev/outbox.json).
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
	dbFile := flag.String("db", envOr("KERNIA_DB", "kernia-example.db"), "SQLite database file")
	baseURL := flag.String("base-url", os.Getenv("KERNIA_BASE_URL"),
		"public URL of the server; empty means http://<listen address>")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))

	secret := os.Getenv("KERNIA_SECRET")
	if secret == "" {
		secret = devSecret()
		log.Warn("KERNIA_SECRET is not set: using a random secret, so sessions end on restart")
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	url := *baseURL
	if url == "" {
		url = "http://" + ln.Addr().String()
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a, err := newApp(ctx, config{BaseURL: url, DSN: "file:" + *dbFile, Secret: secret, Logger: log})
	if err != nil {
		ln.Close()
		return err
	}
	defer a.Close()
	return serve(ctx, ln, a, url, log)
}

func serve(
	ctx context.Context, ln net.Listener, h http.Handler, url string, log *slog.Logger,
) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Printf("Kernia example running at %s\n", url)
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
