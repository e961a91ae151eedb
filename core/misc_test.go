package core

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/kernia-go/kernia/core/storage"
)

func TestBaseErrors(t *testing.T) {
	want := [][2]string{
		{"USER_NOT_FOUND", "User not found"},
		{"FAILED_TO_CREATE_USER", "Failed to create user"},
		{"FAILED_TO_CREATE_SESSION", "Failed to create session"},
		{"FAILED_TO_UPDATE_USER", "Failed to update user"},
		{"FAILED_TO_GET_SESSION", "Failed to get session"},
		{"INVALID_PASSWORD", "Invalid password"},
		{"INVALID_EMAIL", "Invalid email"},
		{"INVALID_EMAIL_OR_PASSWORD", "Invalid email or password"},
		{"INVALID_USER", "Invalid user"},
		{"SOCIAL_ACCOUNT_ALREADY_LINKED", "Social account already linked"},
		{"PROVIDER_NOT_FOUND", "Provider not found"},
		{"INVALID_TOKEN", "Invalid token"},
		{"TOKEN_EXPIRED", "Token expired"},
		{"ID_TOKEN_NOT_SUPPORTED", "id_token not supported"},
		{"FAILED_TO_GET_USER_INFO", "Failed to get user info"},
		{"USER_EMAIL_NOT_FOUND", "User email not found"},
		{"EMAIL_NOT_VERIFIED", "Email not verified"},
		{"PASSWORD_TOO_SHORT", "Password too short"},
		{"PASSWORD_TOO_LONG", "Password too long"},
		{"USER_ALREADY_EXISTS", "User already exists."},
		{"USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL", "User already exists. Use another email."},
		{"EMAIL_CAN_NOT_BE_UPDATED", "Email can not be updated"},
		{"CHANGE_EMAIL_DISABLED", "Change email is disabled"},
		{"CREDENTIAL_ACCOUNT_NOT_FOUND", "Credential account not found"},
		{"SESSION_EXPIRED", "Session expired. Re-authenticate to perform this action."},
		{"FAILED_TO_UNLINK_LAST_ACCOUNT", "You can't unlink your last account"},
		{"ACCOUNT_NOT_FOUND", "Account not found"},
		{"USER_ALREADY_HAS_PASSWORD",
			"User already has a password. Provide that to delete the account."},
		{"CROSS_SITE_NAVIGATION_LOGIN_BLOCKED",
			"Cross-site navigation login blocked. This request appears to be a CSRF attack."},
		{"VERIFICATION_EMAIL_NOT_ENABLED", "Verification email isn't enabled"},
		{"EMAIL_ALREADY_VERIFIED", "Email is already verified"},
		{"EMAIL_MISMATCH", "Email mismatch"},
		{"SESSION_NOT_FRESH", "Session is not fresh"},
		{"LINKED_ACCOUNT_ALREADY_EXISTS", "Linked account already exists"},
		{"INVALID_ORIGIN", "Invalid origin"},
		{"INVALID_CALLBACK_URL", "Invalid callbackURL"},
		{"INVALID_REDIRECT_URL", "Invalid redirectURL"},
		{"INVALID_ERROR_CALLBACK_URL", "Invalid errorCallbackURL"},
		{"INVALID_NEW_USER_CALLBACK_URL", "Invalid newUserCallbackURL"},
		{"MISSING_OR_NULL_ORIGIN", "Missing or null Origin"},
		{"CALLBACK_URL_REQUIRED", "callbackURL is required"},
		{"FAILED_TO_CREATE_VERIFICATION", "Unable to create verification"},
		{"FIELD_NOT_ALLOWED", "Field not allowed to be set"},
		{"ASYNC_VALIDATION_NOT_SUPPORTED", "Async validation is not supported"},
		{"VALIDATION_ERROR", "Validation Error"},
		{"MISSING_FIELD", "Field is required"},
		{"METHOD_NOT_ALLOWED_DEFER_SESSION_REQUIRED",
			"POST method requires deferSessionRefresh to be enabled in session config"},
		{"BODY_MUST_BE_AN_OBJECT", "Body must be an object"},
		{"PASSWORD_ALREADY_SET", "User already has a password set"},
	}
	got := BaseErrors()
	if len(got) != len(want) {
		t.Fatalf("got %d base errors, want %d", len(got), len(want))
	}
	for i, e := range got {
		if e.Code != want[i][0] || e.Message != want[i][1] {
			t.Errorf("%d: got %s %q, want %s %q", i, e.Code, e.Message, want[i][0], want[i][1])
		}
	}
	wrapped := errors.Join(errors.New("x"), ErrInvalidToken.WithStatus(401))
	if !errors.Is(wrapped, ErrInvalidToken) {
		t.Error("errors.Is does not match a re-statused APIError by code")
	}
}

func TestRouting(t *testing.T) {
	a := newAuth(t, nil)
	tests := []struct{ method, path string }{
		{"GET", "/api/auth/does-not-exist"}, {"POST", "/api/auth/does-not-exist"},
		{"GET", "/api/auth/sign-in/email"}, {"GET", "/api/auth/ok/"}, {"GET", "/api/auth"},
		{"GET", "/api/auth/"}, {"GET", "/api/auth//ok"}, {"HEAD", "/api/auth/ok"},
		{"OPTIONS", "/api/auth/ok"}, {"GET", "/api/authx/ok"}, {"POST", "/api/auth/set-password"},
		{"POST", "/api/auth/forget-password"},
	}
	for _, tt := range tests {
		r := do(t, a, req{method: tt.method, path: tt.path})
		body := `{"message":"Not Found","code":"NOT_FOUND"}`
		if r.status != 404 || (tt.method != "HEAD" && r.body != body) {
			t.Errorf("%s %s: got %d %s, want 404 NOT_FOUND", tt.method, tt.path, r.status, r.body)
		}
	}
	ok := get(t, a, "/ok", nil)
	if ok.status != 200 || ok.body != `{"ok":true}` ||
		ok.header.Get("Content-Type") != "application/json" {
		t.Errorf("ok: got %d %s %q", ok.status, ok.body, ok.header.Get("Content-Type"))
	}
	e := get(t, a, "/error?error=bad<code>&error_description=<script>", nil)
	if e.status != 200 || !strings.HasPrefix(e.header.Get("Content-Type"), "text/html") ||
		strings.Contains(e.body, "<script>") || !strings.Contains(e.body, "UNKNOWN") {
		t.Errorf("error page: got %d %q", e.status, e.body)
	}
}

func TestDisabledPathsAndTrailingSlash(t *testing.T) {
	a := newAuth(t, func(o *Options) {
		o.Advanced.DisabledPaths = []string{"/ok"}
	})
	if r := get(t, a, "/ok", nil); r.status != 404 {
		t.Errorf("disabled path: got %d", r.status)
	}
	b := newAuth(t, func(o *Options) { o.Advanced.SkipTrailingSlashes = true })
	if r := get(t, b, "/ok/", nil); r.status != 200 {
		t.Errorf("trailing slash skipped: got %d", r.status)
	}
}

func TestRouteTable(t *testing.T) {
	a := newAuth(t, func(o *Options) { o.Plugins = []Plugin{notesPlugin{}} })
	want := map[string]string{
		"POST /api/auth/sign-up/email": "", "POST /api/auth/sign-in/email": "",
		"POST /api/auth/sign-out": "", "GET /api/auth/get-session": "",
		"POST /api/auth/get-session": "", "GET /api/auth/list-sessions": "",
		"POST /api/auth/revoke-session": "", "POST /api/auth/revoke-sessions": "",
		"POST /api/auth/revoke-other-sessions": "", "POST /api/auth/update-session": "",
		"GET /api/auth/ok": "", "GET /api/auth/error": "", "GET /api/auth/notes/:id": "notes",
		"POST /api/auth/request-password-reset": "", "GET /api/auth/reset-password/:token": "",
		"POST /api/auth/reset-password": "", "POST /api/auth/verify-password": "",
		"GET /api/auth/verify-email": "", "POST /api/auth/send-verification-email": "",
		"POST /api/auth/change-email": "", "POST /api/auth/change-password": "",
		"POST /api/auth/update-user": "", "POST /api/auth/delete-user": "",
		"GET /api/auth/delete-user/callback": "", "GET /api/auth/list-accounts": "",
		"POST /api/auth/unlink-account": "",
	}
	routes := a.Routes()
	if len(routes) != len(want) {
		t.Errorf("got %d routes, want %d", len(routes), len(want))
	}
	for _, r := range routes {
		plugin, ok := want[r.Method+" "+r.Path]
		if !ok || plugin != r.Plugin || r.Summary == "" {
			t.Errorf("unexpected route %+v", r)
		}
	}
}

// notesPlugin adds a session field and a route that reads a path
// parameter.
type notesPlugin struct{}

func (notesPlugin) ID() string { return "notes" }
func (notesPlugin) Routes() []Route {
	return []Route{{Method: "GET", Path: "/notes/:id", Summary: "Read a note",
		Session: SessionRequired, Handler: func(c *Context) (any, error) {
			return map[string]string{"id": c.Params["id"], "user": c.Session.User.Email}, nil
		}}}
}
func (notesPlugin) Schema() []storage.Model {
	return []storage.Model{{Name: "session", Fields: []storage.Field{
		{Name: "activeNote", Type: storage.TypeString},
		{Name: "internalFlag", Type: storage.TypeString, NoInput: true},
	}}}
}

func TestPlugin(t *testing.T) {
	a := newAuth(t, func(o *Options) { o.Plugins = []Plugin{notesPlugin{}} })
	_, cookie := signUp(t, a)
	r := get(t, a, "/notes/n1", map[string]string{"Cookie": cookie})
	if r.status != 200 || r.body != `{"id":"n1","user":"alice@example.com"}` {
		t.Errorf("plugin route: got %d %s", r.status, r.body)
	}
	if r := get(t, a, "/notes/n1", nil); r.status != 401 {
		t.Errorf("plugin route without session: got %d", r.status)
	}
	na := post(t, a, "/update-session", `{"activeNote":"n1","internalFlag":"x"}`,
		withCookie(cookie))
	wantError(t, na, 400, "FIELD_NOT_ALLOWED", "internalFlag is not allowed to be set")
	arr := post(t, a, "/update-session", `[]`, withCookie(cookie))
	wantError(t, arr, 400, "VALIDATION_ERROR",
		"[body] Invalid input: expected record, received array")
	u := post(t, a, "/update-session", `{"activeNote":"n1","internalFlag":""}`, withCookie(cookie))
	if u.status != 200 || u.cookie("better-auth.session_token") == "" {
		t.Fatalf("update-session: got %d %s", u.status, u.body)
	}
	s := u.json(t)["session"].(map[string]any)
	if s["activeNote"] != "n1" || s["internalFlag"] != nil {
		t.Errorf("got session %v, want activeNote set and internalFlag untouched", s)
	}
	if _, err := New(Options{Secret: testSecret, DB: newAuth(t, nil).db,
		Plugins: []Plugin{notesPlugin{}}}); !errors.Is(err, ErrBadOptions) {
		t.Errorf("schema without the plugin's model: got %v, want ErrBadOptions", err)
	}
}

func TestRequestHooks(t *testing.T) {
	var mu sync.Mutex
	var afterSaw []any
	a := newAuth(t, func(o *Options) {
		o.Hooks.Before = func(c *Context) (any, error) {
			switch {
			case c.Path == "/sign-up/email" && c.Body["name"] == "blocked":
				return nil, NewAPIError(http.StatusForbidden, "BLOCKED", "Blocked")
			case c.Path == "/sign-up/email" && c.Body["name"] == "short":
				return map[string]bool{"shortCircuit": true}, nil
			case c.Path == "/sign-up/email":
				c.Body["name"] = "Hooked " + c.bodyString("name")
			}
			return nil, nil
		}
		o.Hooks.After = func(c *Context) (any, error) {
			mu.Lock()
			afterSaw = append(afterSaw, c.Returned)
			mu.Unlock()
			if c.Path == "/ok" {
				return map[string]string{"replaced": "yes"}, nil
			}
			return nil, nil
		}
	})
	r := post(t, a, "/sign-up/email", aliceSignUp, nil)
	if name := r.json(t)["user"].(map[string]any)["name"]; name != "Hooked Alice" {
		t.Errorf("before hook change: got name %v", name)
	}
	b := post(t, a, "/sign-up/email", `{"name":"blocked"}`, nil)
	wantError(t, b, 403, "BLOCKED", "Blocked")
	s := post(t, a, "/sign-up/email", `{"name":"short"}`, nil)
	if s.status != 200 || s.body != `{"shortCircuit":true}` {
		t.Errorf("short-circuit: got %d %s", s.status, s.body)
	}
	if ok := get(t, a, "/ok", nil); ok.body != `{"replaced":"yes"}` {
		t.Errorf("after hook: got %s", ok.body)
	}
	v := post(t, a, "/sign-in/email", `{}`, nil)
	if v.status != 400 {
		t.Errorf("validation: got %d", v.status)
	}
	mu.Lock()
	defer mu.Unlock()
	last := afterSaw[len(afterSaw)-1]
	if ae, ok := last.(*APIError); !ok || ae.Code != "VALIDATION_ERROR" {
		t.Errorf("after hook on a validation error saw %#v", last)
	}
	if len(afterSaw) != 3 {
		t.Errorf("after hook ran %d times, want 3 (not after short-circuits or before errors)",
			len(afterSaw))
	}
}

func TestDatabaseHooks(t *testing.T) {
	var created, sessions []string
	type rec = storage.Record
	a := newAuth(t, func(o *Options) {
		o.DatabaseHooks.User.BeforeCreate = func(_ context.Context, d rec) (bool, error) {
			if d["email"] == "veto@example.com" {
				return false, nil
			}
			d["name"] = strings.ToUpper(d["name"].(string))
			return true, nil
		}
		o.DatabaseHooks.User.AfterCreate = func(_ context.Context, r storage.Record) {
			created = append(created, r["email"].(string))
		}
		o.DatabaseHooks.Session.BeforeCreate = func(_ context.Context, d rec) (bool, error) {
			return d["userAgent"] != "blocked-agent", nil
		}
		o.DatabaseHooks.Session.AfterDelete = func(_ context.Context, r storage.Record) {
			sessions = append(sessions, r["token"].(string))
		}
	})
	r, cookie := signUp(t, a)
	if name := r.json(t)["user"].(map[string]any)["name"]; name != "ALICE" {
		t.Errorf("before-create change: got %v", name)
	}
	if len(created) != 1 || created[0] != "alice@example.com" {
		t.Errorf("after-create: got %v", created)
	}
	v := post(t, a, "/sign-up/email",
		`{"name":"V","email":"veto@example.com","password":"password123"}`, nil)
	wantError(t, v, 400, "FAILED_TO_CREATE_USER", "Failed to create user")
	in := post(t, a, "/sign-in/email", aliceCreds,
		map[string]string{"User-Agent": "blocked-agent"})
	wantError(t, in, 401, "FAILED_TO_CREATE_SESSION", "Failed to create session")
	post(t, a, "/sign-out", "{}", withCookie(cookie))
	if len(sessions) != 1 || sessions[0] != tokenOf(t, r) {
		t.Errorf("after-delete: got %v", sessions)
	}
}

func TestUserAdditionalFields(t *testing.T) {
	a := newAuth(t, func(o *Options) {
		o.User.AdditionalFields = []storage.Field{
			{Name: "plan", Type: storage.TypeString, Required: true},
			{Name: "age", Type: storage.TypeNumber},
			{Name: "role", Type: storage.TypeString, NoInput: true},
			{Name: "secretNote", Type: storage.TypeString, Hidden: true},
		}
	})
	base := `{"name":"A","email":"a@example.com","password":"password123"`
	tests := []struct {
		name, body    string
		status        int
		code, message string
	}{
		{"missing required", base + `}`, 400, "MISSING_FIELD", "plan is required"},
		{"not allowed", base + `,"plan":"pro","role":"admin"}`, 400, "FIELD_NOT_ALLOWED",
			"role is not allowed to be set"},
		{"wrong type", base + `,"plan":"pro","age":"old"}`, 400, "VALIDATION_ERROR",
			"[body.age] Invalid input: expected number, received string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, post(t, a, "/sign-up/email", tt.body, nil), tt.status, tt.code, tt.message)
		})
	}
	r := post(t, a, "/sign-up/email",
		base+`,"plan":"pro","age":42,"role":"","secretNote":"x"}`, nil)
	if r.status != 200 {
		t.Fatalf("got %d %s", r.status, r.body)
	}
	u := r.json(t)["user"].(map[string]any)
	if u["plan"] != "pro" || u["age"] != float64(42) {
		t.Errorf("got user %v, want plan and age", u)
	}
	if _, ok := u["secretNote"]; ok {
		t.Error("hidden field sent to the client")
	}
	tail := `"plan":"pro","age":42,"role":null,"id":"` + u["id"].(string) + `"}}`
	if !strings.HasSuffix(r.body, tail) {
		t.Errorf("got key order %s, want added fields in schema order before id", r.body)
	}
}

func TestJSONNotHTMLEscaped(t *testing.T) {
	a := newAuth(t, nil)
	r := post(t, a, "/sign-up/email", `{"name":"Tom & <Jerry>","email":"tj@example.com",`+
		`"password":"password123"}`, nil)
	if !strings.Contains(r.body, `"name":"Tom & <Jerry>"`) {
		t.Errorf("got %s, want the name unescaped as JSON.stringify leaves it", r.body)
	}
}

type panicPlugin struct{}

func (panicPlugin) ID() string { return "boom" }
func (panicPlugin) Routes() []Route {
	return []Route{{Method: "GET", Path: "/boom", Summary: "Panics",
		Handler: func(*Context) (any, error) { panic("boom") }}}
}
func (panicPlugin) Schema() []storage.Model { return nil }

func TestHandlerPanic(t *testing.T) {
	a := newAuth(t, func(o *Options) { o.Plugins = []Plugin{panicPlugin{}} })
	r := get(t, a, "/boom", nil)
	wantError(t, r, 500, "INTERNAL_SERVER_ERROR", "Internal Server Error")
}

func TestBodyTooLarge(t *testing.T) {
	a := newAuth(t, nil)
	big := `{"name":"` + strings.Repeat("x", maxBodyBytes) + `"}`
	r := post(t, a, "/sign-up/email", big, nil)
	wantError(t, r, 413, "PAYLOAD_TOO_LARGE", "Request body is too large")
}

func TestValidEmail(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"a@example.com", true},
		{"first.last+tag@sub.example.org", true},
		{"o'neil@example.co", true},
		{".a@example.com", false},
		{"a..b@example.com", false},
		{"a.@example.com", false},
		{"a@example", false},
		{"a@-example.com", false},
		{"a@example.c", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := ValidEmail(tt.in); got != tt.want {
				t.Errorf("ValidEmail(%q): got %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestJSONKind(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{nil, "null"},
		{map[string]any{}, "object"},
		{[]any{}, "array"},
		{"x", "string"},
		{true, "boolean"},
		{json.Number("1"), "number"},
		{1.5, "number"},
		{struct{}{}, "unknown"},
	}
	for _, tt := range tests {
		if got := JSONKind(tt.in); got != tt.want {
			t.Errorf("JSONKind(%#v): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRandomStrings(t *testing.T) {
	tests := []struct {
		name     string
		gen      func(int) string
		alphabet string
	}{
		{"GenerateID", GenerateID, idAlphabet},
		{"lowerAlnum", lowerAlnum, "0123456789abcdefghijklmnopqrstuvwxyz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seen := map[rune]bool{}
			for _, n := range []int{0, 1, 32, 5000} {
				s := tt.gen(n)
				if len(s) != n {
					t.Fatalf("length: got %d, want %d", len(s), n)
				}
				for _, r := range s {
					if !strings.ContainsRune(tt.alphabet, r) {
						t.Fatalf("got %q outside the alphabet %q", r, tt.alphabet)
					}
					seen[r] = true
				}
			}
			// 5033 draws miss one of at most 62 characters with a
			// probability below 62 * (61/62)^5033, about 1e-34.
			if len(seen) != len(tt.alphabet) {
				t.Errorf("distinct characters: got %d, want %d", len(seen), len(tt.alphabet))
			}
		})
	}
}

func TestDecodeObjectKeyOrder(t *testing.T) {
	tests := []struct {
		in   string
		keys []string
	}{
		{`{}`, nil},
		{` {"b":1,"a":2}`, []string{"b", "a"}},
		{`{"x":{"inner":1,"y":[{"z":2}]},"w":"s:{,}"}`, []string{"x", "w"}},
		{`{"q\"uo:te":"\"{\\","\u0041":null , "e" : [1,"a\\"]}`,
			[]string{`q"uo:te`, "A", "e"}},
		{`{"dup":1,"dup":2}`, []string{"dup", "dup"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			m, keys, err := decodeObject([]byte(tt.in))
			if err != nil {
				t.Fatalf("decodeObject: %v", err)
			}
			if !slices.Equal(keys, tt.keys) {
				t.Errorf("keys: got %q, want %q", keys, tt.keys)
			}
			for _, k := range tt.keys {
				if _, ok := m[k]; !ok {
					t.Errorf("member %q missing from %v", k, m)
				}
			}
		})
	}
	for _, bad := range []string{``, `null`, `[]`, `"s"`, `{"a":}`, `{"a":1`} {
		if _, _, err := decodeObject([]byte(bad)); err == nil {
			t.Errorf("decodeObject(%q): got no error, want one", bad)
		}
	}
}

// TestWriteObjectKeys checks that member names are encoded as
// encoding/json (without HTML escaping) encodes them, plain or not.
func TestWriteObjectKeys(t *testing.T) {
	keys := []string{"plain", `q"uote`, `back\slash`, "tab\t", "é", "<html>&", "del\x7f"}
	for _, k := range keys {
		t.Run(k, func(t *testing.T) {
			got, err := writeObject([]kv{{k, 1}}, nil, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			name, _ := marshal(k)
			if want := "{" + string(name) + ":1}"; string(got) != want {
				t.Errorf("got %s, want %s", got, want)
			}
		})
	}
}
