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
	"flag"
	"net/http"

	"github.com/kernia-go/kernia/example/internal/devserver"
)

func main() {
	dbFile := flag.String("db", devserver.EnvOr("KERNIA_DB", "kernia-example.db"),
		"SQLite database file")
	devserver.Main("example", func(ctx context.Context, env devserver.Env) (http.Handler, error) {
		a, err := newApp(ctx, config{
			BaseURL: env.BaseURL, DSN: "file:" + *dbFile, Secret: env.Secret, Logger: env.Logger,
		})
		if err != nil {
			return nil, err
		}
		return a, nil // closed by devserver after the shutdown
	})
}
