package storage

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"time"
)

// output converts a row an adapter returned to a record with logical names
// and the Go types documented on [Record]. With sel nil every field of the
// model is present (nil when the row lacks it); otherwise only the
// selected ones are.
func (db *DB) output(mi *modelInfo, raw Record, sel []*Field) (Record, error) {
	if sel == nil && reusable(mi, raw) {
		return raw, nil
	}
	return db.convertRow(mi, raw, sel)
}

// reusable reports whether raw can be returned as the record itself: its
// keys are exactly the model's fields under their logical names and every
// value is already of its documented type. The adapter gave the row up
// (see [Adapter]), and the check never writes to it, so a row that fails
// it is read by convertRow as it was.
func reusable(mi *modelInfo, raw Record) bool {
	if !mi.plainNames || len(raw) != len(mi.all) {
		return false
	}
	for _, f := range mi.all {
		v, ok := raw[f.Name]
		if !ok || (v != nil && !canonical(f, v)) {
			return false
		}
	}
	return true
}

// convertRow builds a new record from raw, for output. Joined rows always
// go through it: an adapter may put one row under several base rows, and
// each must get its own record, as callers may change them.
func (db *DB) convertRow(mi *modelInfo, raw Record, sel []*Field) (Record, error) {
	fields := sel
	if fields == nil {
		fields = mi.all
	}
	out := make(Record, len(fields))
	for _, f := range fields {
		v, err := db.fromAdapter(f, raw[f.ColumnName()])
		if err != nil {
			return nil, fmt.Errorf("storage: read %s.%s: %w", mi.Name, f.Name, err)
		}
		out[f.Name] = v
	}
	return out, nil
}

// fromAdapter converts one stored value of field f to its logical type.
func (db *DB) fromAdapter(f *Field, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if canonical(f, v) {
		// Handing back the adapter's own interface value spares boxing
		// a copy of it, which is most of the cost of reading a row.
		return v, nil
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil, nil
		}
		v = rv.Elem().Interface()
	}
	if isIDRef(f) {
		return idOut(v)
	}
	var (
		out any
		ok  bool
	)
	switch f.Type {
	case TypeString:
		out, ok = stringOut(v)
	case TypeNumber:
		out, ok = toInt64(v)
	case TypeBoolean:
		out, ok = boolOut(v)
	case TypeDate:
		out, ok = toTime(v)
	case TypeJSON:
		return db.jsonOut(v)
	case TypeStringArray:
		out, ok = toStrings(v)
	case TypeNumberArray:
		out, ok = toInt64s(v)
	default:
		return v, nil
	}
	if !ok {
		return nil, fmt.Errorf("cannot read %T as %s", v, f.Type)
	}
	return out, nil
}

// canonical reports whether v is already what fromAdapter would turn it
// into for f, so that it can be returned as it is. It only knows the
// common cases; false means "convert", never "invalid".
func canonical(f *Field, v any) bool {
	if isIDRef(f) {
		_, ok := v.(string)
		return ok
	}
	switch f.Type {
	case TypeString:
		_, ok := v.(string)
		return ok
	case TypeNumber:
		_, ok := v.(int64)
		return ok
	case TypeBoolean:
		_, ok := v.(bool)
		return ok
	case TypeDate:
		// Comparing the whole struct also checks the location (UTC is
		// stored as a nil one) and the absence of a monotonic reading.
		t, ok := v.(time.Time)
		return ok && t == normTime(t)
	}
	return false
}

// idOut renders an id or a reference to one as a string, whatever integer
// or string type the driver used. Ids with a Hex method, such as MongoDB
// ObjectIDs (whose String method adds a wrapper), are rendered in hex.
func idOut(v any) (any, error) {
	if h, ok := v.(interface{ Hex() string }); ok {
		return h.Hex(), nil
	}
	if s, ok := stringOut(v); ok {
		return s, nil
	}
	return nil, fmt.Errorf("cannot read %T as an id", v)
}

func stringOut(v any) (string, bool) {
	if s, ok := toString(v); ok {
		return s, true
	}
	if n, ok := toInt64(v); ok {
		return strconv.FormatInt(n, 10), true
	}
	if s, ok := v.(fmt.Stringer); ok {
		return s.String(), true
	}
	return "", false
}

// boolOut also accepts the text forms drivers return ("1", "t", "true").
func boolOut(v any) (bool, bool) {
	if b, ok := toBool(v); ok {
		return b, true
	}
	if n, ok := toInt64(v); ok {
		return n != 0, true
	}
	return false, false
}

// jsonOut decodes JSON that arrives encoded (always for bytes; for strings
// when the adapter lacks native JSON) and normalises other values to what
// encoding/json decodes. A string that is not valid JSON is returned as
// it is.
func (db *DB) jsonOut(v any) (any, error) {
	switch x := v.(type) {
	case []byte:
		return decodeJSONOr(x, string(x)), nil
	case json.RawMessage:
		return decodeJSONOr(x, string(x)), nil
	case string:
		if db.caps.JSON {
			return x, nil
		}
		return decodeJSONOr([]byte(x), x), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("cannot read %T as json: %w", v, err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("cannot read %T as json: %w", v, err)
	}
	return out, nil
}

func decodeJSONOr(b []byte, fallback any) any {
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return fallback
	}
	return out
}
