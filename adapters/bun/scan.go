package bun

import (
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun/dialect"

	"github.com/kernia-go/kernia/core/storage"
)

// isoMillis is how SQLite stores dates: the text Better Auth writes.
const isoMillis = "2006-01-02T15:04:05.000Z"

// scanRows reads every row into records keyed by column name, dropping the
// columns listed in drop. Text comes back as string rather than []byte.
func (a *Adapter) scanRows(rows *sql.Rows, drop ...string) ([]storage.Record, error) {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	conv, err := a.converters(rows, len(cols))
	if err != nil {
		return nil, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	out := []storage.Record{}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		rec := make(storage.Record, len(cols))
		for i, c := range cols {
			rec[c] = a.normalize(vals[i], conv[i])
			vals[i] = nil
		}
		for _, c := range drop {
			delete(rec, c)
		}
		out = append(out, rec)
	}
	return out, rows.Err()
}

// colKind says how to read a MySQL column that the driver hands over as
// bytes (it does for every column when a query has no arguments).
type colKind uint8

const (
	kindText colKind = iota
	kindInt
	kindUint
	kindFloat
)

// converters classifies the columns of a MySQL result; other drivers
// already return typed values.
func (a *Adapter) converters(rows *sql.Rows, n int) ([]colKind, error) {
	kinds := make([]colKind, n)
	if a.d.name != dialect.MySQL {
		return kinds, nil
	}
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	for i, t := range types {
		name := t.DatabaseTypeName()
		switch {
		case strings.HasPrefix(name, "UNSIGNED") && strings.HasSuffix(name, "INT"):
			kinds[i] = kindUint
		case strings.HasSuffix(name, "INT"):
			kinds[i] = kindInt
		case name == "FLOAT" || name == "DOUBLE" || name == "DECIMAL":
			kinds[i] = kindFloat
		}
	}
	return kinds, nil
}

func (a *Adapter) normalize(v any, kind colKind) any {
	switch x := v.(type) {
	case []byte:
		return bytesValue(x, kind)
	case time.Time:
		// The SQLite driver parses the text of date-typed columns itself;
		// storage.DB takes a time.Time for a date field whatever the
		// capabilities say, so there is no need to format it back.
		return x.UTC()
	}
	return v
}

func bytesValue(b []byte, kind colKind) any {
	s := string(b)
	switch kind {
	case kindInt:
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n
		}
	case kindUint:
		if n, err := strconv.ParseUint(s, 10, 64); err == nil {
			return n
		}
	case kindFloat:
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
	}
	return s
}
