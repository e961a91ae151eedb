package mongotest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// FerretDB is an embedded FerretDB server listening on a loopback port and
// storing its data in SQLite files under a directory.
type FerretDB struct {
	// URI is the MongoDB connection string for the server.
	URI string

	cancel context.CancelFunc
	done   chan error
}

// StartFerretDB starts a FerretDB server in this process on 127.0.0.1 at a
// free port, with its SQLite backend in dir. Logs go to logger; nil means
// quiet. Stop it with [FerretDB.Stop].
//
// The server runs in-process because FerretDB's module, as downloaded,
// lacks the generated version file its command needs; the embeddable
// package does not read that file.
func StartFerretDB(dir string, logger *slog.Logger) (*FerretDB, error) {
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("mongotest: %w", err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("mongotest: %w", err)
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + filepath.ToSlash(abs) + "/",
	})
	if err != nil {
		return nil, fmt.Errorf("mongotest: start ferretdb: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &FerretDB{cancel: cancel, done: make(chan error, 1)}
	go func() { s.done <- f.Run(ctx) }()

	// MongoDBURI blocks until Run has bound the listener.
	uriCh := make(chan string, 1)
	go func() { uriCh <- f.MongoDBURI() }()
	select {
	case s.URI = <-uriCh:
		return s, nil
	case err := <-s.done:
		cancel()
		return nil, fmt.Errorf("mongotest: ferretdb stopped at start: %v", err)
	case <-time.After(30 * time.Second):
		cancel()
		return nil, errors.New("mongotest: ferretdb did not start listening in 30s")
	}
}

// Stop shuts the server down and waits for it to close its listener,
// connections and backend.
func (s *FerretDB) Stop() error {
	s.cancel()
	select {
	case err := <-s.done:
		return err
	case <-time.After(30 * time.Second):
		return errors.New("mongotest: ferretdb did not stop in 30s")
	}
}
