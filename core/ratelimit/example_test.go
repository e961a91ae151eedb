package ratelimit_test

import (
	"context"
	"fmt"
	"time"

	"github.com/kernia-go/kernia/core/ratelimit"
)

func ExampleLimiter() {
	ctx := context.Background()
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	l := &ratelimit.Limiter{Now: func() time.Time { return now }}

	path := "/sign-in/email"
	rule := ratelimit.RuleFor(path, ratelimit.DefaultRules(), ratelimit.DefaultRule())
	key := ratelimit.Key("192.0.2.1", path)
	for i := 1; i <= 4; i++ {
		retry, limited, _ := l.Check(ctx, key, rule)
		if limited {
			fmt.Printf("request %d: 429, X-Retry-After: %d\n", i, retry/time.Second)
			continue
		}
		fmt.Printf("request %d: allowed\n", i)
		l.Hit(ctx, key, rule) // after the response
		now = now.Add(1500 * time.Millisecond)
	}
	// Output:
	// request 1: allowed
	// request 2: allowed
	// request 3: allowed
	// request 4: 429, X-Retry-After: 9
}
