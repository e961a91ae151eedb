package frameworktest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/frameworks/frameworktest"
)

// flawEnv names the flaw that TestFlawedChild builds into its binding.
const flawEnv = "FRAMEWORKTEST_FLAW"

// newApp is a binding written straight on core, with an optional flaw.
func newApp(flaw string) frameworktest.NewApp {
	return func(a *core.Auth) http.Handler {
		base := a.BasePath()
		if flaw == "fixed base path" {
			base = core.DefaultBasePath
		}
		pattern := base + "/"
		if flaw == "GET only" {
			pattern = "GET " + pattern
		}
		mux := http.NewServeMux()
		mux.Handle(pattern, a.Handler())
		mux.HandleFunc("GET "+frameworktest.ProtectedPath, func(w http.ResponseWriter,
			r *http.Request) {
			s, err := session(a, w, r, flaw)
			switch {
			case err != nil:
				writeError(w, core.ErrInternal)
			case s == nil && flaw == "plain 401":
				http.Error(w, "unauthorized", http.StatusUnauthorized)
			case s == nil && flaw != "no session required":
				writeError(w, core.ErrUnauthorized)
			default:
				_, _ = io.WriteString(w, frameworktest.Describe(s, s != nil))
			}
		})
		mux.HandleFunc("GET "+frameworktest.OptionalPath, func(w http.ResponseWriter,
			r *http.Request) {
			s, err := session(a, w, r, flaw)
			if err != nil && flaw != "errors as guests" {
				writeError(w, core.ErrInternal)
				return
			}
			var u *core.User
			if s != nil {
				u = s.User
			}
			_, _ = io.WriteString(w, frameworktest.Greet(u))
		})
		return mux
	}
}

// session reads the request's session as a binding's middleware does, or
// with the read-only [core.Auth.GetSession] for the "read only" flaw.
func session(a *core.Auth, w http.ResponseWriter, r *http.Request,
	flaw string) (*core.SessionData, error) {
	if flaw == "read only" {
		return a.GetSession(r.Context(), r)
	}
	return a.RefreshSession(w, r)
}

func writeError(w http.ResponseWriter, e *core.APIError) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.Status)
	_ = json.NewEncoder(w).Encode(e)
}

func TestSound(t *testing.T) {
	frameworktest.Run(t, newApp(""))
}

// TestFlawed checks that Run fails each flawed binding, and says why. Run
// takes a *testing.T, so each flawed binding runs in a child process.
func TestFlawed(t *testing.T) {
	tests := []struct {
		flaw, want, notWant string
	}{
		{"GET only", "POST sign-in for an unknown user: got 405", ""},
		{"fixed base path", "--- FAIL: TestFlawedChild/base_path_/v1/identity/auth_routes",
			"--- FAIL: TestFlawedChild/base_path_/api/auth"},
		{"no session required", "protected route with cookie : got 200", ""},
		{"plain 401", `protected route with cookie : got 401 "unauthorized\n"`, ""},
		{"errors as guests", `/optional while the store is down: got 200 "hello guest"`, ""},
		{"read only", "due session: got 200 with session cookie , want 200", ""},
	}
	for _, tt := range tests {
		t.Run(tt.flaw, func(t *testing.T) {
			cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestFlawedChild$")
			cmd.Env = append(os.Environ(), flawEnv+"="+tt.flaw)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("got a pass, want a failure; output:\n%s", out)
			}
			if !strings.Contains(string(out), tt.want) {
				t.Errorf("got output:\n%s\nwant it to contain %q", out, tt.want)
			}
			if tt.notWant != "" && strings.Contains(string(out), tt.notWant) {
				t.Errorf("got output:\n%s\nwant it not to contain %q", out, tt.notWant)
			}
		})
	}
}

// TestFlawedChild runs Run on a flawed binding, in the child process that
// TestFlawed starts.
func TestFlawedChild(t *testing.T) {
	flaw := os.Getenv(flawEnv)
	if flaw == "" {
		t.Skip("runs only as TestFlawed's child process")
	}
	frameworktest.Run(t, newApp(flaw))
}
