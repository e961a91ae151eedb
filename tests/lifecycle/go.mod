module github.com/kernia-go/kernia/tests/lifecycle

go 1.26.0
