package bun

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/kernia-go/kernia/core/storage"
)

// rowNumber is the window column that caps joined rows per parent row.
const rowNumber = "kernia_rn"

// joinSelect returns the columns to select: q.Select plus the columns the
// joins match on, and which of those were added (they are dropped from
// the results again). It returns nil, nil when q selects every column.
func joinSelect(q storage.Query) (sel, added []string) {
	if len(q.Select) == 0 {
		return nil, nil
	}
	sel = q.Select
	for _, j := range q.Joins {
		if !slices.Contains(sel, j.From) {
			sel = append(slices.Clip(sel), j.From)
			added = append(added, j.From)
		}
	}
	return sel, added
}

// join attaches the related rows of every join to recs, with one query
// per join whatever the number of base rows.
func (a *Adapter) join(ctx context.Context, recs []storage.Record, joins []storage.Join) error {
	if len(recs) == 0 {
		return nil
	}
	for _, j := range joins {
		byKey, err := a.joinRows(ctx, recs, j)
		if err != nil {
			return err
		}
		used := map[string]bool{}
		for _, rec := range recs {
			var got []storage.Record
			if v := rec[j.From]; v != nil {
				k := keyOf(v)
				got = byKey[k]
				if used[k] {
					// Two base rows share these rows: give each its own
					// copies, since callers convert records in place.
					got = cloneAll(got)
				}
				used[k] = true
			}
			switch {
			case j.Unique && len(got) > 0:
				rec[j.Key] = got[0]
			case j.Unique:
				rec[j.Key] = nil
			case got == nil:
				rec[j.Key] = []storage.Record{}
			default:
				rec[j.Key] = got
			}
		}
	}
	return nil
}

// joinRows fetches the rows of j.Table related to recs, grouped by the
// value they match on. For one-to-many joins with a limit, ROW_NUMBER()
// over each parent's rows keeps at most Limit of them.
func (a *Adapter) joinRows(ctx context.Context, recs []storage.Record,
	j storage.Join) (map[string][]storage.Record, error) {
	seen := map[string]bool{}
	var keys []any
	for _, rec := range recs {
		v := rec[j.From]
		if v == nil || seen[keyOf(v)] {
			continue
		}
		seen[keyOf(v)] = true
		keys = append(keys, v)
	}
	if len(keys) == 0 {
		return nil, nil
	}
	in := []storage.Where{{Field: j.To, Operator: storage.OpIn, Value: keys,
		Connector: storage.And, Mode: storage.Sensitive}}
	b := newBuilder(a.d)
	windowed := !j.Unique && j.Limit > 0
	if windowed {
		b.raw("SELECT * FROM (SELECT ").ident(j.Table).raw(".*, ROW_NUMBER() OVER (PARTITION BY ").
			ident(j.To).raw(" ORDER BY ").ident("id").raw(") AS ").ident(rowNumber).
			raw(" FROM ").ident(j.Table)
	} else {
		b.raw("SELECT * FROM ").ident(j.Table)
	}
	if err := b.where(in); err != nil {
		return nil, err
	}
	if windowed {
		b.raw(") AS kernia_j WHERE ").ident(rowNumber).raw(" <= ").param(j.Limit).
			raw(" ORDER BY ").ident(rowNumber)
	}
	found, err := a.records(ctx, a.ex, b, rowNumber)
	if err != nil {
		return nil, wrapErr("join", j.Table, err)
	}
	byKey := make(map[string][]storage.Record, len(keys))
	for _, r := range found {
		k := keyOf(r[j.To])
		byKey[k] = append(byKey[k], r)
	}
	return byKey, nil
}

// keyOf makes a map key of a column value, so that the same id read as
// int64 from one table and as string from another still matches.
func keyOf(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	}
	return fmt.Sprint(v)
}

func cloneAll(recs []storage.Record) []storage.Record {
	out := make([]storage.Record, len(recs))
	for i, r := range recs {
		out[i] = maps.Clone(r)
	}
	return out
}
