package echo_test

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/storage"
	kecho "github.com/kernia-go/kernia/frameworks/echo"
)

// ExampleMount serves the auth routes on an echo instance and protects an
// application route with RequireSession.
func ExampleMount() {
	opts := core.Options{
		Secret:           "replace-me-with-32-or-more-random-bytes",
		BaseURL:          "http://localhost:8080",
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

	e := echo.New()
	kecho.Mount(e, auth)
	e.GET("/dashboard", func(c echo.Context) error {
		return c.String(http.StatusOK, "welcome, "+kecho.UserFrom(c).Name)
	}, kecho.RequireSession(auth))

	srv := httptest.NewServer(e)
	defer srv.Close()

	res, err := http.Post(srv.URL+"/api/auth/sign-up/email", "application/json",
		strings.NewReader(`{"name":"Ada","email":"ada@example.com","password":"correct horse"}`))
	if err != nil {
		log.Fatal(err)
	}
	res.Body.Close()
	fmt.Println("sign-up:", res.Status)

	req, _ := http.NewRequest("GET", srv.URL+"/dashboard", nil)
	for _, c := range res.Cookies() {
		req.AddCookie(c)
	}
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	fmt.Println(string(body))
	// Output:
	// sign-up: 200 OK
	// welcome, Ada
}
