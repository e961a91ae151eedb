package core

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// joseVector was signed by jose (the library upstream uses) with
// testSecret; the Go signer must produce the same bytes.
const joseVector = "eyJhbGciOiJIUzI1NiJ9.eyJlbWFpbCI6ImJvYkBleGFtcGxlLmNvbSIsInVwZGF0ZVRvIjoiYm9" +
	"iMkBleGFtcGxlLmNvbSIsInJlcXVlc3RUeXBlIjoiY2hhbmdlLWVtYWlsLXZlcmlmaWNhdGlvbiIsImlhdCI6MTc5NjMx" +
	"MjIxMCwiZXhwIjoxNzk2MzE1ODEwfQ.O2PI5Snd-74iCQdeGgo-B7PkfFGffk9fwXO8V1YP-Bc"

func TestHS256MatchesJose(t *testing.T) {
	claims := emailClaims{Email: "bob@example.com", UpdateTo: "bob2@example.com",
		RequestType: changeEmailVerification, IssuedAt: 1796312210, Expires: 1796315810}
	got, err := signHS256([]byte(testSecret), claims)
	if err != nil || got != joseVector {
		t.Fatalf("got %q, %v, want %q", got, err, joseVector)
	}
	var back emailClaims
	err = verifyHS256([][]byte{[]byte(testSecret)}, joseVector, time.Unix(1796312211, 0), &back)
	if err != nil || back != claims {
		t.Fatalf("got %+v, %v, want %+v", back, err, claims)
	}
}

func TestHS256Rejects(t *testing.T) {
	key := [][]byte{[]byte(testSecret)}
	at := time.Unix(1796312211, 0)
	parts := strings.Split(joseVector, ".")
	noneHeader := b64.EncodeToString([]byte(`{"alg":"none"}`))
	tests := []struct {
		name, token string
		at          time.Time
		want        error
	}{
		{"expired at exp", joseVector, time.Unix(1796315810, 0), errTokenExpired},
		{"other key", joseVector, at, nil},
		{"tampered payload", parts[0] + "." + b64.EncodeToString([]byte(`{"email":"x@y.z"}`)) +
			"." + parts[2], at, errTokenInvalid},
		{"alg none", noneHeader + "." + parts[1] + "." + parts[2], at, errTokenInvalid},
		{"two parts", parts[0] + "." + parts[1], at, errTokenInvalid},
		{"garbage", "a.b.c", at, errTokenInvalid},
		{"empty", "", at, errTokenInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys := key
			want := tt.want
			if tt.name == "other key" {
				keys, want = [][]byte{[]byte("another-secret-of-enough-length-000000")},
					errTokenInvalid
			}
			var c emailClaims
			if err := verifyHS256(keys, tt.token, tt.at, &c); !errors.Is(err, want) {
				t.Errorf("got %v, want %v", err, want)
			}
		})
	}
}

func TestEmailTokenClaims(t *testing.T) {
	a := newAuth(t, nil)
	tok, err := a.emailToken("Bob@Example.com", "", "")
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(tok, ".")
	payload, _ := b64.DecodeString(parts[1])
	var c emailClaims
	if err := verifyHS256(a.secrets, tok, time.Now(), &c); err != nil {
		t.Fatal(err)
	}
	want := `{"email":"bob@example.com","iat":`
	if !strings.HasPrefix(string(payload), want) || c.Expires-c.IssuedAt != 3600 {
		t.Errorf("got payload %s, want %s… with a one-hour lifetime", payload, want)
	}
	if h, _ := b64.DecodeString(parts[0]); string(h) != `{"alg":"HS256"}` {
		t.Errorf("got header %s, want {\"alg\":\"HS256\"}", h)
	}
}
