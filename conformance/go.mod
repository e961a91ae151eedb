module github.com/kernia-go/kernia/conformance

go 1.26
