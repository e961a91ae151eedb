package conformance

import (
	"strings"
	"testing"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

// authFlowCases returns upstream's auth-flow cases. Upstream drives a full
// auth instance; here each flow is the sequence of storage operations the
// engine performs for it (see signUp, signIn and getSession), so that an
// adapter is checked on exactly the reads and writes sign-up, sign-in and
// get-session depend on, without the engine.
func authFlowCases() []Case {
	return []Case{
		{Name: "should successfully sign up", Run: flowSignUp},
		{Name: "should successfully sign in", Run: flowSignIn},
		{Name: "should successfully get session", Run: flowGetSession},
		{Name: "should not sign in with invalid email", Run: flowInvalidEmail},
		{Name: "should store and retrieve timestamps correctly across timezones",
			Run: flowTimezones},
		{Name: "should sign up with additional fields",
			Schema: func(s *storage.Schema) {
				addUserField(s, storage.Field{Name: "dateField", Type: storage.TypeDate})
			},
			Run: flowAdditionalFields},
	}
}

// signUp stores what email sign-up stores, in one transaction as the
// engine does: the user with a lower-cased email and emailVerified false,
// its credential account holding the password hash (upstream's suite
// hashes with the identity function), and a seven-day session. extra holds
// additional user fields.
func signUp(h *H, email, name, password string,
	extra storage.Record) (user, session storage.Record) {
	h.t.Helper()
	now := time.Now()
	err := h.DB.Transaction(h.Ctx(), func(tx *storage.DB) error {
		u := with(storage.Record{"name": name, "email": strings.ToLower(email),
			"emailVerified": false, "image": ""}, extra)
		var err error
		if user, err = tx.Create(h.Ctx(), "user", u); err != nil {
			return err
		}
		_, err = tx.Create(h.Ctx(), "account", storage.Record{"accountId": user["id"],
			"providerId": "credential", "userId": user["id"], "password": password,
			"createdAt": now, "updatedAt": now})
		if err != nil {
			return err
		}
		session, err = tx.Create(h.Ctx(), "session", storage.Record{"token": RandomString(32),
			"userId": user["id"], "expiresAt": now.Add(7 * 24 * time.Hour),
			"createdAt": now, "updatedAt": now, "ipAddress": "", "userAgent": ""})
		return err
	})
	if err != nil {
		h.Fatalf("sign-up: %v", err)
	}
	return user, session
}

// signIn does the reads of email sign-in: the user by lower-cased email,
// then its credential account, whose hash must match. On success it
// creates a session, as the engine does. It returns nil user when sign-in
// fails.
func signIn(h *H, email, password string) (user, session storage.Record) {
	h.t.Helper()
	user = oneWhere(h, "user", storage.Eq("email", strings.ToLower(email)))
	if user == nil {
		return nil, nil
	}
	acct := oneWhere(h, "account",
		storage.Eq("userId", user["id"]), storage.Eq("providerId", "credential"))
	if acct == nil || acct["password"] != password {
		return nil, nil
	}
	now := time.Now()
	session = h.Create("session", storage.Record{"token": RandomString(32),
		"userId": user["id"], "expiresAt": now.Add(7 * 24 * time.Hour),
		"createdAt": now, "updatedAt": now})
	return user, session
}

// getSession does the read of get-session: the session by token, joined
// with its user. It returns nils when there is no such session.
func getSession(h *H, token any) (session, user storage.Record) {
	h.t.Helper()
	rec, err := h.DB.FindOne(h.Ctx(), storage.FindQuery{Model: "session",
		Where: []storage.Where{storage.Eq("token", token)},
		Join:  []storage.JoinRequest{{Model: "user"}}})
	if err != nil {
		h.Fatalf("get-session: %v", err)
	}
	if rec == nil {
		return nil, nil
	}
	user, ok := rec["user"].(storage.Record)
	if !ok {
		h.Fatalf("get-session: joined user: got %#v, want a record", rec["user"])
	}
	delete(rec, "user")
	return rec, user
}

func flowSignUp(t *testing.T, h *H) {
	gen := h.Generate("user")
	email := gen["email"].(string)
	user, _ := signUp(h, email, gen["name"].(string), RandomString(16), nil)
	checks := map[string]any{"email": strings.ToLower(email), "name": gen["name"],
		"image": "", "emailVerified": false}
	for k, want := range checks {
		if user[k] != want {
			t.Errorf("user %s: got %#v, want %#v", k, user[k], want)
		}
	}
	for _, k := range []string{"createdAt", "updatedAt"} {
		if ts, ok := user[k].(time.Time); !ok || ts.IsZero() || ts.Location() != time.UTC {
			t.Errorf("user %s: got %#v, want a UTC time", k, user[k])
		}
	}
}

func flowSignIn(t *testing.T, h *H) {
	gen := h.Generate("user")
	password := RandomString(16)
	up, _ := signUp(h, gen["email"].(string), gen["name"].(string), password, nil)
	in, session := signIn(h, gen["email"].(string), password)
	if in == nil || in["id"] != up["id"] {
		t.Fatalf("sign-in user: got %v, want id %v", in, up["id"])
	}
	if session == nil || session["userId"] != up["id"] {
		t.Fatalf("sign-in session: got %v, want one for user %v", session, up["id"])
	}
}

func flowGetSession(t *testing.T, h *H) {
	gen := h.Generate("user")
	up, created := signUp(h, gen["email"].(string), gen["name"].(string), RandomString(16), nil)
	session, user := getSession(h, created["token"])
	if session == nil {
		t.Fatal("get-session: got no session, want the sign-up session")
	}
	wantRecord(h, "get-session user", user, up)
	wantRecord(h, "get-session session", session, created)
}

func flowInvalidEmail(t *testing.T, h *H) {
	h.InsertRandom("user", 2)
	gen := h.Generate("user")
	if user, _ := signIn(h, gen["email"].(string), RandomString(16)); user != nil {
		t.Fatalf("sign-in with an unknown email: got %v, want failure", user)
	}
	if n := countWhere(h, "session"); n != 0 {
		t.Fatalf("sessions after a failed sign-in: got %d, want 0", n)
	}
}

// Upstream switches the process time zone between sign-up and sign-in.
// Changing time.Local would race with other tests, so the sign-up time is
// given in one zone and must come back from sign-in as the same instant,
// in UTC, whatever zone it was written in.
func flowTimezones(t *testing.T, h *H) {
	gen := h.Generate("user")
	password := RandomString(16)
	written := time.Now().In(time.FixedZone("CET", 3600))
	up, _ := signUp(h, gen["email"].(string), gen["name"].(string), password,
		storage.Record{"createdAt": written})
	in, _ := signIn(h, gen["email"].(string), password)
	if in == nil {
		t.Fatal("sign-in: got no user")
	}
	for what, rec := range map[string]storage.Record{"sign-up": up, "sign-in": in} {
		got, ok := rec["createdAt"].(time.Time)
		if !ok || !got.Equal(millis(written)) || got.Location() != time.UTC {
			t.Errorf("%s createdAt: got %#v, want %v in UTC",
				what, rec["createdAt"], millis(written))
		}
	}
}

// A client sends dates as ISO 8601 strings; the DB stores them as dates.
func flowAdditionalFields(t *testing.T, h *H) {
	gen := h.Generate("user")
	dateField := time.Now()
	iso := dateField.UTC().Format("2006-01-02T15:04:05.000Z07:00")
	_, created := signUp(h, gen["email"].(string), gen["name"].(string), RandomString(16),
		storage.Record{"dateField": iso})
	_, user := getSession(h, created["token"])
	if user == nil {
		t.Fatal("get-session: got no user")
	}
	got, ok := user["dateField"].(time.Time)
	if !ok || !got.Equal(millis(dateField)) || got.Location() != time.UTC {
		t.Fatalf("dateField: got %#v, want %v in UTC", user["dateField"], millis(dateField))
	}
}
