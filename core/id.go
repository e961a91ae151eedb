package core

import "crypto/rand"

const idAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// GenerateID returns n characters drawn uniformly from [A-Za-z0-9] with a
// cryptographic source, the format of Better Auth's ids and tokens.
func GenerateID(n int) string {
	out := make([]byte, 0, n)
	buf := make([]byte, n+n/4+8)
	for len(out) < n {
		_, _ = rand.Read(buf) // crypto/rand.Read never fails
		for _, b := range buf {
			// 248 is the largest multiple of 62 below 256: rejecting the
			// rest keeps every character equally likely.
			if b >= 248 {
				continue
			}
			out = append(out, idAlphabet[b%62])
			if len(out) == n {
				break
			}
		}
	}
	return string(out)
}
