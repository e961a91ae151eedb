package main

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/kernia-go/kernia/adapters/bun"
	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/storage"
	"github.com/kernia-go/kernia/frameworks/stdlib"
	"github.com/kernia-go/kernia/plugins/organization"
)

//go:embed static
var static embed.FS

// config is what the example app needs to start.
type config struct {
	// BaseURL is the public URL of the server, such as
	// "http://127.0.0.1:3000".
	BaseURL string
	// DSN is the SQLite database, such as "file:kernia-example.db".
	DSN string
	// Secret signs cookies; at least 32 bytes.
	Secret string
	Logger *slog.Logger
}

// app is the example server: the auth routes under /api/auth, a page to
// try them and the development outbox.
type app struct {
	auth    *core.Auth
	adapter *bun.Adapter
	outbox  *Outbox
	handler http.Handler
}

// newApp opens the database, creates the tables it lacks and builds the
// routes.
func newApp(ctx context.Context, cfg config) (*app, error) {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	adapter, err := bun.Open("sqlite", cfg.DSN, bun.Options{Logger: log})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	a := &app{adapter: adapter, outbox: &Outbox{Logger: log}}
	if err := a.init(ctx, cfg, log); err != nil {
		adapter.Close()
		return nil, err
	}
	return a, nil
}

func (a *app) init(ctx context.Context, cfg config, log *slog.Logger) error {
	// Reset, verification and email change links land in the outbox.
	mail := core.SendWithMailer(a.outbox)
	opts := core.Options{
		Secret:  cfg.Secret,
		BaseURL: cfg.BaseURL,
		EmailAndPassword: core.EmailAndPasswordOptions{Enabled: true,
			SendResetPassword: mail},
		EmailVerification: core.EmailVerificationOptions{SendVerificationEmail: mail},
		Mailer:            a.outbox,
		Logger:            log,
		Plugins:           []core.Plugin{a.organizations(cfg)},
	}
	opts.User.ChangeEmail.Enabled = true
	db, err := storage.New(a.adapter, storage.Options{Schema: core.SchemaFor(opts), Logger: log})
	if err != nil {
		return fmt.Errorf("storage: %w", err)
	}
	if err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	opts.DB = db
	if a.auth, err = core.New(opts); err != nil {
		return fmt.Errorf("auth: %w", err)
	}
	a.handler = a.routes()
	return nil
}

// organizations is the organization plugin as the example configures it:
// invitations land in the development outbox, and invitees need not
// verify their email first, since the example never requires it.
func (a *app) organizations(cfg config) *organization.Plugin {
	return &organization.Plugin{
		AllowUnverifiedInvitees: true,
		SendInvitationEmail: func(ctx context.Context, inv organization.InvitationEmail) error {
			link := cfg.BaseURL + "/?invitation=" + url.QueryEscape(inv.ID)
			name, _ := inv.Organization["name"].(string)
			return a.outbox.Send(ctx, core.Message{To: inv.Email, Kind: "organization-invitation",
				Subject: "You are invited to " + name, URL: link,
				Text: inv.Inviter.Name + " invites you to join " + name + ": " + link})
		},
	}
}

func (a *app) routes() http.Handler {
	files, _ := fs.Sub(static, "static")
	mux := http.NewServeMux()
	stdlib.Mount(mux, a.auth)
	mux.Handle("GET /api/me", stdlib.RequireSession(a.auth)(http.HandlerFunc(serveMe)))
	mux.Handle("GET /{$}", http.FileServerFS(files))
	mux.Handle("GET /style.css", http.FileServerFS(files))
	mux.HandleFunc("GET /dev/outbox", a.outbox.ServeHTML)
	mux.HandleFunc("GET /dev/outbox.json", a.outbox.ServeJSON)
	return mux
}

// serveMe is an application route behind [stdlib.RequireSession]: it
// greets the signed-in user.
func serveMe(w http.ResponseWriter, r *http.Request) {
	u := stdlib.UserFrom(r.Context())
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"greeting": "Hello, " + u.Name + "!",
		"user":     u,
	})
}

// ServeHTTP serves the app.
func (a *app) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.handler.ServeHTTP(w, r) }

// Close releases the database.
func (a *app) Close() error {
	return errors.Join(a.adapter.Close())
}
