// Package mongotest runs the MongoDB adapter's conformance suite and
// benchmarks against a real server or an embedded FerretDB.
package mongotest
