package core

import "crypto/rand"

const idAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// GenerateID returns n characters drawn uniformly from [A-Za-z0-9] with a
// cryptographic source, the format of Better Auth's ids and tokens.
func GenerateID(n int) string { return randomString(idAlphabet, n) }

// lowerAlnum returns n characters drawn uniformly from [0-9a-z], the
// alphabet of upstream's deletion tokens.
func lowerAlnum(n int) string { return randomString("0123456789abcdefghijklmnopqrstuvwxyz", n) }

// randomString returns n characters drawn uniformly from alphabet (at
// most 256 of them) with a cryptographic source.
func randomString(alphabet string, n int) string {
	// Bytes at or above the largest multiple of len(alphabet) that fits in
	// a byte are rejected, so that every character is equally likely.
	limit := 256 - 256%len(alphabet)
	out := make([]byte, 0, n)
	buf := make([]byte, n+n/4+8)
	for len(out) < n {
		_, _ = rand.Read(buf) // crypto/rand.Read never fails
		for _, b := range buf {
			if int(b) >= limit {
				continue
			}
			out = append(out, alphabet[int(b)%len(alphabet)])
			if len(out) == n {
				break
			}
		}
	}
	return string(out)
}
