package conformance

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

// This file holds the helpers shared by the write, id, case-insensitive,
// transaction, auth-flow and extra cases.

// oneByID reads a record by id and fails the case on error. A missing
// record is nil.
func oneByID(h *H, model, id string) storage.Record {
	h.t.Helper()
	return oneWhere(h, model, storage.Eq("id", id))
}

// oneWhere runs FindOne and fails the case on error.
func oneWhere(h *H, model string, where ...storage.Where) storage.Record {
	h.t.Helper()
	rec, err := h.DB.FindOne(h.Ctx(), storage.FindQuery{Model: model, Where: where})
	if err != nil {
		h.Fatalf("findOne %s: %v", model, err)
	}
	return rec
}

// manyWhere runs FindMany and fails the case on error.
func manyWhere(h *H, q storage.FindQuery) []storage.Record {
	h.t.Helper()
	rows, err := h.DB.FindMany(h.Ctx(), q)
	if err != nil {
		h.Fatalf("findMany %s: %v", q.Model, err)
	}
	return rows
}

// allOf returns every record of model (up to 1,000).
func allOf(h *H, model string) []storage.Record {
	h.t.Helper()
	return manyWhere(h, storage.FindQuery{Model: model, Limit: 1000})
}

// countWhere runs Count and fails the case on error.
func countWhere(h *H, model string, where ...storage.Where) int64 {
	h.t.Helper()
	n, err := h.DB.Count(h.Ctx(), model, where)
	if err != nil {
		h.Fatalf("count %s: %v", model, err)
	}
	return n
}

// updateWhere runs Update and fails the case on error.
func updateWhere(h *H, model string, where []storage.Where, data storage.Record) storage.Record {
	h.t.Helper()
	rec, err := h.DB.Update(h.Ctx(), model, where, data)
	if err != nil {
		h.Fatalf("update %s: %v", model, err)
	}
	return rec
}

// createAs creates a random record of model with the fields in over
// replacing the generated ones, and fails the case on error.
func createAs(h *H, model string, over storage.Record) storage.Record {
	h.t.Helper()
	rec := h.Generate(model)
	for k, v := range over {
		rec[k] = v
	}
	return h.Create(model, rec)
}

// firsts returns the first record of every row that InsertRandom made.
func firsts(rows [][]storage.Record) []storage.Record {
	out := make([]storage.Record, len(rows))
	for i, r := range rows {
		out[i] = r[0]
	}
	return out
}

// idsOf returns the ids of the records, sorted.
func idsOf(recs []storage.Record) []string {
	out := make([]string, 0, len(recs))
	for _, r := range recs {
		out = append(out, fmt.Sprint(r["id"]))
	}
	sort.Strings(out)
	return out
}

// sortedIDs returns the ids given, sorted, for comparing with idsOf.
func sortedIDs(ids ...any) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, fmt.Sprint(id))
	}
	sort.Strings(out)
	return out
}

// wantIDs fails the case unless recs hold exactly the records with the
// given ids, in any order.
func wantIDs(h *H, what string, recs []storage.Record, ids ...any) {
	h.t.Helper()
	got, want := idsOf(recs), sortedIDs(ids...)
	if !slices.Equal(got, want) {
		h.Fatalf("%s: got ids %v, want %v", what, got, want)
	}
}

// hasID reports whether one of recs has the id.
func hasID(recs []storage.Record, id any) bool {
	for _, r := range recs {
		if fmt.Sprint(r["id"]) == fmt.Sprint(id) {
			return true
		}
	}
	return false
}

// with returns a copy of rec with the fields in over replaced.
func with(rec storage.Record, over storage.Record) storage.Record {
	out := make(storage.Record, len(rec)+len(over))
	for k, v := range rec {
		out[k] = v
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}

// wantRecord fails the case unless got holds exactly the fields and values
// of want. Dates compare as instants and must be in UTC.
func wantRecord(h *H, what string, got, want storage.Record) {
	h.t.Helper()
	if got == nil {
		h.Fatalf("%s: got nil, want %v", what, want)
	}
	if d := recordDiff(got, want); d != "" {
		h.Fatalf("%s: %s", what, d)
	}
}

// recordDiff describes how got differs from want, or returns "".
func recordDiff(got, want storage.Record) string {
	var diffs []string
	for k, w := range want {
		g, ok := got[k]
		if !ok {
			diffs = append(diffs, fmt.Sprintf("%s missing, want %#v", k, w))
			continue
		}
		if !sameValue(g, w) {
			diffs = append(diffs, fmt.Sprintf("%s: got %#v, want %#v", k, g, w))
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("unexpected field %s = %#v", k, g))
		}
	}
	sort.Strings(diffs)
	return strings.Join(diffs, "; ")
}

// sameValue compares two record values: dates as instants in UTC,
// everything else deeply.
func sameValue(got, want any) bool {
	if wt, ok := want.(time.Time); ok {
		gt, ok := got.(time.Time)
		return ok && gt.Equal(wt) && gt.Location() == time.UTC
	}
	return reflect.DeepEqual(got, want)
}

// millis truncates t to milliseconds in UTC, the precision dates are
// stored with.
func millis(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

// missingID returns an id of the variant's shape that no record has.
func missingID(h *H) string {
	switch h.Schema.IDType {
	case storage.IDUUID:
		return "6f1c1a52-4b0e-4c47-9d3e-0c5b9a7d2e11"
	case storage.IDSerial:
		return "100000"
	}
	return "100000"
}

// counterDefault returns a default function yielding 0, 1, 2, ... as
// int64, for upstream's numericField.
func counterDefault() func() any {
	var i int64
	return func() any {
		v := i
		i++
		return v
	}
}

// addUserField adds a field to the user model.
func addUserField(s *storage.Schema, f storage.Field) {
	s.Add(storage.Model{Name: "user", Fields: []storage.Field{f}})
}

// updateManyWhere runs UpdateMany and fails the case on error.
func updateManyWhere(h *H, model string, where []storage.Where, data storage.Record) int64 {
	h.t.Helper()
	n, err := h.DB.UpdateMany(h.Ctx(), model, where, data)
	if err != nil {
		h.Fatalf("updateMany %s: %v", model, err)
	}
	return n
}

// deleteWhere runs Delete and fails the case on error.
func deleteWhere(h *H, model string, where ...storage.Where) {
	h.t.Helper()
	if err := h.DB.Delete(h.Ctx(), model, where); err != nil {
		h.Fatalf("delete %s: %v", model, err)
	}
}

// deleteManyWhere runs DeleteMany and fails the case on error.
func deleteManyWhere(h *H, model string, where ...storage.Where) int64 {
	h.t.Helper()
	n, err := h.DB.DeleteMany(h.Ctx(), model, where)
	if err != nil {
		h.Fatalf("deleteMany %s: %v", model, err)
	}
	return n
}

// findWhere returns the records of model matching where, up to the
// default limit.
func findWhere(h *H, model string, where ...storage.Where) []storage.Record {
	h.t.Helper()
	return manyWhere(h, storage.FindQuery{Model: model, Where: where})
}
