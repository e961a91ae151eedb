package memory_test

import (
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/core/storage"
)

// TestJoinEmulationMatchesNative checks that the joins the DB emulates
// with extra queries give what the adapter gives natively, both when the
// DB can fetch every related row in one query and when a per-row limit
// makes it query row by row.
func TestJoinEmulationMatchesNative(t *testing.T) {
	ctx := t.Context()
	a := memory.New()
	if err := a.Migrate(ctx, storage.BaseSchema()); err != nil {
		t.Fatal(err)
	}
	native, err := storage.New(a, storage.Options{Joins: true})
	if err != nil {
		t.Fatal(err)
	}
	emulated, err := storage.New(bare{a}, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for u := range 4 {
		user, err := native.Create(ctx, "user", storage.Record{"name": "n",
			"email": fmt.Sprintf("u%d@example.com", u)})
		if err != nil {
			t.Fatal(err)
		}
		for s := range u * 2 {
			if _, err := native.Create(ctx, "session", storage.Record{"userId": user["id"],
				"token": fmt.Sprintf("t%d-%d", u, s), "expiresAt": time.Now()}); err != nil {
				t.Fatal(err)
			}
		}
	}
	queries := []storage.FindQuery{
		{Model: "user", Join: []storage.JoinRequest{{Model: "session"}, {Model: "account"}}},
		{Model: "user", Join: []storage.JoinRequest{{Model: "session", Limit: 3}}},
		{Model: "user", Select: []string{"email"}, Join: []storage.JoinRequest{{Model: "session", Limit: 1}}},
		{Model: "session", Join: []storage.JoinRequest{{Model: "user"}}},
		{Model: "session", Limit: 2, Offset: 1, SortBy: &storage.SortBy{Field: "token", Desc: true},
			Join: []storage.JoinRequest{{Model: "user"}}},
	}
	for i, q := range queries {
		want, err := native.FindMany(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := emulated.FindMany(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("query %d: emulated\n%v\nwant native\n%v", i, got, want)
		}
	}
}

// TestConcurrentUse runs writers and readers at once; the race detector
// checks the locking.
func TestConcurrentUse(t *testing.T) {
	db, err := memory.NewDB(storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				email := fmt.Sprintf("g%d-%d@example.com", g, i)
				u, err := db.Create(ctx, "user", storage.Record{"name": "n", "email": email})
				if err != nil {
					t.Error(err)
					return
				}
				where := []storage.Where{storage.Eq("id", u["id"])}
				if _, err := db.Update(ctx, "user", where, storage.Record{"name": "m"}); err != nil {
					t.Error(err)
				}
				if _, err := db.FindMany(ctx, storage.FindQuery{Model: "user", Limit: 5}); err != nil {
					t.Error(err)
				}
				err = db.Transaction(ctx, func(tx *storage.DB) error {
					_, err := tx.Count(ctx, "user", nil)
					return err
				})
				if err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if n, err := db.Count(ctx, "user", nil); err != nil || n != 100 {
		t.Errorf("got %d users, %v; want 100", n, err)
	}
}

// TestRenamedNames runs creates, finds and joins through plural table
// names and renamed columns, natively and emulated, and checks that the
// adapter sees only physical names.
func TestRenamedNames(t *testing.T) {
	ctx := t.Context()
	s := storage.BaseSchema()
	s.Plural = true
	s.Add(storage.Model{Name: "session", Table: "auth_session", Fields: []storage.Field{
		{Name: "userId", Column: "user_id", Type: storage.TypeString, Required: true,
			References: &storage.Reference{Model: "user", Field: "id"}},
	}})
	for _, native := range []bool{false, true} {
		a := memory.New()
		if err := a.Migrate(ctx, s); err != nil {
			t.Fatal(err)
		}
		var ad storage.Adapter = a
		if !native {
			ad = bare{a}
		}
		db, err := storage.New(ad, storage.Options{Schema: s, Joins: native})
		if err != nil {
			t.Fatal(err)
		}
		u, err := db.Create(ctx, "user", storage.Record{"name": "n", "email": "e"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Create(ctx, "session", storage.Record{"userId": u["id"], "token": "t",
			"expiresAt": time.Now()}); err != nil {
			t.Fatal(err)
		}
		raw, err := a.FindOne(ctx, storage.Query{Table: "auth_sessions"})
		if err != nil || raw == nil || raw["user_id"] != u["id"] {
			t.Fatalf("native=%v: got raw session %v, %v; want user_id in auth_sessions",
				native, raw, err)
		}
		got, err := db.FindOne(ctx, storage.FindQuery{Model: "user", Select: []string{"id"},
			Join: []storage.JoinRequest{{Model: "session"}}})
		if err != nil {
			t.Fatal(err)
		}
		ss, _ := got["session"].([]storage.Record)
		if len(ss) != 1 || ss[0]["userId"] != u["id"] || len(got) != 2 {
			t.Errorf("native=%v: got %v, want the id and one session with userId", native, got)
		}
	}
}
