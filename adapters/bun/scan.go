package bun

import (
	"database/sql"
	"slices"
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
	kinds, err := a.converters(rows, len(cols))
	if err != nil {
		return nil, err
	}
	// The destinations are made once per query; each cell normalizes the
	// driver's value as it is scanned, which also spares database/sql a
	// copy of every []byte (it copies into an *any, not into a Scanner).
	cells := make([]cell, len(cols))
	dest := make([]any, len(cols))
	for i := range cells {
		cells[i].kind = kinds[i]
		dest[i] = &cells[i]
	}
	keep := keptColumns(cols, drop)
	out := []storage.Record{}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		rec := make(storage.Record, len(keep))
		for _, i := range keep {
			rec[cols[i]] = cells[i].v
			cells[i].v = nil
		}
		out = append(out, rec)
	}
	return out, rows.Err()
}

// keptColumns returns the indexes of the columns not named in drop.
func keptColumns(cols, drop []string) []int {
	keep := make([]int, 0, len(cols))
	for i, c := range cols {
		if !slices.Contains(drop, c) {
			keep = append(keep, i)
		}
	}
	return keep
}

// cell is a scan destination that keeps the normalized value of one column.
type cell struct {
	v    any
	kind colKind
}

// Scan implements sql.Scanner. A []byte src belongs to the driver and is
// only valid until the next row, so it is converted to a string here.
func (c *cell) Scan(src any) error {
	c.v = normalize(src, c.kind)
	return nil
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

func normalize(v any, kind colKind) any {
	switch x := v.(type) {
	case []byte:
		return bytesValue(x, kind)
	case time.Time:
		// The SQLite driver parses the text of date-typed columns itself;
		// storage.DB takes a time.Time for a date field whatever the
		// capabilities say, so there is no need to format it back. A time
		// already in UTC is kept as it is, without boxing a copy.
		if x.Location() == time.UTC {
			return v
		}
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
