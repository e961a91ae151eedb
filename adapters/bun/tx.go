package bun

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/uptrace/bun/dialect"

	"github.com/kernia-go/kernia/core/storage"
)

// Transaction runs fn with an adapter bound to a database transaction and
// commits when fn returns nil. When fn returns an error or panics, every
// change it made is rolled back. Called on an adapter that is already in
// a transaction, it runs fn inside a savepoint, so an inner failure rolls
// back only the inner changes.
func (a *Adapter) Transaction(ctx context.Context, fn func(tx storage.Adapter) error) error {
	if a.tx != nil {
		return a.savepoint(ctx, fn)
	}
	tx, err := a.bun.DB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("bun: begin: %w", err)
	}
	child := *a
	child.tx, child.ex, child.save = tx, tx, 0
	committed := false
	defer func() {
		if !committed {
			tx.Rollback()
		}
	}()
	if err := fn(&child); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("bun: commit: %w", err)
	}
	committed = true
	return nil
}

func (a *Adapter) savepoint(ctx context.Context, fn func(tx storage.Adapter) error) error {
	child := *a
	child.save++
	name := "kernia_sp" + strconv.Itoa(child.save)
	if _, err := a.tx.ExecContext(ctx, "SAVEPOINT "+name); err != nil {
		return fmt.Errorf("bun: savepoint: %w", err)
	}
	done := false
	defer func() {
		if !done {
			// Keeps the outer transaction usable after a panic or error;
			// its own failure is reported by the outer commit.
			a.tx.ExecContext(context.WithoutCancel(ctx), "ROLLBACK TO SAVEPOINT "+name)
		}
	}()
	if err := fn(&child); err != nil {
		return err
	}
	if _, err := a.tx.ExecContext(ctx, "RELEASE SAVEPOINT "+name); err != nil {
		return fmt.Errorf("bun: release savepoint: %w", err)
	}
	done = true
	return nil
}

// atomically runs fn in the adapter's transaction, or in a new one that
// it retries when MySQL picks it as a deadlock victim.
func (a *Adapter) atomically(ctx context.Context, fn func(ex execer) error) error {
	if a.tx != nil {
		return fn(a.tx)
	}
	const attempts = 5
	var err error
	for range attempts {
		err = a.Transaction(ctx, func(tx storage.Adapter) error {
			return fn(tx.(*Adapter).tx)
		})
		if !isDeadlock(err) {
			return err
		}
	}
	return err
}

// ConsumeOne deletes one row matching where and returns it, or nil when
// none matched. Concurrent callers never get the same row: PostgreSQL and
// SQLite do it in one DELETE … RETURNING statement (PostgreSQL locks the
// row it picks), MySQL locks the row with SELECT … FOR UPDATE and deletes
// it in the same transaction.
func (a *Adapter) ConsumeOne(ctx context.Context, table string,
	where []storage.Where) (storage.Record, error) {
	if a.d.name == dialect.MySQL {
		var rec storage.Record
		err := a.atomically(ctx, func(ex execer) error {
			var err error
			rec, err = a.consumeLocked(ctx, ex, table, where)
			return err
		})
		return rec, wrapErr("consume", table, err)
	}
	b := newBuilder(a.d)
	b.raw("DELETE FROM ").ident(table).raw(" WHERE ").ident("id").raw(" IN (SELECT ").
		ident("id").raw(" FROM ").ident(table)
	if err := b.where(where); err != nil {
		return nil, err
	}
	b.raw(" LIMIT 1")
	if a.d.name == dialect.PG {
		b.raw(" FOR UPDATE")
	}
	b.raw(") RETURNING *")
	rec, err := a.queryOne(ctx, a.ex, b)
	return rec, wrapErr("consume", table, err)
}

func (a *Adapter) consumeLocked(ctx context.Context, ex execer, table string,
	where []storage.Where) (storage.Record, error) {
	b := newBuilder(a.d)
	b.raw("SELECT * FROM ").ident(table)
	if err := b.where(where); err != nil {
		return nil, err
	}
	b.raw(" LIMIT 1 FOR UPDATE")
	rec, err := a.queryOne(ctx, ex, b)
	if err != nil || rec == nil {
		return nil, err
	}
	d := newBuilder(a.d)
	d.raw("DELETE FROM ").ident(table).raw(" WHERE ").ident("id").raw(" = ").param(rec["id"])
	n, err := a.exec(ctx, ex, d)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, errors.New("locked row vanished")
	}
	return rec, nil
}
