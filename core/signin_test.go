package core

import (
	"strings"
	"testing"
)

func TestSignUpErrors(t *testing.T) {
	long := strings.Repeat("a", 129)
	tests := []struct {
		name, body, ctype string
		status            int
		code, message     string
	}{
		{"short password", `{"name":"A","email":"a@example.com","password":"short"}`, "",
			400, "PASSWORD_TOO_SHORT", "Password too short"},
		{"long password", `{"name":"A","email":"a@example.com","password":"` + long + `"}`, "",
			400, "PASSWORD_TOO_LONG", "Password too long"},
		{"invalid email", `{"name":"A","email":"nope","password":"password123"}`, "",
			400, "VALIDATION_ERROR", "[body.email] Invalid email address"},
		{"missing name", `{"email":"a@example.com","password":"password123"}`, "",
			400, "VALIDATION_ERROR",
			"[body.name] Invalid input: expected string, received undefined"},
		{"all missing", `{}`, "", 400, "VALIDATION_ERROR",
			"[body.name] Invalid input: expected string, received undefined; " +
				"[body.email] Invalid input: expected string, received undefined; " +
				"[body.password] Invalid input: expected string, received undefined"},
		{"empty password", `{"name":"A","email":"a@example.com","password":""}`, "",
			400, "VALIDATION_ERROR",
			"[body.password] Too small: expected string to have >=1 characters"},
		{"array body", `[1]`, "", 400, "VALIDATION_ERROR",
			"[body] Invalid input: expected object, received array; " +
				"[body] Invalid input: expected record, received array"},
		{"null body", `null`, "", 400, "VALIDATION_ERROR",
			"[body] Invalid input: expected object, received null; " +
				"[body] Invalid input: expected record, received null"},
		{"wrong type", `{"name":1,"email":"a@example.com","password":"password123"}`, "",
			400, "VALIDATION_ERROR", "[body.name] Invalid input: expected string, received number"},
		{"malformed json", `{"name":`, "", 400, "VALIDATION_ERROR",
			"[body] Invalid input: malformed JSON"},
		{"text/plain", `hello`, "text/plain;charset=UTF-8", 415, "UNSUPPORTED_MEDIA_TYPE",
			`Content-Type "text/plain;charset=UTF-8" is not allowed. Allowed types: ` +
				`application/x-www-form-urlencoded, application/json`},
	}
	a := newAuth(t, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, a, req{method: "POST", path: "/api/auth/sign-up/email", body: tt.body,
				ctype: tt.ctype})
			wantError(t, r, tt.status, tt.code, tt.message)
		})
	}
}

func TestSignUpNoBody(t *testing.T) {
	a := newAuth(t, nil)
	r := post(t, a, "/sign-up/email", "", nil)
	wantError(t, r, 400, "VALIDATION_ERROR",
		"[body] Invalid input: expected object, received undefined; "+
			"[body] Invalid input: expected record, received undefined")
}

func TestSignUpMissingContentType(t *testing.T) {
	a := newAuth(t, nil)
	r := do(t, a, req{method: "POST", path: "/api/auth/sign-in/email", body: `{}`,
		ctype: " "})
	wantError(t, r, 415, "UNSUPPORTED_MEDIA_TYPE",
		"Content-Type is required. Allowed types: "+
			"application/x-www-form-urlencoded, application/json")
}

func TestSignUpDuplicate(t *testing.T) {
	a := newAuth(t, nil)
	signUp(t, a)
	r := post(t, a, "/sign-up/email", aliceSignUp, nil)
	wantError(t, r, 422, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL",
		"User already exists. Use another email.")
}

func TestSignUpDisabled(t *testing.T) {
	for _, mod := range []func(*Options){
		func(o *Options) { o.EmailAndPassword.Enabled = false },
		func(o *Options) { o.EmailAndPassword.DisableSignUp = true },
	} {
		a := newAuth(t, mod)
		r := post(t, a, "/sign-up/email", aliceSignUp, nil)
		wantError(t, r, 400, "EMAIL_PASSWORD_SIGN_UP_DISABLED",
			"Email and password sign up is not enabled")
	}
}

func TestSignUpWithoutAutoSignIn(t *testing.T) {
	for name, mod := range map[string]func(*Options){
		"autoSignIn off": func(o *Options) { o.EmailAndPassword.AutoSignIn = off() },
		"verification needed": func(o *Options) {
			o.EmailAndPassword.RequireEmailVerification = true
		},
	} {
		t.Run(name, func(t *testing.T) {
			a := newAuth(t, mod)
			r := post(t, a, "/sign-up/email", aliceSignUp, nil)
			if r.status != 200 || len(r.cookies) != 0 {
				t.Fatalf("got %d cookies %v, want 200 without cookies", r.status, r.cookies)
			}
			if !strings.HasPrefix(r.body, `{"token":null,"user":{`) {
				t.Errorf("got body %s", r.body)
			}
			// A taken email answers the same shape, with another id.
			again := post(t, a, "/sign-up/email", aliceSignUp, nil)
			if again.status != 200 || !strings.HasPrefix(again.body, `{"token":null,"user":{`) {
				t.Errorf("duplicate: got %d %s", again.status, again.body)
			}
			id := func(r resp) any { return r.json(t)["user"].(map[string]any)["id"] }
			if id(again) == id(r) {
				t.Error("duplicate sign-up revealed the existing user's id")
			}
		})
	}
}

func TestSignInErrors(t *testing.T) {
	a := newAuth(t, nil)
	signUp(t, a)
	tests := []struct {
		name, body, ctype string
		status            int
		code, message     string
	}{
		{"wrong password", `{"email":"alice@example.com","password":"wrong-password"}`, "",
			401, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password"},
		{"unknown email", `{"email":"bob@example.com","password":"password123"}`, "",
			401, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password"},
		{"invalid email", `{"email":"bob","password":"password123"}`, "",
			400, "INVALID_EMAIL", "Invalid email"},
		{"missing password", `{"email":"alice@example.com"}`, "", 400, "VALIDATION_ERROR",
			"[body.password] Invalid input: expected string, received undefined"},
		{"form rememberMe", "email=alice%40example.com&password=password123&rememberMe=false",
			"application/x-www-form-urlencoded", 400, "VALIDATION_ERROR",
			"[body.rememberMe] Invalid input: expected boolean, received string"},
		{"untrusted callback", `{"email":"alice@example.com","password":"password123",` +
			`"callbackURL":"https://evil.com/x"}`, "",
			403, "INVALID_CALLBACK_URL", "Invalid callbackURL"},
		{"protocol-relative callback", `{"email":"alice@example.com","password":"password123",` +
			`"callbackURL":"//evil.com"}`, "", 403, "INVALID_CALLBACK_URL", "Invalid callbackURL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, a, req{method: "POST", path: "/api/auth/sign-in/email", body: tt.body,
				ctype: tt.ctype})
			wantError(t, r, tt.status, tt.code, tt.message)
			if len(r.cookies) != 0 {
				t.Errorf("got cookies %v, want none", r.cookies)
			}
		})
	}
}

func TestSignInDisabled(t *testing.T) {
	a := newAuth(t, func(o *Options) { o.EmailAndPassword.Enabled = false })
	r := post(t, a, "/sign-in/email", `{"email":"a@example.com","password":"password123"}`, nil)
	wantError(t, r, 400, "EMAIL_PASSWORD_DISABLED", "Email and password is not enabled")
}

func TestSignInEmailNotVerified(t *testing.T) {
	a := newAuth(t, func(o *Options) { o.EmailAndPassword.RequireEmailVerification = true })
	post(t, a, "/sign-up/email", aliceSignUp, nil)
	r := post(t, a, "/sign-in/email", aliceCreds, nil)
	wantError(t, r, 403, "EMAIL_NOT_VERIFIED", "Email not verified")
}

func TestSignInForm(t *testing.T) {
	a := newAuth(t, nil)
	signUp(t, a)
	r := do(t, a, req{method: "POST", path: "/api/auth/sign-in/email",
		body:  "email=alice%40example.com&password=password123",
		ctype: "application/x-www-form-urlencoded"})
	if r.status != 200 || r.cookie("better-auth.session_token") == "" {
		t.Fatalf("got %d %s cookies %v, want 200 with a session cookie",
			r.status, r.body, r.cookies)
	}
}

func TestSignInCallbackURL(t *testing.T) {
	a := newAuth(t, nil)
	signUp(t, a)
	for _, cb := range []string{"/dashboard?tab=1", testOrigin + "/home"} {
		r := post(t, a, "/sign-in/email", `{"email":"alice@example.com","password":"password123",`+
			`"callbackURL":"`+cb+`"}`, nil)
		if r.status != 200 {
			t.Fatalf("%s: got %d %s, want 200", cb, r.status, r.body)
		}
		m := r.json(t)
		if m["redirect"] != true || m["url"] != cb {
			t.Errorf("got redirect %v url %v, want true %s", m["redirect"], m["url"], cb)
		}
		if loc := r.header.Get("Location"); loc != cb {
			t.Errorf("got Location %q, want %q", loc, cb)
		}
	}
}

func TestSignInRememberMeFalse(t *testing.T) {
	a := newAuth(t, nil)
	signUp(t, a)
	r := post(t, a, "/sign-in/email",
		`{"email":"alice@example.com","password":"password123","rememberMe":false}`, nil)
	if r.status != 200 {
		t.Fatalf("got %d %s", r.status, r.body)
	}
	tok := r.cookie("better-auth.session_token")
	if strings.Contains(tok, "Max-Age") ||
		!strings.HasSuffix(tok, "; Path=/; HttpOnly; SameSite=Lax") {
		t.Errorf("got session cookie %q, want a browser-session cookie", tok)
	}
	// The reference's vector for this secret.
	want := "better-auth.dont_remember=true.WAh6gUJCG0kyVty4NQ1pVfKIJ%2FA6aqB9DcdDu6XZPQY%3D" +
		"; Path=/; HttpOnly; SameSite=Lax"
	if got := r.cookie("better-auth.dont_remember"); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// The session lasts one day and never slides.
	cookie := r.cookieValue("better-auth.session_token") + "; " +
		r.cookieValue("better-auth.dont_remember")
	g := get(t, a, "/get-session", map[string]string{"Cookie": cookie})
	exp := timeOf(g.json(t)["session"].(map[string]any)["expiresAt"])
	created := timeOf(g.json(t)["session"].(map[string]any)["createdAt"])
	if d := exp.Sub(created); d != rememberMeOffAge {
		t.Errorf("got session length %v, want %v", d, rememberMeOffAge)
	}
}

func TestDefaultHasher(t *testing.T) {
	a := newAuth(t, func(o *Options) { o.Password = nil })
	signUp(t, a)
	r := post(t, a, "/sign-in/email", aliceCreds, nil)
	if r.status != 200 {
		t.Fatalf("got %d %s", r.status, r.body)
	}
	acct, err := (&Context{auth: a, db: a.db, Request: httptestRequest()}).
		credentialAccount(r.json(t)["user"].(map[string]any)["id"].(string))
	const defaults = "$argon2id$v=19$m=65536,t=3,p=4$"
	if err != nil || !strings.HasPrefix(acct["password"].(string), defaults) {
		t.Errorf("got hash %v (err %v), want default Argon2id parameters", acct["password"], err)
	}
}
