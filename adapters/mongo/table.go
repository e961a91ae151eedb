package mongo

import "github.com/kernia-go/kernia/core/storage"

// idColumn is the physical name of every table's id column; MongoDB keeps
// it under idField.
const (
	idColumn = "id"
	idField  = "_id"
)

// table is what the adapter needs to know of one collection.
type table struct {
	// ids holds the columns that hold ids: the id itself and references
	// to another model's id.
	ids map[string]bool
	// unique holds the columns with a unique index, id included.
	unique map[string]bool
	// arrays holds the type of every array column, so that arrays come
	// back as []string or []int64 rather than []any.
	arrays map[string]storage.FieldType
}

// tablesOf describes the schema's tables by physical name.
func tablesOf(s *storage.Schema) map[string]*table {
	out := make(map[string]*table, len(s.Models))
	for i := range s.Models {
		m := &s.Models[i]
		t := &table{
			ids:    map[string]bool{idColumn: true},
			unique: map[string]bool{idColumn: true},
			arrays: map[string]storage.FieldType{},
		}
		for _, f := range m.Fields {
			col := f.ColumnName()
			if f.References != nil && f.References.Field == "id" {
				t.ids[col] = true
			}
			if f.Unique {
				t.unique[col] = true
			}
			if f.Type == storage.TypeStringArray || f.Type == storage.TypeNumberArray {
				t.arrays[col] = f.Type
			}
		}
		out[s.TableName(m)] = t
	}
	return out
}

// isID reports whether col holds ids. A nil table knows only the id.
func (t *table) isID(col string) bool {
	if t == nil {
		return col == idColumn
	}
	return t.ids[col]
}

// isUnique reports whether col has a unique index.
func (t *table) isUnique(col string) bool {
	if t == nil {
		return col == idColumn
	}
	return t.unique[col]
}

// arrayType returns the type of an array column, or "".
func (t *table) arrayType(col string) storage.FieldType {
	if t == nil {
		return ""
	}
	return t.arrays[col]
}

// fieldName maps a column to its MongoDB field name.
func fieldName(col string) string {
	if col == idColumn {
		return idField
	}
	return col
}
