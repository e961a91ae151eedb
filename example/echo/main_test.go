package main

import (
	"testing"

	"github.com/kernia-go/kernia/example/internal/greeter"
	"github.com/kernia-go/kernia/example/internal/greeter/greetertest"
)

func TestMe(t *testing.T) {
	greetertest.Check(t, greeter.Build(newRouter))
}
