package password

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/scrypt"
)

// Bounds on parameters read from a stored hash. They keep a corrupt or
// hostile row from making Verify allocate or spin without limit.
const (
	maxMemory  = 2 * 1024 * 1024 // KiB, 2 GiB
	maxTime    = 100
	minKeyLen  = 4
	maxKeyLen  = 1024
	minSaltLen = 8
	maxSaltLen = 1024
)

// Better Auth's scrypt parameters.
const (
	scryptN      = 16384
	scryptR      = 16
	scryptP      = 1
	scryptKeyLen = 64
)

type argonParams struct {
	memory  uint32
	time    uint32
	threads uint8
	keyLen  uint32
}

func (p argonParams) encode(salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s",
		p.memory, p.time, p.threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrMalformedHash}, args...)...)
}

// parseArgon reads "$argon2id$v=19$m=..,t=..,p=..$salt$key".
func parseArgon(s string) (argonParams, []byte, []byte, error) {
	var p argonParams
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" {
		return p, nil, nil, malformed("want 5 fields separated by $")
	}
	if parts[1] != "argon2id" {
		return p, nil, nil, malformed("unsupported algorithm %q", parts[1])
	}
	if parts[2] != "v=19" {
		return p, nil, nil, malformed("unsupported version %q", parts[2])
	}
	if err := p.parse(parts[3]); err != nil {
		return p, nil, nil, err
	}
	salt, err := decodeB64(parts[4], minSaltLen, maxSaltLen)
	if err != nil {
		return p, nil, nil, malformed("salt: %v", err)
	}
	key, err := decodeB64(parts[5], minKeyLen, maxKeyLen)
	if err != nil {
		return p, nil, nil, malformed("key: %v", err)
	}
	p.keyLen = uint32(len(key))
	return p, salt, key, nil
}

// parse reads "m=..,t=..,p=.." in that order, as every encoder writes it.
func (p *argonParams) parse(s string) error {
	fields := strings.Split(s, ",")
	if len(fields) != 3 {
		return malformed("want parameters m, t and p")
	}
	m, err := paramValue(fields[0], "m", 1, maxMemory)
	if err != nil {
		return err
	}
	t, err := paramValue(fields[1], "t", 1, maxTime)
	if err != nil {
		return err
	}
	th, err := paramValue(fields[2], "p", 1, 255)
	if err != nil {
		return err
	}
	if m < 8*th {
		return malformed("memory %d below 8 KiB per thread", m)
	}
	p.memory, p.time, p.threads = uint32(m), uint32(t), uint8(th)
	return nil
}

func paramValue(field, name string, lo, hi uint64) (uint64, error) {
	v, ok := strings.CutPrefix(field, name+"=")
	if !ok {
		return 0, malformed("want parameter %s", name)
	}
	n, err := strconv.ParseUint(v, 10, 32)
	if err != nil || n < lo || n > hi {
		return 0, malformed("parameter %s=%q out of range [%d, %d]", name, v, lo, hi)
	}
	return n, nil
}

func decodeB64(s string, lo, hi int) ([]byte, error) {
	// Some encoders pad; the PHC format says not to, so both are read.
	b, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return nil, err
	}
	if len(b) < lo || len(b) > hi {
		return nil, fmt.Errorf("length %d out of range [%d, %d]", len(b), lo, hi)
	}
	return b, nil
}

// parseScrypt reads Better Auth's "salt:keyHex". The salt is used as the
// bytes of the string itself (upstream hex-encodes random bytes and hashes
// with the hex text), so it is not decoded.
func parseScrypt(s string) (salt, key []byte, err error) {
	saltStr, keyHex, ok := strings.Cut(s, ":")
	if !ok || saltStr == "" || keyHex == "" || strings.Contains(keyHex, ":") {
		return nil, nil, malformed("want salt:key")
	}
	if len(saltStr) > maxSaltLen {
		return nil, nil, malformed("salt longer than %d bytes", maxSaltLen)
	}
	if len(keyHex) != 2*scryptKeyLen {
		return nil, nil, malformed("scrypt key is %d hex digits, want %d",
			len(keyHex), 2*scryptKeyLen)
	}
	key, err = hex.DecodeString(keyHex)
	if err != nil {
		return nil, nil, malformed("scrypt key: %v", err)
	}
	return []byte(saltStr), key, nil
}

func scryptKey(password, salt []byte) ([]byte, error) {
	k, err := scrypt.Key(password, salt, scryptN, scryptR, scryptP, scryptKeyLen)
	if err != nil {
		return nil, fmt.Errorf("password: scrypt: %w", err)
	}
	return k, nil
}
