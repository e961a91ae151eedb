package ratelimit

import (
	"context"
	"sync"
	"time"
)

// sweepEvery is how often Set drops expired entries, so that keys from
// clients that went away do not pile up.
const sweepEvery = time.Minute

// MemoryStore keeps entries in process memory. An entry written with
// SetTTL is forgotten once its ttl has passed; one written with Set lives
// for DefaultRule().Window. It is safe for concurrent use.
type MemoryStore struct {
	// Now returns the current time; nil means time.Now. Set it before
	// first use.
	Now func() time.Time

	mu        sync.Mutex
	entries   map[string]memEntry
	lastSweep time.Time
}

type memEntry struct {
	e       Entry
	expires time.Time
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{entries: make(map[string]memEntry)}
}

func (s *MemoryStore) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Get returns the entry under key, or nil when there is none or it has
// expired.
func (s *MemoryStore) Get(_ context.Context, key string) (*Entry, error) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.entries[key]
	if !ok {
		return nil, nil
	}
	if !now.Before(m.expires) {
		delete(s.entries, key)
		return nil, nil
	}
	e := m.e
	return &e, nil
}

// Set stores e under key for DefaultRule().Window.
func (s *MemoryStore) Set(ctx context.Context, key string, e Entry, update bool) error {
	return s.SetTTL(ctx, key, e, update, DefaultRule().Window)
}

// SetTTL stores e under key until ttl has passed.
func (s *MemoryStore) SetTTL(
	_ context.Context, key string, e Entry, _ bool, ttl time.Duration,
) error {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.entries == nil {
		s.entries = make(map[string]memEntry)
	}
	s.entries[key] = memEntry{e: e, expires: now.Add(ttl)}
	if now.Sub(s.lastSweep) >= sweepEvery {
		s.sweep(now)
	}
	return nil
}

func (s *MemoryStore) sweep(now time.Time) {
	for k, m := range s.entries {
		if !now.Before(m.expires) {
			delete(s.entries, k)
		}
	}
	s.lastSweep = now
}

// Len returns the number of entries held, expired ones not yet swept
// included.
func (s *MemoryStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.entries)
}
