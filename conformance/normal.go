package conformance

import (
	"testing"

	"github.com/kernia-go/kernia/core/storage"
)

// normalCases returns upstream's normal suite: the create, findOne and
// findMany cases, then the write cases.
func normalCases() []Case {
	var out []Case
	out = append(out, createCases()...)
	out = append(out, findOneCases()...)
	out = append(out, findManyCases()...)
	return append(out, writeCases()...)
}

// initCase checks that the suite runs with the variant's options: its id
// strategy, and native joins only in the joins variant.
func initCase() Case {
	return Case{Name: "init - tests", Run: checkVariant}
}

func checkVariant(t *testing.T, h *H) {
	want := map[string]storage.IDType{
		"normal": storage.IDString, "joins": storage.IDString,
		"number-id": storage.IDSerial, "uuid": storage.IDUUID,
	}
	id, ok := want[h.Variant.Name]
	if !ok {
		t.Fatalf("variant: got %q, want normal, number-id, joins or uuid", h.Variant.Name)
	}
	if got := h.DB.Schema().IDType; got != id {
		t.Errorf("schema id type: got %q, want %q", got, id)
	}
	if got, want := h.opts.Joins, h.Variant.Name == "joins"; got != want {
		t.Errorf("joins option: got %v, want %v", got, want)
	}
	if h.opts.GenerateID != nil {
		t.Errorf("GenerateID: got a function, want nil")
	}
}
