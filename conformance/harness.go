package conformance

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"sort"
	"strings"
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
// (the caller sets userId), with the values upstream's generator uses:
// users get name "user-<rand>", a lower-case email "user-<rand>@email.com",
// emailVerified true, image nil and a createdAt within the past year;
// accounts carry tokens and their expiry dates.
func (h *H) Generate(model string) storage.Record {
	h.t.Helper()
	r := RandomString(12)
	now := time.Now().UTC().Truncate(time.Millisecond)
	past := now.Add(-time.Duration(randInt(365*24*3600*1000)) * time.Millisecond)
	switch model {
	case "user":
		return storage.Record{
			"name": "user-" + r, "email": strings.ToLower("user-" + r + "@email.com"),
			"emailVerified": true, "image": nil, "createdAt": past, "updatedAt": now,
		}
	case "session":
		return storage.Record{
			"token": RandomString(32), "expiresAt": now.Add(7 * 24 * time.Hour),
			"createdAt": past, "updatedAt": now, "ipAddress": "127.0.0.1",
			"userAgent": "Some User Agent",
		}
	case "account":
		return storage.Record{
			"accountId": RandomString(32), "providerId": "test",
			"accessToken": RandomString(32), "refreshToken": RandomString(32),
			"idToken": RandomString(32), "accessTokenExpiresAt": now,
			"refreshTokenExpiresAt": now, "scope": "test",
			"createdAt": past, "updatedAt": now,
		}
	case "verification":
		return storage.Record{
			"identifier": "test:" + r, "value": RandomString(32),
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

// InsertRandom creates count random records of model, each after a user
// of its own; each returned row is [user] for users and [user, record]
// for the other models.
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

// NewID returns an id to store with [storage.KeepID] in this variant: 32
// random alphanumeric characters, or a version 4 UUID under IDUUID. Under
// IDSerial it returns "": the database assigns ids.
func (h *H) NewID() string {
	switch h.Schema.IDType {
	case storage.IDSerial:
		return ""
	case storage.IDUUID:
		return NewUUID()
	}
	return RandomString(32)
}

// NewUUID returns a random RFC 4122 version 4 UUID in lower case.
func NewUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// oneQuery runs FindOne and fails the case on error.
func oneQuery(h *H, q storage.FindQuery) storage.Record {
	h.t.Helper()
	rec, err := h.DB.FindOne(h.Ctx(), q)
	if err != nil {
		h.Fatalf("findOne %s: %v", q.Model, err)
	}
	return rec
}

// mustFind is oneQuery for a record that must exist.
func mustFind(h *H, q storage.FindQuery) storage.Record {
	h.t.Helper()
	rec := oneQuery(h, q)
	if rec == nil {
		h.Fatalf("findOne %s: got nil, want a record", q.Model)
	}
	return rec
}

// idOf returns rec's id, failing the case unless it is a non-empty
// string.
func idOf(h *H, rec storage.Record) string {
	h.t.Helper()
	id, ok := rec["id"].(string)
	if !ok || id == "" {
		h.Fatalf("id: got %T %#v, want a non-empty string", rec["id"], rec["id"])
	}
	return id
}

// sortByID returns a copy of recs ordered by id, compared as text.
func sortByID(recs []storage.Record) []storage.Record {
	return sortedBy(recs, func(a, b storage.Record) bool {
		return fmt.Sprint(a["id"]) < fmt.Sprint(b["id"])
	})
}

// sortedBy returns a copy of recs ordered by less.
func sortedBy(recs []storage.Record, less func(a, b storage.Record) bool) []storage.Record {
	out := append([]storage.Record(nil), recs...)
	sort.SliceStable(out, func(i, j int) bool { return less(out[i], out[j]) })
	return out
}

// sameData reports whether got holds the same data as want, looking into
// joined records and lists of them; other values compare as in sameValue.
// A nil want matches an untyped nil and a nil Record.
func sameData(got, want any) bool {
	switch w := want.(type) {
	case nil:
		return isNil(got)
	case storage.Record:
		if w == nil {
			return isNil(got)
		}
		g, ok := got.(storage.Record)
		if !ok || g == nil || len(g) != len(w) {
			return false
		}
		for k, wv := range w {
			if gv, ok := g[k]; !ok || !sameData(gv, wv) {
				return false
			}
		}
		return true
	case []storage.Record:
		g, ok := got.([]storage.Record)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !sameData(g[i], w[i]) {
				return false
			}
		}
		return true
	}
	return sameValue(got, want)
}

func isNil(v any) bool {
	r, ok := v.(storage.Record)
	return v == nil || ok && r == nil
}

// wantSame reports an error unless got holds the same data as want.
func wantSame(h *H, what string, got, want any) {
	h.t.Helper()
	if !sameData(got, want) {
		h.t.Errorf("%s:\ngot  %v\nwant %v", what, got, want)
	}
}

// joinedMany returns the one-to-many join under key, failing the case
// unless it is present and a []storage.Record.
func joinedMany(h *H, rec storage.Record, key string) []storage.Record {
	h.t.Helper()
	v, ok := rec[key]
	if !ok {
		h.Fatalf("join %s: got no key, want a list", key)
	}
	list, ok := v.([]storage.Record)
	if !ok {
		h.Fatalf("join %s: got %T, want []storage.Record", key, v)
	}
	return list
}

// joinedOne returns the one-to-one join under key, nil when there is no
// related record, failing the case unless the key is present and holds a
// storage.Record or nil.
func joinedOne(h *H, rec storage.Record, key string) storage.Record {
	h.t.Helper()
	v, ok := rec[key]
	if !ok {
		h.Fatalf("join %s: got no key, want a record or nil", key)
	}
	if v == nil {
		return nil
	}
	one, ok := v.(storage.Record)
	if !ok {
		h.Fatalf("join %s: got %T, want storage.Record", key, v)
	}
	return one
}

// numberOf returns the int64 number in rec's field, failing the case when
// it holds something else.
func numberOf(h *H, rec storage.Record, field string) int64 {
	h.t.Helper()
	n, ok := rec[field].(int64)
	if !ok {
		h.Fatalf("%s: got %T %v, want int64", field, rec[field], rec[field])
	}
	return n
}

// timeOf returns the date in rec's field, failing the case when it holds
// something else.
func timeOf(h *H, rec storage.Record, field string) time.Time {
	h.t.Helper()
	d, ok := rec[field].(time.Time)
	if !ok {
		h.Fatalf("%s: got %T %v, want time.Time", field, rec[field], rec[field])
	}
	return d
}

// join lists join requests for the models, without limits.
func join(models ...string) []storage.JoinRequest {
	out := make([]storage.JoinRequest, len(models))
	for i, m := range models {
		out[i] = storage.JoinRequest{Model: m}
	}
	return out
}
