package bun

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/uptrace/bun/dialect"

	"github.com/kernia-go/kernia/core/storage"
)

// The benchmarks compare storage.DB on this adapter with hand-written
// database/sql doing the same work on the same pool: typed scans into
// structs, placeholders, no maps. Each iteration runs both, alternating
// which goes first, so that load on the machine and the database's
// warm-up weigh on both alike; the ratio metric is kernia's time over
// the hand-written time. Run them with
//
//	go test -run '^$' -bench . -benchtime 2000x

type benchUser struct {
	ID, Name, Email    string
	EmailVerified      bool
	Image              sql.NullString
	CreatedAt, Updated benchTime
}

type benchSession struct {
	ID, Token, UserID    string
	ExpiresAt, CreatedAt benchTime
	UpdatedAt            benchTime
	IP, UA               sql.NullString
}

// benchTime reads a date column the way hand-written code would: a
// time.Time from PostgreSQL and MySQL, ISO-8601 text from SQLite.
type benchTime struct{ time.Time }

func (t *benchTime) Scan(v any) error {
	switch x := v.(type) {
	case time.Time:
		t.Time = x
		return nil
	case string:
		var err error
		t.Time, err = time.Parse(time.RFC3339Nano, x)
		return err
	}
	return fmt.Errorf("benchTime: unexpected %T", v)
}

type benchEnv struct {
	a     *Adapter
	db    *storage.DB
	sqldb *sql.DB
	email string // of a user with 100 sessions
	uid   string
}

func setupBench(b *testing.B, be backend) *benchEnv {
	b.Helper()
	a := be.open(b)
	ctx := context.Background()
	if err := a.Migrate(ctx, storage.BaseSchema()); err != nil {
		b.Fatal(err)
	}
	db, err := storage.New(a, storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	env := &benchEnv{a: a, db: db, sqldb: a.bun.DB}
	for i := range 200 {
		u, err := db.Create(ctx, "user", storage.Record{"name": fmt.Sprintf("user %d", i),
			"email": fmt.Sprintf("user%d@example.com", i)})
		if err != nil {
			b.Fatal(err)
		}
		if i == 100 {
			env.email, env.uid = u["email"].(string), u["id"].(string)
		}
	}
	for i := range 100 {
		_, err := db.Create(ctx, "session", storage.Record{"token": fmt.Sprintf("token-%d", i),
			"userId": env.uid, "expiresAt": time.Now().Add(time.Hour), "ipAddress": "127.0.0.1",
			"userAgent": "bench"})
		if err != nil {
			b.Fatal(err)
		}
	}
	return env
}

// q rewrites ? placeholders for PostgreSQL and quotes for MySQL, so that
// one hand-written query serves the three databases.
func (e *benchEnv) q(s string) string {
	out := make([]byte, 0, len(s)+8)
	n := 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '?' && e.a.d.name == dialect.PG:
			n++
			out = append(out, fmt.Sprintf("$%d", n)...)
		case s[i] == '"' && e.a.d.name == dialect.MySQL:
			out = append(out, '`')
		default:
			out = append(out, s[i])
		}
	}
	return string(out)
}

// pair runs kernia and hand alternately and reports the time of each
// per iteration and their ratio.
func pair(b *testing.B, kernia, hand func(i int) error) {
	b.Helper()
	var tk, th time.Duration
	n := 0
	for b.Loop() {
		first, second, t1, t2 := kernia, hand, &tk, &th
		if n%2 == 1 {
			first, second, t1, t2 = hand, kernia, &th, &tk
		}
		start := time.Now()
		if err := first(n); err != nil {
			b.Fatal(err)
		}
		mid := time.Now()
		if err := second(n); err != nil {
			b.Fatal(err)
		}
		*t1 += mid.Sub(start)
		*t2 += time.Since(mid)
		n++
	}
	b.ReportMetric(float64(tk.Nanoseconds())/float64(n), "kernia-ns/op")
	b.ReportMetric(float64(th.Nanoseconds())/float64(n), "sql-ns/op")
	b.ReportMetric(float64(tk)/float64(th), "ratio")
}

func BenchmarkFindOneByEmail(b *testing.B) {
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			env := setupBench(b, be)
			ctx := context.Background()
			q := storage.FindQuery{Model: "user", Where: []storage.Where{storage.Eq("email", env.email)}}
			query := env.q(`SELECT "id", "name", "email", "emailVerified", "image", "createdAt", ` +
				`"updatedAt" FROM "user" WHERE "email" = ? LIMIT 1`)
			pair(b, func(int) error {
				u, err := env.db.FindOne(ctx, q)
				if err == nil && u == nil {
					err = fmt.Errorf("user not found")
				}
				return err
			}, func(int) error {
				var u benchUser
				return env.sqldb.QueryRowContext(ctx, query, env.email).Scan(&u.ID, &u.Name,
					&u.Email, &u.EmailVerified, &u.Image, &u.CreatedAt, &u.Updated)
			})
		})
	}
}

func BenchmarkCreate(b *testing.B) {
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			env := setupBench(b, be)
			ctx := context.Background()
			query := env.q(`INSERT INTO "verification" ("id", "identifier", "value", "expiresAt", ` +
				`"createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)`)
			pair(b, func(i int) error {
				_, err := env.db.Create(ctx, "verification", storage.Record{
					"identifier": fmt.Sprintf("k-%d", i), "value": "v",
					"expiresAt": time.Now().Add(time.Hour)})
				return err
			}, func(i int) error {
				now := time.Now().UTC().Truncate(time.Millisecond)
				var exp, created any = now.Add(time.Hour), now
				if !env.a.Capabilities().Dates {
					exp, created = now.Add(time.Hour).Format(isoMillis), now.Format(isoMillis)
				}
				_, err := env.sqldb.ExecContext(ctx, query, randomID(),
					fmt.Sprintf("s-%d", i), "v", exp, created, created)
				return err
			})
		})
	}
}

func BenchmarkFindMany100(b *testing.B) {
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			env := setupBench(b, be)
			ctx := context.Background()
			q := storage.FindQuery{Model: "session", Limit: 100,
				Where: []storage.Where{storage.Eq("userId", env.uid)}}
			query := env.q(`SELECT "id", "token", "userId", "expiresAt", "createdAt", "updatedAt", ` +
				`"ipAddress", "userAgent" FROM "session" WHERE "userId" = ? LIMIT 100`)
			pair(b, func(int) error {
				recs, err := env.db.FindMany(ctx, q)
				if err == nil && len(recs) != 100 {
					err = fmt.Errorf("got %d rows, want 100", len(recs))
				}
				return err
			}, func(int) error {
				out, err := findSessions(ctx, env.sqldb, query, env.uid)
				if err == nil && len(out) != 100 {
					err = fmt.Errorf("got %d rows, want 100", len(out))
				}
				return err
			})
		})
	}
}

func findSessions(ctx context.Context, db *sql.DB, query, uid string) ([]benchSession, error) {
	rows, err := db.QueryContext(ctx, query, uid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []benchSession
	for rows.Next() {
		var s benchSession
		if err := rows.Scan(&s.ID, &s.Token, &s.UserID, &s.ExpiresAt, &s.CreatedAt,
			&s.UpdatedAt, &s.IP, &s.UA); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// randomID makes an id of the shape storage.DB makes: 32 random
// alphanumeric characters. Random keys land all over the primary key
// index, which costs more than increasing ones; both sides pay it.
func randomID() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, 32)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
