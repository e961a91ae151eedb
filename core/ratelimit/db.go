package ratelimit

import (
	"context"
	"errors"
	"fmt"

	"github.com/kernia-go/kernia/core/storage"
)

// model is the logical name of the model in [storage.RateLimitModel].
const model = "rateLimit"

// DBStore keeps entries in the "rateLimit" model of a [storage.DB], whose
// schema must include [storage.RateLimitModel]. Expired entries are not
// deleted: each client and path keeps one row that is reset in place.
// It is as safe for concurrent use as its DB.
type DBStore struct {
	db *storage.DB
}

// NewDBStore returns a DBStore on db.
func NewDBStore(db *storage.DB) *DBStore { return &DBStore{db: db} }

// Get returns the entry under key, or nil when there is none.
func (s *DBStore) Get(ctx context.Context, key string) (*Entry, error) {
	r, err := s.db.FindOne(ctx, storage.FindQuery{
		Model: model,
		Where: []storage.Where{{Field: "key", Value: key}},
	})
	if err != nil || r == nil {
		return nil, err
	}
	count, ok1 := number(r["count"])
	last, ok2 := number(r["lastRequest"])
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("ratelimit: row %q: count %T, lastRequest %T are not numbers",
			key, r["count"], r["lastRequest"])
	}
	return &Entry{Key: key, Count: count, LastRequest: last}, nil
}

// Set creates the row for key, or updates it when update is true. A create
// that loses a race with another request for the same key falls back to
// an update, where upstream would log the unique violation and drop the
// count.
func (s *DBStore) Set(ctx context.Context, key string, e Entry, update bool) error {
	data := storage.Record{"count": e.Count, "lastRequest": e.LastRequest}
	if !update {
		data["key"] = key
		_, err := s.db.Create(ctx, model, data)
		if !errors.Is(err, storage.ErrDuplicate) {
			return err
		}
		delete(data, "key")
	}
	_, err := s.db.UpdateMany(ctx, model, []storage.Where{{Field: "key", Value: key}}, data)
	return err
}

func number(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case int:
		return int64(n), true
	case int32:
		return int64(n), true
	case float64:
		return int64(n), true
	}
	return 0, false
}
