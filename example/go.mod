module github.com/kernia-go/kernia/example

go 1.26.0

require (
	github.com/gin-gonic/gin v1.12.0
	github.com/labstack/echo/v4 v4.16.5
)
