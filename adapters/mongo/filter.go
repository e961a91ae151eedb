package mongo

import (
	"fmt"
	"regexp"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/kernia-go/kernia/core/storage"
)

// filter builds the query document for where, grouped as the contract
// says: every AND clause and, when there are OR clauses, one of them.
//
// Every value is placed as the operand of an explicit operator ($eq, $in,
// ...) and strings are never read as anything but strings, so a value
// that looks like a query operator ("$where", "{$ne: null}") is matched
// literally.
func (a *Adapter) filter(t *table, where []storage.Where) (bson.D, error) {
	var ands, ors bson.A
	for _, w := range where {
		c, err := a.clause(t, w)
		if err != nil {
			return nil, err
		}
		if w.Connector == storage.Or {
			ors = append(ors, c)
		} else {
			ands = append(ands, c)
		}
	}
	switch len(ors) {
	case 0:
	case 1:
		ands = append(ands, ors[0])
	default:
		ands = append(ands, bson.D{{Key: "$or", Value: ors}})
	}
	switch len(ands) {
	case 0:
		return bson.D{}, nil
	case 1:
		return ands[0].(bson.D), nil
	}
	return bson.D{{Key: "$and", Value: ands}}, nil
}

// clause builds the condition for one where clause. A missing field
// counts as NULL. NULL is different from every value, as MongoDB has it:
// ne and not_in with a value match NULL, and the ordering and pattern
// operators never do.
func (a *Adapter) clause(t *table, w storage.Where) (bson.D, error) {
	f := fieldName(w.Field)
	isID := t.isID(w.Field)
	// Ids are compared exactly, whatever the mode, as Better Auth does.
	fold := w.Mode == storage.Insensitive && !isID
	switch w.Operator {
	case storage.OpEq, storage.OpNe:
		return a.equality(t, w, f, fold)
	case storage.OpLt, storage.OpLte, storage.OpGt, storage.OpGte:
		if w.Value == nil {
			return nothing(f), nil
		}
		v, err := a.scalar(t, w.Field, w.Value)
		if err != nil {
			return nil, err
		}
		return op(f, "$"+string(w.Operator), v), nil
	case storage.OpIn, storage.OpNotIn:
		return a.list(t, w, f, fold)
	case storage.OpContains, storage.OpStartsWith, storage.OpEndsWith:
		return pattern(w, f, fold)
	}
	return nil, fmt.Errorf("mongo: %w: unknown operator %q", storage.ErrInvalidQuery, w.Operator)
}

func (a *Adapter) equality(t *table, w storage.Where, f string, fold bool) (bson.D, error) {
	eq := w.Operator == storage.OpEq
	if w.Value == nil {
		if eq {
			return op(f, "$eq", nil), nil
		}
		return op(f, "$ne", nil), nil
	}
	if s, ok := w.Value.(string); ok && fold {
		if eq {
			return op(f, "$regex", exact(s)), nil
		}
		return op(f, "$not", exact(s)), nil
	}
	forms, err := a.forms(t, w.Field, w.Value)
	if err != nil {
		return nil, err
	}
	switch {
	case eq && len(forms) == 1:
		return op(f, "$eq", forms[0]), nil
	case eq:
		return op(f, "$in", forms), nil
	case len(forms) == 1:
		return op(f, "$ne", forms[0]), nil
	}
	return op(f, "$nin", forms), nil
}

// forms returns the stored forms a value may have. An id that converts to
// an ObjectId or UUID may also have been stored as a plain string, by
// Better Auth with its own id generator for example, so both match.
func (a *Adapter) forms(t *table, col string, v any) (bson.A, error) {
	sv, err := a.scalar(t, col, v)
	if err != nil {
		return nil, err
	}
	if s, ok := v.(string); ok && t.isID(col) {
		if _, same := sv.(string); !same {
			return bson.A{sv, s}, nil
		}
	}
	return bson.A{sv}, nil
}

func (a *Adapter) list(t *table, w storage.Where, f string, fold bool) (bson.D, error) {
	vals, ok := w.Value.([]any)
	if !ok {
		return nil, fmt.Errorf("mongo: %w: %s needs a []any, got %T",
			storage.ErrInvalidQuery, w.Operator, w.Value)
	}
	items := make(bson.A, 0, len(vals))
	for _, v := range vals {
		if v == nil {
			return nil, fmt.Errorf("mongo: %w: %s list holds nil", storage.ErrInvalidQuery, w.Operator)
		}
		if s, ok := v.(string); ok && fold {
			items = append(items, exact(s))
			continue
		}
		fs, err := a.forms(t, w.Field, v)
		if err != nil {
			return nil, err
		}
		items = append(items, fs...)
	}
	if w.Operator == storage.OpIn {
		return op(f, "$in", items), nil
	}
	return op(f, "$nin", items), nil
}

func pattern(w storage.Where, f string, fold bool) (bson.D, error) {
	s, ok := w.Value.(string)
	if !ok {
		return nil, fmt.Errorf("mongo: %w: %s needs a string, got %T",
			storage.ErrInvalidQuery, w.Operator, w.Value)
	}
	p := quote(s)
	switch w.Operator {
	case storage.OpStartsWith:
		p = `\A` + p
	case storage.OpEndsWith:
		p += `\z`
	}
	return op(f, "$regex", regex(p, fold)), nil
}

// exact matches the whole of s, ignoring case.
func exact(s string) bson.Regex {
	return regex(`\A`+quote(s)+`\z`, true)
}

// quote escapes s for a regular expression that matches it literally. A
// NUL byte, which cannot appear in a BSON regular expression, is written
// as an escape.
func quote(s string) string {
	return strings.ReplaceAll(regexp.QuoteMeta(s), "\x00", `\x00`)
}

func regex(p string, fold bool) bson.Regex {
	if fold {
		return bson.Regex{Pattern: p, Options: "i"}
	}
	return bson.Regex{Pattern: p}
}

func op(field, operator string, v any) bson.D {
	return bson.D{{Key: field, Value: bson.D{{Key: operator, Value: v}}}}
}

// nothing is a condition no document meets.
func nothing(field string) bson.D { return op(field, "$in", bson.A{}) }
