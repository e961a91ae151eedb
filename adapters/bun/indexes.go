package bun

import (
	"context"
	"slices"

	"github.com/uptrace/bun/dialect"
)

// colIndexes says how a column is indexed today.
type colIndexes struct {
	leading bool // some index starts with the column
	unique  bool // a unique index or constraint covers exactly the column
}

// indexes reads, for every table of the current database or schema, which
// columns lead an index and which carry a unique index of their own.
// Primary keys count as unique.
func (a *Adapter) indexes(ctx context.Context) (map[string]map[string]colIndexes, error) {
	var q string
	switch a.d.name {
	case dialect.PG:
		q = "SELECT t.relname, i.relname, x.indisunique, a.attname, k.n " +
			"FROM pg_index AS x JOIN pg_class AS t ON t.oid = x.indrelid " +
			"JOIN pg_class AS i ON i.oid = x.indexrelid " +
			"JOIN pg_namespace AS ns ON ns.oid = t.relnamespace " +
			"CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, n) " +
			"JOIN pg_attribute AS a ON a.attrelid = t.oid AND a.attnum = k.attnum " +
			"WHERE ns.nspname = current_schema() AND x.indpred IS NULL"
	case dialect.MySQL:
		q = "SELECT table_name, index_name, non_unique = 0, column_name, seq_in_index " +
			"FROM information_schema.statistics " +
			"WHERE table_schema = DATABASE() AND sub_part IS NULL"
	default:
		q = "SELECT m.name, l.name, l.\"unique\", i.name, i.seqno + 1 " +
			"FROM sqlite_master AS m JOIN pragma_index_list(m.name) AS l " +
			"JOIN pragma_index_info(l.name) AS i " +
			"WHERE m.type = 'table' AND l.partial = 0"
	}
	rows, err := a.ex.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type key struct{ table, index string }
	cols := map[key][]string{}
	unique := map[key]bool{}
	for rows.Next() {
		var k key
		var col string
		var uniq bool
		var pos int
		if err := rows.Scan(&k.table, &k.index, &uniq, &col, &pos); err != nil {
			return nil, err
		}
		for len(cols[k]) < pos {
			cols[k] = append(cols[k], "")
		}
		cols[k][pos-1] = col
		unique[k] = uniq
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := map[string]map[string]colIndexes{}
	for k, cs := range cols {
		if len(cs) == 0 || slices.Contains(cs, "") {
			continue // an expression index
		}
		if out[k.table] == nil {
			out[k.table] = map[string]colIndexes{}
		}
		ci := out[k.table][cs[0]]
		ci.leading = true
		ci.unique = ci.unique || (unique[k] && len(cs) == 1)
		out[k.table][cs[0]] = ci
	}
	return out, nil
}
