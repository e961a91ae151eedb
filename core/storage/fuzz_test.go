package storage

import (
	"errors"
	"testing"
)

// FuzzInput feeds arbitrary text to every field type, in creates and in
// where clauses, on adapters with and without native types. Bad input
// must give ErrInvalidQuery, never a panic.
func FuzzInput(f *testing.F) {
	for _, s := range []string{"", "12", "-3.0", "true", "2024-01-02T03:04:05Z", `["a"]`, "[1,2]",
		`{"a":1}`, "9223372036854775808", "NaN", "1e400"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, caps := range []Capabilities{allCaps, {SerialIDs: true}} {
			for _, id := range []IDType{IDString, IDSerial} {
				db, _ := newTestDB(t, caps, id)
				for _, field := range []string{"label", "n", "flag", "at", "doc", "tags", "nums",
					"owner"} {
					_, err := db.Create(t.Context(), "thing", Record{field: s})
					if err != nil && !errors.Is(err, ErrInvalidQuery) {
						t.Fatalf("create %s=%q: got %v, want nil or ErrInvalidQuery", field, s, err)
					}
					for _, op := range []Operator{OpEq, OpGt, OpIn, OpContains} {
						var v any = s
						if op == OpIn {
							v = []string{s}
						}
						_, err := db.Count(t.Context(), "thing", []Where{{Field: field, Operator: op,
							Value: v}})
						if err != nil && !errors.Is(err, ErrInvalidQuery) {
							t.Fatalf("where %s %s %q: got %v", field, op, s, err)
						}
					}
				}
			}
		}
	})
}

// FuzzOutput feeds arbitrary stored text to every field type: reading it
// may fail, but must not panic.
func FuzzOutput(f *testing.F) {
	for _, s := range []string{"", "1", "t", "2024-01-02 03:04:05", `[1]`, `{"a":`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, caps := range []Capabilities{allCaps, {}} {
			db, _ := newTestDB(t, caps, IDString)
			for _, fl := range db.index["thing"].all {
				_, _ = db.fromAdapter(fl, s)
				_, _ = db.fromAdapter(fl, []byte(s))
			}
		}
	})
}
