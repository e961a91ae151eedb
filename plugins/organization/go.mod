module github.com/kernia-go/kernia/plugins/organization

go 1.26.0
