module github.com/kernia-go/kernia/frameworks/frameworktest

go 1.26.0
