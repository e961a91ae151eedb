package storage

import (
	"crypto/rand"
	"fmt"
	"strings"
)

const idAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// idLength is the length of the default string ids, as upstream makes them.
const idLength = 32

// randomID returns idLength characters drawn uniformly from idAlphabet.
// Bytes at or above the largest multiple of the alphabet's size are
// rejected so that every character is equally likely.
func randomID() string {
	const limit = 256 - 256%len(idAlphabet)
	out := make([]byte, 0, idLength)
	buf := make([]byte, idLength+idLength/2)
	for len(out) < idLength {
		rand.Read(buf) // never fails: crypto/rand panics rather than return an error
		for _, b := range buf {
			if int(b) >= limit {
				continue
			}
			out = append(out, idAlphabet[int(b)%len(idAlphabet)])
			if len(out) == idLength {
				break
			}
		}
	}
	return string(out)
}

// newUUID returns a random RFC 4122 version 4 UUID in its canonical
// lower-case form.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// isUUID reports whether s is a UUID that a uuid schema keeps: the
// canonical 8-4-4-4-12 hexadecimal form, in either case, of versions 1 to
// 5 with the RFC 4122 variant, as upstream accepts.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
			continue
		}
		if !isHex(c) {
			return false
		}
	}
	version, variant := s[14], s[19]
	return version >= '1' && version <= '5' && strings.ContainsRune("89abAB", rune(variant))
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
