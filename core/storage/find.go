package storage

import (
	"context"
	"fmt"
)

// plan is a FindQuery checked and translated for the adapter.
type plan struct {
	mi    *modelInfo
	query Query
	sel   []*Field // nil means all fields
	rels  []relation
}

func (db *DB) plan(q FindQuery, one bool) (*plan, error) {
	mi, ws, err := db.prepare(q.Model, q.Where)
	if err != nil {
		return nil, err
	}
	if q.Limit < 0 || q.Offset < 0 {
		return nil, fmt.Errorf("%w: negative limit or offset", ErrInvalidQuery)
	}
	p := &plan{mi: mi, query: Query{Table: mi.table, Where: ws, Limit: q.Limit, Offset: q.Offset}}
	if !one && p.query.Limit == 0 {
		p.query.Limit = db.limit
	}
	if q.SortBy != nil {
		f, err := mi.field(q.SortBy.Field)
		if err != nil {
			return nil, err
		}
		p.query.SortBy = &SortBy{Field: f.ColumnName(), Desc: q.SortBy.Desc}
	}
	if p.rels, err = db.resolveJoins(mi, q.Join); err != nil {
		return nil, err
	}
	if err := p.selectFields(q.Select); err != nil {
		return nil, err
	}
	if db.opts.Joins && db.caps.Joins && len(p.rels) > 0 {
		p.query.Joins = nativeJoins(p.rels)
	}
	return p, nil
}

// selectFields resolves the selected fields and the columns to ask the
// adapter for: the selected ones plus those the joins start from.
func (p *plan) selectFields(names []string) error {
	if len(names) == 0 {
		return nil
	}
	cols := map[string]bool{}
	add := func(f *Field) {
		if !cols[f.ColumnName()] {
			cols[f.ColumnName()] = true
			p.query.Select = append(p.query.Select, f.ColumnName())
		}
	}
	for _, n := range names {
		f, err := p.mi.field(n)
		if err != nil {
			return err
		}
		p.sel = append(p.sel, f)
		add(f)
	}
	for _, r := range p.rels {
		add(r.from)
	}
	return nil
}

func (db *DB) find(ctx context.Context, q FindQuery, one bool) ([]Record, error) {
	p, err := db.plan(q, one)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var raws []Record
	if one {
		raw, err := db.adapter.FindOne(ctx, p.query)
		if err != nil {
			return nil, err
		}
		if raw != nil {
			raws = []Record{raw}
		}
	} else if raws, err = db.adapter.FindMany(ctx, p.query); err != nil {
		return nil, err
	}
	return db.results(ctx, p, raws)
}

// results converts the adapter's rows and adds the joined records.
func (db *DB) results(ctx context.Context, p *plan, raws []Record) ([]Record, error) {
	recs := make([]Record, len(raws))
	for i, raw := range raws {
		rec, err := db.output(p.mi, raw, p.sel)
		if err != nil {
			return nil, err
		}
		recs[i] = rec
		if p.query.Joins != nil {
			if err := db.readNativeJoins(rec, raw, p.rels); err != nil {
				return nil, err
			}
		}
	}
	if len(p.rels) == 0 || p.query.Joins != nil || len(recs) == 0 {
		return recs, nil
	}
	keys := make([][]any, len(p.rels))
	for i, r := range p.rels {
		keys[i] = make([]any, len(raws))
		for j, raw := range raws {
			v, err := db.fromAdapter(r.from, raw[r.from.ColumnName()])
			if err != nil {
				return nil, fmt.Errorf("storage: read %s.%s: %w", p.mi.Name, r.from.Name, err)
			}
			keys[i][j] = v
		}
	}
	return recs, db.emulateJoins(ctx, recs, keys, p.rels)
}
