package stdlib_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/frameworks/frameworktest"
	"github.com/kernia-go/kernia/frameworks/stdlib"
)

// TestShared runs the behavioural test that every binding passes.
func TestShared(t *testing.T) {
	frameworktest.Run(t, func(a *core.Auth) http.Handler {
		mux := http.NewServeMux()
		stdlib.Mount(mux, a)
		mux.Handle("GET "+frameworktest.ProtectedPath, stdlib.RequireSession(a)(http.HandlerFunc(
			func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.WriteString(w, frameworktest.Describe(stdlib.SessionFrom(r.Context())))
			})))
		mux.Handle("GET "+frameworktest.OptionalPath, stdlib.LoadSession(a)(http.HandlerFunc(
			func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.WriteString(w, frameworktest.Greet(stdlib.UserFrom(r.Context())))
			})))
		return mux
	})
}
