package storage

import (
	"context"
	"errors"
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
	Select []string // fields to return; nil means all
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
// one (upstream's forceAllowId).
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
type DB struct {
	adapter Adapter
	opts    Options
}

var errUnimplemented = errors.New("storage: not implemented")

// New returns a DB on the adapter. It fails when the schema is invalid or
// asks for something the adapter cannot do.
func New(a Adapter, opts Options) (*DB, error) {
	return nil, errUnimplemented
}

// Adapter returns the adapter behind the DB.
func (db *DB) Adapter() Adapter { return db.adapter }

// Schema returns the schema the DB serves. Callers must not modify it.
func (db *DB) Schema() *Schema { return db.opts.Schema }

// Migrate creates or extends the tables for the schema when the adapter
// implements [Migrator], and does nothing otherwise.
func (db *DB) Migrate(ctx context.Context) error { return errUnimplemented }

// Create stores a new record and returns it as stored. Unknown fields are
// dropped, defaults are applied and an id is made unless [KeepID] is given.
// A missing required field gives [ErrRequired]; a unique violation
// [ErrDuplicate].
func (db *DB) Create(ctx context.Context, model string, data Record, opts ...CreateOption) (Record, error) {
	return nil, errUnimplemented
}

// FindOne returns the first record matching q, or nil when none does.
func (db *DB) FindOne(ctx context.Context, q FindQuery) (Record, error) {
	return nil, errUnimplemented
}

// FindMany returns the records matching q: filtered, sorted, offset, then
// limited (to Options.DefaultLimit when q.Limit is 0).
func (db *DB) FindMany(ctx context.Context, q FindQuery) ([]Record, error) {
	return nil, errUnimplemented
}

// Count returns the number of records matching where.
func (db *DB) Count(ctx context.Context, model string, where []Where) (int64, error) {
	return 0, errUnimplemented
}

// Update changes the fields in data, plus those with an OnUpdate function,
// on the records matching where and returns one of them after the change.
// It returns nil when nothing matched, and does nothing and returns nil
// when where is empty.
func (db *DB) Update(ctx context.Context, model string, where []Where, data Record) (Record, error) {
	return nil, errUnimplemented
}

// UpdateMany changes every record matching where (all records when where
// is empty) and returns how many matched.
func (db *DB) UpdateMany(ctx context.Context, model string, where []Where, data Record) (int64, error) {
	return 0, errUnimplemented
}

// Delete removes the records matching where. Deleting nothing is not an
// error.
func (db *DB) Delete(ctx context.Context, model string, where []Where) error {
	return errUnimplemented
}

// DeleteMany removes every record matching where (all records when where
// is empty) and returns how many it removed.
func (db *DB) DeleteMany(ctx context.Context, model string, where []Where) (int64, error) {
	return 0, errUnimplemented
}

// ConsumeOne atomically finds one record matching where and deletes it. It
// returns the deleted record, or nil when none matched; of many concurrent
// callers, exactly one gets a given record.
func (db *DB) ConsumeOne(ctx context.Context, model string, where []Where) (Record, error) {
	return nil, errUnimplemented
}

// Transaction runs fn with a DB bound to one transaction: if fn returns an
// error, its changes are rolled back and the error is returned. On an
// adapter without transactions (see [Capabilities].Transactions) fn runs
// without atomicity, as upstream does.
func (db *DB) Transaction(ctx context.Context, fn func(tx *DB) error) error {
	return errUnimplemented
}
