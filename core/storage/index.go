package storage

import "fmt"

// modelInfo is a model with its lookups precomputed by [New].
type modelInfo struct {
	*Model
	table  string
	id     *Field            // the implicit id field
	byName map[string]*Field // logical name, "id" included
	all    []*Field          // the id, then the declared fields in order
	// plainNames: every column is named as its field, so that an
	// adapter's row can serve as the record as it is.
	plainNames bool
}

// schemaIndex maps logical model names to their modelInfo.
type schemaIndex map[string]*modelInfo

func indexSchema(s *Schema) schemaIndex {
	idx := make(schemaIndex, len(s.Models))
	for i := range s.Models {
		m := &s.Models[i]
		mi := &modelInfo{
			Model:  m,
			table:  s.TableName(m),
			id:     &Field{Name: "id", Type: TypeString, Required: true, Unique: true},
			byName: make(map[string]*Field, len(m.Fields)+1),
		}
		mi.byName["id"] = mi.id
		mi.all = append(mi.all, mi.id)
		mi.plainNames = true
		for j := range m.Fields {
			f := &m.Fields[j]
			mi.byName[f.Name] = f
			mi.all = append(mi.all, f)
			mi.plainNames = mi.plainNames && f.ColumnName() == f.Name
		}
		idx[m.Name] = mi
	}
	return idx
}

// model returns the named model or an error wrapping ErrInvalidQuery.
func (db *DB) model(name string) (*modelInfo, error) {
	mi := db.index[name]
	if mi == nil {
		return nil, fmt.Errorf("%w: unknown model %q", ErrInvalidQuery, name)
	}
	return mi, nil
}

// field returns the named field of mi or an error wrapping ErrInvalidQuery.
func (mi *modelInfo) field(name string) (*Field, error) {
	f := mi.byName[name]
	if f == nil {
		return nil, fmt.Errorf("%w: unknown field %q in model %q", ErrInvalidQuery, name, mi.Name)
	}
	return f, nil
}

// isIDRef reports whether f holds an id: the id field itself or a
// reference to another model's id. Under IDSerial those are integers in
// the database and strings in records.
func isIDRef(f *Field) bool {
	return f.Name == "id" || (f.References != nil && f.References.Field == "id")
}
