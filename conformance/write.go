package conformance

// writeCases returns the normal cases for update, updateMany, delete,
// deleteMany and count.
func writeCases() []Case { return nil }
