package conformance

import (
	"regexp"
	"strconv"
	"testing"

	"github.com/kernia-go/kernia/core/storage"
)

// numberIDCases returns the cases only the serial-id variant runs.
func numberIDCases() []Case {
	return []Case{{Name: "create - should return a number id", Run: createNumberID}}
}

// uuidCases returns the cases only the uuid variant runs.
func uuidCases() []Case {
	return []Case{
		{Name: "create - should return a uuid", Run: createUUID},
		{Name: "findOne - should find a model using a uuid", Run: findByUUID},
	}
}

var uuidPattern = regexp.MustCompile(
	`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func createNumberID(t *testing.T, h *H) {
	res := h.Create("user", h.Generate("user"))
	id, ok := res["id"].(string)
	if !ok {
		t.Fatalf("id: got %#v, want a string", res["id"])
	}
	if n, err := strconv.ParseInt(id, 10, 64); err != nil || n <= 0 {
		t.Fatalf("id: got %q, want a positive integer", id)
	}
}

func createUUID(t *testing.T, h *H) {
	res := h.Create("user", h.Generate("user"))
	id, ok := res["id"].(string)
	if !ok || !uuidPattern.MatchString(id) {
		t.Fatalf("id: got %#v, want a UUID string", res["id"])
	}
}

func findByUUID(t *testing.T, h *H) {
	res := h.Create("user", h.Generate("user"))
	got := oneWhere(h, "user", storage.Eq("id", res["id"]))
	if got == nil {
		t.Fatalf("findOne by id %v: got nil, want the user", res["id"])
	}
	if id, _ := got["id"].(string); !uuidPattern.MatchString(id) {
		t.Fatalf("id: got %#v, want a UUID string", got["id"])
	}
	wantRecord(h, "found user", got, res)
}
