package conformance

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

// extraCases returns the cases upstream's suite lacks: real transactions,
// find-and-delete, mixed connectors, literal matching of wildcards and
// injection-looking values, sorting, limits, counts, unique violations,
// cancellation, value round trips, plural tables and the rateLimit model.
func extraCases() []Case {
	var out []Case
	for _, group := range [][]Case{
		extraTransactionCases(), extraConsumeCases(), extraWhereCases(),
		extraOrderCases(), extraWriteCases(), extraValueCases(), extraModelCases(),
	} {
		out = append(out, group...)
	}
	for i := range out {
		out[i].Extra = true
	}
	return out
}

func extraTransactionCases() []Case {
	return []Case{
		{Name: "extra - transaction rolls back every write", Needs: []Capability{Transactions},
			Run: xTxRollback},
		{Name: "extra - transaction commits every write and sees its own writes",
			Run: xTxCommit},
		{Name: "extra - consumeOne inside a failed transaction is rolled back",
			Needs: []Capability{Transactions}, Run: xTxConsumeRollback},
	}
}

// xTxRollback makes one write of every kind inside a transaction that
// fails, then checks that the tables are as they were.
func xTxRollback(t *testing.T, h *H) {
	users := firsts(h.InsertRandom("user", 3))
	ctx := h.Ctx()
	err := h.DB.Transaction(ctx, func(tx *storage.DB) error {
		writes := []func() error{
			func() error { _, err := tx.Create(ctx, "user", h.Generate("user")); return err },
			func() error {
				s := h.Generate("session")
				s["userId"] = users[0]["id"]
				_, err := tx.Create(ctx, "session", s)
				return err
			},
			func() error {
				_, err := tx.Update(ctx, "user", []storage.Where{storage.Eq("id", users[0]["id"])},
					storage.Record{"name": "changed"})
				return err
			},
			func() error {
				_, err := tx.UpdateMany(ctx, "user", nil, storage.Record{"emailVerified": false})
				return err
			},
			func() error {
				return tx.Delete(ctx, "user", []storage.Where{storage.Eq("id", users[1]["id"])})
			},
			func() error {
				byID := []storage.Where{storage.Eq("id", users[2]["id"])}
				_, err := tx.DeleteMany(ctx, "user", byID)
				return err
			},
		}
		for i, w := range writes {
			if err := w(); err != nil {
				return fmt.Errorf("write %d: %w", i, err)
			}
		}
		if n, err := tx.Count(ctx, "user", nil); err != nil || n != 2 {
			t.Errorf("users inside the transaction: got %d (%v), want 2", n, err)
		}
		return errSimulated
	})
	if !errors.Is(err, errSimulated) {
		t.Fatalf("transaction: got error %v, want the function's error", err)
	}
	rows := allOf(h, "user")
	wantIDs(h, "users after rollback", rows, users[0]["id"], users[1]["id"], users[2]["id"])
	for _, u := range users {
		wantRecord(h, "user after rollback", oneByID(h, "user", u["id"].(string)), u)
	}
	if n := countWhere(h, "session"); n != 0 {
		t.Fatalf("sessions after rollback: got %d, want 0", n)
	}
}

func xTxCommit(t *testing.T, h *H) {
	users := firsts(h.InsertRandom("user", 2))
	ctx := h.Ctx()
	var created storage.Record
	err := h.DB.Transaction(ctx, func(tx *storage.DB) error {
		var err error
		if created, err = tx.Create(ctx, "user", h.Generate("user")); err != nil {
			return err
		}
		seen, err := tx.FindOne(ctx, storage.FindQuery{Model: "user",
			Where: []storage.Where{storage.Eq("id", created["id"])}})
		if err != nil || seen == nil {
			return fmt.Errorf("own write not visible: %v, %w", seen, err)
		}
		_, err = tx.Update(ctx, "user", []storage.Where{storage.Eq("id", users[0]["id"])},
			storage.Record{"name": "committed"})
		if err != nil {
			return err
		}
		return tx.Delete(ctx, "user", []storage.Where{storage.Eq("id", users[1]["id"])})
	})
	if err != nil {
		t.Fatalf("transaction: got error %v, want nil", err)
	}
	wantIDs(h, "users after commit", allOf(h, "user"), users[0]["id"], created["id"])
	if got := oneByID(h, "user", users[0]["id"].(string)); got["name"] != "committed" {
		t.Fatalf("updated user after commit: got name %v, want committed", got["name"])
	}
}

func xTxConsumeRollback(t *testing.T, h *H) {
	v := h.InsertRandom("verification", 1)[0][1]
	where := []storage.Where{storage.Eq("identifier", v["identifier"])}
	err := h.DB.Transaction(h.Ctx(), func(tx *storage.DB) error {
		got, err := tx.ConsumeOne(h.Ctx(), "verification", where)
		if err != nil {
			return err
		}
		if got == nil || got["id"] != v["id"] {
			t.Errorf("consumeOne in the transaction: got %v, want %v", got, v["id"])
		}
		return errSimulated
	})
	if !errors.Is(err, errSimulated) {
		t.Fatalf("transaction: got error %v, want the function's error", err)
	}
	wantRecord(h, "verification after rollback", oneByID(h, "verification", v["id"].(string)), v)
}

func extraConsumeCases() []Case {
	return []Case{
		{Name: "extra - consumeOne returns the record and deletes it", Run: xConsumeHit},
		{Name: "extra - consumeOne returns nil on a miss", Run: xConsumeMiss},
		{Name: "extra - consumeOne deletes exactly one record for a non-unique predicate",
			Run: xConsumeNonUnique},
		{Name: "extra - consumeOne with several clauses takes only a matching record",
			Run: xConsumeClauses},
		{Name: "extra - concurrent consumeOne gives each record to exactly one caller",
			Run: xConsumeConcurrent},
	}
}

func consume(h *H, model string, where ...storage.Where) storage.Record {
	h.t.Helper()
	rec, err := h.DB.ConsumeOne(h.Ctx(), model, where)
	if err != nil {
		h.Fatalf("consumeOne %s: %v", model, err)
	}
	return rec
}

func xConsumeHit(t *testing.T, h *H) {
	rows := h.InsertRandom("verification", 2)
	v := rows[0][1]
	got := consume(h, "verification", storage.Eq("identifier", v["identifier"]))
	wantRecord(h, "consumed record", got, v)
	if left := oneByID(h, "verification", v["id"].(string)); left != nil {
		t.Fatalf("consumed record afterwards: got %v, want nil", left)
	}
	if oneByID(h, "verification", rows[1][1]["id"].(string)) == nil {
		t.Fatal("other record: got nil, want it kept")
	}
}

func xConsumeMiss(t *testing.T, h *H) {
	h.InsertRandom("verification", 1)
	got := consume(h, "verification", storage.Eq("identifier", "no-such-identifier"))
	if got != nil {
		t.Fatalf("consumeOne on a miss: got %v, want nil", got)
	}
	if n := countWhere(h, "verification"); n != 1 {
		t.Fatalf("records after a miss: got %d, want 1", n)
	}
}

func xConsumeNonUnique(t *testing.T, h *H) {
	var shared []storage.Record
	for range 3 {
		shared = append(shared, createAs(h, "verification", storage.Record{"identifier": "shared"}))
	}
	got := consume(h, "verification", storage.Eq("identifier", "shared"))
	if got == nil || !hasID(shared, got["id"]) {
		t.Fatalf("consumeOne: got %v, want one of %v", got, idsOf(shared))
	}
	if n := countWhere(h, "verification", storage.Eq("identifier", "shared")); n != 2 {
		t.Fatalf("records left: got %d, want 2", n)
	}
	if left := oneByID(h, "verification", got["id"].(string)); left != nil {
		t.Fatalf("consumed record afterwards: got %v, want nil", left)
	}
}

// xConsumeClauses takes a verification value as core does: by identifier
// and not expired.
func xConsumeClauses(t *testing.T, h *H) {
	now := time.Now()
	otp := func(expires time.Time) storage.Record {
		rec := storage.Record{"identifier": "otp", "expiresAt": expires}
		return createAs(h, "verification", rec)
	}
	otp(now.Add(-time.Hour))
	live := otp(now.Add(time.Hour))
	where := []storage.Where{storage.Eq("identifier", "otp"),
		{Field: "expiresAt", Operator: storage.OpGt, Value: now}}
	got := consume(h, "verification", where...)
	if got == nil || got["id"] != live["id"] {
		t.Fatalf("consumeOne: got %v, want %v", got, live["id"])
	}
	if again := consume(h, "verification", where...); again != nil {
		t.Fatalf("second consumeOne: got %v, want nil", again)
	}
	if n := countWhere(h, "verification"); n != 1 {
		t.Fatalf("records left: got %d, want the expired one", n)
	}
}

func xConsumeConcurrent(t *testing.T, h *H) {
	const records, callers = 5, 16
	for i := range records {
		v := createAs(h, "verification", storage.Record{"identifier": fmt.Sprintf("race-%d", i)})
		var wg sync.WaitGroup
		results := make(chan error, callers)
		wins := make(chan storage.Record, callers)
		for range callers {
			wg.Go(func() {
				got, err := h.DB.ConsumeOne(h.Ctx(), "verification",
					[]storage.Where{storage.Eq("identifier", v["identifier"])})
				results <- err
				if got != nil {
					wins <- got
				}
			})
		}
		wg.Wait()
		close(results)
		close(wins)
		for err := range results {
			if err != nil {
				t.Fatalf("record %d: concurrent consumeOne: %v", i, err)
			}
		}
		if len(wins) != 1 {
			t.Fatalf("record %d: callers that got it: got %d, want exactly 1", i, len(wins))
		}
		if w := <-wins; w["id"] != v["id"] {
			t.Fatalf("record %d: got %v, want %v", i, w["id"], v["id"])
		}
	}
	if n := countWhere(h, "verification"); n != 0 {
		t.Fatalf("records left: got %d, want 0", n)
	}
}

func extraWhereCases() []Case {
	return []Case{
		{Name: "extra - mixed AND and OR clauses are grouped", Run: xGrouped},
		{Name: "extra - count, updateMany and deleteMany group AND and OR clauses",
			Run: xGroupedWrites},
		{Name: "extra - pattern operators match % _ and \\ literally",
			Run: xWildcards(storage.Sensitive)},
		{Name: "extra - pattern operators match % _ and \\ literally in insensitive mode",
			Run: xWildcards(storage.Insensitive)},
		{Name: "extra - in with an empty list matches nothing", Run: xInEmpty},
		{Name: "extra - not_in with an empty list matches everything", Run: xNotInEmpty},
		{Name: "extra - in with 1000 values", Run: xInThousand},
		{Name: "extra - ne on a nullable field counts NULL as different", Run: xNeNullable},
		{Name: "extra - boolean false is stored and matched", Run: xBooleanFalse},
		{Name: "extra - values that look like SQL are stored and matched literally",
			Run: xLiteralValues(sqlLookalikes)},
		{Name: "extra - values that look like Mongo operators are stored and matched literally",
			Run: xLiteralValues(mongoLookalikes)},
		{Name: "extra - in with a non-slice value gives ErrInvalidQuery", Run: xInNotSlice},
		{Name: "extra - an unknown field in a where gives ErrInvalidQuery", Run: xUnknownField},
	}
}

// groupUsers creates five users for the connector cases. Clause a is
// name = "grp-a"; b and c test image. Grouped semantics and a left-to-right
// fold give different rows for the lists used.
func groupUsers(h *H) (ids []any, a, b, c storage.Where) {
	h.t.Helper()
	for _, u := range []struct{ name, image string }{
		{"grp-a", "img-b"}, {"grp-a", "img-c"}, {"grp-a", "img-d"},
		{"grp-z", "img-b"}, {"grp-z", "img-c"},
	} {
		u := createAs(h, "user", storage.Record{"name": u.name, "image": u.image})
		ids = append(ids, u["id"])
	}
	a = storage.Eq("name", "grp-a")
	b = storage.Where{Field: "image", Value: "img-b", Connector: storage.Or}
	c = storage.Where{Field: "image", Value: "img-c", Connector: storage.Or}
	return ids, a, b, c
}

func xGrouped(t *testing.T, h *H) {
	ids, a, b, c := groupUsers(h)
	cases := []struct {
		name  string
		where []storage.Where
		want  []any
	}{
		{"[a AND, b OR, c OR]", []storage.Where{a, b, c}, []any{ids[0], ids[1]}},
		{"[b OR, a AND]", []storage.Where{b, a}, []any{ids[0]}},
		{"[a AND, b OR]", []storage.Where{a, b}, []any{ids[0]}},
		{"[b OR, c OR, a AND]", []storage.Where{b, c, a}, []any{ids[0], ids[1]}},
		{"[b OR, c OR]", []storage.Where{b, c}, []any{ids[0], ids[1], ids[3], ids[4]}},
	}
	for _, tc := range cases {
		rows := manyWhere(h, storage.FindQuery{Model: "user", Where: tc.where})
		wantIDs(h, "findMany "+tc.name, rows, tc.want...)
		if n := countWhere(h, "user", tc.where...); n != int64(len(tc.want)) {
			t.Errorf("count %s: got %d, want %d", tc.name, n, len(tc.want))
		}
	}
}

func xGroupedWrites(t *testing.T, h *H) {
	ids, a, b, c := groupUsers(h)
	where := []storage.Where{a, b, c}
	n, err := h.DB.UpdateMany(h.Ctx(), "user", where, storage.Record{"emailVerified": false})
	if err != nil || n != 2 {
		t.Fatalf("updateMany: got %d, %v, want 2", n, err)
	}
	unverified := manyWhere(h, storage.FindQuery{Model: "user",
		Where: []storage.Where{storage.Eq("emailVerified", false)}})
	wantIDs(h, "users updated", unverified, ids[0], ids[1])
	n, err = h.DB.DeleteMany(h.Ctx(), "user", []storage.Where{b, a})
	if err != nil || n != 1 {
		t.Fatalf("deleteMany: got %d, %v, want 1", n, err)
	}
	wantIDs(h, "users left", allOf(h, "user"), ids[1], ids[2], ids[3], ids[4])
}

// xWildcards stores names holding SQL LIKE wildcards and the escape
// character, and checks each pattern operator treats them as text.
func xWildcards(mode storage.Mode) func(*testing.T, *H) {
	return func(t *testing.T, h *H) {
		names := []string{"100% sure", "1000 sure", "a_b", "axb", `back\slash`, "backslash"}
		ids := map[string]any{}
		for _, n := range names {
			stored := n
			if mode == storage.Insensitive {
				stored = upper(n)
			}
			ids[n] = createAs(h, "user", storage.Record{"name": stored})["id"]
		}
		cases := []struct {
			op    storage.Operator
			value string
			want  []string
		}{
			{storage.OpContains, "%", []string{"100% sure"}},
			{storage.OpContains, "0% s", []string{"100% sure"}},
			{storage.OpContains, "_", []string{"a_b"}},
			{storage.OpContains, `\`, []string{`back\slash`}},
			{storage.OpContains, `k\s`, []string{`back\slash`}},
			{storage.OpStartsWith, "100%", []string{"100% sure"}},
			{storage.OpStartsWith, "a_", []string{"a_b"}},
			{storage.OpStartsWith, `back\`, []string{`back\slash`}},
			{storage.OpEndsWith, "_b", []string{"a_b"}},
			{storage.OpEndsWith, "% sure", []string{"100% sure"}},
			{storage.OpEndsWith, `\slash`, []string{`back\slash`}},
		}
		for _, tc := range cases {
			where := storage.Where{Field: "name", Operator: tc.op, Value: tc.value, Mode: mode}
			var want []any
			for _, n := range tc.want {
				want = append(want, ids[n])
			}
			rows := manyWhere(h, storage.FindQuery{Model: "user", Where: []storage.Where{where}})
			wantIDs(h, fmt.Sprintf("%s %q (%s)", tc.op, tc.value, mode), rows, want...)
		}
	}
}

// upper returns s in upper case for ASCII letters, leaving the rest as is.
func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

func xInEmpty(t *testing.T, h *H) {
	h.InsertRandom("user", 3)
	where := []storage.Where{{Field: "id", Operator: storage.OpIn, Value: []string{}}}
	if rows := manyWhere(h, storage.FindQuery{Model: "user", Where: where}); len(rows) != 0 {
		t.Fatalf("findMany in []: got %d rows, want 0", len(rows))
	}
	if n := countWhere(h, "user", where...); n != 0 {
		t.Fatalf("count in []: got %d, want 0", n)
	}
}

func xNotInEmpty(t *testing.T, h *H) {
	users := firsts(h.InsertRandom("user", 3))
	where := []storage.Where{{Field: "email", Operator: storage.OpNotIn, Value: []string{}}}
	rows := manyWhere(h, storage.FindQuery{Model: "user", Where: where})
	wantIDs(h, "findMany not_in []", rows, users[0]["id"], users[1]["id"], users[2]["id"])
}

func xInThousand(t *testing.T, h *H) {
	users := firsts(h.InsertRandom("user", 5))
	var in, notIn []string
	for i := range 995 {
		in = append(in, fmt.Sprintf("absent-%d@email.com", i))
		notIn = append(notIn, fmt.Sprintf("absent-%d@email.com", i))
	}
	for i, u := range users {
		in = append(in, u["email"].(string))
		if i < 2 {
			notIn = append(notIn, u["email"].(string))
		}
	}
	rows := manyWhere(h, storage.FindQuery{Model: "user",
		Where: []storage.Where{{Field: "email", Operator: storage.OpIn, Value: in}}})
	wantIDs(h, "findMany in 1000", rows, users[0]["id"], users[1]["id"], users[2]["id"],
		users[3]["id"], users[4]["id"])
	rows = manyWhere(h, storage.FindQuery{Model: "user",
		Where: []storage.Where{{Field: "email", Operator: storage.OpNotIn, Value: notIn}}})
	wantIDs(h, "findMany not_in 997", rows, users[2]["id"], users[3]["id"], users[4]["id"])
}

// xNeNullable pins down what SQL leaves ambiguous: NULL is different from
// every value, so ne and not_in match rows where the field is NULL, as in
// Go and in MongoDB. A SQL adapter needs "col <> ? OR col IS NULL".
func xNeNullable(t *testing.T, h *H) {
	null := createAs(h, "user", storage.Record{"image": nil})
	other := createAs(h, "user", storage.Record{"image": "a"})
	createAs(h, "user", storage.Record{"image": "b"})
	createAs(h, "user", storage.Record{"image": "b", "emailVerified": false})
	verified := storage.Eq("emailVerified", true)
	rows := manyWhere(h, storage.FindQuery{Model: "user", Where: []storage.Where{
		{Field: "image", Operator: storage.OpNe, Value: "b"}, verified}})
	wantIDs(h, "image ne b AND verified", rows, null["id"], other["id"])
	rows = manyWhere(h, storage.FindQuery{Model: "user", Where: []storage.Where{
		{Field: "image", Operator: storage.OpNotIn, Value: []string{"b"}}, verified}})
	wantIDs(h, "image not_in [b] AND verified", rows, null["id"], other["id"])
	rows = manyWhere(h, storage.FindQuery{Model: "user", Where: []storage.Where{
		{Field: "image", Operator: storage.OpNe, Value: nil}, verified}})
	if hasID(rows, null["id"]) || !hasID(rows, other["id"]) || len(rows) != 2 {
		t.Fatalf("image ne nil AND verified: got %v, want the two verified users with an image",
			idsOf(rows))
	}
}

func xBooleanFalse(t *testing.T, h *H) {
	off := createAs(h, "user", storage.Record{"emailVerified": false})
	on := createAs(h, "user", storage.Record{"emailVerified": true})
	if got := oneByID(h, "user", off["id"].(string)); got["emailVerified"] != false {
		t.Fatalf("emailVerified: got %#v, want false", got["emailVerified"])
	}
	rows := manyWhere(h, storage.FindQuery{Model: "user",
		Where: []storage.Where{storage.Eq("emailVerified", false)}})
	wantIDs(h, "emailVerified eq false", rows, off["id"])
	rows = manyWhere(h, storage.FindQuery{Model: "user",
		Where: []storage.Where{{Field: "emailVerified", Operator: storage.OpNe, Value: false}}})
	wantIDs(h, "emailVerified ne false", rows, on["id"])
}

var sqlLookalikes = []string{
	`'; DROP TABLE user; --`, `" OR 1=1`, `' OR '1'='1`, `Robert'); DROP TABLE "user";--`,
	`name = name`, `%' OR 'x' LIKE '%`,
}

var mongoLookalikes = []string{
	`{"$ne": null}`, `$where`, `$gt`, `$regex`, `{"$gt": ""}`, `this.name != ''`, `$`,
}

// xLiteralValues stores each value as a name and finds it by eq, contains
// and in: each must match exactly its own row, and the other rows and the
// tables must be intact.
func xLiteralValues(values []string) func(*testing.T, *H) {
	return func(t *testing.T, h *H) {
		plain := h.InsertRandom("user", 2)
		ids := map[string]any{}
		for _, v := range values {
			ids[v] = createAs(h, "user", storage.Record{"name": v, "image": v})["id"]
		}
		for _, v := range values {
			for _, op := range []storage.Operator{storage.OpEq, storage.OpContains} {
				rows := manyWhere(h, storage.FindQuery{Model: "user",
					Where: []storage.Where{{Field: "name", Operator: op, Value: v}}})
				if !hasID(rows, ids[v]) || op == storage.OpEq && len(rows) != 1 {
					t.Errorf("name %s %q: got %v, want %v", op, v, idsOf(rows), ids[v])
				}
			}
			rows := findWhere(h, "user",
				storage.Where{Field: "image", Operator: storage.OpIn, Value: []string{v}})
			wantIDs(h, fmt.Sprintf("image in [%q]", v), rows, ids[v])
		}
		if n := countWhere(h, "user"); n != int64(len(values)+len(plain)) {
			t.Fatalf("users: got %d, want %d", n, len(values)+len(plain))
		}
	}
}

func xInNotSlice(t *testing.T, h *H) {
	u := h.InsertRandom("user", 1)[0][0]
	_, err := h.DB.FindMany(h.Ctx(), storage.FindQuery{Model: "user",
		Where: []storage.Where{{Field: "id", Operator: storage.OpIn, Value: u["id"]}}})
	if !errors.Is(err, storage.ErrInvalidQuery) {
		t.Fatalf("in with a string value: got error %v, want ErrInvalidQuery", err)
	}
}

func xUnknownField(t *testing.T, h *H) {
	h.InsertRandom("user", 1)
	where := []storage.Where{storage.Eq("notAField", "x")}
	_, err := h.DB.FindMany(h.Ctx(), storage.FindQuery{Model: "user", Where: where})
	if !errors.Is(err, storage.ErrInvalidQuery) {
		t.Errorf("findMany: got error %v, want ErrInvalidQuery", err)
	}
	if _, err := h.DB.DeleteMany(h.Ctx(), "user", where); !errors.Is(err, storage.ErrInvalidQuery) {
		t.Errorf("deleteMany: got error %v, want ErrInvalidQuery", err)
	}
	if n := countWhere(h, "user"); n != 1 {
		t.Fatalf("users after the bad deleteMany: got %d, want 1", n)
	}
}

func extraOrderCases() []Case {
	return []Case{
		{Name: "extra - sort by a string field ascending and descending", Run: xSortString},
		{Name: "extra - sort by a date field ascending and descending", Run: xSortDate},
		{Name: "extra - sort by a nullable field keeps every row", Run: xSortNullable},
		{Name: "extra - findMany without a limit returns 100 rows", Run: xDefaultLimit},
		{Name: "extra - Options.DefaultLimit bounds findMany",
			Options: func(o *storage.Options) { o.DefaultLimit = 7 }, Run: xOptionLimit},
		{Name: "extra - findMany with an offset past the end returns no rows", Run: xOffsetPastEnd},
	}
}

// sortedNames returns the field of every row, in order.
func sortedNames(h *H, field string, desc bool, where ...storage.Where) []any {
	h.t.Helper()
	rows := manyWhere(h, storage.FindQuery{Model: "user", Where: where,
		SortBy: &storage.SortBy{Field: field, Desc: desc}})
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = r[field]
	}
	return out
}

func xSortString(t *testing.T, h *H) {
	for _, n := range []string{"sort-c", "sort-a", "sort-d", "sort-b"} {
		createAs(h, "user", storage.Record{"name": n})
	}
	asc := []any{"sort-a", "sort-b", "sort-c", "sort-d"}
	if got := sortedNames(h, "name", false); fmt.Sprint(got) != fmt.Sprint(asc) {
		t.Errorf("sort by name: got %v, want %v", got, asc)
	}
	desc := []any{"sort-d", "sort-c", "sort-b", "sort-a"}
	if got := sortedNames(h, "name", true); fmt.Sprint(got) != fmt.Sprint(desc) {
		t.Errorf("sort by name desc: got %v, want %v", got, desc)
	}
}

func xSortDate(t *testing.T, h *H) {
	base := millis(time.Now())
	var want []string
	for _, days := range []int{3, 1, 4, 2} {
		u := createAs(h, "user", storage.Record{"createdAt": base.AddDate(0, 0, -days)})
		want = append(want, fmt.Sprint(u["id"]))
	}
	order := func(desc bool) []string {
		rows := manyWhere(h, storage.FindQuery{Model: "user",
			SortBy: &storage.SortBy{Field: "createdAt", Desc: desc}})
		var out []string
		for _, r := range rows {
			out = append(out, fmt.Sprint(r["id"]))
		}
		return out
	}
	asc := []string{want[2], want[0], want[3], want[1]}
	if got := order(false); fmt.Sprint(got) != fmt.Sprint(asc) {
		t.Errorf("sort by createdAt: got %v, want %v", got, asc)
	}
	desc := []string{want[1], want[3], want[0], want[2]}
	if got := order(true); fmt.Sprint(got) != fmt.Sprint(desc) {
		t.Errorf("sort by createdAt desc: got %v, want %v", got, desc)
	}
}

// Databases disagree on where NULLs sort, so only the order of the other
// values is checked.
func xSortNullable(t *testing.T, h *H) {
	for _, img := range []any{"img-b", nil, "img-a", nil, "img-c"} {
		createAs(h, "user", storage.Record{"image": img})
	}
	for _, desc := range []bool{false, true} {
		got := sortedNames(h, "image", desc)
		var values []any
		for _, v := range got {
			if v != nil {
				values = append(values, v)
			}
		}
		want := []any{"img-a", "img-b", "img-c"}
		if desc {
			want = []any{"img-c", "img-b", "img-a"}
		}
		if len(got) != 5 || fmt.Sprint(values) != fmt.Sprint(want) {
			t.Errorf("sort by image (desc %v): got %v, want 5 rows with %v in order",
				desc, got, want)
		}
	}
}

func xDefaultLimit(t *testing.T, h *H) {
	h.InsertRandom("user", 120)
	if n := countWhere(h, "user"); n != 120 {
		t.Fatalf("count: got %d, want 120", n)
	}
	if rows := manyWhere(h, storage.FindQuery{Model: "user"}); len(rows) != 100 {
		t.Fatalf("findMany without a limit: got %d rows, want 100", len(rows))
	}
	if rows := manyWhere(h, storage.FindQuery{Model: "user", Limit: 110}); len(rows) != 110 {
		t.Fatalf("findMany with limit 110: got %d rows, want 110", len(rows))
	}
}

func xOptionLimit(t *testing.T, h *H) {
	h.InsertRandom("user", 10)
	if rows := manyWhere(h, storage.FindQuery{Model: "user"}); len(rows) != 7 {
		t.Fatalf("findMany without a limit: got %d rows, want 7", len(rows))
	}
	if rows := manyWhere(h, storage.FindQuery{Model: "user", Limit: 9}); len(rows) != 9 {
		t.Fatalf("findMany with limit 9: got %d rows, want 9", len(rows))
	}
}

func xOffsetPastEnd(t *testing.T, h *H) {
	h.InsertRandom("user", 3)
	rows, err := h.DB.FindMany(h.Ctx(), storage.FindQuery{Model: "user", Offset: 10})
	if err != nil || len(rows) != 0 {
		t.Fatalf("findMany offset 10 of 3: got %d rows, %v, want none", len(rows), err)
	}
}

func extraWriteCases() []Case {
	return []Case{
		{Name: "extra - updateMany returns the number of matched rows", Run: xUpdateManyCount},
		{Name: "extra - deleteMany returns the number of deleted rows", Run: xDeleteManyCount},
		{Name: "extra - delete removes every record matching a non-unique where",
			Run: xDeleteAllMatching},
		{Name: "extra - update with a where that matches nothing returns nil",
			Run: xUpdateNoMatch},
		{Name: "extra - a duplicate unique value on create gives ErrDuplicate",
			Run: xDuplicateCreate},
		{Name: "extra - a duplicate unique value on update gives ErrDuplicate",
			Needs: []Capability{UniqueOnUpdate}, Run: xDuplicateUpdate},
		{Name: "extra - concurrent creates of one unique value: exactly one succeeds",
			Run: xDuplicateConcurrent},
		{Name: "extra - a missing required field gives ErrRequired", Run: xRequired},
		{Name: "extra - unknown fields are dropped on create", Run: xUnknownDropped},
		{Name: "extra - a cancelled context is honoured", Run: xCancelled},
	}
}

// imageUsers creates five users, three of them with image "x".
func imageUsers(h *H) []storage.Record {
	h.t.Helper()
	var out []storage.Record
	for _, img := range []any{"x", nil, "x", "y", "x"} {
		out = append(out, createAs(h, "user", storage.Record{"image": img}))
	}
	return out
}

func xUpdateManyCount(t *testing.T, h *H) {
	imageUsers(h)
	cases := []struct {
		what  string
		where []storage.Where
		want  int64
	}{
		{"image eq x", []storage.Where{storage.Eq("image", "x")}, 3},
		{"image eq none", []storage.Where{storage.Eq("image", "none")}, 0},
		{"empty where", nil, 5},
	}
	for _, tc := range cases {
		n, err := h.DB.UpdateMany(h.Ctx(), "user", tc.where, storage.Record{"name": "renamed"})
		if err != nil || n != tc.want {
			t.Errorf("updateMany %s: got %d, %v, want %d", tc.what, n, err, tc.want)
		}
	}
}

func xDeleteManyCount(t *testing.T, h *H) {
	imageUsers(h)
	n, err := h.DB.DeleteMany(h.Ctx(), "user", []storage.Where{storage.Eq("image", "x")})
	if err != nil || n != 3 {
		t.Fatalf("deleteMany image eq x: got %d, %v, want 3", n, err)
	}
	n, err = h.DB.DeleteMany(h.Ctx(), "user", []storage.Where{storage.Eq("image", "x")})
	if err != nil || n != 0 {
		t.Fatalf("deleteMany again: got %d, %v, want 0", n, err)
	}
	n, err = h.DB.DeleteMany(h.Ctx(), "user", nil)
	if err != nil || n != 2 {
		t.Fatalf("deleteMany of the rest: got %d, %v, want 2", n, err)
	}
}

func xDeleteAllMatching(t *testing.T, h *H) {
	for range 3 {
		createAs(h, "verification", storage.Record{"identifier": "shared"})
	}
	other := createAs(h, "verification", storage.Record{"identifier": "other"})
	err := h.DB.Delete(h.Ctx(), "verification", []storage.Where{storage.Eq("identifier", "shared")})
	if err != nil {
		t.Fatalf("delete: %v", err)
	}
	wantIDs(h, "verifications left", allOf(h, "verification"), other["id"])
}

func xUpdateNoMatch(t *testing.T, h *H) {
	users := firsts(h.InsertRandom("user", 2))
	wheres := [][]storage.Where{
		{storage.Eq("id", missingID(h))},
		{storage.Eq("email", users[0]["email"]), storage.Eq("name", "someone else")},
	}
	for _, where := range wheres {
		got := updateWhere(h, "user", where, storage.Record{"name": "changed"})
		if got != nil {
			t.Fatalf("update matching nothing: got %v, want nil", got)
		}
	}
	for _, u := range users {
		wantRecord(h, "user after update", oneByID(h, "user", u["id"].(string)), u)
	}
}

func xDuplicateCreate(t *testing.T, h *H) {
	user := h.InsertRandom("user", 1)[0][0]
	taken := with(h.Generate("user"), storage.Record{"email": user["email"]})
	_, err := h.DB.Create(h.Ctx(), "user", taken)
	if !errors.Is(err, storage.ErrDuplicate) {
		t.Fatalf("create with a taken email: got error %v, want ErrDuplicate", err)
	}
	session := h.InsertRandom("session", 1)[0][1]
	dup := with(h.Generate("session"),
		storage.Record{"token": session["token"], "userId": user["id"]})
	if _, err := h.DB.Create(h.Ctx(), "session", dup); !errors.Is(err, storage.ErrDuplicate) {
		t.Fatalf("create with a taken token: got error %v, want ErrDuplicate", err)
	}
	if n := countWhere(h, "user", storage.Eq("email", user["email"])); n != 1 {
		t.Fatalf("users with the email: got %d, want 1", n)
	}
}

func xDuplicateUpdate(t *testing.T, h *H) {
	users := firsts(h.InsertRandom("user", 2))
	_, err := h.DB.Update(h.Ctx(), "user", []storage.Where{storage.Eq("id", users[1]["id"])},
		storage.Record{"email": users[0]["email"]})
	if !errors.Is(err, storage.ErrDuplicate) {
		t.Fatalf("update to a taken email: got error %v, want ErrDuplicate", err)
	}
	after := oneByID(h, "user", users[1]["id"].(string))
	wantRecord(h, "user after the failed update", after, users[1])
}

func xDuplicateConcurrent(t *testing.T, h *H) {
	const callers = 16
	email := "race-" + RandomString(8) + "@email.com"
	errs := make(chan error, callers)
	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			rec := with(h.Generate("user"), storage.Record{"email": email})
			_, err := h.DB.Create(h.Ctx(), "user", rec)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	ok := 0
	for err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, storage.ErrDuplicate):
			t.Errorf("concurrent create: got error %v, want nil or ErrDuplicate", err)
		}
	}
	if ok != 1 {
		t.Fatalf("successful creates: got %d, want exactly 1", ok)
	}
	if n := countWhere(h, "user", storage.Eq("email", email)); n != 1 {
		t.Fatalf("users with the email: got %d, want 1", n)
	}
}

func xRequired(t *testing.T, h *H) {
	rec := h.Generate("user")
	delete(rec, "email")
	if _, err := h.DB.Create(h.Ctx(), "user", rec); !errors.Is(err, storage.ErrRequired) {
		t.Fatalf("create without email: got error %v, want ErrRequired", err)
	}
	if n := countWhere(h, "user"); n != 0 {
		t.Fatalf("users: got %d, want 0", n)
	}
}

func xUnknownDropped(t *testing.T, h *H) {
	got := h.Create("user", with(h.Generate("user"), storage.Record{"notAField": "x"}))
	if _, ok := got["notAField"]; ok {
		t.Fatalf("created user: got notAField, want it dropped")
	}
	if found := oneByID(h, "user", got["id"].(string)); found == nil {
		t.Fatal("created user: got nil on read")
	} else if _, ok := found["notAField"]; ok {
		t.Fatalf("stored user: got notAField, want it dropped")
	}
}

// xCancelled calls every operation with a cancelled context: each must
// fail with an error wrapping context.Canceled and change nothing.
func xCancelled(t *testing.T, h *H) {
	user := h.InsertRandom("user", 1)[0][0]
	ctx, cancel := context.WithCancel(h.Ctx())
	cancel()
	byID := []storage.Where{storage.Eq("id", user["id"])}
	calls := map[string]func() error{
		"create": func() error {
			_, err := h.DB.Create(ctx, "user", h.Generate("user"))
			return err
		},
		"findOne": func() error {
			_, err := h.DB.FindOne(ctx, storage.FindQuery{Model: "user", Where: byID})
			return err
		},
		"findMany": func() error {
			_, err := h.DB.FindMany(ctx, storage.FindQuery{Model: "user"})
			return err
		},
		"count": func() error { _, err := h.DB.Count(ctx, "user", nil); return err },
		"update": func() error {
			_, err := h.DB.Update(ctx, "user", byID, storage.Record{"name": "changed"})
			return err
		},
		"updateMany": func() error {
			_, err := h.DB.UpdateMany(ctx, "user", nil, storage.Record{"name": "changed"})
			return err
		},
		"delete":     func() error { return h.DB.Delete(ctx, "user", byID) },
		"deleteMany": func() error { _, err := h.DB.DeleteMany(ctx, "user", nil); return err },
		"consumeOne": func() error { _, err := h.DB.ConsumeOne(ctx, "user", byID); return err },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: got error %v, want context.Canceled", name, err)
		}
	}
	wantIDs(h, "users afterwards", allOf(h, "user"), user["id"])
	wantRecord(h, "user afterwards", oneByID(h, "user", user["id"].(string)), user)
}

func extraValueCases() []Case {
	sink := func(s *storage.Schema) { s.Add(kitchenSink()) }
	return []Case{
		{Name: "extra - dates round-trip in UTC with millisecond precision", Schema: sink,
			Run: xDates},
		{Name: "extra - JSON values round-trip", Schema: sink, Run: xJSON},
		{Name: "extra - string and number arrays round-trip", Schema: sink, Run: xArrays},
		{Name: "extra - nil values round-trip and match", Schema: sink, Run: xNils},
		{Name: "extra - Unicode values round-trip and match", Run: xUnicode},
		{Name: "extra - numbers round-trip and compare", Schema: sink, Run: xNumbers},
	}
}

// kitchenSink is a model with a nullable field of every type.
func kitchenSink() storage.Model {
	return storage.Model{Name: "kitchenSink", Fields: []storage.Field{
		{Name: "label", Type: storage.TypeString, Required: true, Sortable: true},
		{Name: "note", Type: storage.TypeString},
		{Name: "amount", Type: storage.TypeNumber, BigInt: true},
		{Name: "flag", Type: storage.TypeBoolean},
		{Name: "happenedAt", Type: storage.TypeDate},
		{Name: "data", Type: storage.TypeJSON},
		{Name: "tags", Type: storage.TypeStringArray},
		{Name: "scores", Type: storage.TypeNumberArray},
	}}
}

// sinkRow creates a kitchenSink row with the fields in rec and returns
// it as read back.
func sinkRow(h *H, rec storage.Record) storage.Record {
	h.t.Helper()
	created := h.Create("kitchenSink", with(storage.Record{"label": RandomString(8)}, rec))
	found := oneByID(h, "kitchenSink", created["id"].(string))
	if found == nil {
		h.Fatalf("kitchenSink row %v: got nil on read", created["id"])
	}
	return found
}

func xDates(t *testing.T, h *H) {
	zone := time.FixedZone("UTC+05:30", 19800)
	when := time.Date(2026, 3, 4, 5, 6, 7, 123456789, zone)
	want := time.Date(2026, 3, 3, 23, 36, 7, 123000000, time.UTC)
	got := sinkRow(h, storage.Record{"happenedAt": when})
	d, ok := got["happenedAt"].(time.Time)
	if !ok || !d.Equal(want) || d.Location() != time.UTC || d.Nanosecond() != 123000000 {
		t.Fatalf("happenedAt: got %#v, want %v", got["happenedAt"], want)
	}
	for _, v := range []time.Time{want, want.In(zone)} {
		rows := manyWhere(h, storage.FindQuery{Model: "kitchenSink",
			Where: []storage.Where{storage.Eq("happenedAt", v)}})
		wantIDs(h, fmt.Sprintf("happenedAt eq %v", v), rows, got["id"])
	}
	rows := manyWhere(h, storage.FindQuery{Model: "kitchenSink", Where: []storage.Where{
		{Field: "happenedAt", Operator: storage.OpGt, Value: want.Add(-time.Millisecond).In(zone)},
		{Field: "happenedAt", Operator: storage.OpLt, Value: want.Add(time.Millisecond)},
	}})
	wantIDs(h, "happenedAt within a millisecond", rows, got["id"])
}

func xJSON(t *testing.T, h *H) {
	values := []any{
		map[string]any{"nested": map[string]any{"list": []any{1.5, "two", true, nil,
			map[string]any{"deep": "yes"}}}, "unicode": "héllo 世界 🎉", "n": 42.0},
		[]any{"a", 1.0, []any{}, map[string]any{}},
		map[string]any{"$ne": nil, "$where": "1 == 1", "quote": `'"\`},
		"a plain string",
	}
	for _, v := range values {
		got := sinkRow(h, storage.Record{"data": v})
		if !sameValue(got["data"], v) {
			t.Errorf("data: got %#v, want %#v", got["data"], v)
		}
	}
}

func xArrays(t *testing.T, h *H) {
	tags := []string{"a", "b c", "ünï", `"quoted"`, ""}
	scores := []int64{1, -2, 0, 1 << 40}
	got := sinkRow(h, storage.Record{"tags": tags, "scores": scores})
	if !sameValue(got["tags"], tags) || !sameValue(got["scores"], scores) {
		t.Fatalf("arrays: got %#v and %#v, want %#v and %#v",
			got["tags"], got["scores"], tags, scores)
	}
	empty := sinkRow(h, storage.Record{"tags": []string{}, "scores": []int64{}})
	if s, ok := empty["tags"].([]string); !ok || len(s) != 0 {
		t.Errorf("empty tags: got %#v, want []string{}", empty["tags"])
	}
	if s, ok := empty["scores"].([]int64); !ok || len(s) != 0 {
		t.Errorf("empty scores: got %#v, want []int64{}", empty["scores"])
	}
}

func xNils(t *testing.T, h *H) {
	fields := []string{"note", "amount", "flag", "happenedAt", "data", "tags", "scores"}
	rec := storage.Record{}
	for _, f := range fields {
		rec[f] = nil
	}
	got := sinkRow(h, rec)
	other := sinkRow(h, storage.Record{"note": "n", "amount": int64(1), "flag": false,
		"happenedAt": time.Now(), "data": map[string]any{}, "tags": []string{"t"},
		"scores": []int64{1}})
	for _, f := range fields {
		v, ok := got[f]
		if !ok || v != nil {
			t.Errorf("%s: got %#v (present %v), want nil", f, v, ok)
		}
	}
	for _, f := range []string{"note", "amount", "flag", "happenedAt"} {
		rows := manyWhere(h, storage.FindQuery{Model: "kitchenSink",
			Where: []storage.Where{storage.Eq(f, nil)}})
		wantIDs(h, f+" eq nil", rows, got["id"])
		rows = manyWhere(h, storage.FindQuery{Model: "kitchenSink",
			Where: []storage.Where{{Field: f, Operator: storage.OpNe, Value: nil}}})
		wantIDs(h, f+" ne nil", rows, other["id"])
	}
}

func xUnicode(t *testing.T, h *H) {
	names := []string{"😀 emoji 👩‍👩‍👧", "中文名字", "日本語の名前", "e\u0301cole", "école", "Ωmega ñ"}
	ids := map[string]any{}
	for _, n := range names {
		u := h.Create("user", with(h.Generate("user"), storage.Record{"name": n}))
		if u["name"] != n {
			t.Fatalf("created name: got %q, want %q", u["name"], n)
		}
		ids[n] = u["id"]
	}
	for _, n := range names {
		rows := manyWhere(h, storage.FindQuery{Model: "user",
			Where: []storage.Where{storage.Eq("name", n)}})
		wantIDs(h, fmt.Sprintf("name eq %q", n), rows, ids[n])
		if rows[0]["name"] != n {
			t.Errorf("stored name: got %q, want %q", rows[0]["name"], n)
		}
	}
	rows := manyWhere(h, storage.FindQuery{Model: "user",
		Where: []storage.Where{{Field: "name", Operator: storage.OpContains, Value: "文名"}}})
	wantIDs(h, "name contains 文名", rows, ids["中文名字"])
	rows = manyWhere(h, storage.FindQuery{Model: "user",
		Where: []storage.Where{{Field: "name", Operator: storage.OpStartsWith, Value: "😀"}}})
	wantIDs(h, "name starts_with 😀", rows, ids[names[0]])
}

func xNumbers(t *testing.T, h *H) {
	values := []int64{-5, 0, 7, 1 << 33, 1<<53 + 1}
	ids := map[int64]any{}
	for _, v := range values {
		got := sinkRow(h, storage.Record{"amount": v})
		if got["amount"] != v {
			t.Fatalf("amount: got %#v, want int64 %d", got["amount"], v)
		}
		ids[v] = got["id"]
	}
	rows := manyWhere(h, storage.FindQuery{Model: "kitchenSink",
		Where: []storage.Where{{Field: "amount", Operator: storage.OpGte, Value: int64(7)}}})
	wantIDs(h, "amount gte 7", rows, ids[7], ids[1<<33], ids[1<<53+1])
	rows = manyWhere(h, storage.FindQuery{Model: "kitchenSink",
		Where: []storage.Where{{Field: "amount", Operator: storage.OpLt, Value: int64(0)}}})
	wantIDs(h, "amount lt 0", rows, ids[-5])
	rows = manyWhere(h, storage.FindQuery{Model: "kitchenSink",
		Where: []storage.Where{storage.Eq("amount", int64(1<<53+1))}})
	wantIDs(h, "amount eq 2^53+1", rows, ids[1<<53+1])
}

func extraModelCases() []Case {
	return []Case{
		{Name: "extra - plural table names work",
			Schema: func(s *storage.Schema) { s.Plural = true }, Run: xPlural},
		{Name: "extra - the rateLimit model round-trips",
			Schema: func(s *storage.Schema) { s.Add(storage.RateLimitModel()) }, Run: xRateLimit},
	}
}

// xPlural runs every operation on tables named with a trailing "s".
func xPlural(t *testing.T, h *H) {
	rows := h.InsertRandom("session", 2)
	user, session := rows[0][0], rows[0][1]
	got, err := h.DB.FindOne(h.Ctx(), storage.FindQuery{Model: "user",
		Where: []storage.Where{storage.Eq("id", user["id"])},
		Join:  []storage.JoinRequest{{Model: "session"}}})
	if err != nil || got == nil {
		t.Fatalf("findOne with join: got %v, %v", got, err)
	}
	list, ok := got["session"].([]storage.Record)
	if !ok || len(list) != 1 || list[0]["id"] != session["id"] {
		t.Fatalf("joined sessions: got %#v, want [%v]", got["session"], session["id"])
	}
	updated := updateWhere(h, "user", []storage.Where{storage.Eq("id", user["id"])},
		storage.Record{"name": "plural"})
	if updated == nil || updated["name"] != "plural" {
		t.Fatalf("update: got %v, want the user named plural", updated)
	}
	if n := countWhere(h, "session"); n != 2 {
		t.Fatalf("count sessions: got %d, want 2", n)
	}
	n, err := h.DB.DeleteMany(h.Ctx(), "session", []storage.Where{storage.Eq("userId", user["id"])})
	if err != nil || n != 1 {
		t.Fatalf("deleteMany: got %d, %v, want 1", n, err)
	}
}

// xRateLimit stores a counter as core's database rate limiter does, with
// lastRequest in Unix milliseconds, beyond 32 bits.
func xRateLimit(t *testing.T, h *H) {
	now := time.Now().UnixMilli()
	key := "127.0.0.1|/sign-in/email"
	counter := func(count, last int64) storage.Record {
		return storage.Record{"key": key, "count": count, "lastRequest": last}
	}
	created := h.Create("rateLimit", counter(1, now))
	wantRecord(h, "created counter", created,
		with(counter(1, now), storage.Record{"id": created["id"]}))
	got := updateWhere(h, "rateLimit", []storage.Where{storage.Eq("key", key)},
		storage.Record{"count": int64(2), "lastRequest": now + 1500})
	wantRecord(h, "updated counter", got,
		with(counter(2, now+1500), storage.Record{"id": created["id"]}))
	found := oneWhere(h, "rateLimit", storage.Eq("key", key),
		storage.Where{Field: "lastRequest", Operator: storage.OpGt, Value: now})
	wantRecord(h, "found counter", found, got)
	_, err := h.DB.Create(h.Ctx(), "rateLimit", counter(1, now))
	if !errors.Is(err, storage.ErrDuplicate) {
		t.Fatalf("second counter for the key: got error %v, want ErrDuplicate", err)
	}
}

// joinExtraCases returns the extra join cases, run with native joins
// handed to adapters that serve them.
func joinExtraCases() []Case {
	out := []Case{
		{Name: "extra - select with id plus a join", Run: xSelectIDJoin},
		{Name: "extra - join on renamed columns under plural table names",
			Schema: func(s *storage.Schema) {
				s.Plural = true
				s.Model("user").Table = "member"
				s.Model("user").Field("email").Column = "email_address"
				s.Model("session").Field("userId").Column = "user_id"
				s.Model("account").Field("userId").Column = "owner_id"
			},
			Run: xRenamedPluralJoin},
		{Name: "extra - findMany joins with where, sort, limit and offset", Run: xJoinFindMany},
	}
	for i := range out {
		out[i].Extra = true
	}
	return out
}

func xSelectIDJoin(t *testing.T, h *H) {
	rows := h.InsertRandom("user", 2)
	user := rows[0][0]
	var sessions []any
	for range 2 {
		s := h.Create("session", with(h.Generate("session"), storage.Record{"userId": user["id"]}))
		sessions = append(sessions, s["id"])
	}
	q := storage.FindQuery{Model: "user", Select: []string{"id", "email"},
		Where: []storage.Where{storage.Eq("id", user["id"])},
		Join:  []storage.JoinRequest{{Model: "session"}}}
	got, err := h.DB.FindOne(h.Ctx(), q)
	if err != nil || got == nil {
		t.Fatalf("findOne: got %v, %v", got, err)
	}
	xWantJoined(h, got, user, sessions)
	q.Where = nil
	q.SortBy = &storage.SortBy{Field: "email"}
	many := manyWhere(h, q)
	if len(many) != 2 {
		t.Fatalf("findMany: got %d rows, want 2", len(many))
	}
	for _, r := range many {
		if r["id"] == user["id"] {
			xWantJoined(h, r, user, sessions)
		} else {
			xWantJoined(h, r, rows[1][0], nil)
		}
	}
}

// xWantJoined checks a user selected as id and email with its sessions
// joined.
func xWantJoined(h *H, got, user storage.Record, sessions []any) {
	h.t.Helper()
	if len(got) != 3 || got["id"] != user["id"] || got["email"] != user["email"] {
		h.Fatalf("selected user: got %v, want only id %v, email and session", got, user["id"])
	}
	list, ok := got["session"].([]storage.Record)
	if !ok {
		h.Fatalf("session: got %#v, want a list", got["session"])
	}
	wantIDs(h, "joined sessions", list, sessions...)
}

func xRenamedPluralJoin(t *testing.T, h *H) {
	user := h.InsertRandom("user", 1)[0][0]
	owned := storage.Record{"userId": user["id"]}
	session := h.Create("session", with(h.Generate("session"), owned))
	account := h.Create("account", with(h.Generate("account"), owned))
	bare := h.InsertRandom("user", 1)[0][0]

	got, err := h.DB.FindOne(h.Ctx(), storage.FindQuery{Model: "user",
		Where: []storage.Where{storage.Eq("email", user["email"])},
		Join:  []storage.JoinRequest{{Model: "session"}, {Model: "account"}}})
	if err != nil || got == nil {
		t.Fatalf("findOne user with joins: got %v, %v", got, err)
	}
	for key, want := range map[string]storage.Record{"session": session, "account": account} {
		list, ok := got[key].([]storage.Record)
		if !ok || len(list) != 1 {
			t.Fatalf("%s: got %#v, want one record", key, got[key])
		}
		wantRecord(h, "joined "+key, list[0], want)
	}

	back, err := h.DB.FindOne(h.Ctx(), storage.FindQuery{Model: "session",
		Where: []storage.Where{storage.Eq("token", session["token"])},
		Join:  []storage.JoinRequest{{Model: "user"}}})
	if err != nil || back == nil {
		t.Fatalf("findOne session with join: got %v, %v", back, err)
	}
	joined, ok := back["user"].(storage.Record)
	if !ok {
		t.Fatalf("user: got %#v, want a record", back["user"])
	}
	wantRecord(h, "joined user", joined, user)

	lonely, err := h.DB.FindOne(h.Ctx(), storage.FindQuery{Model: "user",
		Where: []storage.Where{storage.Eq("id", bare["id"])},
		Join:  []storage.JoinRequest{{Model: "session"}}})
	if err != nil || lonely == nil {
		t.Fatalf("findOne user without sessions: got %v, %v", lonely, err)
	}
	if list, ok := lonely["session"].([]storage.Record); !ok || len(list) != 0 {
		t.Fatalf("session of a user without any: got %#v, want an empty list", lonely["session"])
	}
}

// xJoinFindMany checks that where, sort, offset and limit apply to base
// rows and the join limit to each parent.
func xJoinFindMany(t *testing.T, h *H) {
	for i := range 6 {
		u := createAs(h, "user", storage.Record{"name": fmt.Sprintf("jm-%d", i)})
		for range 3 {
			h.Create("session", with(h.Generate("session"), storage.Record{"userId": u["id"]}))
		}
	}
	createAs(h, "user", storage.Record{"name": "other"})
	rows := manyWhere(h, storage.FindQuery{Model: "user",
		Where:  []storage.Where{{Field: "name", Operator: storage.OpStartsWith, Value: "jm-"}},
		SortBy: &storage.SortBy{Field: "name", Desc: true}, Limit: 3, Offset: 1,
		Join: []storage.JoinRequest{{Model: "session", Limit: 2}}})
	var names []any
	for _, r := range rows {
		names = append(names, r["name"])
		list, ok := r["session"].([]storage.Record)
		if !ok || len(list) != 2 {
			t.Fatalf("sessions of %v: got %#v, want 2", r["name"], r["session"])
		}
		for _, s := range list {
			if s["userId"] != r["id"] {
				t.Fatalf("session of %v: got userId %v", r["id"], s["userId"])
			}
		}
	}
	if want := []any{"jm-4", "jm-3", "jm-2"}; fmt.Sprint(names) != fmt.Sprint(want) {
		t.Fatalf("users: got %v, want %v", names, want)
	}
}
