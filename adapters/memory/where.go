package memory

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

// matches reports whether row satisfies where: every AND clause and, when
// there are OR clauses, at least one of them.
func matches(row storage.Record, where []storage.Where) (bool, error) {
	hasOr, anyOr := false, false
	for _, w := range where {
		ok, err := matchClause(row, w)
		if err != nil {
			return false, err
		}
		if w.Connector == storage.Or {
			hasOr = true
			anyOr = anyOr || ok
		} else if !ok {
			return false, nil
		}
	}
	return !hasOr || anyOr, nil
}

// matchClause treats NULL as a value different from every other: eq and
// ne with nil test for NULL, ne and not_in with a value match NULL rows,
// and the ordering and pattern operators never match NULL, as in MongoDB
// and as the conformance suite requires of every adapter.
func matchClause(row storage.Record, w storage.Where) (bool, error) {
	v := row[w.Field]
	fold := w.Mode == storage.Insensitive
	switch w.Operator {
	case storage.OpEq:
		return equalNullable(v, w.Value, fold), nil
	case storage.OpNe:
		return !equalNullable(v, w.Value, fold), nil
	case storage.OpLt, storage.OpLte, storage.OpGt, storage.OpGte:
		return matchOrder(v, w, fold)
	case storage.OpIn, storage.OpNotIn:
		return matchList(v, w, fold)
	case storage.OpContains, storage.OpStartsWith, storage.OpEndsWith:
		return matchPattern(v, w, fold)
	}
	return false, fmt.Errorf("memory: %w: unknown operator %q", storage.ErrInvalidQuery, w.Operator)
}

func equalNullable(a, b any, fold bool) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return equal(a, b, fold)
}

func matchOrder(v any, w storage.Where, fold bool) (bool, error) {
	if v == nil || w.Value == nil {
		return false, nil
	}
	c, ok := compare(v, w.Value, fold)
	if !ok {
		return false, fmt.Errorf("memory: %w: cannot compare %s (%T) with %T",
			storage.ErrInvalidQuery, w.Field, v, w.Value)
	}
	switch w.Operator {
	case storage.OpLt:
		return c < 0, nil
	case storage.OpLte:
		return c <= 0, nil
	case storage.OpGt:
		return c > 0, nil
	}
	return c >= 0, nil
}

func matchList(v any, w storage.Where, fold bool) (bool, error) {
	list, ok := w.Value.([]any)
	if !ok {
		return false, fmt.Errorf("memory: %w: %s needs a []any, got %T",
			storage.ErrInvalidQuery, w.Operator, w.Value)
	}
	in := w.Operator == storage.OpIn
	for _, e := range list {
		if equalNullable(v, e, fold) {
			return in, nil
		}
	}
	return !in, nil
}

func matchPattern(v any, w storage.Where, fold bool) (bool, error) {
	p, ok := w.Value.(string)
	if !ok {
		return false, fmt.Errorf("memory: %w: %s needs a string, got %T",
			storage.ErrInvalidQuery, w.Operator, w.Value)
	}
	s, ok := v.(string)
	if !ok {
		return false, nil
	}
	if fold {
		s, p = strings.ToLower(s), strings.ToLower(p)
	}
	switch w.Operator {
	case storage.OpContains:
		return strings.Contains(s, p), nil
	case storage.OpStartsWith:
		return strings.HasPrefix(s, p), nil
	}
	return strings.HasSuffix(s, p), nil
}

// equal compares two non-nil values: ordered types by value (numbers
// across int64 and float64), anything else deeply.
func equal(a, b any, fold bool) bool {
	if c, ok := compare(a, b, fold); ok {
		return c == 0
	}
	return reflect.DeepEqual(a, b)
}

// compare orders two values of the same kind: strings, numbers, dates or
// booleans. ok is false for other kinds or mixed kinds.
func compare(a, b any, fold bool) (c int, ok bool) {
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		if !ok {
			return 0, false
		}
		if fold {
			x, y = strings.ToLower(x), strings.ToLower(y)
		}
		return strings.Compare(x, y), true
	case time.Time:
		y, ok := b.(time.Time)
		if !ok {
			return 0, false
		}
		return x.Compare(y), true
	case bool:
		y, ok := b.(bool)
		if !ok {
			return 0, false
		}
		return boolInt(x) - boolInt(y), true
	}
	return compareNumbers(a, b)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func compareNumbers(a, b any) (int, bool) {
	if x, ok := a.(int64); ok {
		if y, ok := b.(int64); ok {
			return cmpOrdered(x, y), true
		}
	}
	x, ok1 := toFloat(a)
	y, ok2 := toFloat(b)
	if !ok1 || !ok2 {
		return 0, false
	}
	return cmpOrdered(x, y), true
}

func cmpOrdered[T int64 | float64](x, y T) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	case int:
		return float64(x), true
	case int32:
		return float64(x), true
	}
	return 0, false
}
