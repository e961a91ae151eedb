package storage

import (
	"context"
	"fmt"
	"log/slog"
)

// Options configure a [DB]. The zero value works with [BaseSchema].
type Options struct {
	// Schema is the set of models; nil means BaseSchema(). Its IDType picks
	// the id strategy.
	Schema *Schema
	// GenerateID, when set, makes every id (it wins over Schema.IDType
	// unless that is IDSerial). It must return a unique, non-empty string.
	GenerateID func(model string) string
	// DefaultLimit bounds FindMany when the query sets no limit; 0 means 100.
	DefaultLimit int
	// Joins lets the DB hand joins to adapters that serve them natively
	// (upstream's experimental.joins). Otherwise joins are emulated with
	// extra queries.
	Joins bool
	// Logger receives debug events; nil means quiet.
	Logger *slog.Logger
}

// FindQuery is a read at the DB level. Names are logical.
type FindQuery struct {
	Model  string
	Where  []Where
	Select []string // fields to return, besides joins; nil means all
	SortBy *SortBy
	Limit  int // 0 means Options.DefaultLimit for FindMany
	Offset int
	Join   []JoinRequest
}

// JoinRequest asks for the records of another model that are related to
// each result through a reference, in either direction. The joined records
// appear in the result under the model's logical name: a Record (or nil)
// when the relation is one-to-one, a []Record when it is one-to-many.
type JoinRequest struct {
	Model string
	Limit int // for one-to-many; 0 means Options.DefaultLimit
}

// CreateOption is a per-call knob for [DB.Create].
type CreateOption func(*createConfig)

type createConfig struct {
	keepID bool
}

// KeepID makes Create store the id given in the data instead of making
// one (upstream's forceAllowId). Under IDUUID an id that is not a valid
// UUID is replaced by a new one; under IDSerial the id must be an integer
// or its decimal text. Without KeepID a given id is ignored.
func KeepID() CreateOption { return func(c *createConfig) { c.keepID = true } }

// DB is what core and plugins use to store records. It speaks logical
// model and field names, does the work shared by every backend (ids,
// defaults, type conversion, name mapping, dropping unknown fields,
// emulating joins) and hands the rest to an [Adapter].
//
// A DB is safe for concurrent use by multiple goroutines when its adapter
// is. Not found is never an error: FindOne, Update and ConsumeOne return
// a nil Record, FindMany an empty slice, Delete nothing, and the counting
// methods 0.
//
// Errors from the adapter are wrapped with the operation and model, so
// [ErrDuplicate] and the others still match with errors.Is. A query that
// names an unknown model or field, or gives a value of the wrong type,
// fails with [ErrInvalidQuery] before the adapter is called.
type DB struct {
	adapter Adapter
	opts    Options
	schema  *Schema
	caps    Capabilities
	index   schemaIndex
	serial  bool
	limit   int
	log     *slog.Logger
}

// New returns a DB on the adapter. It fails when the schema is invalid or
// asks for something the adapter cannot do, such as serial ids on an
// adapter without Capabilities.SerialIDs.
func New(a Adapter, opts Options) (*DB, error) {
	if a == nil {
		return nil, fmt.Errorf("storage: nil adapter")
	}
	if opts.Schema == nil {
		opts.Schema = BaseSchema()
	}
	s := opts.Schema
	if err := s.Validate(); err != nil {
		return nil, err
	}
	switch s.IDType {
	case IDString, IDSerial, IDUUID:
	default:
		return nil, fmt.Errorf("storage: unknown id type %q", s.IDType)
	}
	caps := a.Capabilities()
	if s.IDType == IDSerial && !caps.SerialIDs {
		return nil, fmt.Errorf("storage: adapter %q cannot assign serial ids", caps.Name)
	}
	if opts.DefaultLimit < 0 {
		return nil, fmt.Errorf("storage: negative DefaultLimit %d", opts.DefaultLimit)
	}
	db := &DB{adapter: a, opts: opts, schema: s, caps: caps, index: indexSchema(s),
		serial: s.IDType == IDSerial, limit: opts.DefaultLimit, log: opts.Logger}
	if db.limit == 0 {
		db.limit = 100
	}
	if db.log == nil {
		db.log = slog.New(slog.DiscardHandler)
	}
	return db, nil
}

// withAdapter returns a copy of db that sends its calls to a, such as an
// adapter bound to a transaction.
func (db *DB) withAdapter(a Adapter) *DB {
	c := *db
	c.adapter = a
	return &c
}

// Adapter returns the adapter behind the DB.
func (db *DB) Adapter() Adapter { return db.adapter }

// Schema returns the schema the DB serves. Callers must not modify it.
func (db *DB) Schema() *Schema { return db.schema }

// Migrate creates or extends the tables for the schema when the adapter
// implements [Migrator], and does nothing otherwise.
func (db *DB) Migrate(ctx context.Context) error {
	m, ok := db.adapter.(Migrator)
	if !ok {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := m.Migrate(ctx, db.schema); err != nil {
		return fmt.Errorf("storage: migrate: %w", err)
	}
	return nil
}

// Create stores a new record and returns it as stored. Unknown fields are
// dropped, defaults are applied and an id is made unless [KeepID] is given.
// A missing required field gives [ErrRequired]; a unique violation
// [ErrDuplicate].
func (db *DB) Create(ctx context.Context, model string, data Record,
	opts ...CreateOption) (Record, error) {
	var cfg createConfig
	for _, o := range opts {
		o(&cfg)
	}
	rec, err := db.create(ctx, model, data, cfg)
	if err != nil {
		return nil, fmt.Errorf("storage: create %s: %w", model, err)
	}
	return rec, nil
}

func (db *DB) create(ctx context.Context, model string, data Record,
	cfg createConfig) (Record, error) {
	mi, err := db.model(model)
	if err != nil {
		return nil, err
	}
	row, err := db.createRow(mi, data, cfg.keepID)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	raw, err := db.adapter.Create(ctx, mi.table, row)
	if err != nil {
		return nil, err
	}
	if raw == nil {
		return nil, fmt.Errorf("adapter %q returned no row", db.caps.Name)
	}
	return db.output(mi, raw, nil)
}

// FindOne returns the first record matching q, or nil when none does.
func (db *DB) FindOne(ctx context.Context, q FindQuery) (Record, error) {
	recs, err := db.find(ctx, q, true)
	if err != nil {
		return nil, fmt.Errorf("storage: find %s: %w", q.Model, err)
	}
	if len(recs) == 0 {
		return nil, nil
	}
	return recs[0], nil
}

// FindMany returns the records matching q: filtered, sorted, offset, then
// limited (to Options.DefaultLimit when q.Limit is 0).
func (db *DB) FindMany(ctx context.Context, q FindQuery) ([]Record, error) {
	recs, err := db.find(ctx, q, false)
	if err != nil {
		return nil, fmt.Errorf("storage: find %s: %w", q.Model, err)
	}
	return recs, nil
}

// Count returns the number of records matching where.
func (db *DB) Count(ctx context.Context, model string, where []Where) (int64, error) {
	n, err := db.count(ctx, model, where)
	if err != nil {
		return 0, fmt.Errorf("storage: count %s: %w", model, err)
	}
	return n, nil
}

func (db *DB) count(ctx context.Context, model string, where []Where) (int64, error) {
	mi, ws, err := db.prepare(model, where)
	if err != nil {
		return 0, err
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return db.adapter.Count(ctx, mi.table, ws)
}

// prepare resolves the model and converts the where clauses.
func (db *DB) prepare(model string, where []Where) (*modelInfo, []Where, error) {
	mi, err := db.model(model)
	if err != nil {
		return nil, nil, err
	}
	ws, err := db.where(mi, where)
	if err != nil {
		return nil, nil, err
	}
	return mi, ws, nil
}

// Update changes the fields in data, plus those with an OnUpdate function,
// on the records matching where and returns one of them after the change.
// It returns nil when nothing matched, and does nothing and returns nil
// when where is empty. The id cannot be changed; setting a required field
// to nil gives [ErrRequired].
func (db *DB) Update(ctx context.Context, model string, where []Where,
	data Record) (Record, error) {
	if len(where) == 0 {
		return nil, nil
	}
	rec, err := db.update(ctx, model, where, data)
	if err != nil {
		return nil, fmt.Errorf("storage: update %s: %w", model, err)
	}
	return rec, nil
}

func (db *DB) update(ctx context.Context, model string, where []Where,
	data Record) (Record, error) {
	mi, ws, err := db.prepare(model, where)
	if err != nil {
		return nil, err
	}
	row, err := db.updateRow(mi, data)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var raw Record
	if len(row) == 0 {
		// Nothing to change: report the row as it is, as an update would.
		raw, err = db.adapter.FindOne(ctx, Query{Table: mi.table, Where: ws})
	} else {
		raw, err = db.adapter.Update(ctx, mi.table, ws, row)
	}
	if err != nil || raw == nil {
		return nil, err
	}
	return db.output(mi, raw, nil)
}

// UpdateMany changes every record matching where (all records when where
// is empty) and returns how many matched.
func (db *DB) UpdateMany(ctx context.Context, model string, where []Where,
	data Record) (int64, error) {
	n, err := db.updateMany(ctx, model, where, data)
	if err != nil {
		return 0, fmt.Errorf("storage: update %s: %w", model, err)
	}
	return n, nil
}

func (db *DB) updateMany(ctx context.Context, model string, where []Where,
	data Record) (int64, error) {
	mi, ws, err := db.prepare(model, where)
	if err != nil {
		return 0, err
	}
	row, err := db.updateRow(mi, data)
	if err != nil {
		return 0, err
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if len(row) == 0 {
		return db.adapter.Count(ctx, mi.table, ws)
	}
	return db.adapter.UpdateMany(ctx, mi.table, ws, row)
}

// Delete removes the records matching where. Deleting nothing is not an
// error.
func (db *DB) Delete(ctx context.Context, model string, where []Where) error {
	mi, ws, err := db.prepare(model, where)
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		err = db.adapter.Delete(ctx, mi.table, ws)
	}
	if err != nil {
		return fmt.Errorf("storage: delete %s: %w", model, err)
	}
	return nil
}

// DeleteMany removes every record matching where (all records when where
// is empty) and returns how many it removed.
func (db *DB) DeleteMany(ctx context.Context, model string, where []Where) (int64, error) {
	mi, ws, err := db.prepare(model, where)
	if err == nil {
		err = ctx.Err()
	}
	var n int64
	if err == nil {
		n, err = db.adapter.DeleteMany(ctx, mi.table, ws)
	}
	if err != nil {
		return 0, fmt.Errorf("storage: delete %s: %w", model, err)
	}
	return n, nil
}

// ConsumeOne atomically finds one record matching where and deletes it. It
// returns the deleted record, or nil when none matched; of many concurrent
// callers, exactly one gets a given record.
//
// Adapters that do not implement [OneConsumer] get an emulation: a find
// and a delete by id inside [DB.Transaction]. The delete reports whether
// this caller removed the row, so even without real transactions two
// callers never both get the same record.
func (db *DB) ConsumeOne(ctx context.Context, model string, where []Where) (Record, error) {
	rec, err := db.consumeOne(ctx, model, where)
	if err != nil {
		return nil, fmt.Errorf("storage: consume %s: %w", model, err)
	}
	return rec, nil
}

func (db *DB) consumeOne(ctx context.Context, model string, where []Where) (Record, error) {
	mi, ws, err := db.prepare(model, where)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if c, ok := db.adapter.(OneConsumer); ok {
		raw, err := c.ConsumeOne(ctx, mi.table, ws)
		if err != nil || raw == nil {
			return nil, err
		}
		return db.output(mi, raw, nil)
	}
	var out Record
	err = db.Transaction(ctx, func(tx *DB) error {
		raw, err := tx.adapter.FindOne(ctx, Query{Table: mi.table, Where: ws, Limit: 1})
		if err != nil || raw == nil {
			return err
		}
		rec, err := tx.output(mi, raw, nil)
		if err != nil {
			return err
		}
		byID, err := tx.clause(mi, Eq("id", rec["id"]))
		if err != nil {
			return err
		}
		n, err := tx.adapter.DeleteMany(ctx, mi.table, append(ws[:len(ws):len(ws)], byID))
		if err == nil && n > 0 {
			out = rec
		}
		return err
	})
	return out, err
}

// Transaction runs fn with a DB bound to one transaction: if fn returns an
// error, its changes are rolled back and the error is returned. On an
// adapter without transactions (see [Capabilities].Transactions) fn runs
// on db itself without atomicity, as upstream does, and its changes stay
// even when it fails.
func (db *DB) Transaction(ctx context.Context, fn func(tx *DB) error) error {
	t, ok := db.adapter.(Transactor)
	if !ok || !db.caps.Transactions {
		return fn(db)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return t.Transaction(ctx, func(a Adapter) error { return fn(db.withAdapter(a)) })
}
