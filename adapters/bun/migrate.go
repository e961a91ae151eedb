package bun

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun/dialect"

	"github.com/kernia-go/kernia/core/storage"
)

// Plan returns the statements [Adapter.Migrate] would run for s, in
// order, without running them: a CREATE TABLE (with its indexes) for each
// missing table, an ALTER TABLE … ADD COLUMN for each missing column, and
// a CREATE INDEX for each unique or indexed field whose column has no
// such index yet. Nothing is ever dropped or altered otherwise. An
// up-to-date database gives an empty plan.
//
// Columns added to an existing table are nullable even when the field is
// required, because the table's current rows have no value for them; the
// storage layer still refuses records without one.
func (a *Adapter) Plan(ctx context.Context, s *storage.Schema) ([]string, error) {
	if s == nil {
		return nil, fmt.Errorf("bun: plan: nil schema")
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("bun: plan: %w", err)
	}
	existing, err := a.columns(ctx)
	if err != nil {
		return nil, fmt.Errorf("bun: plan: %w", err)
	}
	indexed, err := a.indexes(ctx)
	if err != nil {
		return nil, fmt.Errorf("bun: plan: %w", err)
	}
	var stmts []string
	for _, m := range creationOrder(s) {
		table := s.TableName(m)
		cols, ok := existing[table]
		if !ok {
			stmts = append(stmts, a.createTable(s, m)...)
			continue
		}
		for i := range m.Fields {
			f := &m.Fields[i]
			if !cols[f.ColumnName()] {
				stmts = append(stmts, a.addColumn(s, m, f)...)
				continue
			}
			ci := indexed[table][f.ColumnName()]
			switch {
			case f.Unique && !ci.unique:
				stmts = append(stmts, a.createIndex(table, f.ColumnName(), true))
			case f.Index && !f.Unique && !ci.leading:
				stmts = append(stmts, a.createIndex(table, f.ColumnName(), false))
			}
		}
	}
	return stmts, nil
}

// Migrate runs the statements of [Adapter.Plan]. It is safe to run at
// every start: a second run finds nothing to do.
func (a *Adapter) Migrate(ctx context.Context, s *storage.Schema) error {
	stmts, err := a.Plan(ctx, s)
	if err != nil {
		return err
	}
	for _, q := range stmts {
		a.log.InfoContext(ctx, "bun: migrate", "dialect", a.d.label, "sql", q)
		if _, err := a.ex.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("bun: migrate: %s: %w", q, err)
		}
	}
	return nil
}

// DDL returns the statements that create every table of s in an empty
// database, whatever the database holds now.
func (a *Adapter) DDL(s *storage.Schema) ([]string, error) {
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("bun: ddl: %w", err)
	}
	var stmts []string
	for _, m := range creationOrder(s) {
		stmts = append(stmts, a.createTable(s, m)...)
	}
	return stmts, nil
}

// creationOrder puts referenced models before the models that reference
// them, keeping the schema's order otherwise.
func creationOrder(s *storage.Schema) []*storage.Model {
	done := map[string]bool{}
	var out []*storage.Model
	for len(out) < len(s.Models) {
		progress := false
		for i := range s.Models {
			m := &s.Models[i]
			if done[m.Name] || !refsDone(m, done) {
				continue
			}
			done[m.Name] = true
			out = append(out, m)
			progress = true
		}
		if !progress { // a cycle: the rest in schema order
			for i := range s.Models {
				if !done[s.Models[i].Name] {
					done[s.Models[i].Name] = true
					out = append(out, &s.Models[i])
				}
			}
		}
	}
	return out
}

func refsDone(m *storage.Model, done map[string]bool) bool {
	for _, f := range m.Fields {
		if r := f.References; r != nil && r.Model != m.Name && !done[r.Model] {
			return false
		}
	}
	return true
}

func (a *Adapter) createTable(s *storage.Schema, m *storage.Model) []string {
	table := s.TableName(m)
	b := newBuilder(a.d)
	// IF NOT EXISTS lets two processes that planned at the same time both
	// succeed.
	b.raw("CREATE TABLE IF NOT EXISTS ").ident(table).raw(" (")
	a.idColumn(b, s)
	for i := range m.Fields {
		f := &m.Fields[i]
		b.raw(", ")
		a.column(b, s, f, true)
		if f.Unique {
			b.raw(" UNIQUE")
		}
		if f.References != nil && a.d.name != dialect.MySQL {
			a.reference(b, s, f.References)
		}
	}
	if a.d.name == dialect.MySQL {
		// MySQL ignores REFERENCES written on a column.
		for i := range m.Fields {
			if f := &m.Fields[i]; f.References != nil {
				b.raw(", FOREIGN KEY (").ident(f.ColumnName()).raw(")")
				a.reference(b, s, f.References)
			}
		}
		b.raw(") DEFAULT CHARSET=utf8mb4")
	} else {
		b.raw(")")
	}
	stmts := []string{b.String()}
	for i := range m.Fields {
		if f := &m.Fields[i]; f.Index && !f.Unique {
			stmts = append(stmts, a.createIndex(table, f.ColumnName(), false))
		}
	}
	return stmts
}

func (a *Adapter) addColumn(s *storage.Schema, m *storage.Model, f *storage.Field) []string {
	table := s.TableName(m)
	b := newBuilder(a.d)
	b.raw("ALTER TABLE ").ident(table).raw(" ADD COLUMN ")
	a.column(b, s, f, false)
	if f.References != nil {
		if a.d.name == dialect.MySQL {
			b.raw(", ADD FOREIGN KEY (").ident(f.ColumnName()).raw(")")
		}
		a.reference(b, s, f.References)
	}
	stmts := []string{b.String()}
	if f.Unique || f.Index {
		stmts = append(stmts, a.createIndex(table, f.ColumnName(), f.Unique))
	}
	return stmts
}

func (a *Adapter) createIndex(table, column string, unique bool) string {
	b := newBuilder(a.d)
	b.raw("CREATE ")
	suffix := "_idx"
	if unique {
		b.raw("UNIQUE ")
		suffix = "_uidx"
	}
	b.raw("INDEX ")
	if a.d.indexIfNotExists {
		b.raw("IF NOT EXISTS ")
	}
	b.ident(table + "_" + column + suffix).raw(" ON ").ident(table).
		raw(" (").ident(column).raw(")")
	return b.String()
}

func (a *Adapter) idColumn(b *builder, s *storage.Schema) {
	b.ident("id")
	if s.IDType != storage.IDSerial {
		b.raw(" " + a.stringType(36) + " NOT NULL PRIMARY KEY")
		return
	}
	switch a.d.name {
	case dialect.PG:
		b.raw(" integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
	case dialect.MySQL:
		b.raw(" integer NOT NULL AUTO_INCREMENT PRIMARY KEY")
	default:
		b.raw(" integer PRIMARY KEY AUTOINCREMENT")
	}
}

// column appends a column definition. notNull is false for columns added
// to tables that already hold rows.
func (a *Adapter) column(b *builder, s *storage.Schema, f *storage.Field, notNull bool) {
	b.ident(f.ColumnName()).raw(" ").raw(a.columnType(s, f))
	if f.Type == storage.TypeDate && a.d.name != dialect.SQLite && f.Default != nil {
		if _, ok := f.Default().(time.Time); ok {
			if a.d.name == dialect.MySQL {
				b.raw(" DEFAULT CURRENT_TIMESTAMP(3)")
			} else {
				b.raw(" DEFAULT CURRENT_TIMESTAMP")
			}
		}
	}
	if notNull && f.Required {
		b.raw(" NOT NULL")
	}
}

func (a *Adapter) reference(b *builder, s *storage.Schema, r *storage.Reference) {
	target := r.Field
	if target == "" {
		target = "id"
	}
	if m := s.Model(r.Model); m != nil {
		if tf := m.Field(target); tf != nil {
			target = tf.ColumnName()
		}
		b.raw(" REFERENCES ").ident(s.TableName(m))
	}
	b.raw(" (").ident(target).raw(") ON DELETE ").raw(onDeleteSQL(r.Action()))
}

func onDeleteSQL(o storage.OnDelete) string {
	switch o {
	case storage.SetNull:
		return "SET NULL"
	case storage.Restrict:
		return "RESTRICT"
	case storage.NoAction:
		return "NO ACTION"
	case storage.SetDefault:
		return "SET DEFAULT"
	}
	return "CASCADE"
}

// columnType maps a field to the column type Better Auth's own migrator
// uses for it.
func (a *Adapter) columnType(s *storage.Schema, f *storage.Field) string {
	if r := f.References; r != nil && (r.Field == "id" || r.Field == "") {
		if s.IDType == storage.IDSerial {
			return "integer"
		}
		return a.stringType(36)
	}
	switch f.Type {
	case storage.TypeString:
		switch {
		case f.References != nil:
			return a.stringType(36)
		case f.Unique || f.Sortable || f.Index:
			return a.stringType(255)
		}
		return "text"
	case storage.TypeNumber:
		if f.BigInt {
			return "bigint"
		}
		return "integer"
	case storage.TypeBoolean:
		if a.d.name == dialect.SQLite {
			return "integer"
		}
		return "boolean"
	case storage.TypeDate:
		switch a.d.name {
		case dialect.PG:
			return "timestamptz"
		case dialect.MySQL:
			return "timestamp(3)"
		}
		return "date"
	case storage.TypeJSON, storage.TypeStringArray, storage.TypeNumberArray:
		switch a.d.name {
		case dialect.PG:
			return "jsonb"
		case dialect.MySQL:
			return "json"
		}
	}
	return "text"
}

// stringType is text except on MySQL, which cannot index or key text
// columns without a length.
func (a *Adapter) stringType(n int) string {
	if a.d.name == dialect.MySQL {
		return fmt.Sprintf("varchar(%d)", n)
	}
	return "text"
}

// columns lists the columns of every table in the current database or
// schema.
func (a *Adapter) columns(ctx context.Context) (map[string]map[string]bool, error) {
	var q string
	switch a.d.name {
	case dialect.PG:
		q = "SELECT table_name, column_name FROM information_schema.columns " +
			"WHERE table_schema = current_schema()"
	case dialect.MySQL:
		q = "SELECT table_name, column_name FROM information_schema.columns " +
			"WHERE table_schema = DATABASE()"
	default:
		q = "SELECT m.name, p.name FROM sqlite_master AS m " +
			"JOIN pragma_table_info(m.name) AS p " +
			"WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite!_%' ESCAPE '!'"
	}
	rows, err := a.ex.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[string]bool{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			return nil, err
		}
		if out[table] == nil {
			out[table] = map[string]bool{}
		}
		out[table][col] = true
	}
	return out, rows.Err()
}
