package conformance

import (
	"errors"
	"testing"

	"github.com/kernia-go/kernia/core/storage"
)

// errSimulated is the error the transaction cases fail with on purpose.
var errSimulated = errors.New("conformance: simulated failure")

// transactionCases returns upstream's transaction case. Unlike upstream's
// harness, which silently degrades the transaction to a pass-through, the
// rollback really happens here.
func transactionCases() []Case {
	return []Case{{
		Name:  "transaction - should rollback failing transaction",
		Needs: []Capability{Transactions},
		Run:   rollbackFailing,
	}}
}

func rollbackFailing(t *testing.T, h *H) {
	user1 := h.Generate("user")
	err := h.DB.Transaction(h.Ctx(), func(tx *storage.DB) error {
		if _, err := tx.Create(h.Ctx(), "user", user1); err != nil {
			return err
		}
		users, err := tx.FindMany(h.Ctx(), storage.FindQuery{Model: "user"})
		if err != nil {
			return err
		}
		if len(users) != 1 {
			t.Errorf("users inside the transaction: got %d, want 1", len(users))
		}
		return errSimulated
	})
	if !errors.Is(err, errSimulated) {
		t.Fatalf("transaction: got error %v, want the function's error", err)
	}
	if rows := allOf(h, "user"); len(rows) != 0 {
		t.Fatalf("users after rollback: got %d, want 0", len(rows))
	}
}
