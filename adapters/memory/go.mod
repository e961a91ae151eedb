module github.com/kernia-go/kernia/adapters/memory

go 1.26
