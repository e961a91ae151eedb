package main

import (
	"testing"

	gingonic "github.com/gin-gonic/gin"

	"github.com/kernia-go/kernia/example/internal/greeter"
	"github.com/kernia-go/kernia/example/internal/greeter/greetertest"
)

func TestMe(t *testing.T) {
	gingonic.SetMode(gingonic.TestMode)
	greetertest.Check(t, greeter.Build(newRouter))
}
