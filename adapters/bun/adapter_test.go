package bun

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

// These tests drive the adapter directly, with the physical names and
// converted values a storage.DB would hand it.

func forEachBackend(t *testing.T, fn func(t *testing.T, a *Adapter)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			a := b.open(t)
			if err := a.Migrate(t.Context(), testSchema()); err != nil {
				t.Fatalf("migrate: %v", err)
			}
			fn(t, a)
		})
	}
}

func testSchema() *storage.Schema {
	s := storage.BaseSchema()
	s.Add(storage.RateLimitModel())
	return s
}

// val converts a value the way a storage.DB does for the adapter's
// capabilities.
func val(a *Adapter, v any) any {
	c := a.Capabilities()
	switch x := v.(type) {
	case time.Time:
		if !c.Dates {
			return x.UTC().Format(isoMillis)
		}
		return x.UTC().Truncate(time.Millisecond)
	case bool:
		if !c.Booleans {
			if x {
				return int64(1)
			}
			return int64(0)
		}
	}
	return v
}

func userRow(a *Adapter, id, name, email string) storage.Record {
	now := time.Now()
	return storage.Record{"id": id, "name": name, "email": email,
		"emailVerified": val(a, false), "image": nil,
		"createdAt": val(a, now), "updatedAt": val(a, now)}
}

func eq(field string, v any) storage.Where {
	return storage.Where{Field: field, Operator: storage.OpEq, Value: v,
		Connector: storage.And, Mode: storage.Sensitive}
}

func ids(recs []storage.Record) []string {
	var out []string
	for _, r := range recs {
		out = append(out, fmt.Sprint(r["id"]))
	}
	sort.Strings(out)
	return out
}

func mustCreate(t *testing.T, a *Adapter, table string, rec storage.Record) storage.Record {
	t.Helper()
	out, err := a.Create(t.Context(), table, rec)
	if err != nil {
		t.Fatalf("create %s: %v", table, err)
	}
	return out
}

func TestCreateAndFind(t *testing.T) {
	forEachBackend(t, func(t *testing.T, a *Adapter) {
		ctx := t.Context()
		in := userRow(a, "u1", "Ann", "ann@example.com")
		got := mustCreate(t, a, "user", in)
		if got["id"] != "u1" || got["email"] != "ann@example.com" {
			t.Fatalf("create returned %v, want id u1 and the email", got)
		}
		if _, ok := got["image"]; !ok || got["image"] != nil {
			t.Errorf("image: got %v (present %v), want a nil value", got["image"], ok)
		}
		one, err := a.FindOne(ctx, storage.Query{Table: "user",
			Where: []storage.Where{eq("email", "ann@example.com")}})
		if err != nil || one == nil || one["name"] != "Ann" {
			t.Fatalf("find one: got %v, %v; want Ann", one, err)
		}
		none, err := a.FindOne(ctx, storage.Query{Table: "user",
			Where: []storage.Where{eq("email", "nobody@example.com")}})
		if err != nil || none != nil {
			t.Fatalf("find missing: got %v, %v; want nil, nil", none, err)
		}
		sel, err := a.FindOne(ctx, storage.Query{Table: "user", Select: []string{"email"}})
		if err != nil || len(sel) != 1 || sel["email"] != "ann@example.com" {
			t.Fatalf("select email: got %v, %v; want only the email", sel, err)
		}
		n, err := a.Count(ctx, "user", nil)
		if err != nil || n != 1 {
			t.Fatalf("count: got %d, %v; want 1", n, err)
		}
	})
}

func TestDuplicate(t *testing.T) {
	forEachBackend(t, func(t *testing.T, a *Adapter) {
		ctx := t.Context()
		mustCreate(t, a, "user", userRow(a, "u1", "Ann", "ann@example.com"))
		mustCreate(t, a, "user", userRow(a, "u2", "Bob", "bob@example.com"))
		_, err := a.Create(ctx, "user", userRow(a, "u3", "Ann", "ann@example.com"))
		if !errors.Is(err, storage.ErrDuplicate) {
			t.Errorf("duplicate email on create: got %v, want ErrDuplicate", err)
		}
		_, err = a.Create(ctx, "user", userRow(a, "u1", "Ann", "other@example.com"))
		if !errors.Is(err, storage.ErrDuplicate) {
			t.Errorf("duplicate id on create: got %v, want ErrDuplicate", err)
		}
		_, err = a.Update(ctx, "user", []storage.Where{eq("id", "u2")},
			storage.Record{"email": "ann@example.com"})
		if !errors.Is(err, storage.ErrDuplicate) {
			t.Errorf("duplicate email on update: got %v, want ErrDuplicate", err)
		}
		_, err = a.UpdateMany(ctx, "user", nil, storage.Record{"email": "same@example.com"})
		if !errors.Is(err, storage.ErrDuplicate) {
			t.Errorf("duplicate email on update many: got %v, want ErrDuplicate", err)
		}
	})
}

// clauses keeps the tables of where clauses narrow.
type clauses = []storage.Where

func TestWhere(t *testing.T) {
	forEachBackend(t, func(t *testing.T, a *Adapter) {
		names := map[string]string{
			"pct": "100%", "num": "1000", "und": "a_b", "any": "axb", "bsl": `back\slash`,
			"bang": "ex!cl", "up": "User Upper", "low": "user lower", "star": "st*r?[x]",
		}
		for id, name := range names {
			mustCreate(t, a, "user", userRow(a, id, name, id+"@example.com"))
		}
		mustCreate(t, a, "user", userRow(a, "img", "Img", "Img@Example.com"))
		w := func(op storage.Operator, field string, v any, mode storage.Mode) storage.Where {
			return storage.Where{Field: field, Operator: op, Value: v, Connector: storage.And, Mode: mode}
		}
		s, i := storage.Sensitive, storage.Insensitive
		eqo, neq, in, nin := storage.OpEq, storage.OpNe, storage.OpIn, storage.OpNotIn
		has, pre, suf := storage.OpContains, storage.OpStartsWith, storage.OpEndsWith
		tests := []struct {
			name  string
			where clauses
			want  []string
		}{
			{"contains percent", clauses{w(has, "name", "%", s)}, []string{"pct"}},
			{"contains underscore", clauses{w(has, "name", "_", s)}, []string{"und"}},
			{"contains backslash", clauses{w(has, "name", `\`, s)}, []string{"bsl"}},
			{"contains escape char", clauses{w(has, "name", "!", s)}, []string{"bang"}},
			{"contains glob chars", clauses{w(has, "name", "*r?[", s)}, []string{"star"}},
			{"contains glob chars insensitive", clauses{w(has, "name", "*R?[", i)},
				[]string{"star"}},
			{"starts with sensitive", clauses{w(pre, "name", "User", s)}, []string{"up"}},
			{"starts with insensitive", clauses{w(pre, "name", "USER", i)},
				[]string{"low", "up"}},
			{"ends with percent insensitive", clauses{w(suf, "name", "0%", i)},
				[]string{"pct"}},
			{"eq sensitive", clauses{w(eqo, "email", "img@example.com", s)}, nil},
			{"eq insensitive", clauses{w(eqo, "email", "img@example.com", i)}, []string{"img"}},
			{"eq trailing space", clauses{w(eqo, "email", "Img@Example.com ", s)}, nil},
			{"ne sensitive", clauses{w(neq, "name", "img", s), w(has, "name", "M", i)},
				[]string{"img"}},
			{"ne insensitive", clauses{w(neq, "name", "img", i), w(has, "name", "M", i)},
				nil},
			{"in sensitive", clauses{w(in, "name", []any{"axb", "USER UPPER"}, s)},
				[]string{"any"}},
			{"in insensitive", clauses{w(in, "name", []any{"axb", "USER UPPER"}, i)},
				[]string{"any", "up"}},
			{"in empty", clauses{w(in, "name", []any{}, s)}, nil},
			{"not in empty", clauses{w(nin, "id", []any{}, s),
				w(eqo, "id", "num", s)}, []string{"num"}},
			{"not in", clauses{w(nin, "id", []any{"pct", "num", "und", "any", "bsl",
				"bang", "up", "low"}, s)}, []string{"img", "star"}},
			{"eq null", clauses{w(eqo, "image", nil, s), w(eqo, "id", "up", s)},
				[]string{"up"}},
			{"ne null", clauses{w(neq, "image", nil, s)}, nil},
			{"ne matches null", clauses{w(neq, "image", "x", s), w(eqo, "id", "up", s)},
				[]string{"up"}},
			{"not in matches null", clauses{w(nin, "image", []any{"x"}, s),
				w(eqo, "id", "up", s)}, []string{"up"}},
			{"and with or group", clauses{w(pre, "name", "a", s),
				{Field: "id", Operator: eqo, Value: "und", Connector: storage.Or, Mode: s},
				{Field: "id", Operator: eqo, Value: "up", Connector: storage.Or, Mode: s}},
				[]string{"und"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := a.FindMany(t.Context(), storage.Query{Table: "user", Where: tt.where, Limit: 100})
				if err != nil {
					t.Fatalf("find: %v", err)
				}
				if g := ids(got); !slices.Equal(g, tt.want) {
					t.Errorf("got %v, want %v", g, tt.want)
				}
			})
		}
	})
}

func TestSortLimitOffset(t *testing.T) {
	forEachBackend(t, func(t *testing.T, a *Adapter) {
		for i := range 5 {
			id := fmt.Sprintf("u%d", i)
			mustCreate(t, a, "user", userRow(a, id, fmt.Sprintf("name-%d", i), id+"@example.com"))
		}
		got, err := a.FindMany(t.Context(), storage.Query{Table: "user",
			SortBy: &storage.SortBy{Field: "name", Desc: true}, Limit: 2, Offset: 1})
		if err != nil {
			t.Fatal(err)
		}
		var names []any
		for _, r := range got {
			names = append(names, r["name"])
		}
		if want := []any{"name-3", "name-2"}; !slices.Equal(names, want) {
			t.Errorf("got %v, want %v", names, want)
		}
	})
}

func TestUpdate(t *testing.T) {
	forEachBackend(t, func(t *testing.T, a *Adapter) {
		ctx := t.Context()
		mustCreate(t, a, "user", userRow(a, "u1", "Ann", "ann@example.com"))
		mustCreate(t, a, "user", userRow(a, "u2", "Ann", "ann2@example.com"))
		got, err := a.Update(ctx, "user", []storage.Where{eq("email", "ann@example.com")},
			storage.Record{"email": "new@example.com", "image": "pic"})
		if err != nil || got == nil || got["email"] != "new@example.com" || got["image"] != "pic" {
			t.Fatalf("update: got %v, %v; want the updated row", got, err)
		}
		got, err = a.Update(ctx, "user", []storage.Where{eq("id", "none")}, storage.Record{"name": "x"})
		if err != nil || got != nil {
			t.Fatalf("update missing: got %v, %v; want nil, nil", got, err)
		}
		// Same value again: MySQL calls these rows unchanged but they match.
		n, err := a.UpdateMany(ctx, "user", clauses{eq("name", "Ann")}, storage.Record{"name": "Ann"})
		if err != nil || n != 2 {
			t.Fatalf("update many: got %d, %v; want 2", n, err)
		}
		n, err = a.DeleteMany(ctx, "user", []storage.Where{eq("id", "u2")})
		if err != nil || n != 1 {
			t.Fatalf("delete many: got %d, %v; want 1", n, err)
		}
		if err := a.Delete(ctx, "user", []storage.Where{eq("id", "u2")}); err != nil {
			t.Fatalf("delete nothing: %v", err)
		}
	})
}

func TestConsumeOneConcurrent(t *testing.T) {
	forEachBackend(t, func(t *testing.T, a *Adapter) {
		ctx := t.Context()
		now := time.Now()
		for i := range 3 {
			mustCreate(t, a, "verification", storage.Record{"id": fmt.Sprintf("v%d", i),
				"identifier": "same", "value": fmt.Sprint(i), "expiresAt": val(a, now),
				"createdAt": val(a, now), "updatedAt": val(a, now)})
		}
		const workers = 8
		var mu sync.Mutex
		var got []string
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				rec, err := a.ConsumeOne(ctx, "verification", []storage.Where{eq("identifier", "same")})
				if err != nil {
					t.Errorf("consume: %v", err)
					return
				}
				if rec != nil {
					mu.Lock()
					got = append(got, fmt.Sprint(rec["id"]))
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		sort.Strings(got)
		if len(slices.Compact(slices.Clone(got))) != len(got) {
			t.Fatalf("a row was consumed twice: %v", got)
		}
		if n, _ := a.Count(ctx, "verification", nil); n != int64(3-len(got)) {
			t.Fatalf("rows left: got %d, want %d (consumed %v)", n, 3-len(got), got)
		}
		if len(got) == 0 {
			t.Fatal("no caller got a row")
		}
		rest, err := a.ConsumeOne(ctx, "verification", []storage.Where{eq("identifier", "none")})
		if err != nil || rest != nil {
			t.Fatalf("consume none: got %v, %v; want nil, nil", rest, err)
		}
	})
}

func TestTransaction(t *testing.T) {
	forEachBackend(t, func(t *testing.T, a *Adapter) {
		ctx := t.Context()
		boom := errors.New("boom")
		err := a.Transaction(ctx, func(tx storage.Adapter) error {
			if _, err := tx.Create(ctx, "user", userRow(a, "u1", "Ann", "ann@example.com")); err != nil {
				return err
			}
			inner := tx.(storage.Transactor).Transaction(ctx, func(tx storage.Adapter) error {
				if _, err := tx.Create(ctx, "user", userRow(a, "u2", "Bob", "bob@example.com")); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(inner, boom) {
				return fmt.Errorf("inner: got %v, want boom", inner)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("transaction: %v", err)
		}
		all, _ := a.FindMany(ctx, storage.Query{Table: "user", Limit: 10})
		if g := ids(all); !slices.Equal(g, []string{"u1"}) {
			t.Fatalf("after savepoint rollback: got %v, want [u1]", g)
		}
		err = a.Transaction(ctx, func(tx storage.Adapter) error {
			if err := tx.Delete(ctx, "user", nil); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("transaction: got %v, want boom", err)
		}
		if n, _ := a.Count(ctx, "user", nil); n != 1 {
			t.Fatalf("after rollback: got %d users, want 1", n)
		}
	})
}

func TestJoins(t *testing.T) {
	forEachBackend(t, func(t *testing.T, a *Adapter) {
		ctx := t.Context()
		now := time.Now()
		for _, u := range []string{"u1", "u2", "u3"} {
			mustCreate(t, a, "user", userRow(a, u, u, u+"@example.com"))
		}
		for i := range 5 {
			u := "u1"
			if i == 4 {
				u = "u2"
			}
			mustCreate(t, a, "session", storage.Record{"id": fmt.Sprintf("s%d", i), "token": fmt.Sprint(i),
				"userId": u, "expiresAt": val(a, now), "createdAt": val(a, now), "updatedAt": val(a, now)})
		}
		users, err := a.FindMany(ctx, storage.Query{Table: "user", Select: []string{"email"},
			SortBy: &storage.SortBy{Field: "email"}, Limit: 10,
			Joins: []storage.Join{{Key: "session", Table: "session", From: "id", To: "userId", Limit: 3}}})
		if err != nil {
			t.Fatal(err)
		}
		var counts []int
		for _, u := range users {
			counts = append(counts, len(u["session"].([]storage.Record)))
			if _, ok := u["id"]; ok {
				t.Errorf("id was not selected but is in %v", u)
			}
		}
		if want := []int{3, 1, 0}; !slices.Equal(counts, want) {
			t.Errorf("sessions per user: got %v, want %v", counts, want)
		}
		sess, err := a.FindMany(ctx, storage.Query{Table: "session", Limit: 10,
			Joins: []storage.Join{{Key: "user", Table: "user", From: "userId", To: "id", Unique: true}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sess {
			u, ok := s["user"].(storage.Record)
			if !ok || u["id"] != s["userId"] {
				t.Errorf("session %v: joined user %v, want user %v", s["id"], s["user"], s["userId"])
			}
		}
	})
}

func TestMigratePlan(t *testing.T) {
	forEachBackend(t, func(t *testing.T, a *Adapter) {
		ctx := t.Context()
		plan, err := a.Plan(ctx, testSchema())
		if err != nil || len(plan) != 0 {
			t.Fatalf("plan after migrate: got %q, %v; want nothing", plan, err)
		}
		s := testSchema()
		s.Add(storage.Model{Name: "user", Fields: []storage.Field{
			{Name: "nickname", Type: storage.TypeString, Unique: true},
			{Name: "age", Type: storage.TypeNumber, Required: true},
		}}, storage.Model{Name: "session", Fields: []storage.Field{
			// An existing column that becomes indexed.
			{Name: "expiresAt", Type: storage.TypeDate, Required: true, Index: true},
		}}, storage.Model{Name: "team", Fields: []storage.Field{
			{Name: "name", Type: storage.TypeString, Required: true, Index: true},
			{Name: "ownerId", Type: storage.TypeString, References: &storage.Reference{
				Model: "user", Field: "id", OnDelete: storage.SetNull}},
		}})
		mustCreate(t, a, "user", userRow(a, "u1", "Ann", "ann@example.com"))
		plan, err = a.Plan(ctx, s)
		if err != nil || len(plan) != 6 {
			t.Fatalf("plan: got %d statements %q, %v; want 6", len(plan), plan, err)
		}
		if err := a.Migrate(ctx, s); err != nil {
			t.Fatal(err)
		}
		if plan, err = a.Plan(ctx, s); err != nil || len(plan) != 0 {
			t.Fatalf("plan after second migrate: got %q, %v; want nothing", plan, err)
		}
		got, err := a.Update(ctx, "user", clauses{eq("id", "u1")}, storage.Record{"nickname": "a"})
		if err != nil || got["nickname"] != "a" || got["age"] != nil {
			t.Fatalf("new columns: got %v, %v", got, err)
		}
		mustCreate(t, a, "team", storage.Record{"id": "t1", "name": "x", "ownerId": "u1"})
		if err := a.Delete(ctx, "user", []storage.Where{eq("id", "u1")}); err != nil {
			t.Fatal(err)
		}
		team, _ := a.FindOne(ctx, storage.Query{Table: "team"})
		if team == nil || team["ownerId"] != nil {
			t.Fatalf("on delete set null: got %v, want ownerId nil", team)
		}
	})
}

func TestContextCancelled(t *testing.T) {
	forEachBackend(t, func(t *testing.T, a *Adapter) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if _, err := a.FindMany(ctx, storage.Query{Table: "user", Limit: 1}); err == nil {
			t.Fatal("find with a cancelled context: got nil error")
		}
	})
}

// TestConcurrentTransactions runs transactions that read and then write
// from many goroutines: none may fail with a lock error (SQLITE_BUSY on
// SQLite, where the write lock is taken at BEGIN).
func TestConcurrentTransactions(t *testing.T) {
	forEachBackend(t, func(t *testing.T, a *Adapter) {
		ctx := t.Context()
		const workers, each = 8, 5
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for i := range each {
					err := a.Transaction(ctx, func(tx storage.Adapter) error {
						if _, err := tx.Count(ctx, "user", nil); err != nil {
							return err
						}
						id := fmt.Sprintf("u%d-%d", w, i)
						_, err := tx.Create(ctx, "user", userRow(a, id, id, id+"@example.com"))
						return err
					})
					if err != nil {
						t.Errorf("worker %d, transaction %d: %v", w, i, err)
						return
					}
				}
			})
		}
		wg.Wait()
		if n, err := a.Count(ctx, "user", nil); err != nil || n != workers*each {
			t.Fatalf("users: got %d, %v; want %d", n, err, workers*each)
		}
	})
}
