package conformance

import (
	"testing"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

// writeCases returns the normal cases for update, updateMany, delete,
// deleteMany and count, in upstream's order.
func writeCases() []Case {
	return []Case{
		{Name: "update - should update a model", Run: updateModel},
		{Name: "update - should return null when where is empty", Run: updateEmptyWhere},
		{Name: "updateMany - should update all models when where is empty", Run: updateManyAll},
		{Name: "updateMany - should update many models with a specific where",
			Run: updateManySpecific},
		{Name: "updateMany - should update many models with a multiple where",
			Run: updateManyMultiple},
		{Name: "delete - should delete a model", Run: deleteModel},
		{Name: "delete - should not throw on record not found", Run: deleteMissing},
		{Name: "delete - should delete by non-unique field", Run: deleteNonUnique},
		{Name: "deleteMany - should delete many models", Run: deleteManyModels},
		{Name: "deleteMany - starts_with should not interpret regex patterns",
			Run: deleteManyLiteral(storage.OpStartsWith, ".*danger")},
		{Name: "deleteMany - ends_with should not interpret regex patterns",
			Run: deleteManyLiteral(storage.OpEndsWith, "danger.*")},
		{Name: "deleteMany - contains should not interpret regex patterns",
			Run: deleteManyLiteral(storage.OpContains, "prefix-.*-suffix")},
		{Name: "deleteMany - should delete many models with numeric values",
			Schema: func(s *storage.Schema) {
				addUserField(s, storage.Field{Name: "numericField", Type: storage.TypeNumber,
					Default: counterDefault()})
			},
			Run: deleteManyNumeric},
		{Name: "deleteMany - should delete many models with boolean values",
			Run: deleteManyBoolean},
		{Name: "count - should count many models", Run: countMany},
		{Name: "count - should return 0 with no rows to count", Run: countEmpty},
		{Name: "count - should count with where clause", Run: countWhereOr},
		{Name: "update - should correctly return record when updating a field used in where clause",
			Run: updateWhereField},
		{Name: "update - should handle updating multiple fields including where clause field",
			Run: updateSeveralFields},
		{Name: "update - should work when updated field is not in where clause",
			Run: updateOtherField},
		{Name: "update - should support multiple where conditions under AND connector " +
			"with unique field", Run: updateAndUnique},
		{Name: "update - should return updated record when where condition uses null value",
			Run: updateWhereNull},
	}
}

func updateModel(t *testing.T, h *H) {
	user := h.InsertRandom("user", 1)[0][0]
	byID := []storage.Where{storage.Eq("id", user["id"])}
	got := updateWhere(h, "user", byID, storage.Record{"name": "test-name"})
	// updatedAt changes through its OnUpdate function.
	want := with(user, storage.Record{"name": "test-name", "updatedAt": got["updatedAt"]})
	wantRecord(h, "update result", got, want)
	if before := user["updatedAt"].(time.Time); timeOf(h, got, "updatedAt").Before(before) {
		t.Fatalf("updatedAt: got %v, want it at or after %v", got["updatedAt"], before)
	}
	found := oneByID(h, "user", user["id"].(string))
	wantRecord(h, "findOne after update", found,
		with(want, storage.Record{"updatedAt": found["updatedAt"]}))
}

// Upstream runs this on an empty table, where updating everything and
// updating nothing look the same; rows are inserted first here.
func updateEmptyWhere(t *testing.T, h *H) {
	before := firsts(h.InsertRandom("user", 3))
	got, err := h.DB.Update(h.Ctx(), "user", nil, storage.Record{"name": "test-name"})
	if err != nil {
		t.Fatalf("update with empty where: got error %v, want nil", err)
	}
	if got != nil {
		t.Fatalf("update with empty where: got %v, want nil", got)
	}
	for _, u := range before {
		wantRecord(h, "row after update with empty where", oneByID(h, "user", u["id"].(string)), u)
	}
}

func updateManyAll(t *testing.T, h *H) {
	users := firsts(h.InsertRandom("user", 3))
	updateManyWhere(h, "user", nil, storage.Record{"name": "test-name"})
	rows := allOf(h, "user")
	wantIDs(h, "rows after updateMany", rows, users[0]["id"], users[1]["id"], users[2]["id"])
	for _, u := range users {
		got := oneByID(h, "user", u["id"].(string))
		wantRecord(h, "row after updateMany", got,
			with(u, storage.Record{"name": "test-name", "updatedAt": got["updatedAt"]}))
	}
}

func updateManySpecific(t *testing.T, h *H) {
	users := firsts(h.InsertRandom("user", 3))
	where := []storage.Where{storage.Eq("id", users[0]["id"])}
	updateManyWhere(h, "user", where, storage.Record{"name": "test-name"})
	got := oneByID(h, "user", users[0]["id"].(string))
	wantRecord(h, "updated row", got,
		with(users[0], storage.Record{"name": "test-name", "updatedAt": got["updatedAt"]}))
}

func updateManyMultiple(t *testing.T, h *H) {
	users := firsts(h.InsertRandom("user", 3))
	where := []storage.Where{
		{Field: "id", Value: users[0]["id"], Connector: storage.Or},
		{Field: "id", Value: users[1]["id"], Connector: storage.Or},
	}
	updateManyWhere(h, "user", where, storage.Record{"name": "test-name"})
	got := oneByID(h, "user", users[0]["id"].(string))
	wantRecord(h, "updated row", got,
		with(users[0], storage.Record{"name": "test-name", "updatedAt": got["updatedAt"]}))
}

func deleteModel(t *testing.T, h *H) {
	user := h.InsertRandom("user", 1)[0][0]
	deleteWhere(h, "user", storage.Eq("id", user["id"]))
	if got := oneByID(h, "user", user["id"].(string)); got != nil {
		t.Fatalf("findOne after delete: got %v, want nil", got)
	}
}

func deleteMissing(t *testing.T, h *H) {
	err := h.DB.Delete(h.Ctx(), "user", []storage.Where{storage.Eq("id", missingID(h))})
	if err != nil {
		t.Fatalf("delete of a missing record: got error %v, want nil", err)
	}
}

func deleteNonUnique(t *testing.T, h *H) {
	v := h.InsertRandom("verification", 1)[0][1]
	byIdentifier := storage.Eq("identifier", v["identifier"])
	deleteWhere(h, "verification", byIdentifier)
	if got := oneWhere(h, "verification", byIdentifier); got != nil {
		t.Fatalf("findOne after delete: got %v, want nil", got)
	}
}

func deleteManyModels(t *testing.T, h *H) {
	users := firsts(h.InsertRandom("user", 3))
	where := []storage.Where{
		{Field: "id", Value: users[0]["id"], Connector: storage.Or},
		{Field: "id", Value: users[1]["id"], Connector: storage.Or},
	}
	deleteManyWhere(h, "user", where...)
	rows := allOf(h, "user")
	if len(rows) != 1 {
		t.Fatalf("rows after deleteMany: got %d, want 1", len(rows))
	}
	wantRecord(h, "remaining row", rows[0], users[2])
}

// deleteManyLiteral deletes with a pattern operator whose value is the
// regular expression ".*" and checks that only name, which holds it
// literally, is gone.
func deleteManyLiteral(op storage.Operator, name string) func(*testing.T, *H) {
	return func(t *testing.T, h *H) {
		literal := createAs(h, "user", storage.Record{"name": name})
		normal := firsts(h.InsertRandom("user", 3))
		deleteManyWhere(h, "user", storage.Where{Field: "name", Operator: op, Value: ".*"})
		if got := oneByID(h, "user", literal["id"].(string)); got != nil {
			t.Fatalf("user named %q after deleteMany: got %v, want nil", name, got)
		}
		for _, u := range normal {
			if oneByID(h, "user", u["id"].(string)) == nil {
				t.Fatalf("user %q after deleteMany: got nil, want it kept", u["name"])
			}
		}
	}
}

func deleteManyNumeric(t *testing.T, h *H) {
	users := firsts(h.InsertRandom("user", 3))
	for i, u := range users {
		if got := u["numericField"]; got != int64(i) {
			t.Fatalf("user %d numericField: got %#v, want %d", i, got, i)
		}
	}
	first := users[0]["numericField"]
	deleteManyWhere(h, "user",
		storage.Where{Field: "numericField", Operator: storage.OpGt, Value: first})
	rows := allOf(h, "user")
	if len(rows) != 1 {
		t.Fatalf("rows after deleteMany: got %d, want 1", len(rows))
	}
	wantRecord(h, "remaining row", rows[0], users[0])
}

func deleteManyBoolean(t *testing.T, h *H) {
	users := firsts(h.InsertRandom("user", 3))
	updateManyWhere(h, "user", nil, storage.Record{"emailVerified": true})
	updateWhere(h, "user", []storage.Where{storage.Eq("id", users[1]["id"])},
		storage.Record{"emailVerified": false})
	deleteManyWhere(h, "user", storage.Eq("emailVerified", true))
	wantIDs(h, "rows after deleteMany", allOf(h, "user"), users[1]["id"])
}

func countMany(t *testing.T, h *H) {
	users := h.InsertRandom("user", 15)
	if got := countWhere(h, "user"); got != int64(len(users)) {
		t.Fatalf("count: got %d, want %d", got, len(users))
	}
}

func countEmpty(t *testing.T, h *H) {
	if got := countWhere(h, "user"); got != 0 {
		t.Fatalf("count: got %d, want 0", got)
	}
}

func countWhereOr(t *testing.T, h *H) {
	users := firsts(h.InsertRandom("user", 15))
	got := countWhere(h, "user",
		storage.Where{Field: "id", Value: users[2]["id"], Connector: storage.Or},
		storage.Where{Field: "id", Value: users[3]["id"], Connector: storage.Or})
	if got != 2 {
		t.Fatalf("count: got %d, want 2", got)
	}
}

func updateWhereField(t *testing.T, h *H) {
	user := h.InsertRandom("user", 1)[0][0]
	old := user["email"]
	got := updateWhere(h, "user", []storage.Where{storage.Eq("email", old)},
		storage.Record{"email": "newemail@example.com"})
	if got == nil || got["email"] != "newemail@example.com" || got["id"] != user["id"] {
		t.Fatalf("update result: got %v, want id %v with the new email", got, user["id"])
	}
	found := oneWhere(h, "user", storage.Eq("email", "newemail@example.com"))
	if found == nil || found["id"] != user["id"] {
		t.Fatalf("findOne by new email: got %v, want id %v", found, user["id"])
	}
	if stale := oneWhere(h, "user", storage.Eq("email", old)); stale != nil {
		t.Fatalf("findOne by old email: got %v, want nil", stale)
	}
}

func updateSeveralFields(t *testing.T, h *H) {
	user := createAs(h, "user", storage.Record{"emailVerified": false})
	got := updateWhere(h, "user", []storage.Where{storage.Eq("email", user["email"])},
		storage.Record{"email": "updated@example.com", "name": "Updated Name",
			"emailVerified": true})
	if got == nil {
		t.Fatal("update result: got nil, want the updated user")
	}
	want := storage.Record{"email": "updated@example.com", "name": "Updated Name",
		"emailVerified": true, "id": user["id"]}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("update result %s: got %#v, want %#v", k, got[k], v)
		}
	}
}

func updateOtherField(t *testing.T, h *H) {
	user := h.InsertRandom("user", 1)[0][0]
	got := updateWhere(h, "user", []storage.Where{storage.Eq("email", user["email"])},
		storage.Record{"name": "Updated Name Only"})
	if got == nil {
		t.Fatal("update result: got nil, want the updated user")
	}
	if got["name"] != "Updated Name Only" || got["email"] != user["email"] ||
		got["id"] != user["id"] {
		t.Fatalf("update result: got %v, want %v with the new name", got, user)
	}
}

func updateAndUnique(t *testing.T, h *H) {
	user := h.InsertRandom("user", 1)[0][0]
	where := []storage.Where{storage.Eq("email", user["email"]), storage.Eq("id", user["id"])}
	got := updateWhere(h, "user", where, storage.Record{"name": "Updated Name"})
	if got == nil {
		t.Fatal("update result: got nil, want the updated user")
	}
	if got["name"] != "Updated Name" || got["email"] != user["email"] || got["id"] != user["id"] {
		t.Fatalf("update result: got %v, want %v with the new name", got, user)
	}
}

func updateWhereNull(t *testing.T, h *H) {
	user := createAs(h, "user", storage.Record{"image": nil})
	where := []storage.Where{storage.Eq("id", user["id"]), storage.Eq("image", nil)}
	got := updateWhere(h, "user", where, storage.Record{"name": "null-where-updated"})
	if got == nil {
		t.Fatal("update result: got nil, want the updated user")
	}
	if got["id"] != user["id"] || got["name"] != "null-where-updated" {
		t.Fatalf("update result: got %v, want id %v named null-where-updated", got, user["id"])
	}
}
