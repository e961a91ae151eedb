package storage

import (
	"context"
	"fmt"
	"math"
)

// relation is a resolved [JoinRequest]: the rows of target whose field to
// equals the base row's field from.
type relation struct {
	target *modelInfo
	from   *Field // in the base model
	to     *Field // in the target model
	unique bool
	limit  int
}

// resolveJoins finds the relation behind each request. A reference in the
// joined model to the base model wins (user -> its sessions); otherwise a
// reference in the base model to the joined model is used (session -> its
// user). Requests that match no reference, or several, are invalid.
func (db *DB) resolveJoins(base *modelInfo, reqs []JoinRequest) ([]relation, error) {
	rels := make([]relation, 0, len(reqs))
	seen := map[string]bool{}
	for _, r := range reqs {
		target, err := db.model(r.Model)
		if err != nil {
			return nil, err
		}
		if seen[r.Model] || base.byName[r.Model] != nil {
			return nil, fmt.Errorf("%w: join %q clashes with a field or another join",
				ErrInvalidQuery, r.Model)
		}
		seen[r.Model] = true
		if r.Limit < 0 {
			return nil, fmt.Errorf("%w: join %q: negative limit", ErrInvalidQuery, r.Model)
		}
		rel, err := resolveJoin(base, target)
		if err != nil {
			return nil, err
		}
		rel.limit = 1
		if !rel.unique {
			rel.limit = r.Limit
			if rel.limit == 0 {
				rel.limit = db.limit
			}
		}
		rels = append(rels, rel)
	}
	return rels, nil
}

func resolveJoin(base, target *modelInfo) (relation, error) {
	var found []relation
	for _, f := range target.all {
		if ref := f.References; ref != nil && ref.Model == base.Name {
			if from := base.byName[ref.Field]; from != nil {
				found = append(found, relation{target: target, from: from, to: f, unique: f.Unique})
			}
		}
	}
	if len(found) == 0 {
		for _, f := range base.all {
			if ref := f.References; ref != nil && ref.Model == target.Name {
				if to := target.byName[ref.Field]; to != nil {
					found = append(found, relation{target: target, from: f, to: to,
						unique: to.Unique || f.Unique})
				}
			}
		}
	}
	switch len(found) {
	case 0:
		return relation{}, fmt.Errorf("%w: no reference between %q and %q",
			ErrInvalidQuery, base.Name, target.Name)
	case 1:
		return found[0], nil
	}
	return relation{}, fmt.Errorf("%w: several references between %q and %q",
		ErrInvalidQuery, base.Name, target.Name)
}

// nativeJoins describes the relations to an adapter that serves joins.
func nativeJoins(rels []relation) []Join {
	out := make([]Join, len(rels))
	for i, r := range rels {
		out[i] = Join{Key: r.target.Name, Table: r.target.table, From: r.from.ColumnName(),
			To: r.to.ColumnName(), Unique: r.unique, Limit: r.limit}
	}
	return out
}

// readNativeJoins converts the joined rows an adapter put in raw under
// each relation's key and stores them in rec.
func (db *DB) readNativeJoins(rec, raw Record, rels []relation) error {
	for _, r := range rels {
		v := raw[r.target.Name]
		if r.unique {
			row, err := db.joinedOne(r, v)
			if err != nil {
				return err
			}
			rec[r.target.Name] = row
			continue
		}
		rows, err := db.joinedMany(r, v)
		if err != nil {
			return err
		}
		rec[r.target.Name] = rows
	}
	return nil
}

func (db *DB) joinedOne(r relation, v any) (any, error) {
	rows, err := db.joinedMany(r, v)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return rows[0], nil
}

// joinedMany accepts the shapes adapters use for joined rows: one row, a
// slice of rows, or nil.
func (db *DB) joinedMany(r relation, v any) ([]Record, error) {
	var raws []Record
	switch x := v.(type) {
	case nil:
	case Record:
		raws = []Record{x}
	case map[string]any:
		raws = []Record{x}
	case []Record:
		raws = x
	case []map[string]any:
		for _, m := range x {
			raws = append(raws, m)
		}
	case []any:
		for _, e := range x {
			switch m := e.(type) {
			case Record:
				raws = append(raws, m)
			case map[string]any:
				raws = append(raws, m)
			default:
				return nil, fmt.Errorf("storage: join %q: unexpected row %T", r.target.Name, e)
			}
		}
	default:
		return nil, fmt.Errorf("storage: join %q: unexpected rows %T", r.target.Name, v)
	}
	if len(raws) > r.limit {
		raws = raws[:r.limit]
	}
	out := make([]Record, 0, len(raws))
	for _, raw := range raws {
		rec, err := db.convertRow(r.target, raw, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}

// emulateJoins fills the relations of recs with extra queries. keys holds,
// per relation, the logical value of its from field for each record.
func (db *DB) emulateJoins(ctx context.Context, recs []Record, keys [][]any,
	rels []relation) error {
	for i, r := range rels {
		groups, err := db.fetchRelated(ctx, r, keys[i])
		if err != nil {
			return err
		}
		for j, rec := range recs {
			rows := groups[hashKey(keys[i][j])]
			if r.unique {
				var one any
				if len(rows) > 0 {
					one = rows[0]
				}
				rec[r.target.Name] = one
				continue
			}
			if rows == nil {
				rows = []Record{}
			}
			rec[r.target.Name] = rows
		}
	}
	return nil
}

// fetchRelated loads the target rows for the given key values, grouped by
// key, at most r.limit per key. It reads them all in one query when that
// cannot cut off a group, and one query per key otherwise.
func (db *DB) fetchRelated(ctx context.Context, r relation, keys []any) (map[any][]Record, error) {
	var distinct []any
	seen := map[any]bool{}
	for _, k := range keys {
		h := hashKey(k)
		if k == nil || seen[h] {
			continue
		}
		seen[h] = true
		distinct = append(distinct, k)
	}
	groups := make(map[any][]Record, len(distinct))
	if len(distinct) == 0 {
		return groups, nil
	}
	in := []Where{{Field: r.to.Name, Operator: OpIn, Value: distinct}}
	n := len(distinct)
	if !r.unique {
		c, err := db.Count(ctx, r.target.Name, in)
		if err != nil {
			return nil, err
		}
		if c > groupBudget(len(distinct), r.limit) {
			return db.fetchEach(ctx, r, distinct, groups)
		}
		n = int(c)
	}
	if n == 0 {
		return groups, nil
	}
	rows, err := db.FindMany(ctx, FindQuery{Model: r.target.Name, Where: in, Limit: n})
	if err != nil {
		return nil, err
	}
	for _, row := range rows {
		h := hashKey(row[r.to.Name])
		if len(groups[h]) < r.limit {
			groups[h] = append(groups[h], row)
		}
	}
	return groups, nil
}

func (db *DB) fetchEach(ctx context.Context, r relation, keys []any,
	groups map[any][]Record) (map[any][]Record, error) {
	for _, k := range keys {
		rows, err := db.FindMany(ctx, FindQuery{Model: r.target.Name,
			Where: []Where{Eq(r.to.Name, k)}, Limit: r.limit})
		if err != nil {
			return nil, err
		}
		groups[hashKey(k)] = rows
	}
	return groups, nil
}

// groupBudget is how many rows keys groups of at most limit rows can hold,
// saturated rather than overflowing.
func groupBudget(keys, limit int) int64 {
	b := int64(keys) * int64(limit)
	if limit != 0 && b/int64(limit) != int64(keys) {
		return math.MaxInt64
	}
	return b
}

// hashKey makes a map key of a logical value; values that cannot be map
// keys (slices, maps) are keyed by their printed form.
func hashKey(v any) any {
	switch v.(type) {
	case nil, string, int64, bool, float64:
		return v
	}
	return fmt.Sprintf("%T:%v", v, v)
}
