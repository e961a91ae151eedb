// Package memory is a Kernia storage adapter that keeps every table in
// process memory. It is meant for tests, examples and single-process
// development servers: nothing survives a restart.
//
// It serves everything the [storage.DB] can ask of an adapter natively:
// JSON, arrays, dates, booleans, joins, serial ids, atomic find-and-delete
// and transactions with real rollback.
package memory

import (
	"context"
	"errors"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

// Adapter is an in-memory [storage.Adapter]. It also implements
// [storage.Transactor], [storage.OneConsumer] and [storage.Migrator].
//
// An Adapter is safe for concurrent use. Every call holds the store
// exclusively for its short duration, and a transaction holds it from
// start to end, so other callers wait for the transaction, or until their
// context ends. Inside a transaction, use only the adapter it hands over:
// a call on the outer adapter would wait for the transaction itself. Such
// a wait gives up after a minute with an error saying so, rather than
// hanging the program.
//
// Tables are created on first use. Uniqueness is enforced for the id
// column of every table and for the unique fields of the schemas given to
// [Adapter.Migrate]. Rows are deep-copied on the way in and out, so
// callers can modify what they pass and get without affecting the store.
type Adapter struct {
	// lock holds one token while a call or a transaction owns st. A
	// channel rather than a mutex lets waiters give up.
	lock chan struct{}
	wait time.Duration // longest wait for lock
	st   *store
}

// lockWait bounds how long a call waits for the store. Calls are short,
// so only a transaction can keep it that long, and one that does is most
// likely waiting for the very call that waits for it.
const lockWait = time.Minute

// errWaited reports a call that gave up waiting for the store.
var errWaited = errors.New("memory: gave up waiting for a transaction to end " +
	"(inside a transaction, use the adapter it hands over)")

// New returns an empty adapter.
func New() *Adapter {
	return &Adapter{lock: make(chan struct{}, 1), wait: lockWait, st: newStore()}
}

// acquire takes the store, waiting at most a.wait and while ctx lasts.
func (a *Adapter) acquire(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case a.lock <- struct{}{}:
		return nil
	default:
	}
	timer := time.NewTimer(a.wait)
	defer timer.Stop()
	select {
	case a.lock <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return errWaited
	}
}

func (a *Adapter) release() { <-a.lock }

// NewDB returns a [storage.DB] on a new, empty adapter, with the tables of
// opts.Schema (or of the base schema when it is nil) created.
func NewDB(opts storage.Options) (*storage.DB, error) {
	db, err := storage.New(New(), opts)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(context.Background()); err != nil {
		return nil, err
	}
	return db, nil
}

var (
	_ storage.Adapter     = (*Adapter)(nil)
	_ storage.Transactor  = (*Adapter)(nil)
	_ storage.OneConsumer = (*Adapter)(nil)
	_ storage.Migrator    = (*Adapter)(nil)
)

// Capabilities reports that every feature is native.
func (a *Adapter) Capabilities() storage.Capabilities { return capabilities() }

func capabilities() storage.Capabilities {
	return storage.Capabilities{Name: "memory", JSON: true, Arrays: true, Dates: true,
		Booleans: true, Joins: true, SerialIDs: true, Transactions: true}
}

// do runs fn while holding the store.
func (a *Adapter) do(ctx context.Context, fn func(*store) error) error {
	if err := a.acquire(ctx); err != nil {
		return err
	}
	defer a.release()
	return fn(a.st)
}

// Migrate records the tables and unique columns of s. It never removes
// anything.
func (a *Adapter) Migrate(ctx context.Context, s *storage.Schema) error {
	return a.do(ctx, func(st *store) error { st.migrate(s); return nil })
}

// Create inserts data. Without an id the next serial id of the table is
// assigned.
func (a *Adapter) Create(ctx context.Context, table string,
	data storage.Record) (out storage.Record, err error) {
	err = a.do(ctx, func(st *store) error { out, err = st.create(table, data); return err })
	return out, err
}

// FindOne returns the first row matching q in insertion order, or in
// q.SortBy order when set.
func (a *Adapter) FindOne(ctx context.Context, q storage.Query) (out storage.Record, err error) {
	err = a.do(ctx, func(st *store) error { out, err = st.findOne(q); return err })
	return out, err
}

// FindMany returns the rows matching q. A zero q.Limit means no limit.
func (a *Adapter) FindMany(ctx context.Context, q storage.Query) (out []storage.Record, err error) {
	err = a.do(ctx, func(st *store) error { out, err = st.findMany(q); return err })
	return out, err
}

// Count returns the number of rows matching where.
func (a *Adapter) Count(ctx context.Context, table string,
	where []storage.Where) (n int64, err error) {
	err = a.do(ctx, func(st *store) error { n, err = st.count(table, where); return err })
	return n, err
}

// Update changes the rows matching where and returns the first of them.
func (a *Adapter) Update(ctx context.Context, table string, where []storage.Where,
	data storage.Record) (out storage.Record, err error) {
	err = a.do(ctx, func(st *store) error {
		out, _, err = st.update(table, where, data)
		return err
	})
	return out, err
}

// UpdateMany changes the rows matching where and returns how many matched.
func (a *Adapter) UpdateMany(ctx context.Context, table string, where []storage.Where,
	data storage.Record) (n int64, err error) {
	err = a.do(ctx, func(st *store) error { _, n, err = st.update(table, where, data); return err })
	return n, err
}

// Delete removes the rows matching where.
func (a *Adapter) Delete(ctx context.Context, table string, where []storage.Where) error {
	_, err := a.DeleteMany(ctx, table, where)
	return err
}

// DeleteMany removes the rows matching where and returns how many.
func (a *Adapter) DeleteMany(ctx context.Context, table string,
	where []storage.Where) (n int64, err error) {
	err = a.do(ctx, func(st *store) error { n, err = st.delete(table, where, -1); return err })
	return n, err
}

// ConsumeOne removes the first row matching where and returns it, in one
// step that no other call can interleave with.
func (a *Adapter) ConsumeOne(ctx context.Context, table string,
	where []storage.Where) (out storage.Record, err error) {
	err = a.do(ctx, func(st *store) error { out, err = st.consume(table, where); return err })
	return out, err
}

// Transaction runs fn holding the store. If fn fails or
// panics, every table it changed is restored as it was.
func (a *Adapter) Transaction(ctx context.Context, fn func(tx storage.Adapter) error) error {
	if err := a.acquire(ctx); err != nil {
		return err
	}
	defer a.release()
	return runTx(ctx, a.st, fn)
}
