module github.com/kernia-go/kernia/adapters/bun

go 1.26
