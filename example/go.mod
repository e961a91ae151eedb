module github.com/kernia-go/kernia/example

go 1.26.0
