package conformance

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/kernia-go/kernia/core/storage"
)

// findManyCases returns the normal cases for findMany.
func findManyCases() []Case {
	oneToOne := oneToOneTable("")
	return []Case{
		{Name: "findMany - should find many models", Run: findManyAll},
		{Name: "findMany - should find many models with date fields", Run: findManyByDate},
		{Name: "findMany - should find many models with join", Run: findManyJoin},
		{Name: "findMany - should find many with join and limit", Run: findManyJoinLimit},
		{Name: "findMany - should select fields", Run: findManySelect},
		{Name: "findMany - should select fields with one-to-many join",
			Run: findManySelectJoin("session")},
		{Name: "findMany - should select fields with one-to-one join",
			Schema: oneToOne, Run: findManySelectOneToOne},
		{Name: "findMany - should select fields with multiple joins",
			Run: findManySelectJoin("session", "account")},
		{Name: "findMany - should find many with join and offset", Run: findManyJoinOffset},
		{Name: "findMany - should find many with join and sortBy",
			Schema: numericField(0), Run: findManyJoinSort},
		{Name: "findMany - should find many with join and where clause", Run: findManyJoinWhere},
		{Name: "findMany - should find many with join, where, limit, and offset",
			Run: findManyJoinWindow},
		{Name: "findMany - should find many with one-to-one join",
			Schema: oneToOne, Run: findManyOneToOne},
		{Name: "findMany - should find many with both one-to-one and one-to-many joins",
			Schema: oneToOne, Run: findManyBothJoins},
		{Name: "findMany - should return an empty array when no models are found",
			Run: findManyNone(nil)},
		{Name: "findMany - should return empty array when base records don't exist with joins",
			Schema: oneToOne, Run: findManyNone(join("session", "account", "oneToOneTable"))},
		{Name: "findMany - should find many models with starts_with operator",
			Run: findManyAllWhere(storage.Where{Field: "name", Operator: storage.OpStartsWith,
				Value: "user"})},
		{Name: "findMany - starts_with should not interpret regex patterns",
			Run: findManyLiteral(storage.OpStartsWith, ".*danger")},
		{Name: "findMany - ends_with should not interpret regex patterns",
			Run: findManyLiteral(storage.OpEndsWith, "danger.*")},
		{Name: "findMany - contains should not interpret regex patterns",
			Run: findManyLiteral(storage.OpContains, "prefix-.*-suffix")},
		{Name: "findMany - should find many models with ends_with operator",
			Run: findManyEndsWith},
		{Name: "findMany - should find many models with contains operator",
			Run: findManyContains},
		{Name: "findMany - should handle multiple where conditions with different operators",
			Run: findManyMixedOperators},
		{Name: "findMany - should find many models with contains operator (using symbol)",
			Run: findManyAllWhere(storage.Where{Field: "email", Operator: storage.OpContains,
				Value: "@"})},
		{Name: "findMany - should find many models with eq operator", Run: findManyEq},
		{Name: "findMany - should find many models with ne operator", Run: findManyNe},
		{Name: "findMany - should find many models with gt operator", Run: findManyGt},
		{Name: "findMany - should find many models with gte operator", Run: findManyGte},
		{Name: "findMany - should find many models with lte operator",
			Run: findManyFirstDate(storage.OpLte)},
		{Name: "findMany - should find many models with lt operator",
			Run: findManyFirstDate(storage.OpLt)},
		{Name: "findMany - should find many models with in operator", Run: findManyIn},
		{Name: "findMany - should find many models with not_in operator", Run: findManyNotIn},
		{Name: "findMany - should find many models with sortBy",
			Schema: numericField(-1), Run: findManySort},
		{Name: "findMany - should find many models with limit", Run: findManyLimit},
		{Name: "findMany - should find many models with offset", Run: findManyOffset},
		{Name: "findMany - should find many models with limit and offset",
			Run: findManyLimitOffset},
		{Name: "findMany - should find many models with sortBy and offset",
			Schema: numericField(-1), Run: findManySortWindow(0, 2, 2, 5)},
		{Name: "findMany - should find many models with sortBy and limit",
			Schema: numericField(-1), Run: findManySortWindow(2, 0, 0, 2)},
		{Name: "findMany - should find many models with sortBy and limit and offset",
			Schema: numericField(-1), Run: findManySortWindow(2, 2, 2, 4)},
		{Name: "findMany - should find many models with sortBy and limit and offset and where",
			Schema: numericField(-1), Run: findManySortWindowWhere},
		{Name: "findMany - backwards join should only return single record not array",
			Run: findManyBackwardsSingle},
		{Name: "findMany - should be able to perform a limited join",
			Run: findManyLimitedJoin},
		{Name: "findMany - should be able to perform a complex limited join",
			Run: findManyComplexLimitedJoin},
		{Name: "findMany - should return null for one-to-one join when joined records " +
			"don't exist",
			Schema: oneToOne, Run: findManyMissingOneToOne},
		{Name: "findMany - should return empty array for one-to-many join when joined " +
			"records don't exist",
			Run: findManyMissingOneToMany},
		{Name: "findMany - should handle mixed joins correctly when some are missing",
			Schema: oneToOne, Run: findManyMixedJoins},
		{Name: "findMany - eq operator with null value (single condition) should use IS NULL",
			Run: findManyNullSingle},
		{Name: "findMany - eq and ne operators with null value in AND group should use " +
			"IS NULL / IS NOT NULL",
			Run: findManyNullAnd},
		{Name: "findMany - eq and ne operators with null value in OR group should use " +
			"IS NULL / IS NOT NULL",
			Run: findManyNullOr},
	}
}

// users finds the users matching where, failing the case on error.
func users(h *H, where ...storage.Where) []storage.Record {
	h.t.Helper()
	return manyWhere(h, storage.FindQuery{Model: "user", Where: where})
}

// wantSet reports an error unless got holds the records of want in any
// order.
func wantSet(h *H, what string, got, want []storage.Record) {
	h.t.Helper()
	wantSame(h, what, sortByID(got), sortByID(want))
}

// keep returns the records for which ok is true.
func keep(recs []storage.Record, ok func(storage.Record) bool) []storage.Record {
	var out []storage.Record
	for _, r := range recs {
		if ok(r) {
			out = append(out, r)
		}
	}
	return out
}

// byIDIn returns the record of recs with the id, or nil.
func byIDIn(recs []storage.Record, id any) storage.Record {
	for _, r := range recs {
		if r["id"] == id {
			return r
		}
	}
	return nil
}

// anyID matches the records with any of the ids, as a group of OR clauses.
func anyID(recs ...storage.Record) []storage.Where {
	out := make([]storage.Where, len(recs))
	for i, r := range recs {
		out[i] = storage.Where{Field: "id", Operator: storage.OpEq, Value: r["id"],
			Connector: storage.Or}
	}
	return out
}

// whereDate compares createdAt with the record's.
func whereDate(h *H, op storage.Operator, rec storage.Record) storage.Where {
	return storage.Where{Field: "createdAt", Operator: op, Value: timeOf(h, rec, "createdAt")}
}

func findManyAll(t *testing.T, h *H) {
	want := firsts(h.InsertRandom("user", 3))
	wantSet(h, "all users", users(h), want)
}

func findManyByDate(t *testing.T, h *H) {
	all := firsts(h.InsertRandom("user", 3))
	youngest := all[0]
	for _, u := range all[1:] {
		if timeOf(h, u, "createdAt").After(timeOf(h, youngest, "createdAt")) {
			youngest = u
		}
	}
	cut := timeOf(h, youngest, "createdAt")
	want := keep(all, func(u storage.Record) bool { return timeOf(h, u, "createdAt").Before(cut) })
	wantSet(h, "users created before the youngest", users(h, whereDate(h, storage.OpLt, youngest)),
		want)
}

func findManyJoin(t *testing.T, h *H) {
	var want []storage.Record
	for i := range 10 {
		over := storage.Record{}
		if i < 3 {
			over["name"] = fmt.Sprintf("join-user-%d", i)
		}
		user := createAs(h, "user", over)
		var sessions, accounts []storage.Record
		for range 3 {
			sessions = append(sessions, childOf(h, "session", user))
		}
		for range 3 {
			accounts = append(accounts, childOf(h, "account", user))
		}
		if i < 3 {
			want = append(want, with(user, storage.Record{
				"session": sortByID(sessions), "account": sortByID(accounts)}))
		}
	}
	got := manyWhere(h, storage.FindQuery{Model: "user",
		Where: []storage.Where{{Field: "name", Operator: storage.OpStartsWith,
			Value: "join-user"}},
		Join: join("session", "account")})
	for i, u := range got {
		got[i] = with(u, storage.Record{
			"session": sortByID(joinedMany(h, u, "session")),
			"account": sortByID(joinedMany(h, u, "account")),
		})
	}
	wantSet(h, "users with joins", got, want)
}

// usersWithSessions creates n users, named by name when it is not nil,
// each with k sessions.
func usersWithSessions(h *H, n, k int, name func(i int) string) []storage.Record {
	h.t.Helper()
	var out []storage.Record
	for i := range n {
		over := storage.Record{}
		if name != nil {
			over["name"] = name(i)
		}
		user := createAs(h, "user", over)
		for range k {
			childOf(h, "session", user)
		}
		out = append(out, user)
	}
	return out
}

func findManyJoinLimit(t *testing.T, h *H) {
	usersWithSessions(h, 5, 3, nil)
	got := manyWhere(h, storage.FindQuery{Model: "user", Join: join("session"), Limit: 2})
	if len(got) != 2 {
		t.Fatalf("users: got %d, want 2", len(got))
	}
	for _, u := range got {
		wantChildren(h, u, "session", 3)
	}
}

func findManySelect(t *testing.T, h *H) {
	created := firsts(h.InsertRandom("user", 3))
	var ids []string
	var want []storage.Record
	for _, u := range created {
		ids = append(ids, idOf(h, u))
		want = append(want, storage.Record{"id": u["id"], "email": u["email"]})
	}
	got := manyWhere(h, storage.FindQuery{Model: "user",
		Where:  []storage.Where{{Field: "id", Operator: storage.OpIn, Value: ids}},
		Select: []string{"id", "email"}})
	wantSet(h, "selected fields", got, want)
}

func findManySelectJoin(models ...string) func(*testing.T, *H) {
	return func(t *testing.T, h *H) {
		user := h.Create("user", h.Generate("user"))
		children := map[string]storage.Record{}
		for _, m := range models {
			children[m] = childOf(h, m, user)
		}
		got := manyWhere(h, storage.FindQuery{Model: "user", Where: byID(user),
			Select: []string{"email", "name"}, Join: join(models...)})
		if len(got) != 1 {
			t.Fatalf("users: got %d, want 1", len(got))
		}
		wantSelectedJoins(h, got[0], user, children)
	}
}

func findManySelectOneToOne(t *testing.T, h *H) {
	user := h.Create("user", h.Generate("user"))
	one := oneToOneFor(h, user["id"])
	got := manyWhere(h, storage.FindQuery{Model: "user", Where: byID(user),
		Select: []string{"email", "name"}, Join: join("oneToOneTable")})
	if len(got) != 1 {
		t.Fatalf("users: got %d, want 1", len(got))
	}
	wantSame(h, "email", got[0]["email"], user["email"])
	wantSame(h, "name", got[0]["name"], user["name"])
	wantSame(h, "joined oneToOneTable", joinedOne(h, got[0], "oneToOneTable"), one)
}

func findManyJoinOffset(t *testing.T, h *H) {
	usersWithSessions(h, 5, 2, func(i int) string { return fmt.Sprintf("user-%02d", i) })
	got := manyWhere(h, storage.FindQuery{Model: "user", Join: join("session"), Offset: 2})
	if len(got) != 3 {
		t.Fatalf("users: got %d, want 3", len(got))
	}
}

func findManyJoinSort(t *testing.T, h *H) {
	usersWithSessions(h, 5, 2, nil)
	got := manyWhere(h, storage.FindQuery{Model: "user", Join: join("session"),
		SortBy: &storage.SortBy{Field: "numericField", Desc: true}})
	if len(got) != 5 {
		t.Fatalf("users: got %d, want 5", len(got))
	}
	first, last := numberOf(h, got[0], "numericField"), numberOf(h, got[4], "numericField")
	if first <= last {
		t.Errorf("numericField desc: got first %d, last %d, want first > last", first, last)
	}
	for _, u := range got {
		if len(joinedMany(h, u, "session")) == 0 {
			t.Errorf("sessions of %v: got none, want some", u["id"])
		}
	}
}

func findManyJoinWhere(t *testing.T, h *H) {
	usersWithSessions(h, 5, 2, func(i int) string {
		if i < 2 {
			return fmt.Sprintf("target-user-%d", i)
		}
		return fmt.Sprintf("other-user-%d", i)
	})
	got := manyWhere(h, storage.FindQuery{Model: "user", Join: join("session"),
		Where: []storage.Where{{Field: "name", Operator: storage.OpStartsWith,
			Value: "target-user"}}})
	if len(got) != 2 {
		t.Fatalf("users: got %d, want 2", len(got))
	}
	for _, u := range got {
		if name, _ := u["name"].(string); !strings.HasPrefix(name, "target-user") {
			t.Errorf("name: got %q, want prefix %q", name, "target-user")
		}
		wantChildren(h, u, "session", 2)
	}
}

func findManyJoinWindow(t *testing.T, h *H) {
	usersWithSessions(h, 10, 2, func(i int) string { return fmt.Sprintf("target-%02d", i) })
	got := manyWhere(h, storage.FindQuery{Model: "user", Join: join("session"),
		Where: []storage.Where{{Field: "name", Operator: storage.OpStartsWith,
			Value: "target"}},
		Limit: 3, Offset: 2})
	if len(got) != 3 {
		t.Fatalf("users: got %d, want 3", len(got))
	}
	for _, u := range got {
		wantChildren(h, u, "session", 2)
	}
}

func findManyOneToOne(t *testing.T, h *H) {
	for _, u := range firsts(h.InsertRandom("user", 3)) {
		oneToOneFor(h, u["id"])
	}
	got := manyWhere(h, storage.FindQuery{Model: "user", Join: join("oneToOneTable")})
	joined := keep(got, func(u storage.Record) bool {
		return joinedOne(h, u, "oneToOneTable") != nil
	})
	if len(joined) != 3 {
		t.Fatalf("users with oneToOneTable: got %d, want 3", len(joined))
	}
	for _, u := range joined {
		if one := joinedOne(h, u, "oneToOneTable"); one["oneToOne"] != u["id"] {
			t.Errorf("oneToOne of %v: got %v, want the user's id", u["id"], one["oneToOne"])
		}
	}
}

func findManyBothJoins(t *testing.T, h *H) {
	for _, u := range firsts(h.InsertRandom("user", 2)) {
		oneToOneFor(h, u["id"])
		childOf(h, "session", u)
		childOf(h, "session", u)
	}
	got := manyWhere(h, storage.FindQuery{Model: "user",
		Join: join("oneToOneTable", "session")})
	both := keep(got, func(u storage.Record) bool {
		return joinedOne(h, u, "oneToOneTable") != nil && len(joinedMany(h, u, "session")) > 0
	})
	if len(both) < 2 {
		t.Fatalf("users with both joins: got %d, want at least 2", len(both))
	}
}

// findManyNone looks for a missing id, with the joins given.
func findManyNone(joins []storage.JoinRequest) func(*testing.T, *H) {
	return func(t *testing.T, h *H) {
		got, err := h.DB.FindMany(h.Ctx(), storage.FindQuery{Model: "user",
			Where: []storage.Where{storage.Eq("id", missingID(h))}, Join: joins})
		if err != nil || len(got) != 0 {
			t.Fatalf("findMany missing id: got %v, %v, want [], nil", got, err)
		}
	}
}

// findManyAllWhere expects where to match every generated user.
func findManyAllWhere(where storage.Where) func(*testing.T, *H) {
	return func(t *testing.T, h *H) {
		want := firsts(h.InsertRandom("user", 3))
		wantSet(h, "matching users", users(h, where), want)
	}
}

// findManyLiteral expects a pattern operator to treat ".*" literally: it
// matches only the user whose name holds it.
func findManyLiteral(op storage.Operator, name string) func(*testing.T, *H) {
	return func(t *testing.T, h *H) {
		literal := createAs(h, "user", storage.Record{"name": name})
		h.InsertRandom("user", 3)
		got := users(h, storage.Where{Field: "name", Operator: op, Value: ".*"})
		if len(got) != 1 || got[0]["id"] != literal["id"] || got[0]["name"] != name {
			t.Fatalf("%s %q: got %v, want only the user named %q", op, ".*", got, name)
		}
	}
}

func findManyEndsWith(t *testing.T, h *H) {
	all := firsts(h.InsertRandom("user", 3))
	for _, u := range all {
		name, _ := u["name"].(string)
		res := updateWhere(h, "user", byID(u), storage.Record{"name": strings.ToLower(name)})
		if res == nil {
			t.Fatalf("update %v: got nil, want the record", u["id"])
		}
		u["name"], u["updatedAt"] = res["name"], res["updatedAt"]
	}
	name, _ := all[0]["name"].(string)
	if name == "" {
		t.Fatalf("name: got %#v, want a non-empty string", all[0]["name"])
	}
	suffix := name[len(name)-1:]
	want := keep(all, func(u storage.Record) bool {
		n, _ := u["name"].(string)
		return strings.HasSuffix(n, suffix)
	})
	got := users(h, storage.Where{Field: "name", Operator: storage.OpEndsWith, Value: suffix})
	wantSet(h, "users whose name ends with "+suffix, got, want)
}

func findManyContains(t *testing.T, h *H) {
	want := firsts(h.InsertRandom("user", 3))
	if email, _ := want[0]["email"].(string); !strings.Contains(email, "@email.com") {
		t.Fatalf("generated email: got %q, want it to contain %q", email, "@email.com")
	}
	got := users(h, storage.Where{Field: "email", Operator: storage.OpContains, Value: "mail"})
	wantSet(h, "users whose email contains mail", got, want)
}

func findManyMixedOperators(t *testing.T, h *H) {
	john := createAs(h, "user", storage.Record{"name": "john doe", "email": "john@example.com"})
	jane := createAs(h, "user", storage.Record{"name": "jane smith", "email": "jane@gmail.com"})
	and := func(field string, op storage.Operator, v string) storage.Where {
		return storage.Where{Field: field, Operator: op, Value: v, Connector: storage.And}
	}
	queries := []struct {
		where []storage.Where
		want  storage.Record
	}{
		{[]storage.Where{and("email", storage.OpEq, "john@example.com"),
			and("name", storage.OpContains, "john")}, john},
		{[]storage.Where{and("email", storage.OpContains, "gmail"),
			and("name", storage.OpContains, "jane")}, jane},
		{[]storage.Where{and("email", storage.OpStartsWith, "john"),
			and("name", storage.OpContains, "john")}, john},
	}
	for i, q := range queries {
		got := users(h, q.where...)
		if len(got) != 1 || got[0]["email"] != q.want["email"] ||
			got[0]["name"] != q.want["name"] {
			t.Errorf("query %d: got %v, want only %v <%v>", i+1, got, q.want["name"],
				q.want["email"])
		}
	}
}

func findManyEq(t *testing.T, h *H) {
	all := firsts(h.InsertRandom("user", 3))
	got := users(h, storage.Where{Field: "email", Operator: storage.OpEq, Value: all[0]["email"]})
	wantSet(h, "users with the email", got, all[:1])
}

func findManyNe(t *testing.T, h *H) {
	all := firsts(h.InsertRandom("user", 3))
	got := users(h, storage.Where{Field: "email", Operator: storage.OpNe, Value: all[0]["email"]})
	wantSet(h, "users with another email", got, all[1:])
}

// oldestFirst returns the users ordered by createdAt, oldest first.
func oldestFirst(h *H, recs []storage.Record) []storage.Record {
	return sortedBy(recs, func(a, b storage.Record) bool {
		return timeOf(h, a, "createdAt").Before(timeOf(h, b, "createdAt"))
	})
}

func findManyGt(t *testing.T, h *H) {
	all := oldestFirst(h, firsts(h.InsertRandom("user", 3)))
	oldest := timeOf(h, all[0], "createdAt")
	want := keep(all, func(u storage.Record) bool { return timeOf(h, u, "createdAt").After(oldest) })
	got := users(h, whereDate(h, storage.OpGt, all[0]))
	if len(got) == 0 {
		t.Fatalf("users created after the oldest: got none, want some")
	}
	wantSet(h, "users created after the oldest", got, want)
}

// findManyGte compares with the youngest user, as upstream does.
func findManyGte(t *testing.T, h *H) {
	all := oldestFirst(h, firsts(h.InsertRandom("user", 3)))
	youngest := all[len(all)-1]
	cut := timeOf(h, youngest, "createdAt")
	want := keep(all, func(u storage.Record) bool { return !timeOf(h, u, "createdAt").Before(cut) })
	got := users(h, whereDate(h, storage.OpGte, youngest))
	if len(got) == 0 {
		t.Fatalf("users created at or after the youngest: got none, want some")
	}
	wantSet(h, "users created at or after the youngest", got, want)
}

// findManyFirstDate compares createdAt with the first created user's using
// lt or lte.
func findManyFirstDate(op storage.Operator) func(*testing.T, *H) {
	return func(t *testing.T, h *H) {
		all := firsts(h.InsertRandom("user", 3))
		cut := timeOf(h, all[0], "createdAt")
		want := keep(all, func(u storage.Record) bool {
			d := timeOf(h, u, "createdAt")
			return d.Before(cut) || op == storage.OpLte && d.Equal(cut)
		})
		got := users(h, whereDate(h, op, all[0]))
		wantSet(h, fmt.Sprintf("users with createdAt %s the first's", op), got, want)
	}
}

func findManyIn(t *testing.T, h *H) {
	all := firsts(h.InsertRandom("user", 3))
	got := users(h, storage.Where{Field: "id", Operator: storage.OpIn,
		Value: []string{idOf(h, all[0]), idOf(h, all[1])}})
	wantSet(h, "users in the ids", got, all[:2])
}

func findManyNotIn(t *testing.T, h *H) {
	all := firsts(h.InsertRandom("user", 3))
	got := users(h, storage.Where{Field: "id", Operator: storage.OpNotIn,
		Value: []string{idOf(h, all[0]), idOf(h, all[1])}})
	wantSame(h, "users not in the ids", got, all[2:])
}

// byNumericField returns the users ordered by numericField.
func byNumericField(h *H, recs []storage.Record) []storage.Record {
	return sortedBy(recs, func(a, b storage.Record) bool {
		return numberOf(h, a, "numericField") < numberOf(h, b, "numericField")
	})
}

func findManySort(t *testing.T, h *H) {
	all := firsts(h.InsertRandom("user", 5))
	got := manyWhere(h, storage.FindQuery{Model: "user",
		SortBy: &storage.SortBy{Field: "numericField"}})
	var gotN, wantN []int64
	for _, u := range got {
		gotN = append(gotN, numberOf(h, u, "numericField"))
	}
	for _, u := range byNumericField(h, all) {
		wantN = append(wantN, numberOf(h, u, "numericField"))
	}
	wantSame(h, "numericField in order", gotN, wantN)
	if h.Schema.IDType == storage.IDSerial {
		if _, err := strconv.ParseInt(fmt.Sprint(all[0]["id"]), 10, 64); err != nil {
			t.Errorf("serial id: got %q, want a number", all[0]["id"])
		}
	}
}

func findManyLimit(t *testing.T, h *H) {
	all := firsts(h.InsertRandom("user", 3))
	got := manyWhere(h, storage.FindQuery{Model: "user", Limit: 2})
	if len(got) != 2 {
		t.Fatalf("users: got %d, want 2", len(got))
	}
	if byIDIn(all, got[0]["id"]) == nil {
		t.Errorf("first user: got id %v, want one of the created", got[0]["id"])
	}
}

func findManyOffset(t *testing.T, h *H) {
	h.InsertRandom("user", 10)
	if got := manyWhere(h, storage.FindQuery{Model: "user", Offset: 2}); len(got) != 8 {
		t.Fatalf("users: got %d, want 8", len(got))
	}
}

func findManyLimitOffset(t *testing.T, h *H) {
	h.InsertRandom("user", 5)
	got := manyWhere(h, storage.FindQuery{Model: "user", Limit: 2, Offset: 2})
	if len(got) != 2 {
		t.Fatalf("users: got %d, want 2", len(got))
	}
	for _, u := range got {
		for _, f := range []string{"id", "name", "email"} {
			if _, ok := u[f]; !ok {
				t.Errorf("user %v: got no %s, want one", u["id"], f)
			}
		}
	}
}

// findManySortWindow sorts five users by numericField with the limit and
// offset given and expects sorted[from:to].
func findManySortWindow(limit, offset, from, to int) func(*testing.T, *H) {
	return func(t *testing.T, h *H) {
		all := byNumericField(h, firsts(h.InsertRandom("user", 5)))
		got := manyWhere(h, storage.FindQuery{Model: "user",
			SortBy: &storage.SortBy{Field: "numericField"}, Limit: limit, Offset: offset})
		wantSame(h, fmt.Sprintf("users sorted, limit %d offset %d", limit, offset),
			got, all[from:to])
	}
}

// findManySortWindowWhere checks the order of operations: filter, sort,
// offset, then limit.
func findManySortWindowWhere(t *testing.T, h *H) {
	all := firsts(h.InsertRandom("user", 10))
	for _, u := range all[5:] {
		res := updateWhere(h, "user", byID(u), storage.Record{"name": fmt.Sprint(u["name"], "-last")})
		if res == nil {
			t.Fatalf("update %v: got nil, want the record", u["id"])
		}
		u["name"], u["updatedAt"] = res["name"], res["updatedAt"]
	}
	got := manyWhere(h, storage.FindQuery{Model: "user",
		SortBy: &storage.SortBy{Field: "numericField"}, Limit: 2, Offset: 2,
		Where: []storage.Where{{Field: "name", Operator: storage.OpEndsWith, Value: "last"}}})
	want := byNumericField(h, keep(all, func(u storage.Record) bool {
		return strings.HasSuffix(fmt.Sprint(u["name"]), "last")
	}))[2:4]
	wantSame(h, "filtered, sorted, offset and limited users", got, want)
}

func findManyBackwardsSingle(t *testing.T, h *H) {
	for _, u := range firsts(h.InsertRandom("user", 2)) {
		childOf(h, "session", u)
	}
	got := manyWhere(h, storage.FindQuery{Model: "session", Join: join("user")})
	if len(got) != 2 {
		t.Fatalf("sessions: got %d, want 2", len(got))
	}
	for _, s := range got {
		if u := joinedOne(h, s, "user"); u == nil || u["id"] != s["userId"] {
			t.Errorf("user of session %v: got %v, want the record with id %v",
				s["id"], u, s["userId"])
		}
	}
}

func findManyLimitedJoin(t *testing.T, h *H) {
	usersWithSessions(h, 5, 5, nil)
	got := manyWhere(h, storage.FindQuery{Model: "user",
		Join: []storage.JoinRequest{{Model: "session", Limit: 2}}})
	if len(got) != 5 {
		t.Fatalf("users: got %d, want 5", len(got))
	}
	for _, u := range got {
		wantChildren(h, u, "session", 2)
	}
}

func findManyComplexLimitedJoin(t *testing.T, h *H) {
	for range 5 {
		user := h.Create("user", h.Generate("user"))
		for range 5 {
			childOf(h, "session", user)
			childOf(h, "account", user)
		}
	}
	got := manyWhere(h, storage.FindQuery{Model: "user", Limit: 2, Offset: 2,
		Join: []storage.JoinRequest{{Model: "session", Limit: 2}, {Model: "account", Limit: 3}}})
	if len(got) != 2 {
		t.Fatalf("users: got %d, want 2", len(got))
	}
	for _, u := range got {
		wantChildren(h, u, "session", 2)
		wantChildren(h, u, "account", 3)
	}
}

func findManyMissingOneToOne(t *testing.T, h *H) {
	withOne := h.Create("user", h.Generate("user"))
	one := oneToOneFor(h, withOne["id"])
	without := h.Create("user", h.Generate("user"))
	got := manyWhere(h, storage.FindQuery{Model: "user", Where: anyID(withOne, without),
		Join: join("oneToOneTable")})
	if len(got) != 2 {
		t.Fatalf("users: got %d, want 2", len(got))
	}
	wantOneToOne(h, got, withOne, one)
	wantOneToOne(h, got, without, nil)
}

// wantOneToOne checks that user is among got and that its oneToOneTable
// join is the record want (nil: none).
func wantOneToOne(h *H, got []storage.Record, user, want storage.Record) {
	h.t.Helper()
	u := byIDIn(got, user["id"])
	if u == nil {
		h.Fatalf("users: got %v, want one with id %v", got, user["id"])
	}
	one := joinedOne(h, u, "oneToOneTable")
	switch {
	case want == nil && one != nil:
		h.t.Errorf("oneToOneTable of %v: got %v, want nil", user["id"], one)
	case want != nil && (one == nil || one["id"] != want["id"]):
		h.t.Errorf("oneToOneTable of %v: got %v, want id %v", user["id"], one, want["id"])
	}
}

// wantSessions checks that user is among got and that its session join
// holds exactly the sessions want.
func wantSessions(h *H, got []storage.Record, user storage.Record, want ...storage.Record) {
	h.t.Helper()
	u := byIDIn(got, user["id"])
	if u == nil {
		h.Fatalf("users: got %v, want one with id %v", got, user["id"])
	}
	wantIDs(h, fmt.Sprintf("sessions of %v", user["id"]), joinedMany(h, u, "session"),
		idList(want)...)
}

func idList(recs []storage.Record) []any {
	out := make([]any, len(recs))
	for i, r := range recs {
		out[i] = r["id"]
	}
	return out
}

func findManyMissingOneToMany(t *testing.T, h *H) {
	withSessions := h.Create("user", h.Generate("user"))
	s1, s2 := childOf(h, "session", withSessions), childOf(h, "session", withSessions)
	without := h.Create("user", h.Generate("user"))
	got := manyWhere(h, storage.FindQuery{Model: "user", Where: anyID(withSessions, without),
		Join: join("session")})
	if len(got) != 2 {
		t.Fatalf("users: got %d, want 2", len(got))
	}
	wantSessions(h, got, withSessions, s1, s2)
	wantSessions(h, got, without)
}

func findManyMixedJoins(t *testing.T, h *H) {
	u1 := h.Create("user", h.Generate("user"))
	one1, s1 := oneToOneFor(h, u1["id"]), childOf(h, "session", u1)
	u2 := h.Create("user", h.Generate("user"))
	one2 := oneToOneFor(h, u2["id"])
	u3 := h.Create("user", h.Generate("user"))
	s3 := childOf(h, "session", u3)
	u4 := h.Create("user", h.Generate("user"))

	got := manyWhere(h, storage.FindQuery{Model: "user", Where: anyID(u1, u2, u3, u4),
		Join: join("oneToOneTable", "session")})
	if len(got) != 4 {
		t.Fatalf("users: got %d, want 4", len(got))
	}
	wantOneToOne(h, got, u1, one1)
	wantSessions(h, got, u1, s1)
	wantOneToOne(h, got, u2, one2)
	wantSessions(h, got, u2)
	wantOneToOne(h, got, u3, nil)
	wantSessions(h, got, u3, s3)
	wantOneToOne(h, got, u4, nil)
	wantSessions(h, got, u4)
}

// wantMembers checks which of the records appear in got.
func wantMembers(h *H, what string, got []storage.Record, in, out []storage.Record) {
	h.t.Helper()
	for _, r := range in {
		if byIDIn(got, r["id"]) == nil {
			h.t.Errorf("%s: got %v, want it to include %v", what, idList(got), r["id"])
		}
	}
	for _, r := range out {
		if byIDIn(got, r["id"]) != nil {
			h.t.Errorf("%s: got %v, want it to exclude %v", what, idList(got), r["id"])
		}
	}
}

const avatar = "https://example.com/avatar.png"

func imageIs(op storage.Operator, c storage.Connector) storage.Where {
	return storage.Where{Field: "image", Operator: op, Value: nil, Connector: c}
}

func findManyNullSingle(t *testing.T, h *H) {
	withNull := createAs(h, "user", storage.Record{"image": nil})
	withImage := createAs(h, "user", storage.Record{"image": avatar})
	wantMembers(h, "image eq nil", users(h, imageIs(storage.OpEq, storage.And)),
		[]storage.Record{withNull}, []storage.Record{withImage})
	wantMembers(h, "image ne nil", users(h, imageIs(storage.OpNe, storage.And)),
		[]storage.Record{withImage}, []storage.Record{withNull})
}

func findManyNullAnd(t *testing.T, h *H) {
	nullVerified := createAs(h, "user", storage.Record{"image": nil, "emailVerified": true})
	nullUnverified := createAs(h, "user", storage.Record{"image": nil, "emailVerified": false})
	imageVerified := createAs(h, "user", storage.Record{"image": avatar, "emailVerified": true})
	verified := storage.Where{Field: "emailVerified", Operator: storage.OpEq, Value: true,
		Connector: storage.And}
	wantMembers(h, "image eq nil and verified",
		users(h, imageIs(storage.OpEq, storage.And), verified),
		[]storage.Record{nullVerified}, []storage.Record{nullUnverified, imageVerified})
	wantMembers(h, "image ne nil and verified",
		users(h, imageIs(storage.OpNe, storage.And), verified),
		[]storage.Record{imageVerified}, []storage.Record{nullVerified, nullUnverified})
}

func findManyNullOr(t *testing.T, h *H) {
	withNull := createAs(h, "user", storage.Record{"image": nil})
	target := createAs(h, "user", storage.Record{"image": "https://example.com/target.png"})
	other := createAs(h, "user", storage.Record{"image": "https://example.com/other.png"})
	email := func(u storage.Record) storage.Where {
		return storage.Where{Field: "email", Operator: storage.OpEq, Value: u["email"],
			Connector: storage.Or}
	}
	wantMembers(h, "image eq nil or the target's email",
		users(h, imageIs(storage.OpEq, storage.Or), email(target)),
		[]storage.Record{withNull, target}, []storage.Record{other})
	wantMembers(h, "image ne nil or the null user's email",
		users(h, imageIs(storage.OpNe, storage.Or), email(withNull)),
		[]storage.Record{withNull, target, other}, nil)
}
