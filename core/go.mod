module github.com/kernia-go/kernia/core

go 1.26
