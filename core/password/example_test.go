package password_test

import (
	"context"
	"fmt"

	"github.com/kernia-go/kernia/core/password"
)

func ExampleHasher() {
	ctx := context.Background()
	var h password.Hasher // Argon2id, m=64 MiB, t=3, p=4

	// A hash written by Better Auth: "salt:key" with scrypt.
	legacy := "1111a306c18fe64fb82728c42f94feb3:2f13c19c8bc5e6ee52ca9304dd7a2e657ee5cc7b4ced" +
		"6ccf6042e45b0513afeb74ce5c2b11802beb90cabb0519e41e77c56c1718f8ab1eab93f8a5a4c95ae12e"
	ok, _ := h.Verify(ctx, legacy, "password123")
	fmt.Println("legacy hash verifies:", ok)
	if ok && h.NeedsRehash(legacy) {
		fresh, _ := h.Hash(ctx, "password123")
		fmt.Println("upgraded:", fresh[:30], "...", h.NeedsRehash(fresh))
	}
	// Output:
	// legacy hash verifies: true
	// upgraded: $argon2id$v=19$m=65536,t=3,p=4 ... false
}
