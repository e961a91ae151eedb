package storage

import "errors"

// Errors that callers can test with errors.Is. Adapters wrap the driver's
// error with %w so that its detail is kept.
var (
	// ErrDuplicate reports a unique-constraint violation: a create or an
	// update would store a value that another row already holds in a unique
	// field.
	ErrDuplicate = errors.New("storage: duplicate value for a unique field")

	// ErrInvalidQuery reports a query that names an unknown model or field,
	// gives a value of the wrong type, or breaks another rule of the
	// contract (such as a non-slice value for OpIn). Nothing was changed.
	ErrInvalidQuery = errors.New("storage: invalid query")

	// ErrRequired reports a create that leaves a required field without a
	// value. Nothing was stored.
	ErrRequired = errors.New("storage: required field missing")

	// ErrNoTransactions is returned by an adapter's Transaction when the
	// database behind it cannot run transactions (a standalone MongoDB
	// server, for example). Callers that need atomicity can test for it.
	ErrNoTransactions = errors.New("storage: transactions are not supported")
)
