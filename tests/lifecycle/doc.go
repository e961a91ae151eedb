// Package lifecycle runs the account lifecycle round trips of core
// (password reset, email verification, email change, deletion) against
// every SQL backend of adapters/bun, so that the flows are proven on real
// databases and not only on the memory adapter. It holds tests only.
package lifecycle
