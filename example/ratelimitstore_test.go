package main

// The database store of core/ratelimit is tested here, where real adapters
// are at hand: core cannot import an adapter without a module cycle.

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kernia-go/kernia/adapters/bun"
	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/core/ratelimit"
	"github.com/kernia-go/kernia/core/storage"
)

func rateLimitSchema() *storage.Schema {
	s := storage.BaseSchema()
	s.Add(storage.RateLimitModel())
	return s
}

func rateLimitDBs(t *testing.T) map[string]*storage.DB {
	t.Helper()
	mem, err := memory.NewDB(storage.Options{Schema: rateLimitSchema()})
	if err != nil {
		t.Fatal(err)
	}
	a, err := bun.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "rl.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	sqlite, err := storage.New(a, storage.Options{Schema: rateLimitSchema()})
	if err != nil {
		t.Fatal(err)
	}
	if err := sqlite.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return map[string]*storage.DB{"memory": mem, "sqlite": sqlite}
}

func TestRateLimitDBStore(t *testing.T) {
	for name, db := range rateLimitDBs(t) {
		t.Run(name, func(t *testing.T) {
			testDBStore(t, db)
		})
	}
}

func testDBStore(t *testing.T, db *storage.DB) {
	ctx := context.Background()
	now := time.UnixMilli(1_800_000_000_123)
	l := &ratelimit.Limiter{Store: ratelimit.NewDBStore(db), Now: func() time.Time { return now }}
	rule := ratelimit.Rule{Window: 10 * time.Second, Max: 3}
	key := ratelimit.Key("203.0.113.7", "/sign-in/email")
	for i := range 3 {
		if _, limited, err := l.Check(ctx, key, rule); err != nil || limited {
			t.Fatalf("request %d: got limited %v, %v; want allowed", i+1, limited, err)
		}
		if err := l.Hit(ctx, key, rule); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Second)
	}
	retry, limited, err := l.Check(ctx, key, rule)
	if err != nil || !limited || retry != 9*time.Second {
		t.Fatalf("4th request: got %v %v %v, want limited, retry 9s", limited, retry, err)
	}
	e, err := ratelimit.NewDBStore(db).Get(ctx, key)
	if err != nil || e == nil || e.Count != 3 || e.LastRequest != now.Add(-time.Second).UnixMilli() {
		t.Fatalf("stored entry: got %+v, %v; want count 3 and the last request time", e, err)
	}
	now = now.Add(11 * time.Second)
	if _, limited, _ := l.Check(ctx, key, rule); limited {
		t.Fatal("after the window: got limited, want allowed")
	}
	if err := l.Hit(ctx, key, rule); err != nil {
		t.Fatal(err)
	}
	if e, _ := ratelimit.NewDBStore(db).Get(ctx, key); e == nil || e.Count != 1 {
		t.Fatalf("after the window: got %+v, want count reset to 1", e)
	}
	if n, _ := db.Count(ctx, "rateLimit", nil); n != 1 {
		t.Errorf("got %d rows, want 1: the row is reset in place", n)
	}
}

func TestRateLimitDBStoreCreateRace(t *testing.T) {
	// Many first requests for one key at once: every create but one hits
	// the unique key, and must fall back to an update, not fail.
	for name, db := range rateLimitDBs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := ratelimit.NewDBStore(db)
			var wg sync.WaitGroup
			for i := range 8 {
				wg.Go(func() {
					e := ratelimit.Entry{Key: "k", Count: 1, LastRequest: int64(i)}
					if err := s.Set(ctx, "k", e, false); err != nil {
						t.Errorf("Set: %v", err)
					}
				})
			}
			wg.Wait()
			if n, _ := db.Count(ctx, "rateLimit", nil); n != 1 {
				t.Errorf("got %d rows, want 1", n)
			}
		})
	}
}
