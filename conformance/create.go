package conformance

import (
	"testing"

	"github.com/kernia-go/kernia/core/storage"
)

// createCases returns the normal cases for create.
func createCases() []Case {
	return []Case{
		{Name: "create - should create a model", Run: createModel},
		{Name: "create - should always return an id", Run: createReturnsID},
		{Name: "create - should use generateId if provided",
			Options: func(o *storage.Options) {
				o.GenerateID = func(string) string { return mockID }
			},
			Run: createUsesGenerateID},
		{Name: "create - should return null for nullable foreign keys",
			Schema: testModel(storage.Field{Name: "nullableReference", Type: storage.TypeString,
				References: &storage.Reference{Model: "user", Field: "id"}}),
			Run: createNullableReference},
		{Name: "create - should apply default values to fields",
			Schema: schemaChanges(userFields(defaultFields(true)...),
				testModel(defaultFields(true)...)),
			Run: createAppliesDefaults},
		{Name: "create - should support arrays",
			Schema: testModel(
				storage.Field{Name: "stringArray", Type: storage.TypeStringArray, Required: true},
				storage.Field{Name: "numberArray", Type: storage.TypeNumberArray, Required: true}),
			Run: createArrays},
		{Name: "create - should support json",
			Schema: testModel(storage.Field{Name: "json", Type: storage.TypeJSON, Required: true}),
			Run:    createJSON},
	}
}

// mockID is the id upstream's generateId case makes for every record.
const mockID = "MOCK-ID"

// createModel stores a generated user with its own id, as upstream's
// forceAllowId does, and expects it back unchanged. Under serial ids the
// database assigns the id, so it is taken from the result.
func createModel(t *testing.T, h *H) {
	user := h.Generate("user")
	var opts []storage.CreateOption
	if id := h.NewID(); id != "" {
		user["id"] = id
		opts = append(opts, storage.KeepID())
	}
	got, err := h.DB.Create(h.Ctx(), "user", user, opts...)
	if err != nil {
		t.Fatalf("create user: %v", err)
	}
	id := idOf(h, got)
	if h.Schema.IDType == storage.IDSerial {
		user["id"] = id
	}
	wantSame(h, "created user", got, user)
}

func createReturnsID(t *testing.T, h *H) {
	idOf(h, h.Create("user", h.Generate("user")))
}

func createUsesGenerateID(t *testing.T, h *H) {
	res := h.Create("user", h.Generate("user"))
	if res["id"] != mockID {
		t.Fatalf("id: got %#v, want %q", res["id"], mockID)
	}
	found := oneWhere(h, "user", storage.Eq("id", res["id"]))
	wantSame(h, "findOne by the generated id", found, res)
}

func createNullableReference(t *testing.T, h *H) {
	got := h.Create("testModel", storage.Record{"nullableReference": nil})
	v, ok := got["nullableReference"]
	if !ok || v != nil {
		t.Errorf("nullableReference: got %#v (present %v), want nil", v, ok)
	}
}

func createAppliesDefaults(t *testing.T, h *H) {
	res := h.Create("testModel", storage.Record{})
	idOf(h, res)
	wantDefaults(t, "testModel", res)
	wantDefaults(t, "user", h.Create("user", h.Generate("user")))
}

func wantDefaults(t *testing.T, model string, rec storage.Record) {
	t.Helper()
	if got := rec["testField"]; got != "test-value" {
		t.Errorf("%s.testField: got %#v, want %q", model, got, "test-value")
	}
	if got := rec["cbDefaultValueField"]; got != "advanced-test-value" {
		t.Errorf("%s.cbDefaultValueField: got %#v, want %q", model, got,
			"advanced-test-value")
	}
}

func createArrays(t *testing.T, h *H) {
	strs, nums := []string{"1", "2", "3"}, []int64{1, 2, 3}
	res := h.Create("testModel", storage.Record{"stringArray": strs, "numberArray": nums})
	wantSame(h, "created stringArray", res["stringArray"], strs)
	wantSame(h, "created numberArray", res["numberArray"], nums)
	found := oneWhere(h, "testModel", storage.Eq("id", res["id"]))
	wantSame(h, "findOne", found, res)
}

func createJSON(t *testing.T, h *H) {
	res := h.Create("testModel", storage.Record{"json": map[string]any{"foo": "bar"}})
	want := map[string]any{"foo": "bar"}
	wantSame(h, "created json", res["json"], want)
	found := oneWhere(h, "testModel", storage.Eq("id", res["id"]))
	wantSame(h, "findOne", found, res)
	wantSame(h, "found json", found["json"], want)
}
