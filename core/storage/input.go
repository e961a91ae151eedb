package storage

import (
	"context"
	"fmt"
	"log/slog"
	"reflect"
)

// createRow turns the data of a create into an adapter row: the id is
// made (or kept, or left to the database), unknown fields are dropped,
// defaults are applied, values are converted and names mapped.
func (db *DB) createRow(mi *modelInfo, data Record, keepID bool) (Record, error) {
	row := make(Record, len(mi.all))
	id, err := db.makeID(mi, data["id"], keepID)
	if err != nil {
		return nil, err
	}
	if id != nil {
		row["id"] = id
	}
	for i := range mi.Fields {
		f := &mi.Fields[i]
		v, given := data[f.Name]
		v = deref(v)
		if v == nil && (!given || f.Required) {
			v, given = createDefault(f, v, given)
		}
		if v == nil {
			if f.Required {
				return nil, fmt.Errorf("%w: %s.%s", ErrRequired, mi.Name, f.Name)
			}
			if given {
				row[f.ColumnName()] = nil
			}
			continue
		}
		cv, err := db.toAdapter(f, v, false)
		if err != nil {
			return nil, err
		}
		row[f.ColumnName()] = cv
	}
	db.logUnknown(mi, data, "create")
	return row, nil
}

// createDefault supplies a value for a field that was not given (or was
// given nil while required). A field with an OnUpdate function and no
// Default, such as session.updatedAt, gets the OnUpdate value: the row is
// last updated when it is created.
func createDefault(f *Field, v any, given bool) (any, bool) {
	switch {
	case f.Default != nil:
		return f.Default(), true
	case f.OnUpdate != nil && f.Required:
		return f.OnUpdate(), true
	}
	return v, given
}

// makeID returns the id to store, or nil when the database assigns it.
func (db *DB) makeID(mi *modelInfo, given any, keepID bool) (any, error) {
	if s, ok := given.(string); ok && s == "" {
		given = nil
	}
	if given != nil && !keepID {
		db.log.Debug("storage: ignoring id given without KeepID", "model", mi.Name)
		given = nil
	}
	if db.serial {
		if given == nil {
			return nil, nil
		}
		if n, ok := toInt64(given); ok {
			return n, nil
		}
		return nil, typeError(mi.id, given, "integer id")
	}
	if given != nil {
		s, ok := stringOut(given)
		if !ok {
			return nil, typeError(mi.id, given, "string id")
		}
		if s != "" && (db.schema.IDType != IDUUID || isUUID(s)) {
			return s, nil
		}
		db.log.Debug("storage: replacing invalid id", "model", mi.Name, "id", s)
	}
	return db.generateID(mi)
}

func (db *DB) generateID(mi *modelInfo) (any, error) {
	if db.opts.GenerateID != nil {
		id := db.opts.GenerateID(mi.Name)
		if id == "" {
			return nil, fmt.Errorf("storage: GenerateID returned an empty id for %q", mi.Name)
		}
		return id, nil
	}
	if db.schema.IDType == IDUUID {
		return newUUID(), nil
	}
	return randomID(), nil
}

// updateRow turns the data of an update into an adapter row: only known
// fields that are given, plus the fields with an OnUpdate function that
// are not given. The id cannot be changed.
func (db *DB) updateRow(mi *modelInfo, data Record) (Record, error) {
	row := make(Record, len(data)+1)
	for i := range mi.Fields {
		f := &mi.Fields[i]
		v, given := data[f.Name]
		v = deref(v)
		if !given {
			if f.OnUpdate == nil {
				continue
			}
			v = f.OnUpdate()
		}
		if v == nil {
			if f.Required {
				return nil, fmt.Errorf("%w: %s.%s cannot be set to null", ErrRequired, mi.Name, f.Name)
			}
			row[f.ColumnName()] = nil
			continue
		}
		cv, err := db.toAdapter(f, v, false)
		if err != nil {
			return nil, err
		}
		row[f.ColumnName()] = cv
	}
	if _, ok := data["id"]; ok {
		db.log.Debug("storage: ignoring id in update data", "model", mi.Name)
	}
	db.logUnknown(mi, data, "update")
	return row, nil
}

func (db *DB) logUnknown(mi *modelInfo, data Record, op string) {
	if !db.log.Enabled(context.Background(), slog.LevelDebug) {
		return
	}
	for k := range data {
		if mi.byName[k] == nil {
			db.log.Debug("storage: dropping unknown field", "op", op, "model", mi.Name, "field", k)
		}
	}
}

// where converts clauses with logical names to adapter clauses: defaults
// filled in, names mapped, values converted.
func (db *DB) where(mi *modelInfo, ws []Where) ([]Where, error) {
	if len(ws) == 0 {
		return nil, nil
	}
	out := make([]Where, len(ws))
	for i, w := range ws {
		cw, err := db.clause(mi, w)
		if err != nil {
			return nil, err
		}
		out[i] = cw
	}
	return out, nil
}

func (db *DB) clause(mi *modelInfo, w Where) (Where, error) {
	f, err := mi.field(w.Field)
	if err != nil {
		return Where{}, err
	}
	out := Where{Field: f.ColumnName(), Operator: w.Operator, Connector: w.Connector, Mode: w.Mode}
	if out.Operator == "" {
		out.Operator = OpEq
	}
	if out.Connector == "" {
		out.Connector = And
	}
	if out.Mode == "" {
		out.Mode = Sensitive
	}
	if out.Connector != And && out.Connector != Or {
		return Where{}, fmt.Errorf("%w: unknown connector %q", ErrInvalidQuery, w.Connector)
	}
	if out.Mode != Sensitive && out.Mode != Insensitive {
		return Where{}, fmt.Errorf("%w: unknown mode %q", ErrInvalidQuery, w.Mode)
	}
	if f.Type != TypeString || isIDRef(f) {
		// Case does not apply to numbers, dates or ids (which may be
		// integers or ObjectIds in the database); adapters need not handle
		// it there.
		out.Mode = Sensitive
	}
	out.Value, err = db.whereValue(f, out.Operator, w.Value)
	return out, err
}

func (db *DB) whereValue(f *Field, op Operator, v any) (any, error) {
	v = deref(v)
	switch op {
	case OpEq, OpNe:
		if v == nil {
			return nil, nil
		}
		return db.toAdapter(f, v, true)
	case OpLt, OpLte, OpGt, OpGte:
		if v == nil {
			return nil, fmt.Errorf("%w: field %q: %s needs a value", ErrInvalidQuery, f.Name, op)
		}
		return db.toAdapter(f, v, true)
	case OpIn, OpNotIn:
		return db.listValue(f, op, v)
	case OpContains, OpStartsWith, OpEndsWith:
		return db.patternValue(f, op, v)
	}
	return nil, fmt.Errorf("%w: unknown operator %q", ErrInvalidQuery, op)
}

func (db *DB) listValue(f *Field, op Operator, v any) (any, error) {
	rv := reflect.ValueOf(v)
	_, isBytes := v.([]byte)
	if v == nil || isBytes || (rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array) {
		return nil, fmt.Errorf("%w: field %q: %s needs a slice, got %T", ErrInvalidQuery, f.Name, op, v)
	}
	out := make([]any, rv.Len())
	for i := range out {
		e := deref(rv.Index(i).Interface())
		if e == nil {
			return nil, fmt.Errorf("%w: field %q: nil in a %s list", ErrInvalidQuery, f.Name, op)
		}
		cv, err := db.toAdapter(f, e, true)
		if err != nil {
			return nil, err
		}
		out[i] = cv
	}
	return out, nil
}

func (db *DB) patternValue(f *Field, op Operator, v any) (any, error) {
	s, ok := toString(v)
	if !ok {
		return nil, fmt.Errorf("%w: field %q: %s needs a string, got %T", ErrInvalidQuery, f.Name, op, v)
	}
	if f.Type != TypeString || (isIDRef(f) && db.serial) {
		return nil, fmt.Errorf("%w: field %q: %s works on string fields only",
			ErrInvalidQuery, f.Name, op)
	}
	return s, nil
}

// deref follows pointers, so that callers can pass optional values such
// as a *string; a nil pointer is nil.
func deref(v any) any {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	if !rv.IsValid() {
		return nil
	}
	return rv.Interface()
}
