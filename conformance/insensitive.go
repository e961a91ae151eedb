package conformance

import (
	"testing"

	"github.com/kernia-go/kernia/core/storage"
)

// insensitiveCases returns upstream's case-insensitive cases: every
// string operator with Mode Insensitive, in reads and writes.
func insensitiveCases() []Case {
	return []Case{
		{Name: "findOne - eq with mode insensitive should match regardless of case",
			Run: ciFindOneEq},
		{Name: "findOne - eq with mode sensitive (default) should not match different case",
			Run: ciFindOneSensitive},
		{Name: "findMany - eq with mode insensitive", Run: ciFindManyEq},
		{Name: "findMany - ne with mode insensitive", Run: ciFindManyNe},
		{Name: "findMany - in with mode insensitive", Run: ciFindManyIn},
		{Name: "findMany - not_in with mode insensitive", Run: ciFindManyNotIn},
		{Name: "findMany - contains with mode insensitive",
			Run: ciPattern("prefixCONTAINSsuffix@test.com", storage.OpContains, "containssuffix")},
		{Name: "findMany - starts_with with mode insensitive",
			Run: ciPattern("STARTSwith@test.com", storage.OpStartsWith, "starts")},
		{Name: "findMany - ends_with with mode insensitive",
			Run: ciPattern("user@ENDSWITH.Com", storage.OpEndsWith, "endswith.com")},
		{Name: "count - with mode insensitive", Run: ciCount},
		{Name: "update - where with mode insensitive", Run: ciUpdate},
		{Name: "deleteMany - where with mode insensitive", Run: ciDeleteMany},
	}
}

// namedUser creates a random user with the email and name.
func namedUser(h *H, email, name string) storage.Record {
	h.t.Helper()
	return createAs(h, "user", storage.Record{"email": email, "name": name})
}

// ci returns an insensitive clause on field.
func ci(field string, op storage.Operator, value any) storage.Where {
	return storage.Where{Field: field, Operator: op, Value: value, Mode: storage.Insensitive}
}

func ciFindOneEq(t *testing.T, h *H) {
	user := createAs(h, "user", storage.Record{"email": "TestUser@Example.COM", "name": "CaseTest"})
	got := oneWhere(h, "user", ci("email", storage.OpEq, "testuser@example.com"))
	if got == nil || got["id"] != user["id"] {
		t.Fatalf("findOne: got %v, want user %v", got, user["id"])
	}
	if got["email"] != "TestUser@Example.COM" {
		t.Fatalf("stored email: got %q, want the original casing", got["email"])
	}
}

func ciFindOneSensitive(t *testing.T, h *H) {
	createAs(h, "user", storage.Record{"email": "ExactCase@Test.com", "name": "ExactCase"})
	where := storage.Where{Field: "email", Operator: storage.OpEq, Value: "exactcase@test.com",
		Mode: storage.Sensitive}
	if got := oneWhere(h, "user", where); got != nil {
		t.Fatalf("findOne with sensitive eq in another case: got %v, want nil", got)
	}
}

func ciFindManyEq(t *testing.T, h *H) {
	user := createAs(h, "user", storage.Record{"email": "FindMany@EQ.Test", "name": "FindManyEQ"})
	rows := manyWhere(h, storage.FindQuery{Model: "user",
		Where: []storage.Where{ci("email", storage.OpEq, "findmany@eq.test")}})
	wantIDs(h, "findMany", rows, user["id"])
}

func ciFindManyNe(t *testing.T, h *H) {
	users := firsts(h.InsertRandom("user", 3))
	exclude := namedUser(h, "ExcludeMe@NE.Test", "ExcludeMe")
	rows := manyWhere(h, storage.FindQuery{Model: "user",
		Where: []storage.Where{ci("email", storage.OpNe, "excludeme@ne.test")}})
	if hasID(rows, exclude["id"]) {
		t.Fatalf("findMany ne: got the excluded user %v in %v", exclude["id"], idsOf(rows))
	}
	if !hasID(rows, users[0]["id"]) {
		t.Fatalf("findMany ne: got %v, want it to hold %v", idsOf(rows), users[0]["id"])
	}
}

func ciFindManyIn(t *testing.T, h *H) {
	user := createAs(h, "user", storage.Record{"email": "InArray@Test.COM", "name": "InArray"})
	in := []string{"other@test.com", "inarray@test.com", "third@test.com"}
	rows := manyWhere(h, storage.FindQuery{Model: "user",
		Where: []storage.Where{ci("email", storage.OpIn, in)}})
	wantIDs(h, "findMany in", rows, user["id"])
}

func ciFindManyNotIn(t *testing.T, h *H) {
	users := firsts(h.InsertRandom("user", 2))
	exclude := createAs(h, "user", storage.Record{"email": "NotIn@Exclude.Test", "name": "NotIn"})
	rows := manyWhere(h, storage.FindQuery{Model: "user",
		Where: []storage.Where{ci("email", storage.OpNotIn, []string{"notin@exclude.test"})}})
	if hasID(rows, exclude["id"]) {
		t.Fatalf("findMany not_in: got the excluded user %v in %v", exclude["id"], idsOf(rows))
	}
	if !hasID(rows, users[0]["id"]) {
		t.Fatalf("findMany not_in: got %v, want it to hold %v", idsOf(rows), users[0]["id"])
	}
}

// ciPattern stores a user with email and finds it with an insensitive
// pattern operator.
func ciPattern(email string, op storage.Operator, value string) func(*testing.T, *H) {
	return func(t *testing.T, h *H) {
		user := createAs(h, "user", storage.Record{"email": email})
		rows := manyWhere(h, storage.FindQuery{Model: "user",
			Where: []storage.Where{ci("email", op, value)}})
		if !hasID(rows, user["id"]) {
			t.Fatalf("findMany %s %q: got %v, want it to hold %v",
				op, value, idsOf(rows), user["id"])
		}
	}
}

func ciCount(t *testing.T, h *H) {
	createAs(h, "user", storage.Record{"email": "CountTest@Case.INSENSITIVE", "name": "CountTest"})
	got := countWhere(h, "user", ci("email", storage.OpEq, "counttest@case.insensitive"))
	if got < 1 {
		t.Fatalf("count: got %d, want at least 1", got)
	}
}

func ciUpdate(t *testing.T, h *H) {
	user := createAs(h, "user",
		storage.Record{"email": "UpdateWhere@Insensitive.Test", "name": "BeforeUpdate"})
	got := updateWhere(h, "user",
		[]storage.Where{ci("email", storage.OpEq, "updatewhere@insensitive.test")},
		storage.Record{"name": "AfterUpdate"})
	if got == nil || got["name"] != "AfterUpdate" || got["id"] != user["id"] {
		t.Fatalf("update: got %v, want user %v named AfterUpdate", got, user["id"])
	}
}

func ciDeleteMany(t *testing.T, h *H) {
	keep := h.InsertRandom("user", 1)[0][0]
	gone := namedUser(h, "DeleteMany@Case.INSENSITIVE", "ToDelete")
	where := []storage.Where{ci("email", storage.OpEq, "deletemany@case.insensitive")}
	if _, err := h.DB.DeleteMany(h.Ctx(), "user", where); err != nil {
		t.Fatalf("deleteMany: %v", err)
	}
	if got := oneByID(h, "user", gone["id"].(string)); got != nil {
		t.Fatalf("deleted user: got %v, want nil", got)
	}
	if oneByID(h, "user", keep["id"].(string)) == nil {
		t.Fatal("kept user: got nil, want it kept")
	}
}
