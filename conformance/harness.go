package conformance

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

// H is what a case works with: the DB under test and helpers in the spirit
// of upstream's harness.
type H struct {
	DB      *storage.DB
	Schema  *storage.Schema
	Variant Variant

	t    *testing.T
	cfg  Config
	opts storage.Options
}

// Ctx returns the test's context.
func (h *H) Ctx() context.Context { return h.t.Context() }

// Modify remakes the adapter and DB with a changed schema and options,
// as upstream's modifyBetterAuthOptions(…, true) migrates mid-test. Every
// row is deleted.
func (h *H) Modify(schema func(*storage.Schema), opts func(*storage.Options)) {
	h.t.Helper()
	s := h.Schema.Clone()
	if schema != nil {
		schema(s)
	}
	o := h.opts
	o.Schema = s
	if opts != nil {
		opts(&o)
	}
	h.open(s, o)
}

func (h *H) open(s *storage.Schema, o storage.Options) {
	h.t.Helper()
	a := h.cfg.New(h.t, s)
	db, err := storage.New(a, o)
	if err != nil {
		h.t.Fatalf("storage.New: %v", err)
	}
	h.DB, h.Schema, h.opts = db, s, o
	h.HardCleanup()
}

// HardCleanup deletes every row of every model, children first.
func (h *H) HardCleanup() {
	h.t.Helper()
	for i := len(h.Schema.Models) - 1; i >= 0; i-- {
		if _, err := h.DB.DeleteMany(h.Ctx(), h.Schema.Models[i].Name, nil); err != nil {
			h.t.Fatalf("cleanup %s: %v", h.Schema.Models[i].Name, err)
		}
	}
}

func runCase(t *testing.T, cfg Config, v Variant, c Case) {
	s := storage.BaseSchema()
	s.IDType = v.IDType
	if c.Schema != nil {
		c.Schema(s)
	}
	o := storage.Options{Schema: s, Joins: v.Joins}
	if c.Options != nil {
		c.Options(&o)
	}
	h := &H{t: t, cfg: cfg, Variant: v}
	h.open(s, o)
	c.Run(t, h)
}

const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// RandomString returns n random alphanumeric characters.
func RandomString(n int) string {
	b := make([]byte, n)
	for i := range b {
		k, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alnum))))
		b[i] = alnum[k.Int64()]
	}
	return string(b)
}

// Generate returns a random record of a base model (user, session, account
// or verification) without an id and without references to other rows
// (the caller sets userId). Users get name "user-<rand>", email
// "user-<rand>@email.com", emailVerified true, image nil and a createdAt
// within the past year, as upstream's generator does.
func (h *H) Generate(model string) storage.Record {
	h.t.Helper()
	r := RandomString(12)
	now := time.Now().UTC().Truncate(time.Millisecond)
	past := now.Add(-time.Duration(randInt(365*24)) * time.Hour)
	switch model {
	case "user":
		return storage.Record{
			"name": "user-" + r, "email": "user-" + r + "@email.com",
			"emailVerified": true, "image": nil, "createdAt": past, "updatedAt": now,
		}
	case "session":
		return storage.Record{
			"token": RandomString(32), "expiresAt": now.Add(7 * 24 * time.Hour),
			"createdAt": past, "updatedAt": now, "ipAddress": "127.0.0.1", "userAgent": "go-test",
		}
	case "account":
		return storage.Record{
			"accountId": RandomString(16), "providerId": "credential", "password": "hash-" + r,
			"createdAt": past, "updatedAt": now,
		}
	case "verification":
		return storage.Record{
			"identifier": "id-" + r, "value": "value-" + r,
			"expiresAt": now.Add(time.Hour), "createdAt": past, "updatedAt": now,
		}
	}
	h.t.Fatalf("Generate: unknown model %q", model)
	return nil
}

func randInt(n int) int64 {
	k, _ := rand.Int(rand.Reader, big.NewInt(int64(n)))
	return k.Int64()
}

// Create stores rec through the DB and fails the test on error.
func (h *H) Create(model string, rec storage.Record) storage.Record {
	h.t.Helper()
	out, err := h.DB.Create(h.Ctx(), model, rec)
	if err != nil {
		h.t.Fatalf("create %s: %v", model, err)
	}
	return out
}

// InsertRandom creates count random records of model. For session and
// account it first creates their user; each returned row is [user] or
// [user, session] or [user, account].
func (h *H) InsertRandom(model string, count int) [][]storage.Record {
	h.t.Helper()
	var rows [][]storage.Record
	for range count {
		u := h.Create("user", h.Generate("user"))
		if model == "user" {
			rows = append(rows, []storage.Record{u})
			continue
		}
		rec := h.Generate(model)
		rec["userId"] = u["id"]
		rows = append(rows, []storage.Record{u, h.Create(model, rec)})
	}
	return rows
}

// Fatalf fails the case.
func (h *H) Fatalf(format string, args ...any) {
	h.t.Helper()
	h.t.Fatalf(format, args...)
}

var _ = fmt.Sprint
