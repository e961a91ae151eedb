package storage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// dateLayout is how dates are stored by adapters without native dates: it
// has a fixed width, so text comparison orders dates correctly.
const dateLayout = "2006-01-02T15:04:05.000Z"

// toAdapter converts a non-nil logical value of field f to what the
// adapter stores, following the adapter's capabilities. In a where clause
// (inWhere) a number field also accepts fractional numbers and a JSON
// field accepts a string as already encoded.
func (db *DB) toAdapter(f *Field, v any, inWhere bool) (any, error) {
	if isIDRef(f) && db.serial {
		n, ok := toInt64(v)
		if !ok {
			return nil, typeError(f, v, "integer id")
		}
		return n, nil
	}
	switch f.Type {
	case TypeString:
		s, ok := toString(v)
		if !ok {
			return nil, typeError(f, v, "string")
		}
		return s, nil
	case TypeNumber:
		return numberIn(f, v, inWhere)
	case TypeBoolean:
		b, ok := toBool(v)
		if !ok {
			return nil, typeError(f, v, "boolean")
		}
		if !db.caps.Booleans {
			return boolInt(b), nil
		}
		return b, nil
	case TypeDate:
		t, ok := toTime(v)
		if !ok {
			return nil, typeError(f, v, "date")
		}
		if !db.caps.Dates {
			return t.Format(dateLayout), nil
		}
		return t, nil
	case TypeJSON:
		return db.jsonIn(f, v, inWhere)
	case TypeStringArray:
		a, ok := toStrings(v)
		if !ok {
			return nil, typeError(f, v, "string array")
		}
		return db.arrayIn(f, a)
	case TypeNumberArray:
		a, ok := toInt64s(v)
		if !ok {
			return nil, typeError(f, v, "number array")
		}
		return db.arrayIn(f, a)
	}
	return v, nil
}

func typeError(f *Field, v any, want string) error {
	return fmt.Errorf("%w: field %q: cannot use %T as %s", ErrInvalidQuery, f.Name, v, want)
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func numberIn(f *Field, v any, inWhere bool) (any, error) {
	if n, ok := toInt64(v); ok {
		return n, nil
	}
	if inWhere {
		if x, ok := toFloat(v); ok {
			return x, nil
		}
	}
	return nil, typeError(f, v, "integer")
}

func (db *DB) jsonIn(f *Field, v any, inWhere bool) (any, error) {
	if s, ok := v.(string); ok && inWhere {
		return s, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("%w: field %q: %v", ErrInvalidQuery, f.Name, err)
	}
	if !db.caps.JSON {
		return string(b), nil
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("%w: field %q: %v", ErrInvalidQuery, f.Name, err)
	}
	return out, nil
}

func (db *DB) arrayIn(f *Field, a any) (any, error) {
	if db.caps.Arrays {
		return a, nil
	}
	b, err := json.Marshal(a)
	if err != nil {
		return nil, fmt.Errorf("%w: field %q: %v", ErrInvalidQuery, f.Name, err)
	}
	return string(b), nil
}

// toString accepts strings, byte slices and named string types.
func toString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case []byte:
		return string(x), true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.String {
		return rv.String(), true
	}
	return "", false
}

// toInt64 accepts every integer type, integral floats, json.Number and
// decimal strings.
func toInt64(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int:
		return int64(x), true
	case int32:
		return int64(x), true
	case float64:
		return floatInt(x)
	case json.Number:
		return parseInt(string(x))
	case string:
		return parseInt(x)
	case []byte:
		return parseInt(string(x))
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		return int64(u), u <= math.MaxInt64
	case reflect.Float32, reflect.Float64:
		return floatInt(rv.Float())
	}
	return 0, false
}

func floatInt(x float64) (int64, bool) {
	if x != math.Trunc(x) || x < math.MinInt64 || x >= math.MaxInt64 {
		return 0, false
	}
	return int64(x), true
}

func parseInt(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return floatInt(x)
}

// toFloat accepts floats, json.Number and numeric strings.
func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Float32, reflect.Float64:
		f := rv.Float()
		return f, !math.IsNaN(f) && !math.IsInf(f, 0)
	}
	return 0, false
}

// toBool accepts bool, the strings "true" and "false", and the integers
// 1 and 0.
func toBool(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		b, err := strconv.ParseBool(x)
		return b, err == nil
	case []byte:
		b, err := strconv.ParseBool(string(x))
		return b, err == nil
	}
	if n, ok := toInt64(v); ok && (n == 0 || n == 1) {
		return n == 1, true
	}
	return false, false
}

// toTime accepts time.Time, *time.Time, date strings in the layouts of
// [dateLayouts] and integers as Unix milliseconds. The result is UTC,
// truncated to the millisecond.
func toTime(v any) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return normTime(x), true
	case *time.Time:
		if x == nil {
			return time.Time{}, false
		}
		return normTime(*x), true
	case string:
		return parseTime(x)
	case []byte:
		return parseTime(string(x))
	}
	if n, ok := toInt64(v); ok {
		return normTime(time.UnixMilli(n)), true
	}
	return time.Time{}, false
}

func normTime(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

// dateLayouts are tried in order on date strings: RFC 3339 first (what
// clients and the DB itself send), then what SQL drivers return as text.
// Layouts without a zone are read as UTC.
var dateLayouts = [...]string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999 -0700 MST", // time.Time.String
	"2006-01-02 15:04:05.999999999-07",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02",
}

func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return normTime(t), true
		}
	}
	return time.Time{}, false
}

// toStrings accepts []string, a slice of strings of any type, and a JSON
// array encoded as a string or bytes.
func toStrings(v any) ([]string, bool) {
	switch x := v.(type) {
	case []string:
		return append([]string{}, x...), true
	case string:
		return decodeStrings([]byte(x))
	case []byte:
		return decodeStrings(x)
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, false
	}
	out := make([]string, rv.Len())
	for i := range out {
		s, ok := toString(rv.Index(i).Interface())
		if !ok {
			return nil, false
		}
		out[i] = s
	}
	return out, true
}

func decodeStrings(b []byte) ([]string, bool) {
	var out []string
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, false
	}
	if out == nil {
		out = []string{}
	}
	return out, true
}

// toInt64s accepts a slice of numbers of any type and a JSON array encoded
// as a string or bytes.
func toInt64s(v any) ([]int64, bool) {
	switch x := v.(type) {
	case []int64:
		return append([]int64{}, x...), true
	case string:
		return decodeInt64s([]byte(x))
	case []byte:
		return decodeInt64s(x)
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, false
	}
	out := make([]int64, rv.Len())
	for i := range out {
		e := rv.Index(i).Interface()
		if _, isStr := e.(string); isStr {
			return nil, false
		}
		n, ok := toInt64(e)
		if !ok {
			return nil, false
		}
		out[i] = n
	}
	return out, true
}

func decodeInt64s(b []byte) ([]int64, bool) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var raw []json.Number
	if err := d.Decode(&raw); err != nil {
		return nil, false
	}
	out := make([]int64, len(raw))
	for i, n := range raw {
		v, ok := toInt64(n)
		if !ok {
			return nil, false
		}
		out[i] = v
	}
	return out, true
}
