package storage

import "context"

// Record is one row: field names mapped to values.
//
// Records that a [DB] returns use logical field names and these Go types:
// id and references to ids as string; TypeString as string; TypeNumber as
// int64; TypeBoolean as bool; TypeDate as time.Time in UTC with millisecond
// precision; TypeJSON as the value encoding/json decodes (map[string]any,
// []any, float64, string, bool); TypeStringArray as []string;
// TypeNumberArray as []int64; NULL as nil. A field that was not selected is
// absent.
type Record map[string]any

// Capabilities tells the [DB] what an adapter's database does natively, so
// that the DB converts values for it and emulates what it lacks.
type Capabilities struct {
	// Name identifies the adapter in logs and errors, such as "bun-sqlite".
	Name string
	// JSON: the adapter stores TypeJSON values as they are. Otherwise the
	// DB hands it a string of encoded JSON.
	JSON bool
	// Arrays: the adapter stores []string and []int64 as they are.
	// Otherwise the DB hands it a string of encoded JSON.
	Arrays bool
	// Dates: the adapter stores time.Time. Otherwise the DB hands it an
	// RFC 3339 UTC string with exactly three fractional digits, which sorts
	// and compares correctly as text.
	Dates bool
	// Booleans: the adapter stores bool. Otherwise the DB hands it int64
	// 1 or 0.
	Booleans bool
	// Joins: the adapter serves [Query.Joins] itself. Otherwise the DB
	// never sends joins and runs extra queries instead.
	Joins bool
	// SerialIDs: the adapter can let the database assign integer ids
	// (IDSerial). A DB refuses a serial-id schema on an adapter without it.
	SerialIDs bool
	// Transactions: [Transactor.Transaction] gives real atomicity. When
	// false, or when the adapter does not implement Transactor, a
	// [DB.Transaction] runs its function without atomicity, as upstream
	// does, and rollback cannot be relied on.
	Transactions bool
}

// Query is a read at the adapter level. Names are physical.
type Query struct {
	Table  string
	Where  []Where
	Select []string // columns to return; nil means all
	SortBy *SortBy
	// Limit is always above zero for FindMany: the DB fills in its default.
	// FindOne ignores Limit and Offset.
	Limit  int
	Offset int
	// Joins is set only for adapters whose Capabilities.Joins is true.
	Joins []Join
}

// Join asks an adapter to fetch related rows with every base row.
//
// The joined rows are those of Table whose column To equals the base row's
// column From. The adapter puts them in the base record under Key: for
// Unique joins a Record, or nil when there is none; otherwise a []Record,
// empty when there are none, with at most Limit rows per base row. Joined
// records carry all their columns, physical names, unconverted values.
type Join struct {
	Key    string
	Table  string
	From   string
	To     string
	Unique bool
	Limit  int
}

// Adapter is the contract a storage backend implements. It works with
// physical table and column names and with values the [DB] has already
// converted (see [Capabilities] and [Where]); an adapter author writes only
// what is specific to the database. The conformance suite in
// github.com/kernia-go/kernia/conformance checks an implementation.
//
// Records an adapter returns use physical column names. Values may be of
// any type the driver yields (int32, []byte, string dates, ...): the DB
// converts them to the types documented on [Record]. A returned record
// belongs to the DB, which may hand it on to its caller as it is: an
// adapter must not keep it or return it again.
//
// Implementations must be safe for concurrent use by multiple goroutines
// and must honour the context's cancellation. A unique-constraint violation
// must be reported as an error wrapping [ErrDuplicate].
type Adapter interface {
	// Capabilities describes what the adapter does natively.
	Capabilities() Capabilities

	// Create inserts data and returns the stored row. When data has no id
	// column, the database assigns one (serial ids) and the returned row
	// carries it.
	Create(ctx context.Context, table string, data Record) (Record, error)

	// FindOne returns the first row matching q, or nil and no error when
	// none matches.
	FindOne(ctx context.Context, q Query) (Record, error)

	// FindMany returns the rows matching q, filtered, then sorted, then
	// offset, then limited. No match is an empty slice and no error.
	FindMany(ctx context.Context, q Query) ([]Record, error)

	// Count returns the number of rows matching where.
	Count(ctx context.Context, table string, where []Where) (int64, error)

	// Update applies data to the rows matching where, and returns one of
	// them as it is after the change, or nil and no error when none
	// matched. The DB never calls it with an empty where.
	Update(ctx context.Context, table string, where []Where, data Record) (Record, error)

	// UpdateMany applies data to every row matching where (all rows when
	// where is empty) and returns how many rows matched.
	UpdateMany(ctx context.Context, table string, where []Where, data Record) (int64, error)

	// Delete removes the rows matching where. No match is not an error.
	Delete(ctx context.Context, table string, where []Where) error

	// DeleteMany removes every row matching where (all rows when where is
	// empty) and returns how many it removed.
	DeleteMany(ctx context.Context, table string, where []Where) (int64, error)
}

// Transactor is implemented by adapters that can run a function inside a
// database transaction. The function gets an Adapter bound to the
// transaction; when it returns an error, every change it made is rolled
// back and Transaction returns that error. A database that cannot run
// transactions returns an error wrapping [ErrNoTransactions].
type Transactor interface {
	Transaction(ctx context.Context, fn func(tx Adapter) error) error
}

// OneConsumer is implemented by adapters that can atomically find one row
// and delete it. ConsumeOne returns the deleted row, or nil and no error
// when none matched. Under concurrent calls for the same row exactly one
// caller gets it. Adapters without it get an emulation built on
// [Transactor] and DeleteMany.
type OneConsumer interface {
	ConsumeOne(ctx context.Context, table string, where []Where) (Record, error)
}

// Migrator is implemented by adapters that can create their tables from a
// schema: tables, unique constraints, indexes and foreign keys, and missing
// columns on tables that exist. Migrate never drops a table, a column or a
// row, and is safe to run at every start.
type Migrator interface {
	Migrate(ctx context.Context, s *Schema) error
}
