module github.com/kernia-go/kernia/conformance

go 1.26.0

require (
	github.com/kernia-go/kernia/adapters/memory v0.0.0
	github.com/kernia-go/kernia/core v0.0.0
)

// The workspace (go.work) resolves these to the directories beside this
// one; the replacements let go mod tidy do the same outside it.
replace (
	github.com/kernia-go/kernia/adapters/memory => ../adapters/memory
	github.com/kernia-go/kernia/core => ../core
)
