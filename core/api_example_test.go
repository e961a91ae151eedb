package core_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/storage"
)

// ExampleAPI signs a user up and changes the password from Go, passing
// the cookies of one call to the next.
func ExampleAPI() {
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
	ctx := context.Background()
	api := auth.API()
	up, err := api.SignUpEmail(ctx, core.SignUpEmailInput{
		Name: "Ada", Email: "ada@example.com", Password: "correct horse"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed up:", up.User.Email)

	_, err = api.ChangePassword(ctx, core.ChangePasswordInput{
		CurrentPassword: "wrong guess", NewPassword: "battery staple",
		Headers: core.CookieHeader(up.Header)})
	fmt.Println("invalid password:", errors.Is(err, core.ErrInvalidPassword))
	// Output:
	// signed up: ada@example.com
	// invalid password: true
}
