package bun

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/uptrace/bun/dialect"

	"github.com/kernia-go/kernia/core/storage"
)

// where appends " WHERE …" for ws, or nothing when ws is empty.
func (b *builder) where(ws []storage.Where) error {
	if len(ws) == 0 {
		return nil
	}
	b.raw(" WHERE ")
	return b.conditions(ws)
}

// conditions appends the clauses grouped as the contract says: every AND
// clause, and at least one OR clause when there are any.
func (b *builder) conditions(ws []storage.Where) error {
	n := 0
	for _, w := range ws {
		if w.Connector == storage.Or {
			continue
		}
		if n > 0 {
			b.raw(" AND ")
		}
		if err := b.condition(w); err != nil {
			return err
		}
		n++
	}
	ors := 0
	for _, w := range ws {
		if w.Connector != storage.Or {
			continue
		}
		switch {
		case ors == 0 && n > 0:
			b.raw(" AND (")
		case ors == 0:
			b.raw("(")
		default:
			b.raw(" OR ")
		}
		if err := b.condition(w); err != nil {
			return err
		}
		ors++
	}
	if ors > 0 {
		b.raw(")")
	}
	return nil
}

// condition appends one clause. Every clause it writes binds tighter than
// AND, so callers need no parentheses around it.
func (b *builder) condition(w storage.Where) error {
	switch w.Operator {
	case storage.OpEq, storage.OpNe, "":
		return b.equality(w)
	case storage.OpLt, storage.OpLte, storage.OpGt, storage.OpGte:
		if w.Value == nil {
			return fmt.Errorf("bun: %w: %s with a nil value on %q",
				storage.ErrInvalidQuery, w.Operator, w.Field)
		}
		b.ident(w.Field).raw(comparisons[w.Operator]).param(w.Value)
		return nil
	case storage.OpIn, storage.OpNotIn:
		return b.inList(w)
	case storage.OpContains, storage.OpStartsWith, storage.OpEndsWith:
		return b.pattern(w)
	}
	return fmt.Errorf("bun: %w: unknown operator %q", storage.ErrInvalidQuery, w.Operator)
}

var comparisons = map[storage.Operator]string{
	storage.OpEq: " = ", storage.OpNe: " <> ",
	storage.OpLt: " < ", storage.OpLte: " <= ", storage.OpGt: " > ", storage.OpGte: " >= ",
}

func (b *builder) equality(w storage.Where) error {
	ne := w.Operator == storage.OpNe
	if w.Value == nil {
		b.ident(w.Field)
		if ne {
			b.raw(" IS NOT NULL")
		} else {
			b.raw(" IS NULL")
		}
		return nil
	}
	op := " = "
	if ne {
		op = " <> "
	}
	_, isString := w.Value.(string)
	if ne {
		// NULL counts as different from any value, unlike in plain SQL.
		b.raw("(")
	}
	switch {
	case isString && w.Mode == storage.Insensitive:
		b.raw("LOWER(").ident(w.Field).raw(")").raw(op).raw("LOWER(").param(w.Value).raw(")")
	case isString && b.d.name == dialect.MySQL:
		// The default MySQL collations ignore case (and trailing spaces);
		// a binary operand makes the comparison exact.
		b.ident(w.Field).raw(op).raw("BINARY ").param(w.Value)
	default:
		b.ident(w.Field).raw(op).param(w.Value)
	}
	if ne {
		b.raw(" OR ").ident(w.Field).raw(" IS NULL)")
	}
	return nil
}

// inList appends IN or NOT IN. An empty IN matches nothing and an empty
// NOT IN everything. NOT IN matches NULL, as OpNe does, unless the list
// holds nil; IN matches NULL only when the list holds nil.
func (b *builder) inList(w storage.Where) error {
	vals, err := asList(w.Value)
	if err != nil {
		return fmt.Errorf("bun: %w: %s on %q: %v", storage.ErrInvalidQuery, w.Operator, w.Field, err)
	}
	not := w.Operator == storage.OpNotIn
	var nonNil []any
	hasNil := false
	allStrings := true
	for _, v := range vals {
		if v == nil {
			hasNil = true
			continue
		}
		if _, ok := v.(string); !ok {
			allStrings = false
		}
		nonNil = append(nonNil, v)
	}
	switch {
	case len(vals) == 0 && not:
		b.raw("1 = 1")
		return nil
	case len(vals) == 0:
		b.raw("1 = 0")
		return nil
	case len(nonNil) == 0:
		return b.equality(storage.Where{Field: w.Field, Operator: negate(not)})
	}
	lower := allStrings && w.Mode == storage.Insensitive
	binary := allStrings && !lower && b.d.name == dialect.MySQL
	orNull := hasNil != not
	if orNull {
		b.raw("(")
	}
	if lower {
		b.raw("LOWER(").ident(w.Field).raw(")")
	} else {
		b.ident(w.Field)
	}
	if not {
		b.raw(" NOT")
	}
	b.raw(" IN (")
	for i, v := range nonNil {
		if i > 0 {
			b.raw(", ")
		}
		switch {
		case lower:
			b.raw("LOWER(").param(v).raw(")")
		case binary:
			b.raw("BINARY ").param(v)
		default:
			b.param(v)
		}
	}
	b.raw(")")
	if orNull {
		b.raw(" OR ").ident(w.Field).raw(" IS NULL)")
	}
	return nil
}

func negate(not bool) storage.Operator {
	if not {
		return storage.OpNe
	}
	return storage.OpEq
}

// asList accepts the []any the contract promises and, to be forgiving,
// any other slice.
func asList(v any) ([]any, error) {
	switch l := v.(type) {
	case []any:
		return l, nil
	case nil:
		return nil, fmt.Errorf("value is nil, want a slice")
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, fmt.Errorf("value is %T, want a slice", v)
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out, nil
}

// pattern appends contains, starts_with or ends_with, matching the value
// literally.
func (b *builder) pattern(w storage.Where) error {
	s, ok := w.Value.(string)
	if !ok {
		return fmt.Errorf("bun: %w: %s on %q needs a string, got %T",
			storage.ErrInvalidQuery, w.Operator, w.Field, w.Value)
	}
	insensitive := w.Mode == storage.Insensitive
	if b.d.name == dialect.SQLite && !insensitive {
		// SQLite's LIKE ignores ASCII case; GLOB is its exact matcher.
		b.ident(w.Field).raw(" GLOB ").param(wrap(w.Operator, globEscape(s), "*"))
		return nil
	}
	pat := wrap(w.Operator, likeEscapeString(s), "%")
	switch {
	case insensitive && b.d.name == dialect.PG:
		b.ident(w.Field).raw(" ILIKE ").param(pat)
	case insensitive:
		b.raw("LOWER(").ident(w.Field).raw(") LIKE LOWER(").param(pat).raw(")")
	case b.d.name == dialect.MySQL:
		b.ident(w.Field).raw(" LIKE BINARY ").param(pat)
	default:
		b.ident(w.Field).raw(" LIKE ").param(pat)
	}
	b.raw(" ESCAPE '" + string(likeEscape) + "'")
	return nil
}

func wrap(op storage.Operator, s, any string) string {
	switch op {
	case storage.OpStartsWith:
		return s + any
	case storage.OpEndsWith:
		return any + s
	}
	return any + s + any
}

var likeReplacer = strings.NewReplacer(
	string(likeEscape), string(likeEscape)+string(likeEscape),
	"%", string(likeEscape)+"%",
	"_", string(likeEscape)+"_",
)

// likeEscapeString makes s match itself in a LIKE pattern.
func likeEscapeString(s string) string { return likeReplacer.Replace(s) }

var globReplacer = strings.NewReplacer("*", "[*]", "?", "[?]", "[", "[[]")

// globEscape makes s match itself in a SQLite GLOB pattern: a bracket
// expression holding one character matches that character only.
func globEscape(s string) string { return globReplacer.Replace(s) }
