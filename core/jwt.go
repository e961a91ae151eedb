package core

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// Errors of the email token verifier; both end an email link with the
// matching wire code.
var (
	// errTokenExpired reports a well-signed token past its exp claim.
	errTokenExpired = errors.New("core: token expired")
	// errTokenInvalid reports any other verification failure.
	errTokenInvalid = errors.New("core: invalid token")
)

// emailClaims are the claims of an email verification or email change
// token, in upstream's key order.
type emailClaims struct {
	Email       string `json:"email"`
	UpdateTo    string `json:"updateTo,omitempty"`
	RequestType string `json:"requestType,omitempty"`
	IssuedAt    int64  `json:"iat"`
	Expires     int64  `json:"exp"`
}

var b64 = base64.RawURLEncoding

// signHS256 returns a compact JWS of the claims with HMAC-SHA256.
func signHS256(key []byte, claims any) (string, error) {
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	input := jwtHeader + "." + b64.EncodeToString(payload)
	return input + "." + b64.EncodeToString(hmacSum(key, input)), nil
}

// verifyHS256 checks a compact JWS against any of the keys and decodes
// its payload into claims. It accepts only alg HS256, compares signatures
// in constant time and checks exp and nbf without leeway, as jose does.
func verifyHS256(keys [][]byte, token string, now time.Time, claims any) error {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return errTokenInvalid
	}
	if !headerIsHS256(parts[0]) {
		return errTokenInvalid
	}
	sig, err := b64.DecodeString(parts[2])
	if err != nil {
		return errTokenInvalid
	}
	if !signedByAny(keys, parts[0]+"."+parts[1], sig) {
		return errTokenInvalid
	}
	payload, err := b64.DecodeString(parts[1])
	if err != nil {
		return errTokenInvalid
	}
	return checkTimes(payload, now, claims)
}

// headerIsHS256 reports whether an encoded JOSE header names HS256 and
// asks for no critical extensions.
func headerIsHS256(enc string) bool {
	raw, err := b64.DecodeString(enc)
	if err != nil {
		return false
	}
	var h map[string]any
	if json.Unmarshal(raw, &h) != nil {
		return false
	}
	_, crit := h["crit"]
	return h["alg"] == "HS256" && !crit
}

// checkTimes decodes the payload and enforces exp and nbf.
func checkTimes(payload []byte, now time.Time, claims any) error {
	var t struct {
		Exp *float64 `json:"exp"`
		Nbf *float64 `json:"nbf"`
	}
	if json.Unmarshal(payload, &t) != nil {
		return errTokenInvalid
	}
	sec := float64(now.Unix())
	if t.Nbf != nil && *t.Nbf > sec {
		return errTokenInvalid
	}
	if t.Exp != nil && *t.Exp <= sec {
		return errTokenExpired
	}
	if json.Unmarshal(payload, claims) != nil {
		return errTokenInvalid
	}
	return nil
}

// emailToken mints an email token for the address (and the new address
// of an email change) that lives EmailVerification.ExpiresIn.
func (a *Auth) emailToken(email, updateTo, requestType string) (string, error) {
	now := time.Now()
	return signHS256(a.secrets[0], emailClaims{
		Email: strings.ToLower(email), UpdateTo: strings.ToLower(updateTo),
		RequestType: requestType, IssuedAt: now.Unix(),
		Expires: now.Add(a.opts.EmailVerification.ExpiresIn).Unix(),
	})
}
