package organization_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/storage"
	"github.com/kernia-go/kernia/plugins/organization"
)

// Example adds the plugin to an Auth, creates an organization and invites
// a member; the invitation email goes through the callback.
func Example() {
	org := &organization.Plugin{
		InvitationExpiresIn: 24 * time.Hour,
		SendInvitationEmail: func(_ context.Context, inv organization.InvitationEmail) error {
			fmt.Printf("invite %s to %s as %s\n", inv.Email, inv.Organization["name"], inv.Role)
			return nil
		},
	}
	opts := core.Options{
		Secret:           "an-example-secret-of-at-least-32-bytes",
		BaseURL:          "http://localhost:3000",
		EmailAndPassword: core.EmailAndPasswordOptions{Enabled: true},
		Plugins:          []core.Plugin{org},
	}
	opts.DB, _ = memory.NewDB(storage.Options{Schema: core.SchemaFor(opts)})
	auth, err := core.New(opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	send := func(path, body, cookie string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("POST", "/api/auth"+path, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Origin", "http://localhost:3000")
		r.Header.Set("Cookie", cookie)
		w := httptest.NewRecorder()
		auth.Handler().ServeHTTP(w, r)
		return w
	}
	w := send("/sign-up/email", `{"name":"Ada","email":"ada@example.com","password":"s3cret-pass"}`,
		"")
	cookie, _, _ := strings.Cut(w.Header().Get("Set-Cookie"), ";")
	w = send("/organization/create", `{"name":"Acme","slug":"acme"}`, cookie)
	fmt.Println(w.Code)
	w = send("/organization/invite-member", `{"email":"grace@example.com","role":"admin"}`, cookie)
	fmt.Println(w.Code)
	// Output:
	// 200
	// invite grace@example.com to Acme as admin
	// 200
}

// ExampleRole adds a role for the application's own resource next to the
// default ones, and checks what it allows.
func ExampleRole() {
	roles := organization.DefaultRoles()
	roles["billing"] = organization.Role{Statements: organization.Statements{
		"invoice": {"read", "pay"},
	}}
	org := &organization.Plugin{Roles: roles}
	_ = org // pass it in core.Options.Plugins

	fmt.Println(roles["billing"].Authorize(organization.Statements{"invoice": {"pay"}}))
	fmt.Println(roles["billing"].Authorize(organization.Statements{"member": {"delete"}}))
	fmt.Println(roles["admin"].Authorize(organization.Statements{"organization": {"delete"}}))
	// Output:
	// true
	// false
	// false
}

// ExampleHooks gives every new organization a default plan.
func ExampleHooks() {
	org := &organization.Plugin{Hooks: organization.Hooks{
		BeforeCreateOrganization: func(_ context.Context, e *organization.Event) error {
			e.Organization["metadata"] = `{"plan":"free"}`
			return nil
		},
	}}
	ev := &organization.Event{Organization: storage.Record{"name": "Acme"}}
	_ = org.Hooks.BeforeCreateOrganization(context.Background(), ev)
	fmt.Println(ev.Organization["metadata"])
	// Output:
	// {"plan":"free"}
}
