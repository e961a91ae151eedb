module github.com/kernia-go/kernia/adapters/mongo

go 1.26
