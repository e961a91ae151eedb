package mongo

import (
	"context"
	"errors"
	"fmt"

	"github.com/kernia-go/kernia/core/storage"
)

// Transaction runs fn in a MongoDB transaction: fn gets an adapter bound to
// it, its changes are committed when it returns nil and aborted when it
// returns an error, which Transaction returns. fn runs once, never retried.
// Inside a transaction, Transaction runs fn in the same one.
//
// On a server without transactions (a standalone server, FerretDB) or with
// Options.NoTransactions it returns an error wrapping
// [storage.ErrNoTransactions] without calling fn.
func (a *Adapter) Transaction(ctx context.Context, fn func(tx storage.Adapter) error) (err error) {
	if a.sess != nil {
		return fn(a)
	}
	if !a.caps.Transactions {
		return fmt.Errorf("mongo: %w", storage.ErrNoTransactions)
	}
	sess, err := a.db.Client().StartSession()
	if err != nil {
		return fmt.Errorf("mongo: start session: %w", err)
	}
	defer sess.EndSession(context.WithoutCancel(ctx))
	if err := sess.StartTransaction(); err != nil {
		return fmt.Errorf("mongo: start transaction: %w", err)
	}
	tx := *a
	tx.sess = sess
	finished := false
	defer func() {
		// Runs on error and on panic, which then goes on.
		if finished {
			return
		}
		if aerr := sess.AbortTransaction(context.WithoutCancel(ctx)); aerr != nil {
			err = errors.Join(err, fmt.Errorf("mongo: abort: %w", aerr))
		}
	}()
	if err := fn(&tx); err != nil {
		return err
	}
	// A failed commit is not followed by an abort, which the driver
	// refuses after a commit; the server drops the transaction.
	finished = true
	if err := sess.CommitTransaction(ctx); err != nil {
		return wrap("commit", err)
	}
	return nil
}
