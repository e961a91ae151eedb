package core

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

// The wire test replays request scenarios against Kernia and compares
// each normalized response (status, content type, body text with its key
// order, Set-Cookie lines, Location) with the one Better Auth 1.6.11 gave
// for the same request. The upstream answers live in testdata/upstream;
// to record them again, start testdata/upstream/server.mjs once per
// scenario (see that file) and run
//
//	go test -run TestUpstreamWire -record-upstream=http://127.0.0.1:3101 -scenario=default
var (
	recordUpstream = flag.String("record-upstream", "",
		"record the scenario's answers from this Better Auth server")
	recordScenario = flag.String("scenario", "", "the scenario to record")
)

type wireStep struct {
	Name, Method, Path, Body, CType string
	Headers                         map[string]string
	Jar                             bool // send the cookie jar (with a trusted Origin)
}

type wireAnswer struct {
	Status   int      `json:"status"`
	CType    string   `json:"contentType"`
	Body     string   `json:"body"`
	Cookies  []string `json:"cookies"`
	Location string   `json:"location,omitempty"`
	// RetryAfter is the X-Retry-After header of a 429.
	RetryAfter string `json:"retryAfter,omitempty"`
}

// wireScenario is a sequence of requests on one fresh server.
type wireScenario struct {
	name   string
	origin string
	opts   func(*Options)
	steps  []wireStep
}

const (
	wireSignIn = `{"email":"alice@example.com","password":"password123"%s}`
	wireAlice  = `{"name":"Alice","email":"Alice@Example.com","password":"password123",` +
		`"image":"http://img","emailVerified":true,"foo":1}`
)

func jsonStep(name, method, path, body string, jar bool) wireStep {
	return wireStep{Name: name, Method: method, Path: path, Body: body,
		CType: "application/json", Jar: jar}
}

func wireScenarios() []wireScenario {
	return []wireScenario{
		{name: "default", origin: testOrigin, steps: defaultSteps()},
		{name: "cache-defer", origin: testOrigin, opts: func(o *Options) {
			o.Session.CookieCache.Enabled = true
			o.Session.DeferSessionRefresh = true
		}, steps: sessionSteps()},
		{name: "defer", origin: testOrigin, opts: func(o *Options) {
			o.Session.DeferSessionRefresh = true
		}, steps: sessionSteps()},
		{name: "update-age-0", origin: testOrigin, opts: func(o *Options) {
			o.Session.UpdateAge = -1
		}, steps: sessionSteps()},
		{name: "no-auto-sign-in", origin: testOrigin, opts: func(o *Options) {
			o.EmailAndPassword.AutoSignIn = off()
		}, steps: signUpSteps()},
		{name: "require-verification", origin: testOrigin, opts: func(o *Options) {
			o.EmailAndPassword.RequireEmailVerification = true
		}, steps: signUpSteps()},
		{name: "sign-up-disabled", origin: testOrigin, opts: func(o *Options) {
			o.EmailAndPassword.DisableSignUp = true
		}, steps: signUpSteps()},
		{name: "email-password-off", origin: testOrigin, opts: func(o *Options) {
			o.EmailAndPassword.Enabled = false
		}, steps: signUpSteps()},
		{name: "additional-fields", origin: testOrigin, opts: func(o *Options) {
			o.User.AdditionalFields = []storage.Field{
				{Name: "plan", Type: storage.TypeString, Required: true},
				{Name: "age", Type: storage.TypeNumber},
				{Name: "role", Type: storage.TypeString, NoInput: true},
			}
			o.Session.AdditionalFields = []storage.Field{
				{Name: "activeNote", Type: storage.TypeString},
				{Name: "internalFlag", Type: storage.TypeString, NoInput: true},
			}
		}, steps: additionalFieldSteps()},
		{name: "rate-limit", origin: testOrigin, opts: func(o *Options) {
			o.RateLimit.Enabled = on()
			o.Advanced.IPAddressHeaders = []string{"X-Forwarded-For"}
		}, steps: rateLimitSteps()},
		{name: "https-origins", origin: "https://app.example.com", opts: func(o *Options) {
			o.BaseURL = "https://app.example.com"
			o.TrustedOrigins = []string{"https://*.example.com", "myapp://"}
			o.Advanced.CookiePrefix = "myapp"
			o.Advanced.CrossSubDomainCookies = CrossSubDomainCookies{
				Enabled: true, Domain: "example.com"}
		}, steps: originSteps()},
	}
}

func defaultSteps() []wireStep {
	s := []wireStep{
		jsonStep("sign-up alice", "POST", "/sign-up/email", wireAlice, true),
		jsonStep("get-session", "GET", "/get-session", "", true),
		jsonStep("list-sessions", "GET", "/list-sessions", "", true),
		jsonStep("update-session unknown key", "POST", "/update-session", `{"foo":1}`, true),
		jsonStep("update-session array", "POST", "/update-session", `[]`, true),
		{Name: "update-session text", Method: "POST", Path: "/update-session", Body: "x",
			CType: "text/plain", Jar: true},
		jsonStep("revoke-session unknown", "POST", "/revoke-session", `{"token":"nope"}`, true),
		jsonStep("revoke-session missing", "POST", "/revoke-session", `{}`, true),
		jsonStep("revoke-session number", "POST", "/revoke-session", `{"token":123}`, true),
		{Name: "revoke-session form", Method: "POST", Path: "/revoke-session", Body: "token=x",
			CType: "application/x-www-form-urlencoded", Jar: true},
		jsonStep("revoke-session no body", "POST", "/revoke-session", "", true),
		jsonStep("get-session POST", "POST", "/get-session", "", true),
		jsonStep("get-session disableRefresh", "GET", "/get-session?disableRefresh=false", "",
			true),
		jsonStep("sign-in rememberMe false", "POST", "/sign-in/email",
			`{"email":"ALICE@example.com","password":"password123","rememberMe":false}`, true),
		jsonStep("get-session dont_remember", "GET", "/get-session", "", true),
		jsonStep("sign-in callback", "POST", "/sign-in/email",
			`{"email":"alice@example.com","password":"password123","callbackURL":"/dash?x=1"}`, true),
		jsonStep("revoke-other-sessions", "POST", "/revoke-other-sessions", `{}`, true),
		jsonStep("list-sessions after", "GET", "/list-sessions", "", true),
		jsonStep("revoke-sessions", "POST", "/revoke-sessions", "", true),
		jsonStep("get-session stale", "GET", "/get-session", "", true),
		jsonStep("sign-out no cookie", "POST", "/sign-out", `{}`, false),
		jsonStep("sign-up missing", "POST", "/sign-up/email", `{}`, false),
		jsonStep("sign-up null name", "POST", "/sign-up/email",
			`{"name":null,"email":"b@example.com","password":"password123"}`, false),
		jsonStep("sign-up bad email", "POST", "/sign-up/email",
			`{"name":"B","email":"b@","password":"password123"}`, false),
		jsonStep("sign-up empty password", "POST", "/sign-up/email",
			`{"name":"B","email":"b@example.com","password":""}`, false),
		jsonStep("sign-up rememberMe string", "POST", "/sign-up/email",
			`{"name":"B","email":"b@example.com","password":"password123","rememberMe":"x"}`, false),
		jsonStep("sign-up image null", "POST", "/sign-up/email",
			`{"name":"B","email":"b@example.com","password":"password123","image":null}`, false),
		jsonStep("sign-up json null", "POST", "/sign-up/email", `null`, false),
		jsonStep("sign-up json array", "POST", "/sign-up/email", `[]`, false),
		jsonStep("sign-up json string", "POST", "/sign-up/email", `"x"`, false),
		jsonStep("sign-up no body", "POST", "/sign-up/email", ``, false),
		jsonStep("sign-up many issues", "POST", "/sign-up/email",
			`{"name":1,"email":"x","password":5,"image":3}`, false),
		jsonStep("sign-in json array", "POST", "/sign-in/email", `[]`, false),
		jsonStep("sign-in bad email", "POST", "/sign-in/email", `{"email":"x","password":"y"}`, false),
		jsonStep("sign-in wrong password", "POST", "/sign-in/email",
			`{"email":"alice@example.com","password":"nope-nope"}`, false),
		jsonStep("sign-in unknown email", "POST", "/sign-in/email",
			`{"email":"zed@example.com","password":"nope-nope"}`, false),
		jsonStep("sign-in email number", "POST", "/sign-in/email", `{"email":5,"password":"x"}`, false),
		{Name: "sign-in charset", Method: "POST", Path: "/sign-in/email", Body: fmtSignIn(""),
			CType: "application/json; charset=utf-8"},
		{Name: "sign-in vendor type", Method: "POST", Path: "/sign-in/email", Body: fmtSignIn(""),
			CType: "application/vnd.api+json"},
		{Name: "sign-in text", Method: "POST", Path: "/sign-in/email", Body: fmtSignIn(""),
			CType: "text/plain;charset=UTF-8"},
		{Name: "sign-in form", Method: "POST", Path: "/sign-in/email",
			Body:  "email=alice%40example.com&password=password123",
			CType: "application/x-www-form-urlencoded"},
		{Name: "sign-in form rememberMe", Method: "POST", Path: "/sign-in/email",
			Body:  "email=alice%40example.com&password=password123&rememberMe=false",
			CType: "application/x-www-form-urlencoded"},
		jsonStep("sign-up duplicate", "POST", "/sign-up/email",
			`{"name":"A","email":"alice@example.com","password":"password123"}`, false),
		jsonStep("sign-up short password", "POST", "/sign-up/email",
			`{"name":"A","email":"c@example.com","password":"short"}`, false),
		jsonStep("sign-up long password", "POST", "/sign-up/email",
			`{"name":"A","email":"c@example.com","password":"`+strings.Repeat("x", 129)+`"}`, false),
		jsonStep("sign-up rememberMe false", "POST", "/sign-up/email",
			`{"name":"D","email":"d@example.com","password":"password123","rememberMe":false}`, false),
		jsonStep("ok", "GET", "/ok", "", false),
		jsonStep("list-sessions unauthenticated", "GET", "/list-sessions", "", false),
		jsonStep("revoke-sessions unauthenticated", "POST", "/revoke-sessions", `{}`, false),
		jsonStep("update-session unauthenticated", "POST", "/update-session", `{}`, false),
		jsonStep("update-session unauthenticated no body", "POST", "/update-session", "", false),
		{Name: "sign-out no origin", Method: "POST", Path: "/sign-out", Body: "{}",
			CType: "application/json", Headers: map[string]string{"Cookie": "a=b"}},
		{Name: "sign-out bad origin", Method: "POST", Path: "/sign-out", Body: "{}",
			CType:   "application/json",
			Headers: map[string]string{"Cookie": "a=b", "Origin": "https://evil.com"}},
	}
	return s
}

func fmtSignIn(extra string) string { return strings.Replace(wireSignIn, "%s", extra, 1) }

func sessionSteps() []wireStep {
	return []wireStep{
		jsonStep("sign-up alice", "POST", "/sign-up/email",
			`{"name":"Alice","email":"alice@example.com","password":"password123"}`, true),
		jsonStep("get-session", "GET", "/get-session", "", true),
		jsonStep("get-session again", "GET", "/get-session", "", true),
		jsonStep("get-session POST", "POST", "/get-session", "", true),
		jsonStep("list-sessions", "GET", "/list-sessions", "", true),
		jsonStep("revoke-sessions", "POST", "/revoke-sessions", `{}`, true),
		jsonStep("list-sessions after revoke", "GET", "/list-sessions", "", true),
		jsonStep("revoke-other-sessions after revoke", "POST", "/revoke-other-sessions",
			`{}`, true),
		jsonStep("get-session after revoke", "GET", "/get-session", "", true),
		jsonStep("get-session no cache", "GET", "/get-session?disableCookieCache=1", "", true),
		jsonStep("sign-in rememberMe false", "POST", "/sign-in/email",
			`{"email":"alice@example.com","password":"password123","rememberMe":false}`, true),
		jsonStep("get-session dont_remember", "GET", "/get-session", "", true),
		jsonStep("sign-out", "POST", "/sign-out", `{}`, true),
	}
}

func signUpSteps() []wireStep {
	alice := `{"name":"Alice","email":"alice@example.com","password":"password123",` +
		`"image":"http://img"}`
	return []wireStep{
		jsonStep("sign-up", "POST", "/sign-up/email", alice, true),
		jsonStep("sign-up again", "POST", "/sign-up/email", alice, true),
		jsonStep("sign-up again without image", "POST", "/sign-up/email",
			`{"name":"Al","email":"alice@example.com","password":"password123"}`, true),
		jsonStep("sign-in", "POST", "/sign-in/email", aliceCreds, true),
		jsonStep("get-session", "GET", "/get-session", "", true),
		jsonStep("sign-in wrong password", "POST", "/sign-in/email",
			`{"email":"alice@example.com","password":"wrong-password"}`, false),
	}
}

func additionalFieldSteps() []wireStep {
	base := `{"name":"Alice","email":"alice@example.com","password":"password123"`
	return []wireStep{
		jsonStep("sign-up missing required", "POST", "/sign-up/email", base+`}`, false),
		jsonStep("sign-up no-input field", "POST", "/sign-up/email",
			base+`,"plan":"pro","role":"admin"}`, false),
		jsonStep("sign-up", "POST", "/sign-up/email",
			base+`,"age":42,"plan":"pro","role":""}`, true),
		jsonStep("get-session", "GET", "/get-session", "", true),
		jsonStep("update-session no-input field", "POST", "/update-session",
			`{"internalFlag":"x"}`, true),
		jsonStep("update-session", "POST", "/update-session", `{"activeNote":"n1","foo":2}`, true),
		jsonStep("get-session after update", "GET", "/get-session", "", true),
	}
}

func rateLimitSteps() []wireStep {
	from := func(ip string) map[string]string { return map[string]string{"X-Forwarded-For": ip} }
	steps := []wireStep{{Name: "sign-up", Method: "POST", Path: "/sign-up/email",
		Body: aliceSignUp, CType: "application/json", Headers: from("10.0.0.9")}}
	for i := 1; i <= 4; i++ {
		steps = append(steps, wireStep{Name: fmt.Sprintf("sign-in %d", i), Method: "POST",
			Path: "/sign-in/email", Body: aliceCreds, CType: "application/json",
			Headers: from("10.0.0.2")})
	}
	for i := 1; i <= 4; i++ {
		steps = append(steps, wireStep{Name: fmt.Sprintf("unknown route %d", i), Method: "GET",
			Path: "/sign-in/nowhere", Headers: from("10.0.0.3")})
	}
	return append(steps,
		wireStep{Name: "other client", Method: "POST", Path: "/sign-in/email", Body: aliceCreds,
			CType: "application/json", Headers: from("10.0.0.4")},
		wireStep{Name: "same client other path", Method: "GET", Path: "/ok",
			Headers: from("10.0.0.2")},
		wireStep{Name: "ipv6 client", Method: "GET", Path: "/get-session",
			Headers: from("2001:db8::1")},
	)
}

func originSteps() []wireStep {
	si := func(name, extra string, h map[string]string) wireStep {
		return wireStep{Name: name, Method: "POST", Path: "/sign-in/email", Body: fmtSignIn(extra),
			CType: "application/json", Headers: h}
	}
	cookie := func(origin, referer string) map[string]string {
		h := map[string]string{"Cookie": "foo=bar"}
		if origin != "" {
			h["Origin"] = origin
		}
		if referer != "" {
			h["Referer"] = referer
		}
		return h
	}
	return []wireStep{
		jsonStep("sign-up", "POST", "/sign-up/email",
			`{"name":"Alice","email":"alice@example.com","password":"password123"}`, false),
		si("same-origin metadata", "", map[string]string{"Sec-Fetch-Site": "same-origin",
			"Origin": "https://app.example.com"}),
		si("metadata without origin", "", map[string]string{"Sec-Fetch-Site": "same-origin"}),
		si("cross-site navigation", "", map[string]string{"Sec-Fetch-Site": "cross-site",
			"Sec-Fetch-Mode": "navigate"}),
		si("cross-site cors", "", map[string]string{"Sec-Fetch-Site": "cross-site",
			"Sec-Fetch-Mode": "cors", "Origin": "https://evil.com"}),
		si("dest only", "",
			map[string]string{"Sec-Fetch-Dest": "empty", "Origin": "https://evil.com"}),
		si("cookie glob origin", "", cookie("https://x.example.com", "")),
		si("cookie deep glob origin", "", cookie("https://a.b.example.com", "")),
		si("cookie referer", "", cookie("", "https://app.example.com/path?q")),
		si("cookie origin with port", "", cookie("https://app.example.com:443", "")),
		si("cookie origin http", "", cookie("http://app.example.com", "")),
		si("cookie origin scheme", "", cookie("myapp://callback", "")),
		si("callback trusted", `,"callbackURL":"https://app.example.com/x"`, nil),
		si("callback glob", `,"callbackURL":"https://q.example.com/x"`, nil),
		si("callback evil", `,"callbackURL":"https://evil.com"`, nil),
		si("callback relative", `,"callbackURL":"/x/y?z=1"`, nil),
		si("callback relative space", `,"callbackURL":"/x y"`, nil),
		si("callback backslash", `,"callbackURL":"/\\evil.com"`, nil),
		si("callback encoded slash", `,"callbackURL":"/%2Fevil.com"`, nil),
		si("callback scheme", `,"callbackURL":"myapp://x"`, nil),
		si("callback javascript", `,"callbackURL":"javascript:alert(1)"`, nil),
		si("errorCallbackURL", `,"errorCallbackURL":"https://evil.com"`, nil),
		si("newUserCallbackURL", `,"newUserCallbackURL":"https://evil.com"`, nil),
		si("redirectTo", `,"redirectTo":"https://evil.com"`, nil),
		{Name: "query callback", Method: "POST", Path: "/sign-in/email?callbackURL=https://evil.com",
			Body: fmtSignIn(""), CType: "application/json"},
	}
}

var (
	wireID     = regexp.MustCompile(`"[A-Za-z0-9]{32}"`)
	wireDate   = regexp.MustCompile(`"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"`)
	wireIP     = regexp.MustCompile(`"(ipAddress|userAgent)":"[^"]*"`)
	wireCookie = regexp.MustCompile(`^([^=]+)=([^;]*)`)
	wireNull   = regexp.MustCompile(`,"\w+":null`)
)

// normalizeBody replaces what differs from run to run. It also drops
// null fields after the first key of an object: Kernia sends an unset
// field (the image, an added field) as null with every backend, as
// upstream's SQL adapters do, while upstream's memory adapter (used for
// recording) leaves the key out.
func normalizeBody(s string) string {
	s = wireID.ReplaceAllString(s, `"<id>"`)
	s = wireDate.ReplaceAllString(s, `"<date>"`)
	s = wireIP.ReplaceAllString(s, `"$1":"<client>"`)
	return wireNull.ReplaceAllString(s, "")
}

func normalizeCookie(c string) string {
	return wireCookie.ReplaceAllStringFunc(c, func(m string) string {
		name, value, _ := strings.Cut(m, "=")
		if value == "" || value == `""` {
			return name + "="
		}
		return name + "=<v>"
	})
}

// wireClient sends steps to a handler and keeps a cookie jar.
type wireClient struct {
	send   func(*http.Request) *http.Response
	origin string
	jar    map[string]string
}

func (wc *wireClient) do(t *testing.T, base string, s wireStep) wireAnswer {
	t.Helper()
	var body io.Reader
	if s.Body != "" {
		body = strings.NewReader(s.Body)
	}
	r := httptest.NewRequest(s.Method, base+"/api/auth"+s.Path, body)
	r.RequestURI = ""
	if s.Body != "" && s.CType != "" {
		r.Header.Set("Content-Type", s.CType)
	}
	if s.Jar && len(wc.jar) > 0 {
		names := make([]string, 0, len(wc.jar))
		for n := range wc.jar {
			names = append(names, n)
		}
		sort.Strings(names)
		var parts []string
		for _, n := range names {
			parts = append(parts, n+"="+wc.jar[n])
		}
		r.Header.Set("Cookie", strings.Join(parts, "; "))
		r.Header.Set("Origin", wc.origin)
	}
	for k, v := range s.Headers {
		r.Header.Set(k, v)
	}
	res := wc.send(r)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	ans := wireAnswer{Status: res.StatusCode, CType: res.Header.Get("Content-Type"),
		Body: normalizeBody(string(b)), Location: res.Header.Get("Location"),
		RetryAfter: res.Header.Get("X-Retry-After")}
	for _, c := range res.Header.Values("Set-Cookie") {
		ans.Cookies = append(ans.Cookies, normalizeCookie(c))
		name, rest, _ := strings.Cut(c, "=")
		value, _, _ := strings.Cut(rest, ";")
		if strings.Contains(c, "Max-Age=0") {
			delete(wc.jar, name)
		} else {
			wc.jar[name] = value
		}
	}
	return ans
}

func TestUpstreamWire(t *testing.T) {
	for _, sc := range wireScenarios() {
		t.Run(sc.name, func(t *testing.T) {
			file := filepath.Join("testdata", "upstream", sc.name+".json")
			if *recordUpstream != "" {
				if *recordScenario == sc.name {
					recordWire(t, sc, file)
				}
				return
			}
			want := readWire(t, file)
			a := newAuth(t, sc.opts)
			wc := localClient(a, sc.origin)
			for _, s := range sc.steps {
				compareRecorded(t, want, s.Name, wc.do(t, "", s))
			}
		})
	}
}

// readWire reads a scenario's recorded answers, keyed by step name.
func readWire(t *testing.T, file string) map[string]wireAnswer {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("read %s: %v", file, err)
	}
	var want map[string]wireAnswer
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatalf("decode %s: %v", file, err)
	}
	return want
}

// writeWire stores a scenario's recorded answers.
func writeWire(t *testing.T, file string, out map[string]wireAnswer) {
	t.Helper()
	b, _ := json.MarshalIndent(out, "", "  ")
	if err := os.WriteFile(file, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// localClient sends a scenario's requests to a's handler.
func localClient(a *Auth, origin string) *wireClient {
	return &wireClient{origin: origin, jar: map[string]string{},
		send: func(r *http.Request) *http.Response {
			w := httptest.NewRecorder()
			a.Handler().ServeHTTP(w, r)
			return w.Result()
		}}
}

// remoteClient sends a scenario's requests to a running server through
// client, which must not follow redirects.
func remoteClient(t *testing.T, client *http.Client, origin string) *wireClient {
	return &wireClient{origin: origin, jar: map[string]string{},
		send: func(r *http.Request) *http.Response {
			res, err := client.Do(r)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}}
}

// recordingClient is the HTTP client that records upstream's answers.
func recordingClient() *http.Client {
	return &http.Client{Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}}
}

// compareRecorded compares one step's answer with the recorded one.
func compareRecorded(t *testing.T, want map[string]wireAnswer, name string, got wireAnswer) {
	t.Helper()
	w, ok := want[name]
	if !ok {
		t.Errorf("%s: no recorded answer", name)
		return
	}
	compareWire(t, name, got, w)
}

func compareWire(t *testing.T, name string, got, want wireAnswer) {
	t.Helper()
	if got.Status != want.Status {
		t.Errorf("%s: got status %d, want %d (body %s)", name, got.Status, want.Status, got.Body)
	}
	// A 404 with a JSON body where upstream sends none is a documented
	// departure.
	if got.CType != want.CType && !(got.Status == 404 && want.CType == "") {
		t.Errorf("%s: got Content-Type %q, want %q", name, got.CType, want.CType)
	}
	if got.Body != want.Body && !(got.Status == 404 && want.Body == "") {
		t.Errorf("%s: got body\n%s\nwant\n%s", name, got.Body, want.Body)
	}
	if strings.Join(got.Cookies, "\n") != strings.Join(want.Cookies, "\n") {
		t.Errorf("%s: got cookies\n%q\nwant\n%q", name, got.Cookies, want.Cookies)
	}
	if got.RetryAfter != want.RetryAfter {
		t.Errorf("%s: got X-Retry-After %q, want %q", name, got.RetryAfter, want.RetryAfter)
	}
	if got.Location != want.Location {
		t.Errorf("%s: got Location %q, want %q", name, got.Location, want.Location)
	}
}

// recordWire sends the scenario to a running Better Auth server and
// stores its answers.
func recordWire(t *testing.T, sc wireScenario, file string) {
	wc := remoteClient(t, recordingClient(), sc.origin)
	out := map[string]wireAnswer{}
	for _, s := range sc.steps {
		out[s.Name] = wc.do(t, *recordUpstream, s)
	}
	writeWire(t, file, out)
}
