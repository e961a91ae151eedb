module github.com/kernia-go/kernia/frameworks/stdlib

go 1.26
