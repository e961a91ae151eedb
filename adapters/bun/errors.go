package bun

import (
	"errors"
	"fmt"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/kernia-go/kernia/core/storage"
)

// Server error codes the adapter branches on.
const (
	pgUniqueViolation   = "23505"
	mysqlDuplicateEntry = 1062
	mysqlDeadlock       = 1213
)

// wrapErr adds the operation and, for unique violations, wraps
// [storage.ErrDuplicate] as well as the driver's error.
func wrapErr(op, table string, err error) error {
	if err == nil {
		return nil
	}
	if isDuplicate(err) {
		return fmt.Errorf("bun: %s %s: %w: %w", op, table, storage.ErrDuplicate, err)
	}
	return fmt.Errorf("bun: %s %s: %w", op, table, err)
}

// isDuplicate reports whether err is a unique or primary key violation
// from one of the three drivers.
func isDuplicate(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == pgUniqueViolation
	}
	// Other PostgreSQL drivers behind a *bun.DB: lib/pq and bun's pgdriver.
	var state interface{ SQLState() string }
	if errors.As(err, &state) {
		return state.SQLState() == pgUniqueViolation
	}
	var fields interface{ Field(byte) string }
	if errors.As(err, &fields) {
		return fields.Field('C') == pgUniqueViolation
	}
	var myErr *mysql.MySQLError
	if errors.As(err, &myErr) {
		return myErr.Number == mysqlDuplicateEntry
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		code := liteErr.Code()
		return code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// isDeadlock reports whether a MySQL transaction was chosen as a deadlock
// victim and can simply be retried.
func isDeadlock(err error) bool {
	var myErr *mysql.MySQLError
	return errors.As(err, &myErr) && myErr.Number == mysqlDeadlock
}
