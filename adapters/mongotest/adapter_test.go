package mongotest

import (
	"testing"

	"github.com/kernia-go/kernia/core/storage"
)

// TestUpdateWithoutData checks that an update with nothing to set changes
// nothing and still reports what matched.
func TestUpdateWithoutData(t *testing.T) {
	e := newEnv(t, nil, nil)
	u := e.user(t, "a", "a@x.io")
	e.user(t, "b", "b@x.io")
	byID := []storage.Where{{Field: "id", Operator: storage.OpEq, Value: u["id"],
		Connector: storage.And, Mode: storage.Sensitive}}
	got, err := e.a.Update(t.Context(), "user", byID, storage.Record{})
	if err != nil || got == nil || got["id"] != u["id"] || got["name"] != "a" {
		t.Errorf("update: got %v, %v; want user a unchanged", got, err)
	}
	n, err := e.a.UpdateMany(t.Context(), "user", nil, storage.Record{})
	if err != nil || n != 2 {
		t.Errorf("updateMany: got %d, %v; want 2", n, err)
	}
}

// TestUpdateReachesEveryMatch checks that Update changes every matching
// document, not only the one it returns.
func TestUpdateReachesEveryMatch(t *testing.T) {
	e := newEnv(t, nil, nil)
	e.user(t, "same", "a@x.io")
	e.user(t, "same", "b@x.io")
	got, err := e.db.Update(t.Context(), "user", []storage.Where{storage.Eq("name", "same")},
		storage.Record{"name": "changed"})
	if err != nil || got == nil || got["name"] != "changed" {
		t.Fatalf("update: got %v, %v", got, err)
	}
	n, err := e.db.Count(t.Context(), "user", []storage.Where{storage.Eq("name", "changed")})
	if err != nil || n != 2 {
		t.Errorf("changed users: got %d, %v; want 2", n, err)
	}
}
