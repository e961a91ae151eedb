package memory

import (
	"fmt"
	"slices"
	"sort"

	"github.com/kernia-go/kernia/core/storage"
)

// store holds the tables. Its methods assume the caller holds the store
// (see Adapter.acquire).
//
// Stored rows are never modified in place: an update stores a new map.
// That lets a transaction save a table by copying its slice of rows.
type store struct {
	tables map[string]*table
	unique map[string][]string // table -> unique columns besides id
	undo   *undo               // innermost open transaction, or nil
}

type table struct {
	rows   []storage.Record // in insertion order
	serial int64            // the last serial id assigned
}

func newStore() *store {
	return &store{tables: map[string]*table{}, unique: map[string][]string{}}
}

func (st *store) migrate(s *storage.Schema) {
	for i := range s.Models {
		m := &s.Models[i]
		name := s.TableName(m)
		if st.tables[name] == nil {
			st.touch(name)
			st.tables[name] = &table{}
		}
		for _, f := range m.Fields {
			if f.Unique && !slices.Contains(st.unique[name], f.ColumnName()) {
				st.unique[name] = append(st.unique[name], f.ColumnName())
			}
		}
	}
}

// writable returns the table, created if needed, after saving it for
// rollback when a transaction is open.
func (st *store) writable(name string) *table {
	st.touch(name)
	t := st.tables[name]
	if t == nil {
		t = &table{}
		st.tables[name] = t
	}
	return t
}

func (st *store) create(name string, data storage.Record) (storage.Record, error) {
	t := st.writable(name)
	row := copyRecord(data)
	switch id := row["id"].(type) {
	case nil:
		t.serial++
		row["id"] = t.serial
	case int64:
		t.serial = max(t.serial, id)
	}
	if err := st.checkUnique(name, t, map[int]storage.Record{-1: row}); err != nil {
		return nil, err
	}
	t.rows = append(t.rows, row)
	return copyRecord(row), nil
}

// checkUnique reports ErrDuplicate when a changed row shares a unique
// value with another row as it will be after the change. changed is keyed
// by row index: either the rows an update rewrites, or -1 alone for the
// row a create adds.
func (st *store) checkUnique(name string, t *table, changed map[int]storage.Record) error {
	cols := append([]string{"id"}, st.unique[name]...)
	for i, row := range changed {
		for _, c := range cols {
			v := row[c]
			if v == nil {
				continue
			}
			for j, other := range t.rows {
				if j == i {
					continue
				}
				if len(changed) > 1 {
					if nr, ok := changed[j]; ok {
						other = nr // compare with the row as it will be
					}
				}
				if equal(other[c], v, false) {
					return fmt.Errorf("memory: %s.%s: %w", name, c, storage.ErrDuplicate)
				}
			}
		}
	}
	return nil
}

// matching returns the indexes of the rows of t that match where.
func matching(t *table, where []storage.Where) ([]int, error) {
	if t == nil {
		return nil, nil
	}
	var out []int
	for i, row := range t.rows {
		ok, err := matches(row, where)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, i)
		}
	}
	return out, nil
}

func (st *store) findMany(q storage.Query) ([]storage.Record, error) {
	t := st.tables[q.Table]
	idx, err := matching(t, q.Where)
	if err != nil {
		return nil, err
	}
	rows := make([]storage.Record, len(idx))
	for i, k := range idx {
		rows[i] = t.rows[k]
	}
	if q.SortBy != nil {
		sortRows(rows, q.SortBy)
	}
	rows = rows[min(max(q.Offset, 0), len(rows)):]
	if q.Limit > 0 && len(rows) > q.Limit {
		rows = rows[:q.Limit]
	}
	out := make([]storage.Record, len(rows))
	for i, row := range rows {
		out[i] = st.result(row, q)
	}
	return out, nil
}

func (st *store) findOne(q storage.Query) (storage.Record, error) {
	q.Offset, q.Limit = 0, 1
	rows, err := st.findMany(q)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return rows[0], nil
}

// result copies the selected columns of row and adds the joined rows.
func (st *store) result(row storage.Record, q storage.Query) storage.Record {
	var out storage.Record
	if q.Select == nil {
		out = copyRecord(row)
	} else {
		out = make(storage.Record, len(q.Select)+len(q.Joins))
		for _, c := range q.Select {
			if v, ok := row[c]; ok {
				out[c] = copyValue(v)
			}
		}
	}
	for _, j := range q.Joins {
		out[j.Key] = st.joined(row, j)
	}
	return out
}

// joined returns the rows of j.Table related to row: a Record or nil for a
// unique join, a []Record otherwise.
func (st *store) joined(row storage.Record, j storage.Join) any {
	var found []storage.Record
	key := row[j.From]
	if t := st.tables[j.Table]; t != nil && key != nil {
		for _, r := range t.rows {
			if equal(r[j.To], key, false) {
				found = append(found, copyRecord(r))
				if (j.Unique && len(found) == 1) || (j.Limit > 0 && len(found) == j.Limit) {
					break
				}
			}
		}
	}
	if j.Unique {
		if len(found) == 0 {
			return nil
		}
		return found[0]
	}
	if found == nil {
		found = []storage.Record{}
	}
	return found
}

func (st *store) count(name string, where []storage.Where) (int64, error) {
	idx, err := matching(st.tables[name], where)
	return int64(len(idx)), err
}

// update applies data to the rows matching where. It returns the first of
// them after the change and how many matched.
func (st *store) update(name string, where []storage.Where,
	data storage.Record) (storage.Record, int64, error) {
	t := st.tables[name]
	idx, err := matching(t, where)
	if err != nil || len(idx) == 0 {
		return nil, 0, err
	}
	changed := make(map[int]storage.Record, len(idx))
	for _, i := range idx {
		row := copyRecord(t.rows[i])
		for k, v := range data {
			row[k] = copyValue(v)
		}
		changed[i] = row
	}
	if err := st.checkUnique(name, t, changed); err != nil {
		return nil, 0, err
	}
	t = st.writable(name)
	for i, row := range changed {
		t.rows[i] = row
	}
	return copyRecord(changed[idx[0]]), int64(len(idx)), nil
}

// delete removes the rows matching where, at most limit of them when limit
// is not negative, and returns how many it removed.
func (st *store) delete(name string, where []storage.Where, limit int) (int64, error) {
	_, n, err := st.remove(name, where, limit)
	return n, err
}

func (st *store) consume(name string, where []storage.Where) (storage.Record, error) {
	row, _, err := st.remove(name, where, 1)
	if row == nil {
		return nil, err
	}
	return copyRecord(row), err
}

func (st *store) remove(name string, where []storage.Where,
	limit int) (storage.Record, int64, error) {
	t := st.tables[name]
	idx, err := matching(t, where)
	if err != nil || len(idx) == 0 {
		return nil, 0, err
	}
	if limit >= 0 && len(idx) > limit {
		idx = idx[:limit]
	}
	first := t.rows[idx[0]]
	t = st.writable(name)
	kept := make([]storage.Record, 0, len(t.rows)-len(idx))
	for i, row := range t.rows {
		if _, gone := slices.BinarySearch(idx, i); !gone {
			kept = append(kept, row)
		}
	}
	t.rows = kept
	return first, int64(len(idx)), nil
}

// sortRows orders rows stably by one column. NULL sorts before every value
// in ascending order and after every value in descending order, as in
// SQLite and MySQL.
func sortRows(rows []storage.Record, by *storage.SortBy) {
	sort.SliceStable(rows, func(i, j int) bool {
		c := compareNullable(rows[i][by.Field], rows[j][by.Field])
		if by.Desc {
			return c > 0
		}
		return c < 0
	})
}

func compareNullable(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	c, _ := compare(a, b, false)
	return c
}

func copyRecord(r storage.Record) storage.Record {
	out := make(storage.Record, len(r))
	for k, v := range r {
		out[k] = copyValue(v)
	}
	return out
}

// copyValue deep-copies the slices and maps a row can hold.
func copyValue(v any) any {
	switch x := v.(type) {
	case []string:
		return slices.Clone(x)
	case []int64:
		return slices.Clone(x)
	case []byte:
		return slices.Clone(x)
	case []any:
		if x == nil {
			return x
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = copyValue(e)
		}
		return out
	case map[string]any:
		if x == nil {
			return x
		}
		return map[string]any(copyRecord(x))
	case storage.Record:
		if x == nil {
			return x
		}
		return copyRecord(x)
	}
	return v
}
