module github.com/kernia-go/kernia/parity

go 1.26.0
