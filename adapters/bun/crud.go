package bun

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/uptrace/bun/dialect"

	"github.com/kernia-go/kernia/core/storage"
)

// Create inserts data and returns the stored row. Without an id column in
// data the database assigns one (serial ids).
func (a *Adapter) Create(ctx context.Context, table string,
	data storage.Record) (storage.Record, error) {
	cols := sortedKeys(data)
	b := newBuilder(a.d)
	b.raw("INSERT INTO ").ident(table)
	switch {
	case len(cols) > 0:
		b.raw(" (").identList(cols).raw(") VALUES (")
		for i, c := range cols {
			if i > 0 {
				b.raw(", ")
			}
			b.param(data[c])
		}
		b.raw(")")
	case a.d.name == dialect.MySQL:
		b.raw(" () VALUES ()")
	default:
		b.raw(" DEFAULT VALUES")
	}
	if a.d.insertReturning {
		b.raw(" RETURNING *")
		rec, err := a.queryOne(ctx, a.ex, b)
		return rec, wrapErr("create", table, err)
	}
	res, err := a.run(ctx, a.ex, b)
	if err != nil {
		return nil, wrapErr("create", table, err)
	}
	id := data["id"]
	if id == nil {
		if id, err = res.LastInsertId(); err != nil {
			return nil, wrapErr("create", table, err)
		}
	}
	rec, err := a.byID(ctx, a.ex, table, id)
	return rec, wrapErr("create", table, err)
}

// FindOne returns the first row matching q, or nil when none does.
func (a *Adapter) FindOne(ctx context.Context, q storage.Query) (storage.Record, error) {
	q.Limit, q.Offset = 1, 0
	recs, err := a.find(ctx, q)
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	return recs[0], nil
}

// FindMany returns the rows matching q: filtered, sorted, offset, then
// limited, each with its joined rows.
func (a *Adapter) FindMany(ctx context.Context, q storage.Query) ([]storage.Record, error) {
	return a.find(ctx, q)
}

func (a *Adapter) find(ctx context.Context, q storage.Query) ([]storage.Record, error) {
	sel, added := joinSelect(q)
	b := newBuilder(a.d)
	b.raw("SELECT ")
	if len(sel) == 0 {
		b.raw("*")
	} else {
		b.identList(sel)
	}
	b.raw(" FROM ").ident(q.Table)
	if err := b.where(q.Where); err != nil {
		return nil, err
	}
	if q.SortBy != nil {
		b.raw(" ORDER BY ").ident(q.SortBy.Field)
		if q.SortBy.Desc {
			b.raw(" DESC")
		} else {
			b.raw(" ASC")
		}
	}
	a.limit(b, q.Limit, q.Offset)
	recs, err := a.records(ctx, a.ex, b)
	if err != nil {
		return nil, wrapErr("find", q.Table, err)
	}
	if err := a.join(ctx, recs, q.Joins); err != nil {
		return nil, err
	}
	for _, rec := range recs {
		for _, c := range added {
			delete(rec, c)
		}
	}
	return recs, nil
}

// limit appends LIMIT and OFFSET. They are integers, written as literals
// except on PostgreSQL: SQLite plans a literal limit better, and pgx
// caches one prepared statement per distinct text.
func (a *Adapter) limit(b *builder, limit, offset int) {
	switch {
	case limit > 0:
		b.raw(" LIMIT ")
		a.integer(b, limit)
	case offset > 0 && a.d.name == dialect.MySQL:
		b.raw(" LIMIT 18446744073709551615")
	case offset > 0 && a.d.name == dialect.SQLite:
		b.raw(" LIMIT -1")
	}
	if offset > 0 {
		b.raw(" OFFSET ")
		a.integer(b, offset)
	}
}

func (a *Adapter) integer(b *builder, n int) {
	if a.d.name == dialect.PG && n != 1 {
		b.param(n)
		return
	}
	b.buf = strconv.AppendInt(b.buf, int64(n), 10)
}

// Count returns the number of rows matching where.
func (a *Adapter) Count(ctx context.Context, table string, where []storage.Where) (int64, error) {
	n, err := a.count(ctx, a.ex, table, where, false)
	return n, wrapErr("count", table, err)
}

func (a *Adapter) count(ctx context.Context, ex execer, table string,
	where []storage.Where, lock bool) (int64, error) {
	b := newBuilder(a.d)
	b.raw("SELECT COUNT(*) FROM ").ident(table)
	if err := b.where(where); err != nil {
		return 0, err
	}
	if lock {
		b.raw(" FOR UPDATE")
	}
	rows, err := ex.QueryContext(ctx, b.String(), b.args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var n int64
	if rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return 0, err
		}
	}
	return n, rows.Err()
}

// Update applies data to the rows matching where and returns one of them
// as it is afterwards, or nil when none matched.
func (a *Adapter) Update(ctx context.Context, table string, where []storage.Where,
	data storage.Record) (storage.Record, error) {
	if len(data) == 0 {
		return a.FindOne(ctx, storage.Query{Table: table, Where: where})
	}
	if a.d.updateReturning {
		b, err := a.updateSQL(table, where, data)
		if err != nil {
			return nil, err
		}
		b.raw(" RETURNING *")
		rec, err := a.queryOne(ctx, a.ex, b)
		return rec, wrapErr("update", table, err)
	}
	var rec storage.Record
	err := a.atomically(ctx, func(ex execer) error {
		var err error
		rec, err = a.updateByIDs(ctx, ex, table, where, data)
		return err
	})
	return rec, wrapErr("update", table, err)
}

// updateByIDs is Update for databases without UPDATE … RETURNING: it locks
// the matching rows, updates them by primary key and re-reads one.
func (a *Adapter) updateByIDs(ctx context.Context, ex execer, table string,
	where []storage.Where, data storage.Record) (storage.Record, error) {
	b := newBuilder(a.d)
	b.raw("SELECT ").ident("id").raw(" FROM ").ident(table)
	if err := b.where(where); err != nil {
		return nil, err
	}
	b.raw(" FOR UPDATE")
	found, err := a.records(ctx, ex, b)
	if err != nil || len(found) == 0 {
		return nil, err
	}
	ids := make([]any, len(found))
	for i, r := range found {
		ids[i] = r["id"]
	}
	idWhere := []storage.Where{{Field: "id", Operator: storage.OpIn, Value: ids,
		Connector: storage.And, Mode: storage.Sensitive}}
	u, err := a.updateSQL(table, idWhere, data)
	if err != nil {
		return nil, err
	}
	if _, err := a.run(ctx, ex, u); err != nil {
		return nil, err
	}
	id := ids[0]
	if v, ok := data["id"]; ok {
		id = v
	}
	return a.byID(ctx, ex, table, id)
}

func (a *Adapter) updateSQL(table string, where []storage.Where,
	data storage.Record) (*builder, error) {
	b := newBuilder(a.d)
	b.raw("UPDATE ").ident(table).raw(" SET ")
	for i, c := range sortedKeys(data) {
		if i > 0 {
			b.raw(", ")
		}
		b.ident(c).raw(" = ").param(data[c])
	}
	return b, b.where(where)
}

// UpdateMany applies data to every row matching where and returns how
// many matched.
func (a *Adapter) UpdateMany(ctx context.Context, table string, where []storage.Where,
	data storage.Record) (int64, error) {
	if len(data) == 0 {
		return a.Count(ctx, table, where)
	}
	b, err := a.updateSQL(table, where, data)
	if err != nil {
		return 0, err
	}
	if a.d.name != dialect.MySQL {
		n, err := a.exec(ctx, a.ex, b)
		return n, wrapErr("update", table, err)
	}
	// MySQL reports changed rows, not matched ones, unless the connection
	// asked otherwise; count the matches under lock instead.
	var n int64
	err = a.atomically(ctx, func(ex execer) error {
		var err error
		if n, err = a.count(ctx, ex, table, where, true); err != nil || n == 0 {
			return err
		}
		_, err = a.exec(ctx, ex, b)
		return err
	})
	return n, wrapErr("update", table, err)
}

// Delete removes the rows matching where.
func (a *Adapter) Delete(ctx context.Context, table string, where []storage.Where) error {
	_, err := a.DeleteMany(ctx, table, where)
	return err
}

// DeleteMany removes every row matching where and returns how many.
func (a *Adapter) DeleteMany(ctx context.Context, table string,
	where []storage.Where) (int64, error) {
	b := newBuilder(a.d)
	b.raw("DELETE FROM ").ident(table)
	if err := b.where(where); err != nil {
		return 0, err
	}
	n, err := a.exec(ctx, a.ex, b)
	return n, wrapErr("delete", table, err)
}

func (a *Adapter) exec(ctx context.Context, ex execer, b *builder) (int64, error) {
	res, err := a.run(ctx, ex, b)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// queryOne runs b and returns its first row, or nil.
func (a *Adapter) queryOne(ctx context.Context, ex execer, b *builder) (storage.Record, error) {
	recs, err := a.records(ctx, ex, b)
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	return recs[0], nil
}

func (a *Adapter) byID(ctx context.Context, ex execer, table string,
	id any) (storage.Record, error) {
	b := newBuilder(a.d)
	b.raw("SELECT * FROM ").ident(table).raw(" WHERE ").ident("id").raw(" = ").param(id)
	return a.queryOne(ctx, ex, b)
}

// sortedKeys gives inserts and updates a stable column order, so that the
// same statement text repeats and drivers can reuse prepared statements.
func sortedKeys(r storage.Record) []string {
	keys := make([]string, 0, len(r))
	for k := range r {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// records runs b and reads its rows, dropping the columns in drop. See
// [Adapter.retry].
func (a *Adapter) records(ctx context.Context, ex execer, b *builder,
	drop ...string) ([]storage.Record, error) {
	recs, err := a.readRows(ctx, ex, b, drop)
	if err != nil && a.retry(ex, err) {
		recs, err = a.readRows(ctx, ex, b, drop)
	}
	return recs, err
}

func (a *Adapter) readRows(ctx context.Context, ex execer, b *builder,
	drop []string) ([]storage.Record, error) {
	rows, err := ex.QueryContext(ctx, b.String(), b.args...)
	if err != nil {
		return nil, err
	}
	return a.scanRows(rows, drop...)
}

// run executes b. See [Adapter.retry].
func (a *Adapter) run(ctx context.Context, ex execer, b *builder) (sql.Result, error) {
	res, err := ex.ExecContext(ctx, b.String(), b.args...)
	if err != nil && a.retry(ex, err) {
		res, err = ex.ExecContext(ctx, b.String(), b.args...)
	}
	return res, err
}

// retry reports whether a failed statement should run once more. pgx
// keeps prepared statements per connection; after a table gains columns,
// one prepared with SELECT * or RETURNING * fails once with "cached plan
// must not change result type", and pgx then drops it. The statement was
// not executed, so running it again is safe, except inside a transaction,
// which PostgreSQL has already aborted.
func (a *Adapter) retry(ex execer, err error) bool {
	if a.d.name != dialect.PG || ex != execer(a.bun.DB) {
		return false
	}
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "0A000" &&
		strings.Contains(pgErr.Message, "cached plan")
}
