package core_test

import (
	"fmt"
	"log"

	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/storage"
)

// ExampleNew builds an Auth on an in-memory database and lists the routes
// it serves.
func ExampleNew() {
	opts := core.Options{
		Secret:           "replace-me-with-32-or-more-random-bytes",
		BaseURL:          "http://localhost:3000",
		EmailAndPassword: core.EmailAndPasswordOptions{Enabled: true},
	}
	db, err := memory.NewDB(storage.Options{Schema: core.SchemaFor(opts)})
	if err != nil {
		log.Fatal(err)
	}
	opts.DB = db
	auth, err := core.New(opts)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range auth.Routes() {
		fmt.Printf("%-4s %s\n", r.Method, r.Path)
	}
	// Output:
	// POST /api/auth/sign-up/email
	// POST /api/auth/sign-in/email
	// POST /api/auth/sign-out
	// GET  /api/auth/get-session
	// POST /api/auth/get-session
	// GET  /api/auth/list-sessions
	// POST /api/auth/revoke-session
	// POST /api/auth/revoke-sessions
	// POST /api/auth/revoke-other-sessions
	// POST /api/auth/update-session
	// GET  /api/auth/ok
	// GET  /api/auth/error
	// POST /api/auth/request-password-reset
	// GET  /api/auth/reset-password/:token
	// POST /api/auth/reset-password
	// POST /api/auth/verify-password
	// GET  /api/auth/verify-email
	// POST /api/auth/send-verification-email
	// POST /api/auth/change-email
	// POST /api/auth/change-password
	// POST /api/auth/update-user
	// POST /api/auth/delete-user
	// GET  /api/auth/delete-user/callback
	// GET  /api/auth/list-accounts
	// POST /api/auth/unlink-account
}
