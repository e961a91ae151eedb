package storage

// Operator compares a field with a value in a [Where] clause.
type Operator string

// The operators. The empty Operator means [OpEq].
const (
	OpEq         Operator = "eq"
	OpNe         Operator = "ne"
	OpLt         Operator = "lt"
	OpLte        Operator = "lte"
	OpGt         Operator = "gt"
	OpGte        Operator = "gte"
	OpIn         Operator = "in"
	OpNotIn      Operator = "not_in"
	OpContains   Operator = "contains"
	OpStartsWith Operator = "starts_with"
	OpEndsWith   Operator = "ends_with"
)

// Connector joins a clause to the others. The empty Connector means [And].
//
// A list of clauses is grouped, not folded left to right: a row matches
// when it matches every AND clause and, if there are OR clauses, at least
// one of them. So [a AND, b OR, c OR] means a AND (b OR c).
type Connector string

// The connectors.
const (
	And Connector = "AND"
	Or  Connector = "OR"
)

// Mode selects case-sensitive or case-insensitive string comparison. The
// empty Mode means [Sensitive].
type Mode string

// The comparison modes.
const (
	Sensitive   Mode = "sensitive"
	Insensitive Mode = "insensitive"
)

// Where is one condition of a query.
//
// At the [DB] level Field is a logical field name ("id" included) and Value
// is any value the field accepts; for OpIn and OpNotIn it must be a slice.
// A nil Value with OpEq or OpNe tests for NULL.
//
// NULL is a value different from every other, as in Go and MongoDB rather
// than SQL: OpNe and OpNotIn with a value match rows whose field is NULL
// (a SQL adapter writes "col <> ? OR col IS NULL"), and the ordering and
// pattern operators never match NULL. OpIn and OpNotIn lists never hold
// nil: the DB rejects that with [ErrInvalidQuery].
//
// At the [Adapter] level Field is a physical column name, Operator,
// Connector and Mode are never empty (Mode is Insensitive only for string
// fields other than ids and references to ids), and Value is already
// converted: a string, int64, float64, bool, time.Time (UTC), nil, or for
// OpIn and OpNotIn a []any of those. The pattern operators (contains,
// starts_with, ends_with) always get a string that must be matched
// literally: "%", "_", "\" and regular-expression characters have no
// special meaning.
type Where struct {
	Field     string
	Operator  Operator
	Value     any
	Connector Connector
	Mode      Mode
}

// Eq returns the clause field = value, the most common one.
func Eq(field string, value any) Where {
	return Where{Field: field, Operator: OpEq, Value: value}
}

// SortBy orders the results of a find.
type SortBy struct {
	Field string // logical at the DB level, physical at the Adapter level
	Desc  bool
}
