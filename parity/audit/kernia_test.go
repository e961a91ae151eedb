package audit

import (
	"net/http"
	"testing"

	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/storage"
)

// testPlugin is a small real plugin: a route, a model, a field on user and
// an error code.
type testPlugin struct{}

func (testPlugin) ID() string { return "two-factor" }

func (testPlugin) Routes() []core.Route {
	return []core.Route{{Method: http.MethodPost, Path: "/two-factor/enable",
		Handler: func(*core.Context) (any, error) { return nil, nil }}}
}

func (testPlugin) Schema() []storage.Model {
	return []storage.Model{
		{Name: "user", Fields: []storage.Field{{Name: "twoFactorEnabled", Type: storage.TypeBoolean}}},
		{Name: "twoFactor", Fields: []storage.Field{{Name: "userId", Type: storage.TypeString,
			Required: true, References: &storage.Reference{Model: "user", Field: "id"}}}},
	}
}

func (testPlugin) ErrorCodes() []core.APIError {
	return []core.APIError{{Status: 400, Code: "OTP_HAS_EXPIRED", Message: "OTP has expired"}}
}

func testOptions() core.Options {
	return core.Options{Secret: "a-test-secret-that-is-long-enough-0123",
		BasePath: "/auth", Plugins: []core.Plugin{testPlugin{}}}
}

func TestFromCore(t *testing.T) {
	k, err := FromCore(testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(k.Plugins) != 1 || k.Plugins[0] != "two-factor" {
		t.Errorf("got plugins %v, want [two-factor]", k.Plugins)
	}
	routes := map[Route]bool{}
	for _, r := range k.Routes {
		routes[r] = true
	}
	wantRoutes := []Route{{CoreID, "GET", "/ok"}, {"two-factor", "POST", "/two-factor/enable"}}
	for _, want := range wantRoutes {
		if !routes[want] {
			t.Errorf("routes lack %+v (base path stripped); got %v", want, k.Routes)
		}
	}
	errs := map[Error]bool{}
	for _, e := range k.Errors {
		errs[e] = true
	}
	for _, want := range []Error{{CoreID, "USER_NOT_FOUND", "User not found"},
		{"two-factor", "OTP_HAS_EXPIRED", "OTP has expired"}} {
		if !errs[want] {
			t.Errorf("errors lack %+v", want)
		}
	}
	if n := countOwner(k.Errors, CoreID); n != len(core.BaseErrors()) {
		t.Errorf("got %d core errors, want %d", n, len(core.BaseErrors()))
	}
	fields := map[string]Field{}
	for _, f := range k.Fields {
		fields[f.Model+"."+f.Spec.Name] = f
	}
	tests := []struct {
		key, owner string
		ref        string
	}{
		{"user.email", CoreID, "none"},
		{"session.userId", CoreID, "user.id on delete cascade"},
		{"user.twoFactorEnabled", "two-factor", "none"},
		{"twoFactor.userId", "two-factor", "user.id on delete cascade"},
	}
	for _, tt := range tests {
		f, ok := fields[tt.key]
		if !ok {
			t.Errorf("fields lack %s", tt.key)
			continue
		}
		if f.Owner != tt.owner || refString(f.Spec.References) != tt.ref {
			t.Errorf("%s: got owner %s, reference %s; want %s, %s", tt.key, f.Owner,
				refString(f.Spec.References), tt.owner, tt.ref)
		}
	}
}

func countOwner(errs []Error, owner string) int {
	n := 0
	for _, e := range errs {
		if e.Owner == owner {
			n++
		}
	}
	return n
}

func TestFromCoreBadOptions(t *testing.T) {
	if _, err := FromCore(core.Options{}); err == nil {
		t.Error("got no error for options without a secret, want one")
	}
}

// TestCoreAgainstManifest audits core alone against the committed
// manifest: every base error code and core field must match upstream
// exactly, and every route core serves must be upstream's.
func TestCoreAgainstManifest(t *testing.T) {
	m, err := LoadManifest(committedManifest)
	if err != nil {
		t.Fatal(err)
	}
	opts := core.Options{Secret: "a-test-secret-that-is-long-enough-0123",
		RateLimit: core.RateLimitOptions{Storage: core.RateLimitDatabase}}
	k, err := FromCore(opts)
	if err != nil {
		t.Fatal(err)
	}
	r := Compare(m, k, nil)
	for _, it := range r.Failures {
		k, err := parseKey(it.Key)
		if err != nil {
			t.Fatal(err)
		}
		if k.owner != CoreID || it.Status == Missing && it.Kind == kindRoute {
			continue // plugins and routes not ported yet are waived in the real run
		}
		t.Errorf("%s %s: %s", it.Status, it.Key, it.Detail)
	}
}
