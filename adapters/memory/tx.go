package memory

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/kernia-go/kernia/core/storage"
)

// errTxDone reports a call on a transaction's adapter after the
// transaction ended.
var errTxDone = errors.New("memory: transaction has ended")

// undo saves the tables a transaction changed, as they were before the
// first change, so that they can be put back.
type undo struct {
	saved  map[string]*table // nil: the table did not exist
	parent *undo
}

// touch saves the named table for the innermost open transaction, once.
func (st *store) touch(name string) {
	u := st.undo
	if u == nil {
		return
	}
	if _, ok := u.saved[name]; ok {
		return
	}
	var saved *table
	if t := st.tables[name]; t != nil {
		saved = &table{rows: append([]storage.Record(nil), t.rows...), serial: t.serial}
	}
	u.saved[name] = saved
}

// rollback puts back every table the transaction changed.
func (u *undo) rollback(st *store) {
	for name, t := range u.saved {
		if t == nil {
			delete(st.tables, name)
		} else {
			st.tables[name] = t
		}
	}
}

// commit hands the saved tables to the enclosing transaction, which must
// still be able to undo what this one did.
func (u *undo) commit() {
	if u.parent == nil {
		return
	}
	for name, t := range u.saved {
		if _, ok := u.parent.saved[name]; !ok {
			u.parent.saved[name] = t
		}
	}
}

// runTx runs fn in a transaction on st; the caller holds the store. A panic in fn rolls back and goes on.
func runTx(ctx context.Context, st *store, fn func(storage.Adapter) error) error {
	return runTxWith(ctx, st, &sync.Mutex{}, fn)
}

func runTxWith(ctx context.Context, st *store, mu *sync.Mutex,
	fn func(storage.Adapter) error) error {
	mu.Lock()
	u := &undo{saved: map[string]*table{}, parent: st.undo}
	st.undo = u
	mu.Unlock()
	tx := &txAdapter{st: st, mu: mu}
	ok := false
	defer func() {
		tx.mu.Lock()
		tx.done = true
		st.undo = u.parent
		if ok {
			u.commit()
		} else {
			u.rollback(st)
		}
		tx.mu.Unlock()
	}()
	if err := fn(tx); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memory: transaction: %w", err)
	}
	ok = true
	return nil
}

// txAdapter is the adapter a transaction hands to its function. The
// enclosing Adapter holds the store throughout; mu orders calls made on
// the transaction from several goroutines.
type txAdapter struct {
	st   *store
	mu   *sync.Mutex
	done bool
}

func (tx *txAdapter) do(ctx context.Context, fn func(*store) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	tx.mu.Lock()
	defer tx.mu.Unlock()
	if tx.done {
		return errTxDone
	}
	return fn(tx.st)
}

func (tx *txAdapter) Capabilities() storage.Capabilities { return capabilities() }

func (tx *txAdapter) Create(ctx context.Context, table string,
	data storage.Record) (out storage.Record, err error) {
	err = tx.do(ctx, func(st *store) error { out, err = st.create(table, data); return err })
	return out, err
}

func (tx *txAdapter) FindOne(ctx context.Context, q storage.Query) (out storage.Record, err error) {
	err = tx.do(ctx, func(st *store) error { out, err = st.findOne(q); return err })
	return out, err
}

func (tx *txAdapter) FindMany(ctx context.Context,
	q storage.Query) (out []storage.Record, err error) {
	err = tx.do(ctx, func(st *store) error { out, err = st.findMany(q); return err })
	return out, err
}

func (tx *txAdapter) Count(ctx context.Context, table string,
	where []storage.Where) (n int64, err error) {
	err = tx.do(ctx, func(st *store) error { n, err = st.count(table, where); return err })
	return n, err
}

func (tx *txAdapter) Update(ctx context.Context, table string, where []storage.Where,
	data storage.Record) (out storage.Record, err error) {
	err = tx.do(ctx, func(st *store) error { out, _, err = st.update(table, where, data); return err })
	return out, err
}

func (tx *txAdapter) UpdateMany(ctx context.Context, table string, where []storage.Where,
	data storage.Record) (n int64, err error) {
	err = tx.do(ctx, func(st *store) error { _, n, err = st.update(table, where, data); return err })
	return n, err
}

func (tx *txAdapter) Delete(ctx context.Context, table string, where []storage.Where) error {
	_, err := tx.DeleteMany(ctx, table, where)
	return err
}

func (tx *txAdapter) DeleteMany(ctx context.Context, table string,
	where []storage.Where) (n int64, err error) {
	err = tx.do(ctx, func(st *store) error { n, err = st.delete(table, where, -1); return err })
	return n, err
}

func (tx *txAdapter) ConsumeOne(ctx context.Context, table string,
	where []storage.Where) (out storage.Record, err error) {
	err = tx.do(ctx, func(st *store) error { out, err = st.consume(table, where); return err })
	return out, err
}

// Transaction nests: it works as a savepoint whose changes are undone when
// fn fails and otherwise become part of the enclosing transaction.
func (tx *txAdapter) Transaction(ctx context.Context, fn func(storage.Adapter) error) error {
	if err := tx.do(ctx, func(*store) error { return nil }); err != nil {
		return err
	}
	// TODO(memory): a call on tx made by another goroutine while fn runs
	// joins the savepoint; only the function's own adapter should.
	return runTxWith(ctx, tx.st, tx.mu, fn)
}
