package core

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// CacheJWE is the cookie cache encoding that encrypts the session: a JWE
// with "dir" key management and A256CBC-HS512 content encryption (RFC
// 7516, 7518), keyed by HKDF-SHA256 of the secret, as upstream.
const CacheJWE = "jwe"

const (
	jweSalt = "better-auth-session"
	jweInfo = "BetterAuth.js Generated Encryption Key"
	// jweLeeway is the clock tolerance upstream allows on exp.
	jweLeeway = 15 * time.Second
)

var errJWE = errors.New("core: malformed or unauthentic JWE")

// jweKey is a derived encryption key and its RFC 7638 thumbprint, which
// the JWE header names as its kid.
type jweKey struct {
	key []byte // 64 bytes: 32 for HMAC-SHA-512, 32 for AES-256
	kid string
}

func newJWEKey(secret []byte) (jweKey, error) {
	k, err := hkdf.Key(sha256.New, secret, []byte(jweSalt), jweInfo, 64)
	if err != nil {
		return jweKey{}, fmt.Errorf("core: derive cache key: %w", err)
	}
	jwk := `{"k":"` + base64.RawURLEncoding.EncodeToString(k) + `","kty":"oct"}`
	sum := sha256.Sum256([]byte(jwk))
	return jweKey{key: k, kid: base64.RawURLEncoding.EncodeToString(sum[:])}, nil
}

// jweKeys derives one key per secret, the signing one first.
func jweKeys(secrets [][]byte) ([]jweKey, error) {
	out := make([]jweKey, len(secrets))
	for i, s := range secrets {
		k, err := newJWEKey(s)
		if err != nil {
			return nil, err
		}
		out[i] = k
	}
	return out, nil
}

// encodeJWE encrypts the claims data plus iat, exp and jti.
func (a *Auth) encodeJWE(inner string, expires time.Time) (string, error) {
	k := a.jwe[0]
	claims := fmt.Sprintf(`%s,"iat":%d,"exp":%d,"jti":%q}`, inner[:len(inner)-1],
		time.Now().Unix(), expires.Unix(), newUUID())
	header := base64.RawURLEncoding.EncodeToString([]byte(
		`{"alg":"dir","enc":"A256CBC-HS512","kid":"` + k.kid + `"}`))
	iv := make([]byte, aes.BlockSize)
	_, _ = rand.Read(iv) // crypto/rand.Read never fails
	block, err := aes.NewCipher(k.key[32:])
	if err != nil {
		return "", fmt.Errorf("core: cache cipher: %w", err)
	}
	ct := pkcs7Pad([]byte(claims), aes.BlockSize)
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, ct)
	tag := jweTag(k.key[:32], header, iv, ct)
	enc := base64.RawURLEncoding.EncodeToString
	return header + ".." + enc(iv) + "." + enc(ct) + "." + enc(tag), nil
}

// jweTag is the A256CBC-HS512 authentication tag: the first half of
// HMAC-SHA-512 over AAD, IV, ciphertext and the AAD length in bits.
func jweTag(macKey []byte, aad string, iv, ct []byte) []byte {
	m := hmac.New(sha512.New, macKey)
	m.Write([]byte(aad))
	m.Write(iv)
	m.Write(ct)
	var al [8]byte
	binary.BigEndian.PutUint64(al[:], uint64(len(aad))*8)
	m.Write(al[:])
	return m.Sum(nil)[:32]
}

// decodeJWE decrypts a cache cookie with the key its kid names (or the
// first when it names none); exp gets upstream's tolerance.
func (a *Auth) decodeJWE(raw string) (*cachedSession, bool) {
	claims, err := a.openJWE(raw)
	if err != nil {
		return nil, true
	}
	var cs cachedSession
	if json.Unmarshal(claims, &cs) != nil {
		return nil, true
	}
	cs.expiresAt = time.Unix(cs.Exp, 0).Add(jweLeeway).UnixMilli()
	return &cs, false
}

func (a *Auth) openJWE(raw string) ([]byte, error) {
	parts := strings.Split(raw, ".")
	if len(parts) != 5 || parts[1] != "" {
		return nil, errJWE
	}
	dec := base64.RawURLEncoding.DecodeString
	hb, err1 := dec(parts[0])
	iv, err2 := dec(parts[2])
	ct, err3 := dec(parts[3])
	tag, err4 := dec(parts[4])
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		return nil, errJWE
	}
	var h struct{ Alg, Enc, Kid string }
	if json.Unmarshal(hb, &h) != nil || h.Alg != "dir" || h.Enc != "A256CBC-HS512" ||
		len(iv) != aes.BlockSize || len(ct) == 0 || len(ct)%aes.BlockSize != 0 {
		return nil, errJWE
	}
	k, err := a.jweKeyFor(h.Kid)
	if err != nil || !hmac.Equal(tag, jweTag(k.key[:32], parts[0], iv, ct)) {
		return nil, errJWE
	}
	block, err := aes.NewCipher(k.key[32:])
	if err != nil {
		return nil, errJWE
	}
	pt := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(pt, ct)
	return pkcs7Unpad(pt, aes.BlockSize)
}

// jweKeyFor returns the key a kid names, or the signing key for none.
func (a *Auth) jweKeyFor(kid string) (jweKey, error) {
	if kid == "" {
		return a.jwe[0], nil
	}
	for _, k := range a.jwe {
		if k.kid == kid {
			return k, nil
		}
	}
	return jweKey{}, errJWE
}

func pkcs7Pad(b []byte, size int) []byte {
	n := size - len(b)%size
	out := make([]byte, len(b)+n)
	copy(out, b)
	for i := len(b); i < len(out); i++ {
		out[i] = byte(n)
	}
	return out
}

// pkcs7Unpad runs after the tag has been verified, so a bad padding here
// is not a padding oracle.
func pkcs7Unpad(b []byte, size int) ([]byte, error) {
	if len(b) == 0 {
		return nil, errJWE
	}
	n := int(b[len(b)-1])
	if n == 0 || n > size || n > len(b) {
		return nil, errJWE
	}
	for _, c := range b[len(b)-n:] {
		if int(c) != n {
			return nil, errJWE
		}
	}
	return b[:len(b)-n], nil
}

// newUUID returns a random RFC 4122 version 4 UUID.
func newUUID() string {
	var u [16]byte
	_, _ = rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:])
}
