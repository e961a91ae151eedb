// Package ratelimit counts requests per client and path in fixed windows,
// with the semantics of Better Auth's limiter: a request is refused when
// the client has already made Max requests and the last one came less than
// Window ago; every answered request (refusals excepted) is counted, and a
// request that comes more than Window after the previous one starts a new
// count.
//
// The HTTP side (finding the client address, the 429 response) belongs to
// the caller: [Limiter.Check] runs before the handler and [Limiter.Hit]
// after the response.
package ratelimit

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Rule is a limit of Max requests per Window.
type Rule struct {
	Window time.Duration
	Max    int
}

// Entry is the stored counter for one key.
type Entry struct {
	Key   string
	Count int64
	// LastRequest is the time of the last counted request, in Unix
	// milliseconds.
	LastRequest int64
}

// Store keeps entries. Implementations must be safe for concurrent use.
// Get returns nil and no error when the key has no entry. Set stores e
// under key: update is false when the caller saw no entry (so a create is
// expected) and true when it read one.
type Store interface {
	Get(ctx context.Context, key string) (*Entry, error)
	Set(ctx context.Context, key string, e Entry, update bool) error
}

// TTLStore is a [Store] that can forget an entry by itself once ttl has
// passed since it was written, as memory and key-value stores do. The
// [Limiter] calls SetTTL, with the rule's window, instead of Set when its
// store has it.
type TTLStore interface {
	Store
	SetTTL(ctx context.Context, key string, e Entry, update bool, ttl time.Duration) error
}

// Limiter applies rules to keys. The zero value keeps its counters in a
// [MemoryStore] (which then shares the Limiter's Now) and reads the system
// clock. A Limiter is safe for
// concurrent use and must not be copied after first use.
//
// Check and Hit are separate reads and writes, as upstream's are, so that
// concurrent requests from one client may together slightly exceed Max.
type Limiter struct {
	// Store keeps the counters; nil means a MemoryStore made on first use.
	Store Store
	// Now returns the current time; nil means time.Now.
	Now func() time.Time

	once  sync.Once
	store Store
}

func (l *Limiter) init() {
	l.once.Do(func() {
		l.store = l.Store
		if l.store == nil {
			m := NewMemoryStore()
			m.Now = l.Now
			l.store = m
		}
	})
}

func (l *Limiter) now() int64 {
	if l.Now != nil {
		return l.Now().UnixMilli()
	}
	return time.Now().UnixMilli()
}

// Check reports whether a request under key must be refused by rule. When
// it must, retryAfter is the time until the window of the last counted
// request ends, rounded up to whole seconds (the X-Retry-After header
// carries retryAfter/time.Second).
func (l *Limiter) Check(ctx context.Context, key string, rule Rule) (
	retryAfter time.Duration, limited bool, err error,
) {
	l.init()
	e, err := l.store.Get(ctx, key)
	if err != nil {
		return 0, false, fmt.Errorf("ratelimit: get %q: %w", key, err)
	}
	if e == nil {
		return 0, false, nil
	}
	now, window := l.now(), rule.Window.Milliseconds()
	if now-e.LastRequest >= window || e.Count < int64(rule.Max) {
		return 0, false, nil
	}
	// Ceiling division of the milliseconds left, as upstream rounds up.
	left := e.LastRequest + window - now
	secs := (left + 999) / 1000
	return time.Duration(secs) * time.Second, true, nil
}

// Hit counts one answered request under key.
func (l *Limiter) Hit(ctx context.Context, key string, rule Rule) error {
	l.init()
	e, err := l.store.Get(ctx, key)
	if err != nil {
		return fmt.Errorf("ratelimit: get %q: %w", key, err)
	}
	now := l.now()
	next, update := Entry{Key: key, Count: 1, LastRequest: now}, e != nil
	if e != nil && now-e.LastRequest <= rule.Window.Milliseconds() {
		next.Count = e.Count + 1
	}
	if ts, ok := l.store.(TTLStore); ok {
		err = ts.SetTTL(ctx, key, next, update, rule.Window)
	} else {
		err = l.store.Set(ctx, key, next, update)
	}
	if err != nil {
		return fmt.Errorf("ratelimit: set %q: %w", key, err)
	}
	return nil
}

// Key joins a normalised client address and a path (without the base
// path) into a counter key. The separator cannot occur in an address, so
// two different pairs never share a key.
func Key(ip, path string) string { return ip + "|" + path }
