package mongo

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/kernia-go/kernia/core/storage"
)

// join fills q.Joins into recs with one query per join, whatever the
// number of records: the related documents of every record are read with
// one $in filter and shared out, at most Limit per record.
//
// TODO(adapters/mongo): on MongoDB a $lookup stage with a $limit in its
// pipeline would read only Limit documents per record in one round trip;
// it is not used because FerretDB, on which the tests run, lacks $lookup.
func (a *Adapter) join(ctx context.Context, recs []storage.Record, q storage.Query) error {
	if len(q.Joins) == 0 || len(recs) == 0 {
		return nil
	}
	for _, j := range q.Joins {
		groups, err := a.related(ctx, recs, j)
		if err != nil {
			return err
		}
		for _, rec := range recs {
			rows := groups[joinKey(rec[j.From])]
			if j.Unique {
				if len(rows) == 0 {
					rec[j.Key] = nil
				} else {
					rec[j.Key] = rows[0]
				}
				continue
			}
			if rows == nil {
				rows = []storage.Record{}
			}
			rec[j.Key] = rows
		}
	}
	// Columns read only to join on leave the result.
	if q.Select != nil {
		for _, j := range q.Joins {
			if !slices.Contains(q.Select, j.From) {
				for _, rec := range recs {
					delete(rec, j.From)
				}
			}
		}
	}
	return nil
}

// related reads the documents of j.Table whose j.To is one of the records'
// j.From values, grouped by that value.
func (a *Adapter) related(ctx context.Context, recs []storage.Record,
	j storage.Join) (map[any][]storage.Record, error) {
	limit := j.Limit
	if j.Unique {
		limit = 1
	} else if limit <= 0 {
		limit = math.MaxInt
	}
	var keys []any
	seen := map[any]bool{}
	for _, rec := range recs {
		v := rec[j.From]
		if v == nil || seen[joinKey(v)] {
			continue
		}
		seen[joinKey(v)] = true
		keys = append(keys, v)
	}
	groups := make(map[any][]storage.Record, len(keys))
	if len(keys) == 0 {
		return groups, nil
	}
	rows, err := a.FindMany(ctx, storage.Query{
		Table: j.Table,
		Where: []storage.Where{{Field: j.To, Operator: storage.OpIn, Value: keys,
			Connector: storage.And, Mode: storage.Sensitive}},
	})
	if err != nil {
		return nil, fmt.Errorf("mongo: join %s: %w", j.Key, err)
	}
	for _, row := range rows {
		k := joinKey(row[j.To])
		if len(groups[k]) < limit {
			groups[k] = append(groups[k], row)
		}
	}
	return groups, nil
}

// joinKey makes a map key of a column value; values that cannot be map
// keys are keyed by their printed form.
func joinKey(v any) any {
	switch v.(type) {
	case nil, string, int64, float64, bool:
		return v
	}
	return fmt.Sprintf("%T:%v", v, v)
}
