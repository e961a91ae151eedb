package bun

import (
	"fmt"
	"strconv"

	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/dialect/feature"
)

// sqlDialect holds what the SQL text depends on for one database.
type sqlDialect struct {
	name  dialect.Name
	label string // "sqlite", "postgres" or "mysql", for names and errors
	quote byte   // identifier quote
	// insertReturning: INSERT … RETURNING * works (PostgreSQL, SQLite,
	// MariaDB 10.5 and later).
	insertReturning bool
	// updateReturning: UPDATE and DELETE … RETURNING * work (PostgreSQL,
	// SQLite). MySQL and MariaDB re-read rows instead.
	updateReturning bool
	// indexIfNotExists: CREATE INDEX IF NOT EXISTS works (all but MySQL;
	// MariaDB has it).
	indexIfNotExists bool
}

func newSQLDialect(name dialect.Name, features feature.Feature) (*sqlDialect, error) {
	switch name {
	case dialect.PG:
		return &sqlDialect{name: name, label: "postgres", quote: '"',
			insertReturning: true, updateReturning: true, indexIfNotExists: true}, nil
	case dialect.SQLite:
		return &sqlDialect{name: name, label: "sqlite", quote: '"',
			insertReturning: true, updateReturning: true, indexIfNotExists: true}, nil
	case dialect.MySQL:
		return &sqlDialect{name: name, label: "mysql", quote: '`',
			insertReturning:  features.Has(feature.InsertReturning),
			indexIfNotExists: features.Has(feature.CreateIndexIfNotExists)}, nil
	}
	return nil, fmt.Errorf("%w: %s", ErrDialect, name)
}

// likeEscape is the escape character of every LIKE pattern the adapter
// writes. It is not a backslash because MySQL string literals treat a
// backslash as an escape of their own, unlike PostgreSQL and SQLite.
const likeEscape = '!'

// builder accumulates one SQL statement and its arguments. Identifiers
// are quoted by the dialect; values always go to args behind the
// driver's placeholder.
type builder struct {
	d    *sqlDialect
	buf  []byte
	args []any
}

func newBuilder(d *sqlDialect) *builder {
	return &builder{d: d, buf: make([]byte, 0, 128)}
}

func (b *builder) raw(s string) *builder {
	b.buf = append(b.buf, s...)
	return b
}

// ident appends a quoted identifier; quote characters inside it are
// doubled, so any name is safe.
func (b *builder) ident(name string) *builder {
	b.buf = dialect.AppendName(b.buf, name, b.d.quote)
	return b
}

// param appends a placeholder bound to v.
func (b *builder) param(v any) *builder {
	b.args = append(b.args, v)
	if b.d.name == dialect.PG {
		b.buf = append(b.buf, '$')
		b.buf = strconv.AppendInt(b.buf, int64(len(b.args)), 10)
		return b
	}
	b.buf = append(b.buf, '?')
	return b
}

func (b *builder) identList(names []string) *builder {
	for i, n := range names {
		if i > 0 {
			b.raw(", ")
		}
		b.ident(n)
	}
	return b
}

func (b *builder) String() string { return string(b.buf) }
