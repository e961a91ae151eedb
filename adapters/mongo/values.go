package mongo

import (
	"encoding/hex"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/kernia-go/kernia/core/storage"
)

// idCodec turns id strings into the BSON values they are stored as.
type idCodec struct {
	uuid  bool // the schema uses UUIDs: store them as BSON UUIDs
	plain bool // store every id as a string
}

// store returns the stored form of an id value. Only the canonical text
// of an ObjectId (24 lower-case hex digits) or a UUID (lower-case, with
// dashes) is converted, so reading it back gives the same string; any other
// value is stored as it is.
func (c idCodec) store(v any) any {
	s, ok := v.(string)
	if !ok || c.plain {
		return v
	}
	if c.uuid {
		if b, ok := parseUUID(s); ok {
			return bson.Binary{Subtype: bson.TypeBinaryUUID, Data: b}
		}
		return s
	}
	if isObjectIDHex(s) {
		oid, err := bson.ObjectIDFromHex(s)
		if err == nil {
			return oid
		}
	}
	return s
}

func isObjectIDHex(s string) bool {
	if len(s) != 24 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isLowerHex(s[i]) {
			return false
		}
	}
	return true
}

func isLowerHex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f')
}

// parseUUID reads the canonical text form of a UUID.
func parseUUID(s string) ([]byte, bool) {
	if len(s) != 36 {
		return nil, false
	}
	var digits [32]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return nil, false
			}
			continue
		}
		if !isLowerHex(c) {
			return nil, false
		}
		digits[n] = c
		n++
	}
	b := make([]byte, 16)
	if _, err := hex.Decode(b, digits[:]); err != nil {
		return nil, false
	}
	return b, true
}

// formatUUID writes 16 bytes as the canonical text form of a UUID.
func formatUUID(b []byte) string {
	var buf [36]byte
	hex.Encode(buf[0:8], b[0:4])
	buf[8] = '-'
	hex.Encode(buf[9:13], b[4:6])
	buf[13] = '-'
	hex.Encode(buf[14:18], b[6:8])
	buf[18] = '-'
	hex.Encode(buf[19:23], b[8:10])
	buf[23] = '-'
	hex.Encode(buf[24:], b[10:])
	return string(buf[:])
}

// errValue reports a value of a type the adapter never stores. Maps and
// structs are refused rather than sent, so that a value can never become
// a query or update operator.
func errValue(col string, v any) error {
	return fmt.Errorf("mongo: %w: %s: cannot store a %T", storage.ErrInvalidQuery, col, v)
}

// value checks that v is one of the types the DB hands adapters and
// returns its stored form, converting ids.
func (a *Adapter) value(t *table, col string, v any) (any, error) {
	switch x := v.(type) {
	case nil, bool, int64, float64, time.Time, int, int32:
		return v, nil
	case string:
		if t.isID(col) {
			return a.ids.store(x), nil
		}
		return x, nil
	case []string, []int64:
		return v, nil
	case []any:
		out := make(bson.A, len(x))
		for i, e := range x {
			s, err := a.scalar(t, col, e)
			if err != nil {
				return nil, err
			}
			out[i] = s
		}
		return out, nil
	}
	return nil, errValue(col, v)
}

// scalar is value restricted to single values: list elements, where
// values.
func (a *Adapter) scalar(t *table, col string, v any) (any, error) {
	switch x := v.(type) {
	case nil, bool, int64, float64, time.Time, int, int32:
		return v, nil
	case string:
		if t.isID(col) {
			return a.ids.store(x), nil
		}
		return x, nil
	}
	return nil, errValue(col, v)
}

// document converts a record to the BSON document stored for it. A nil
// value of a unique column is left out and its column returned in unset:
// a missing field is outside the column's sparse unique index, so any
// number of documents may lack a value, as any number of SQL rows may hold
// NULL in a unique column. Queries see a missing field as NULL.
func (a *Adapter) document(t *table, rec storage.Record) (doc bson.D, unset []string, err error) {
	doc = make(bson.D, 0, len(rec))
	if id, ok := rec[idColumn]; ok {
		v, err := a.value(t, idColumn, id)
		if err != nil {
			return nil, nil, err
		}
		doc = append(doc, bson.E{Key: idField, Value: v})
	}
	for col, v := range rec {
		if col == idColumn {
			continue
		}
		if v == nil && t.isUnique(col) {
			unset = append(unset, col)
			continue
		}
		sv, err := a.value(t, col, v)
		if err != nil {
			return nil, nil, err
		}
		doc = append(doc, bson.E{Key: col, Value: sv})
	}
	return doc, unset, nil
}

// record converts a stored document to a record with physical column
// names: _id becomes id, ObjectIds and UUIDs become strings, dates
// time.Time in UTC and arrays []string or []int64 as the schema says.
func record(t *table, raw bson.Raw) (storage.Record, error) {
	elems, err := raw.Elements()
	if err != nil {
		return nil, fmt.Errorf("mongo: read document: %w", err)
	}
	rec := make(storage.Record, len(elems))
	for _, e := range elems {
		col := e.Key()
		if col == idField {
			col = idColumn
		}
		v, err := decode(e.Value(), t.arrayType(col))
		if err != nil {
			return nil, fmt.Errorf("mongo: read %s: %w", col, err)
		}
		rec[col] = v
	}
	return rec, nil
}

// decode converts one BSON value. arr is the column's array type, or "".
func decode(v bson.RawValue, arr storage.FieldType) (any, error) {
	switch v.Type {
	case bson.TypeString:
		return v.StringValue(), nil
	case bson.TypeInt32:
		return int64(v.Int32()), nil
	case bson.TypeInt64:
		return v.Int64(), nil
	case bson.TypeDouble:
		return v.Double(), nil
	case bson.TypeBoolean:
		return v.Boolean(), nil
	case bson.TypeDateTime:
		return time.UnixMilli(v.DateTime()).UTC(), nil
	case bson.TypeNull, bson.TypeUndefined:
		return nil, nil
	case bson.TypeObjectID:
		return v.ObjectID().Hex(), nil
	case bson.TypeBinary:
		sub, data := v.Binary()
		if sub == bson.TypeBinaryUUID && len(data) == 16 {
			return formatUUID(data), nil
		}
		return data, nil
	case bson.TypeArray:
		return decodeArray(v.Array(), arr)
	case bson.TypeEmbeddedDocument:
		return decodeDocument(v.Document())
	case bson.TypeDecimal128:
		return v.Decimal128().String(), nil
	}
	return nil, fmt.Errorf("unsupported BSON type %s", v.Type)
}

func decodeArray(ra bson.RawArray, arr storage.FieldType) (any, error) {
	vals, err := ra.Values()
	if err != nil {
		return nil, err
	}
	out := make([]any, len(vals))
	for i, e := range vals {
		if out[i], err = decode(e, ""); err != nil {
			return nil, err
		}
	}
	switch arr {
	case storage.TypeStringArray:
		if s, ok := allOf[string](out); ok {
			return s, nil
		}
	case storage.TypeNumberArray:
		if n, ok := allOf[int64](out); ok {
			return n, nil
		}
	}
	return out, nil
}

// allOf returns vals as a []T when every element is a T.
func allOf[T any](vals []any) ([]T, bool) {
	out := make([]T, len(vals))
	for i, v := range vals {
		t, ok := v.(T)
		if !ok {
			return nil, false
		}
		out[i] = t
	}
	return out, true
}

// decodeDocument reads an embedded document, which Kernia never writes
// but a database shared with other programs may hold.
func decodeDocument(raw bson.Raw) (map[string]any, error) {
	elems, err := raw.Elements()
	if err != nil {
		return nil, err
	}
	out := make(map[string]any, len(elems))
	for _, e := range elems {
		if out[e.Key()], err = decode(e.Value(), ""); err != nil {
			return nil, err
		}
	}
	return out, nil
}
