package core

import (
	"context"

	"github.com/kernia-go/kernia/core/storage"
)

// Hook runs around route handlers. It sees every route; filter on c.Path.
//
// A before hook runs after routing, body parsing and the origin check, and
// before validation, so it sees the raw body and may change c.Body and
// c.Query. A non-nil result ends the request: it is sent as the 200 JSON
// body and the route and the after hook do not run. An error is answered
// as the route's error would be.
//
// An after hook runs once the route has answered, on errors too, with
// c.Returned holding the result or the *APIError. A non-nil result
// replaces the response body; an error replaces the response with that
// error. Cookies and headers it adds to c.Header() are sent.
type Hook func(c *Context) (any, error)

// Hooks are the request hooks of an [Auth].
type Hooks struct {
	Before Hook
	After  Hook
}

// ModelHooks run around writes to one model. A Before hook may change the
// record it gets (the data of a create or an update, the stored row of a
// delete); returning false skips the write, which routes report as a
// failure (sign-up answers FAILED_TO_CREATE_USER, for example). After
// hooks run once the surrounding transaction has committed.
type ModelHooks struct {
	BeforeCreate func(ctx context.Context, data storage.Record) (bool, error)
	AfterCreate  func(ctx context.Context, rec storage.Record)
	BeforeUpdate func(ctx context.Context, data storage.Record) (bool, error)
	AfterUpdate  func(ctx context.Context, rec storage.Record)
	BeforeDelete func(ctx context.Context, rec storage.Record) (bool, error)
	AfterDelete  func(ctx context.Context, rec storage.Record)
}

// DatabaseHooks are the model hooks for the four core models.
type DatabaseHooks struct {
	User         ModelHooks
	Session      ModelHooks
	Account      ModelHooks
	Verification ModelHooks
}

func (a *Auth) modelHooks(model string) *ModelHooks {
	h := &a.opts.DatabaseHooks
	switch model {
	case "user":
		return &h.User
	case "session":
		return &h.Session
	case "account":
		return &h.Account
	case "verification":
		return &h.Verification
	}
	return &ModelHooks{}
}
